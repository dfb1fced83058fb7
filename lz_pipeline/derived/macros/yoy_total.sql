{#- A total per department-year against the year before: change exact, change_pct half-up to 2 decimals.
    `totals` is a SELECT of department, year, total. -#}
{% macro yoy_total(totals) -%}
WITH totals AS ({{ totals }})
SELECT
    cur.department,
    cur.year,
    cur.total,
    prev.total AS prev_total,
    cur.total - prev.total AS change,
    CAST({{ pct_half_up('cur.total - prev.total', 'prev.total') }} AS DECIMAL(9, 2)) AS change_pct
FROM totals AS cur
LEFT JOIN totals AS prev ON prev.department = cur.department AND prev.year = cur.year - 1
ORDER BY cur.department, cur.year
{%- endmacro %}
