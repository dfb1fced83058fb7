SELECT cur.region, cur.year, cur.metric, cur.label, cur.amount, prev.amount AS prev_amount,
       cur.amount - prev.amount AS change,
       CAST((CASE WHEN (prev.amount) IS NULL OR (cur.amount - prev.amount) IS NULL OR (prev.amount) = 0 THEN NULL ELSE
    CAST(sign(cur.amount - prev.amount) * sign(prev.amount)
         * ((2 * abs(CAST((cur.amount - prev.amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((prev.amount) * 1000000 AS HUGEINT))) // (2 * abs(CAST((prev.amount) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS change_pct,
       cur.departments, prev.departments AS prev_departments
FROM "t1"."main"."region_metric" AS cur
LEFT JOIN "t1"."main"."region_metric" AS prev
    ON prev.region = cur.region AND prev.metric = cur.metric AND prev.year = cur.year - 1