{#- Each 三公 part of each budget's 三公 table, the first loaded of them (long: department, year, metric,
    amount), with the measure of each part in each table from the catalogue. -#}
{% macro budget_three_public() -%}
{%- set parts = catalogue('three_public_parts') -%}
{%- if catalogue('budget_three_public') -%}
SELECT department, year, metric, amount FROM (
    UNPIVOT (SELECT * FROM (
    {%- for kind in catalogue('budget_three_public') %}
        {{ "UNION ALL " if not loop.first }}SELECT department, year, {{ loop.index0 }} AS rank,
        {%- for part in parts %} {{ kind.measures[loop.index0] }} AS {{ part.metric }}{{ "," if not loop.last }}{% endfor %}
        FROM {{ source('warehouse', kind.table) }}
    {%- endfor %}
    ) QUALIFY rank = min(rank) OVER (PARTITION BY department, year))
    ON {% for part in parts %}{{ part.metric }}{{ ", " if not loop.last }}{% endfor %} INTO NAME metric VALUE amount)
{%- else -%}
SELECT NULL::VARCHAR AS department, NULL::INTEGER AS year, NULL AS metric, NULL AS amount LIMIT 0
{%- endif -%}
{%- endmacro %}
