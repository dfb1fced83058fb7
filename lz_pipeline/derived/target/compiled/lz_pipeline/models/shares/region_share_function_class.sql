WITH by_class AS (
    SELECT coalesce(r.region, '未知地区') AS region, s.year, s.function_code,
           any_value(s.function_name) AS name, sum(s.amount) AS amount
    FROM "t1"."main"."share_function_class" AS s LEFT JOIN "t1"."main"."department_region" AS r USING (department)
    GROUP BY ALL
), base AS (
    SELECT region, year, amount AS base FROM "t1"."main"."region_metric" WHERE metric = 'expenditure_total'
)
SELECT region, year, function_code, name AS function_name, CAST(amount AS DECIMAL(20, 6)) AS amount, base,
       CAST((CASE WHEN (base) IS NULL OR (amount) IS NULL OR (base) = 0 THEN NULL ELSE
    CAST(sign(amount) * sign(base)
         * ((2 * abs(CAST((amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((base) * 1000000 AS HUGEINT))) // (2 * abs(CAST((base) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS share_pct
FROM by_class JOIN base USING (region, year)