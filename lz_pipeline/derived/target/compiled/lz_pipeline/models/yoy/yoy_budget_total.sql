-- The budget's bottom line (收入合计/收入总计) against the year before's budget.
WITH totals AS (SELECT department, year, total FROM "t1"."main"."v_budget_department_year" WHERE total IS NOT NULL)
SELECT
    cur.department,
    cur.year,
    cur.total,
    prev.total AS prev_total,
    cur.total - prev.total AS change,
    CAST((CASE WHEN (prev.total) IS NULL OR (cur.total - prev.total) IS NULL OR (prev.total) = 0 THEN NULL ELSE
    CAST(sign(cur.total - prev.total) * sign(prev.total)
         * ((2 * abs(CAST((cur.total - prev.total) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((prev.total) * 1000000 AS HUGEINT))) // (2 * abs(CAST((prev.total) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS change_pct
FROM totals AS cur
LEFT JOIN totals AS prev ON prev.department = cur.department AND prev.year = cur.year - 1
ORDER BY cur.department, cur.year