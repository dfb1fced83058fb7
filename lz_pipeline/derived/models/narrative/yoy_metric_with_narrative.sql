{%- set prior = 'coalesce(y.prev_amount, n.implied_prior)' -%}
SELECT y.department, y.year, y.metric, y.label, y.amount,
    {{ prior }} AS prev_amount,
    y.amount - {{ prior }} AS change,
    CAST({{ pct_half_up('y.amount - ' ~ prior, prior) }} AS DECIMAL(9, 2)) AS change_pct,
    y.prev_amount IS NULL AND n.implied_prior IS NOT NULL AS from_narrative
FROM {{ ref('yoy_metric') }} AS y
LEFT JOIN {{ ref('narrative_implied_prior') }} AS n
    ON n.department = y.department AND n.year = y.year AND n.subject = y.metric
