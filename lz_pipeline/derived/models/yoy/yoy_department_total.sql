-- 收、支总计 of the 决算 (收入支出决算总表, 总计) against the year before.
{{ yoy_total("SELECT department, year, amount AS total FROM " ~ source('warehouse', 'fact_summary')
             ~ " WHERE side = '收入' AND item = '总计'") }}
