-- A budget's headline figures, the 预算 side of metric_value: one row per department, year and figure
-- (lz_pipeline/derived/figures.py says which table holds each figure, and in which rows).
SELECT department, year, 'income_total' AS metric, '本年收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('当年收入小计', '本年收入合计', '本年收入小计') GROUP BY department, year
UNION ALL
SELECT department, year, 'income_total' AS metric, '本年收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('收入合计', '收入总计') AND NOT EXISTS (SELECT 1 FROM fact_budget_summary AS y WHERE y.department = fact_budget_summary.department AND y.year = fact_budget_summary.year AND y.document_kind = fact_budget_summary.document_kind AND y.side = '收入' AND y.item IN ('当年收入小计', '本年收入合计', '本年收入小计')) GROUP BY department, year
UNION ALL
SELECT department, year, 'expenditure_total' AS metric, '本年支出' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '支出' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('当年支出小计', '本年支出合计', '本年支出小计') GROUP BY department, year
UNION ALL
SELECT department, year, 'expenditure_total' AS metric, '本年支出' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '支出' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('支出合计', '支出总计') AND NOT EXISTS (SELECT 1 FROM fact_budget_summary AS y WHERE y.department = fact_budget_summary.department AND y.year = fact_budget_summary.year AND y.document_kind = fact_budget_summary.document_kind AND y.side = '支出' AND y.item IN ('当年支出小计', '本年支出合计', '本年支出小计')) GROUP BY department, year
UNION ALL
SELECT department, year, 'general_budget_income' AS metric, '一般公共预算收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('一般公共预算', '一般公共预算资金', '一般公共预算拨款收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'government_fund_income' AS metric, '政府性基金预算收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('政府性基金', '政府性基金预算', '政府性基金预算拨款收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'state_capital' AS metric, '国有资本经营预算' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('国有资本经营预算', '国有资本经营预算拨款收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'fund_account' AS metric, '财政专户管理资金' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('财政专户管理资金') GROUP BY department, year
UNION ALL
SELECT department, year, 'other_funds' AS metric, '其他资金' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('其他资金') GROUP BY department, year
UNION ALL
SELECT department, year, 'business_income' AS metric, '事业收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('事业收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'operating_income' AS metric, '事业单位经营收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('事业单位经营收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'superior_subsidy' AS metric, '上级补助收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('上级补助收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'affiliated_remittance' AS metric, '附属单位上缴收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('附属单位上缴收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'other_income' AS metric, '其他收入' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('其他收入') GROUP BY department, year
UNION ALL
SELECT department, year, 'carried_over' AS metric, '上年结转资金' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('上年结转资金', '上年结转') GROUP BY department, year
UNION ALL
SELECT department, year, 'carried_forward' AS metric, '结转下年资金' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '支出' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('结转下年资金', '结转下年') GROUP BY department, year
UNION ALL
SELECT department, year, 'reserve' AS metric, '单位预留机动经费' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_summary" AS fact_budget_summary
WHERE document_kind = '预算' AND side = '支出用途' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('单位预留机动经费') GROUP BY department, year
UNION ALL
SELECT department, year, 'fiscal_total' AS metric, '财政拨款收入合计' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_fiscal_summary" AS fact_budget_fiscal_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('收入合计', '收入总计') GROUP BY department, year
UNION ALL
SELECT department, year, 'government_fund_total' AS metric, '政府性基金预算支出' AS label,
       CAST(sum(government_fund) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_fiscal_summary" AS fact_budget_fiscal_summary
WHERE document_kind = '预算' AND side = '支出' AND item IN ('支出合计', '支出总计') AND government_fund IS NOT NULL GROUP BY department, year
UNION ALL
SELECT department, year, 'government_fund_total' AS metric, '政府性基金预算支出' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_fiscal_summary" AS fact_budget_fiscal_summary
WHERE document_kind = '预算' AND side = '收入' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('政府性基金', '政府性基金预算') AND NOT EXISTS (SELECT 1 FROM fact_budget_fiscal_summary AS f WHERE f.department = fact_budget_fiscal_summary.department AND f.year = fact_budget_fiscal_summary.year AND f.document_kind = '预算' AND f.side = '支出' AND f.government_fund IS NOT NULL) GROUP BY department, year
UNION ALL
SELECT department, year, 'fiscal_basic' AS metric, '财政拨款基本支出' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_fiscal_summary" AS fact_budget_fiscal_summary
WHERE document_kind = '预算' AND side = '支出' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('基本支出') GROUP BY department, year
UNION ALL
SELECT department, year, 'fiscal_project' AS metric, '财政拨款项目支出' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_fiscal_summary" AS fact_budget_fiscal_summary
WHERE document_kind = '预算' AND side = '支出' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('项目支出') GROUP BY department, year
UNION ALL
SELECT department, year, 'fiscal_reserve' AS metric, '财政拨款单位预留机动经费' AS label,
       CAST(sum(coalesce(amount, 0)) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_fiscal_summary" AS fact_budget_fiscal_summary
WHERE document_kind = '预算' AND side = '支出' AND regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '') IN ('单位预留机动经费') GROUP BY department, year
UNION ALL
SELECT department, year, 'general_budget_total' AS metric, '一般公共预算支出' AS label,
       CAST(sum(total) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_expenditure" AS fact_budget_general_expenditure
WHERE document_kind = '预算' AND level = 0 GROUP BY department, year
UNION ALL
SELECT department, year, 'general_budget_basic' AS metric, '一般公共预算基本支出' AS label,
       CAST(sum(total) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_basic" AS fact_budget_general_basic
WHERE document_kind = '预算' AND level = 0 GROUP BY department, year
UNION ALL
SELECT department, year, 'general_budget_basic' AS metric, '一般公共预算基本支出' AS label,
       CAST(sum(basic) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_expenditure" AS fact_budget_general_expenditure
WHERE document_kind = '预算' AND level = 0 AND basic IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fact_budget_general_basic AS b WHERE b.level = 0 AND b.department = fact_budget_general_expenditure.department AND b.year = fact_budget_general_expenditure.year AND b.document_kind = '预算') GROUP BY department, year
UNION ALL
SELECT department, year, 'personnel' AS metric, '人员经费' AS label,
       CAST(sum(personnel) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_basic" AS fact_budget_general_basic
WHERE document_kind = '预算' AND level = 0 AND personnel IS NOT NULL GROUP BY department, year
UNION ALL
SELECT department, year, 'public' AS metric, '公用经费' AS label,
       CAST(sum(public) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_basic" AS fact_budget_general_basic
WHERE document_kind = '预算' AND level = 0 AND public IS NOT NULL GROUP BY department, year
UNION ALL
SELECT department, year, 'personnel' AS metric, '人员经费' AS label,
       CAST(sum(total) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_basic" AS fact_budget_general_basic
WHERE document_kind = '预算' AND level = 1 AND economic_code IN ('301', '303') AND personnel IS NULL GROUP BY department, year
UNION ALL
SELECT department, year, 'public' AS metric, '公用经费' AS label,
       CAST(sum(total) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_basic" AS fact_budget_general_basic
WHERE document_kind = '预算' AND level = 1 AND economic_code IN ('302', '310') AND public IS NULL GROUP BY department, year
UNION ALL
SELECT department, year, 'general_budget_project' AS metric, '一般公共预算项目支出' AS label,
       CAST(sum(project) AS DECIMAL(20, 6)) AS amount
FROM "t1"."main"."fact_budget_general_expenditure" AS fact_budget_general_expenditure
WHERE document_kind = '预算' AND level = 0 AND project IS NOT NULL GROUP BY department, year
UNION ALL
-- each 功能分类 line of the 一般公共预算 table, and each 支出 line of the 总表 under the code of its 类's name
SELECT department, year, 'function:' || function_code, function_name, total
FROM "t1"."main"."fact_budget_general_expenditure" WHERE document_kind = '预算' AND level > 0
UNION ALL
SELECT s.department, s.year, 'total_function:' || g.function_code, s.item, coalesce(s.amount, 0)
FROM "t1"."main"."fact_budget_summary" AS s
JOIN "t1"."main"."fact_budget_general_expenditure" AS g
    ON g.department = s.department AND g.year = s.year AND g.document_kind = s.document_kind
    AND g.level = 1 AND g.function_name = regexp_replace(s.item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '')
WHERE s.document_kind = '预算' AND s.side = '支出'
-- what v_budget_department_year already says (收支总计, 基本支出 and 项目支出 from whichever table prints them),
-- and the 三公 parts of whichever budget 三公 table is loaded: taken from there, not said again here
UNION ALL
SELECT department, year, metric, label, amount FROM (
    UNPIVOT (SELECT department, year, total, basic, project FROM "t1"."main"."v_budget_department_year")
    ON total, basic, project INTO NAME metric VALUE amount
) JOIN (VALUES ('total', '收入合计'), ('basic', '基本支出'), ('project', '项目支出')) AS labels(metric, label)
    USING (metric)
UNION ALL
SELECT department, year, metric, label, amount FROM (SELECT department, year, metric, amount FROM (
    UNPIVOT (SELECT * FROM (
        SELECT department, year, 0 AS rank, three_public AS three_public_total, overseas AS three_public_overseas, vehicle AS three_public_vehicle, vehicle_purchase AS three_public_vehicle_purchase, vehicle_operation AS three_public_vehicle_operation, reception AS three_public_reception
        FROM "t1"."main"."fact_budget_three_public"
        UNION ALL SELECT department, year, 1 AS rank, budget_total AS three_public_total, budget_overseas AS three_public_overseas, budget_vehicle AS three_public_vehicle, budget_vehicle_purchase AS three_public_vehicle_purchase, budget_vehicle_operation AS three_public_vehicle_operation, budget_reception AS three_public_reception
        FROM "t1"."main"."fact_budget_general_three_public"
    ) QUALIFY rank = min(rank) OVER (PARTITION BY department, year))
    ON three_public_total, three_public_overseas, three_public_vehicle, three_public_vehicle_purchase, three_public_vehicle_operation, three_public_reception INTO NAME metric VALUE amount))
JOIN (VALUES ('three_public_total', '“三公”经费'), ('three_public_overseas', '因公出国（境）费'), ('three_public_vehicle', '公务用车购置及运行维护费'), ('three_public_vehicle_purchase', '公务用车购置费'), ('three_public_vehicle_operation', '公务用车运行维护费'), ('three_public_reception', '公务接待费')
) AS labels(metric, label) USING (metric)