SELECT p.department, p.year, p.metric, p.label, p.amount, t.amount AS base,
       CAST((CASE WHEN (t.amount) IS NULL OR (p.amount) IS NULL OR (t.amount) = 0 THEN NULL ELSE
    CAST(sign(p.amount) * sign(t.amount)
         * ((2 * abs(CAST((p.amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((t.amount) * 1000000 AS HUGEINT))) // (2 * abs(CAST((t.amount) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS share_pct
FROM "t1"."main"."metric_value" AS p
JOIN "t1"."main"."metric_value" AS t
    ON t.department = p.department AND t.year = p.year AND t.metric = 'expenditure_total'
WHERE p.metric IN ('basic', 'project')