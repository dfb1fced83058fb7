
  
  create view "t1"."main"."region_share_three_public__dbt_tmp" as (
    WITH parts AS (
    SELECT coalesce(r.region, '未知地区') AS region, p.year, p.part, any_value(p.label) AS label,
           sum(p.actual) AS actual, sum(p.budget) AS budget
    FROM "t1"."main"."three_public_part" AS p LEFT JOIN "t1"."main"."department_region" AS r USING (department)
    WHERE p.table_kind IN ('three_public', 'fiscal_three_public')
    GROUP BY ALL
)
SELECT p.region, p.year, p.part, p.label, CAST(p.actual AS DECIMAL(20, 6)) AS actual,
       CAST((CASE WHEN (t.actual) IS NULL OR (p.actual) IS NULL OR (t.actual) = 0 THEN NULL ELSE
    CAST(sign(p.actual) * sign(t.actual)
         * ((2 * abs(CAST((p.actual) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((t.actual) * 1000000 AS HUGEINT))) // (2 * abs(CAST((t.actual) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS share_pct,
       CAST(p.budget AS DECIMAL(20, 6)) AS budget,
       CAST((CASE WHEN (p.budget) IS NULL OR (p.actual) IS NULL OR (p.budget) = 0 THEN NULL ELSE
    CAST(sign(p.actual) * sign(p.budget)
         * ((2 * abs(CAST((p.actual) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((p.budget) * 1000000 AS HUGEINT))) // (2 * abs(CAST((p.budget) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS completion_pct
FROM parts AS p JOIN parts AS t ON t.region = p.region AND t.year = p.year AND t.part = 'total'
  );
