-- The office's 2019 支出决算表: 一般公共服务 3180.62 of 本年支出合计 4187.34 万元 is 75.96%, 社会保障和就业 567.45 is
-- 13.55% (the published amounts; the shares half-up to 2 decimals as the reports print them).
SELECT * FROM {{ ref('share_function_class') }}
WHERE department = '泸州市人民政府办公室' AND year = 2019
  AND ((function_code = '201' AND NOT (amount = 3180.62 AND base = 4187.34 AND share_pct = 75.96))
    OR (function_code = '208' AND NOT (amount = 567.45 AND share_pct = 13.55)))
