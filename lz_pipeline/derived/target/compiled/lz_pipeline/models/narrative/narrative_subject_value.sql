-- Every figure a claim can be about, in the publication it is of: a 决算's metric_value and each 功能分类 code
-- of its 一般公共预算财政拨款支出决算表 (what the narrative's 类/项 paragraphs describe); a 预算's budget_metric_value.
SELECT department, year, '决算' AS document_kind, metric AS subject, amount FROM "t1"."main"."metric_value"
UNION ALL
SELECT department, year, '决算', 'function:' || function_code, total
FROM "t1"."main"."fact_general_budget_expenditure" WHERE level > 0
UNION ALL
SELECT department, year, '预算', metric, amount FROM "t1"."main"."budget_metric_value"