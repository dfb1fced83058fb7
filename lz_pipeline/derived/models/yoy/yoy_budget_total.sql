-- The budget's bottom line (收入合计/收入总计) against the year before's budget.
{{ yoy_total("SELECT department, year, total FROM " ~ ref('v_budget_department_year') ~ " WHERE total IS NOT NULL") }}
