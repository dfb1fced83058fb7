-- 泸州市人民政府办公室's 2020 决算 prints 收支总计 3542.28 万元 and its 2019 one 4187.34 万元: where both are loaded,
-- the YoY row must be exactly −645.06 万元, −15.41% (the figures of the published reports).
SELECT * FROM {{ ref('yoy_department_total') }}
WHERE department = '泸州市人民政府办公室' AND year = 2020 AND prev_total IS NOT NULL
  AND NOT (total = 3542.28 AND prev_total = 4187.34 AND change = -645.06 AND change_pct = -15.41)
