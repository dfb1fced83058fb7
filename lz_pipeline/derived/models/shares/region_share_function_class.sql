WITH by_class AS (
    SELECT coalesce(r.region, '{{ var("unknown_region") }}') AS region, s.year, s.function_code,
           any_value(s.function_name) AS name, sum(s.amount) AS amount
    FROM {{ ref('share_function_class') }} AS s LEFT JOIN {{ ref('department_region') }} AS r USING (department)
    GROUP BY ALL
), base AS (
    SELECT region, year, amount AS base FROM {{ ref('region_metric') }} WHERE metric = 'expenditure_total'
)
SELECT region, year, function_code, name AS function_name, CAST(amount AS DECIMAL(20, 6)) AS amount, base,
       CAST({{ pct_half_up('amount', 'base') }} AS DECIMAL(9, 2)) AS share_pct
FROM by_class JOIN base USING (region, year)
