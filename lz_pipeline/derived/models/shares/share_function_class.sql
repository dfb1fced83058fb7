-- Each 类 of 本年支出合计 (支出决算表's 合计 row).
SELECT c.department, c.year, c.function_code, c.function_name, c.total AS amount, t.total AS base,
       CAST({{ pct_half_up('c.total', 't.total') }} AS DECIMAL(9, 2)) AS share_pct
FROM {{ source('warehouse', 'fact_expenditure') }} AS c
JOIN {{ source('warehouse', 'fact_expenditure') }} AS t ON t.department = c.department AND t.year = c.year AND t.level = 0
WHERE c.level = 1
