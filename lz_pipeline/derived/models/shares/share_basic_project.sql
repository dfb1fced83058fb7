SELECT p.department, p.year, p.metric, p.label, p.amount, t.amount AS base,
       CAST({{ pct_half_up('p.amount', 't.amount') }} AS DECIMAL(9, 2)) AS share_pct
FROM {{ ref('metric_value') }} AS p
JOIN {{ ref('metric_value') }} AS t
    ON t.department = p.department AND t.year = p.year AND t.metric = 'expenditure_total'
WHERE p.metric IN ('basic', 'project')
