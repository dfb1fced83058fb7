{#- Exact half-up rounding, as the published reports print: DuckDB divides DECIMALs in DOUBLE, so these
    compute in integer millionths (−645.06 / 4187.34 → −15.41). Arguments are SQL expressions. -#}

{% macro micro(x) -%}
CAST(({{ x }}) * 1000000 AS HUGEINT)
{%- endmacro %}

{#- 100 * num / den, rounded half-up to 2 decimals, exact; NULL when there is nothing to compare with. -#}
{% macro pct_half_up(num, den) -%}
(CASE WHEN ({{ den }}) IS NULL OR ({{ num }}) IS NULL OR ({{ den }}) = 0 THEN NULL ELSE
    CAST(sign({{ num }}) * sign({{ den }})
         * ((2 * abs({{ micro(num) }}) * 10000 + abs({{ micro(den) }})) // (2 * abs({{ micro(den) }})))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END)
{%- endmacro %}

{#- num / den rounded half-up to d decimals (0 <= d <= 6), exact: the rounding a narrative figure implies. -#}
{% macro div_half_up(num, den, d) -%}
(CASE WHEN ({{ den }}) IS NULL OR ({{ num }}) IS NULL OR ({{ den }}) = 0 THEN NULL ELSE
    CAST(sign({{ num }}) * sign({{ den }})
         * ((2 * abs({{ micro(num) }}) * CAST(10 ** ({{ d }}) AS HUGEINT) + abs({{ micro(den) }}))
            // (2 * abs({{ micro(den) }})))
         * CAST(10 ** (6 - ({{ d }})) AS HUGEINT) AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6))
END)
{%- endmacro %}

{#- The same two as DuckDB macros in the warehouse, for analysts' own queries (run before the models). -#}
{% macro create_half_up_functions() -%}
CREATE OR REPLACE MACRO pct_half_up(num, den) AS {{ pct_half_up('num', 'den') }};
CREATE OR REPLACE MACRO div_half_up(num, den, d) AS {{ div_half_up('num', 'den', 'd') }};
{%- endmacro %}
