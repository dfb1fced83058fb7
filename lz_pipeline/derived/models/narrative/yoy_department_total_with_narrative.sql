{%- set prior = 'coalesce(y.prev_total, n.implied_prior)' -%}
SELECT y.department, y.year, y.total,
    {{ prior }} AS prev_total,
    y.total - {{ prior }} AS change,
    CAST({{ pct_half_up('y.total - ' ~ prior, prior) }} AS DECIMAL(9, 2)) AS change_pct,
    y.prev_total IS NULL AND n.implied_prior IS NOT NULL AS from_narrative
FROM {{ ref('yoy_department_total') }} AS y
LEFT JOIN {{ ref('narrative_implied_prior') }} AS n
    ON n.department = y.department AND n.year = y.year AND n.subject = 'total'
