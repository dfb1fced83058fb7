SELECT p.department, p.year, p.table_kind, p.part, p.label, p.actual, t.actual AS base,
       CAST((CASE WHEN (t.actual) IS NULL OR (p.actual) IS NULL OR (t.actual) = 0 THEN NULL ELSE
    CAST(sign(p.actual) * sign(t.actual)
         * ((2 * abs(CAST((p.actual) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((t.actual) * 1000000 AS HUGEINT))) // (2 * abs(CAST((t.actual) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS share_pct,
       p.budget,
       CAST((CASE WHEN (p.budget) IS NULL OR (p.actual) IS NULL OR (p.budget) = 0 THEN NULL ELSE
    CAST(sign(p.actual) * sign(p.budget)
         * ((2 * abs(CAST((p.actual) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((p.budget) * 1000000 AS HUGEINT))) // (2 * abs(CAST((p.budget) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS completion_pct
FROM "t1"."main"."three_public_part" AS p
JOIN "t1"."main"."three_public_part" AS t USING (department, year, table_kind)
WHERE t.part = 'total'