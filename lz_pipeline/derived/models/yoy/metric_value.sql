{{ config(materialized='view') }}
-- One row per department, year and headline figure. 机关运行经费 is the 日常公用经费 of the 基本支出 table
-- (as the Sichuan reports define it); the 三公 figures are the 一般公共预算 (or national 财政拨款) table's 决算数.
SELECT department, year, 'total' AS metric, '收、支总计' AS label, amount
    FROM {{ source('warehouse', 'fact_summary') }} WHERE side = '收入' AND item = '总计'
UNION ALL SELECT department, year, 'income_total', '本年收入合计', amount
    FROM {{ source('warehouse', 'fact_summary') }} WHERE side = '收入' AND item = '本年收入合计'
UNION ALL SELECT department, year, 'expenditure_total', '本年支出合计', amount
    FROM {{ source('warehouse', 'fact_summary') }} WHERE side = '支出' AND item = '本年支出合计'
UNION ALL SELECT department, year, 'fiscal_total', '财政拨款收、支总计', amount
    FROM {{ source('warehouse', 'fact_fiscal_summary') }} WHERE side = '收入' AND item = '总计'
UNION ALL SELECT department, year, 'general_budget_income', '一般公共预算财政拨款收入', amount
    FROM {{ source('warehouse', 'fact_summary') }} WHERE side = '收入' AND item LIKE '%一般公共预算财政拨款%'
UNION ALL SELECT department, year, 'other_income', '其他收入', amount
    FROM {{ source('warehouse', 'fact_summary') }} WHERE side = '收入' AND item LIKE '%其他收入'
UNION ALL SELECT department, year, 'basic', '基本支出', basic
    FROM {{ source('warehouse', 'fact_expenditure') }} WHERE level = 0
UNION ALL SELECT department, year, 'project', '项目支出', project
    FROM {{ source('warehouse', 'fact_expenditure') }} WHERE level = 0
UNION ALL SELECT department, year, 'general_budget_total', '一般公共预算财政拨款支出', total
    FROM {{ source('warehouse', 'fact_general_budget_expenditure') }} WHERE level = 0
UNION ALL SELECT department, year, 'general_budget_basic', '一般公共预算财政拨款基本支出', basic
    FROM {{ source('warehouse', 'fact_general_budget_expenditure') }} WHERE level = 0
UNION ALL SELECT department, year, 'general_budget_project', '一般公共预算财政拨款项目支出', project
    FROM {{ source('warehouse', 'fact_general_budget_expenditure') }} WHERE level = 0
UNION ALL SELECT department, year, 'personnel', '人员经费', amount
    FROM {{ source('warehouse', 'fact_basic_expenditure') }} WHERE economic_code IS NULL AND category = '人员经费'
UNION ALL SELECT department, year, 'public', '日常公用经费', amount
    FROM {{ source('warehouse', 'fact_basic_expenditure') }} WHERE economic_code IS NULL AND category = '公用经费'
UNION ALL SELECT department, year, 'operating_cost', '机关运行经费', amount
    FROM {{ source('warehouse', 'fact_basic_expenditure') }} WHERE economic_code IS NULL AND category = '公用经费'
UNION ALL SELECT department, year, metric, label, amount FROM (
    SELECT department, year, actual_total, actual_overseas, actual_vehicle, actual_vehicle_purchase,
           actual_vehicle_operation, actual_reception
    FROM {{ source('warehouse', 'fact_three_public') }} WHERE table_kind IN ('three_public', 'fiscal_three_public')
) UNPIVOT (amount FOR metric IN (
    actual_total AS 'three_public_total', actual_overseas AS 'three_public_overseas',
    actual_vehicle AS 'three_public_vehicle', actual_vehicle_purchase AS 'three_public_vehicle_purchase',
    actual_vehicle_operation AS 'three_public_vehicle_operation', actual_reception AS 'three_public_reception'
)) JOIN (VALUES
    ('three_public_total', '“三公”经费'), ('three_public_overseas', '因公出国（境）费'),
    ('three_public_vehicle', '公务用车购置及运行维护费'), ('three_public_vehicle_purchase', '公务用车购置费'),
    ('three_public_vehicle_operation', '公务用车运行维护费'), ('three_public_reception', '公务接待费')
) AS labels(metric, label) USING (metric)
