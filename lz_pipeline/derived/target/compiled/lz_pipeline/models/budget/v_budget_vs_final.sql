WITH budget AS (
    SELECT department, year, function_code, any_value(function_name) AS function_name, any_value(level) AS level,
           CAST(sum(total) AS DECIMAL(20, 6)) AS total
    FROM "t1"."main"."fact_budget_general_expenditure" WHERE level > 0 GROUP BY department, year, function_code
), final AS (
    SELECT department, year, function_code, any_value(function_name) AS function_name, any_value(level) AS level,
           CAST(sum(total) AS DECIMAL(20, 6)) AS total
    FROM "t1"."main"."fact_general_budget_expenditure" WHERE level > 0 GROUP BY department, year, function_code
), both_loaded AS (
    SELECT department, year FROM budget INTERSECT SELECT department, year FROM final
), joined AS (
    SELECT coalesce(b.department, f.department) AS department, coalesce(b.year, f.year) AS year,
           coalesce(b.function_code, f.function_code) AS function_code,
           coalesce(f.function_name, b.function_name) AS function_name, coalesce(f.level, b.level) AS level,
           b.total AS budget, f.total AS final
    FROM budget AS b
    FULL JOIN final AS f ON f.department = b.department AND f.year = b.year AND f.function_code = b.function_code
)
SELECT j.department, j.year, j.function_code, j.function_name, j.level, j.budget, j.final,
       CAST((CASE WHEN (j.budget) IS NULL OR (j.final) IS NULL OR (j.budget) = 0 THEN NULL ELSE
    CAST(sign(j.final) * sign(j.budget)
         * ((2 * abs(CAST((j.final) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((j.budget) * 1000000 AS HUGEINT))) // (2 * abs(CAST((j.budget) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS execution_pct
FROM joined AS j
JOIN both_loaded AS l ON l.department = j.department AND l.year = j.year