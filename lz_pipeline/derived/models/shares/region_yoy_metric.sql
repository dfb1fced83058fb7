SELECT cur.region, cur.year, cur.metric, cur.label, cur.amount, prev.amount AS prev_amount,
       cur.amount - prev.amount AS change,
       CAST({{ pct_half_up('cur.amount - prev.amount', 'prev.amount') }} AS DECIMAL(9, 2)) AS change_pct,
       cur.departments, prev.departments AS prev_departments
FROM {{ ref('region_metric') }} AS cur
LEFT JOIN {{ ref('region_metric') }} AS prev
    ON prev.region = cur.region AND prev.metric = cur.metric AND prev.year = cur.year - 1
