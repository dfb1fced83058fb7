WITH pairs AS (
    SELECT department, year FROM "t1"."main"."source_document" WHERE document_kind = '预算'
    INTERSECT SELECT department, year FROM "t1"."main"."source_document" WHERE document_kind = '决算'
), metrics AS (
    SELECT * FROM (VALUES (1, 'total', '收支总计'), (2, 'fiscal_income', '财政拨款收入'), (3, 'general_budget_total', '一般公共预算财政拨款支出'), (4, 'basic', '基本支出'), (5, 'project', '项目支出'), (6, 'three_public_total', '“三公”经费'), (7, 'three_public_overseas', '因公出国（境）费'), (8, 'three_public_vehicle', '公务用车购置及运行维护费'), (9, 'three_public_vehicle_purchase', '公务用车购置费'), (10, 'three_public_vehicle_operation', '公务用车运行维护费'), (11, 'three_public_reception', '公务接待费')
    ) AS m(line_no, metric, label)
), budget AS (
    SELECT department, year, metric, amount
    FROM (UNPIVOT (SELECT department, year, total, fiscal AS fiscal_income, basic, project
                   FROM "t1"."main"."v_budget_department_year")
          ON total, fiscal_income, basic, project INTO NAME metric VALUE amount)
    UNION ALL SELECT department, year, 'general_budget_total', total
        FROM "t1"."main"."fact_budget_general_expenditure" WHERE level = 0
    UNION ALL SELECT department, year, metric, amount FROM (
    UNPIVOT (SELECT * FROM (
        SELECT department, year, 0 AS rank, three_public AS three_public_total, overseas AS three_public_overseas, vehicle AS three_public_vehicle, vehicle_purchase AS three_public_vehicle_purchase, vehicle_operation AS three_public_vehicle_operation, reception AS three_public_reception
        FROM "t1"."main"."fact_budget_three_public"
        UNION ALL SELECT department, year, 1 AS rank, budget_total AS three_public_total, budget_overseas AS three_public_overseas, budget_vehicle AS three_public_vehicle, budget_vehicle_purchase AS three_public_vehicle_purchase, budget_vehicle_operation AS three_public_vehicle_operation, budget_reception AS three_public_reception
        FROM "t1"."main"."fact_budget_general_three_public"
    ) QUALIFY rank = min(rank) OVER (PARTITION BY department, year))
    ON three_public_total, three_public_overseas, three_public_vehicle, three_public_vehicle_purchase, three_public_vehicle_operation, three_public_reception INTO NAME metric VALUE amount)
), final AS (
    SELECT department, year, metric, amount
    FROM (UNPIVOT (SELECT department, year, total, basic, project FROM "t1"."main"."v_department_year")
          ON total, basic, project INTO NAME metric VALUE amount)
    UNION ALL SELECT department, year, 'fiscal_income', arg_min(amount, line_no)
        FROM "t1"."main"."fact_fiscal_summary"
        WHERE side = '收入' AND item IN ('支出合计', '收入合计', '本年支出合计', '本年支出小计', '本年收入合计', '本年收入小计')
        GROUP BY department, year
    UNION ALL SELECT department, year, 'general_budget_total', total
        FROM "t1"."main"."fact_general_budget_expenditure" WHERE level = 0
    UNION ALL SELECT department, year, metric, amount FROM (
        UNPIVOT (SELECT department, year, actual_total AS three_public_total, actual_overseas AS three_public_overseas, actual_vehicle AS three_public_vehicle, actual_vehicle_purchase AS three_public_vehicle_purchase, actual_vehicle_operation AS three_public_vehicle_operation, actual_reception AS three_public_reception
                 FROM "t1"."main"."fact_three_public"
                 WHERE table_kind IN ('three_public', 'fiscal_three_public'))
        ON three_public_total, three_public_overseas, three_public_vehicle, three_public_vehicle_purchase, three_public_vehicle_operation, three_public_reception INTO NAME metric VALUE amount)
)
SELECT p.department, p.year, m.line_no, m.metric, m.label,
       CAST(b.amount AS DECIMAL(20, 6)) AS budget, CAST(f.amount AS DECIMAL(20, 6)) AS final,
       CAST((CASE WHEN (b.amount) IS NULL OR (f.amount) IS NULL OR (b.amount) = 0 THEN NULL ELSE
    CAST(sign(f.amount) * sign(b.amount)
         * ((2 * abs(CAST((f.amount) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((b.amount) * 1000000 AS HUGEINT))) // (2 * abs(CAST((b.amount) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS execution_pct
FROM pairs AS p
CROSS JOIN metrics AS m
LEFT JOIN budget AS b ON b.department = p.department AND b.year = p.year AND b.metric = m.metric
LEFT JOIN final AS f ON f.department = p.department AND f.year = p.year AND f.metric = m.metric
WHERE b.amount IS NOT NULL OR f.amount IS NOT NULL