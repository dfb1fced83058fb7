
  
  create view "t1"."main"."share_function_class__dbt_tmp" as (
    -- Each 类 of 本年支出合计 (支出决算表's 合计 row).
SELECT c.department, c.year, c.function_code, c.function_name, c.total AS amount, t.total AS base,
       CAST((CASE WHEN (t.total) IS NULL OR (c.total) IS NULL OR (t.total) = 0 THEN NULL ELSE
    CAST(sign(c.total) * sign(t.total)
         * ((2 * abs(CAST((c.total) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((t.total) * 1000000 AS HUGEINT))) // (2 * abs(CAST((t.total) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS share_pct
FROM "t1"."main"."fact_expenditure" AS c
JOIN "t1"."main"."fact_expenditure" AS t ON t.department = c.department AND t.year = c.year AND t.level = 0
WHERE c.level = 1
  );
