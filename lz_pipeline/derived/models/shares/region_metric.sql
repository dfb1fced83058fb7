SELECT coalesce(r.region, '{{ var("unknown_region") }}') AS region, m.year, m.metric, any_value(m.label) AS label,
       CAST(sum(m.amount) AS DECIMAL(20, 6)) AS amount, count(DISTINCT m.department) AS departments
FROM {{ ref('metric_value') }} AS m LEFT JOIN {{ ref('department_region') }} AS r USING (department)
GROUP BY ALL
