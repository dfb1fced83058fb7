
  
  create view "t1"."main"."v_expenditure_by_class__dbt_tmp" as (
    SELECT e.department, e.year, e.function_code,
       coalesce(d.name, e.function_name) AS class_name,
       e.function_name AS printed_name,
       e.total, e.basic, e.project,
       t.total AS expenditure_total,
       CAST((CASE WHEN (t.total) IS NULL OR (e.total) IS NULL OR (t.total) = 0 THEN NULL ELSE
    CAST(sign(e.total) * sign(t.total)
         * ((2 * abs(CAST((e.total) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((t.total) * 1000000 AS HUGEINT))) // (2 * abs(CAST((t.total) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS share_pct
FROM "t1"."main"."fact_expenditure" AS e
LEFT JOIN "t1"."main"."fact_expenditure" AS t
    ON t.department = e.department AND t.year = e.year AND t.level = 0
LEFT JOIN "t1"."main"."dim_function_code" AS d ON d.code = e.function_code AND e.year BETWEEN d.valid_from AND coalesce(d.valid_to, 9999)
WHERE e.level = 1
  );
