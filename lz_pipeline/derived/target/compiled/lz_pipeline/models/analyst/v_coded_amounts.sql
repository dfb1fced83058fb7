-- Every amount of every coded fact table (the catalogue's CODED and ECONOMIC_BLOCKS kinds) in long form.

SELECT 'fact_income' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_income" ON total, fiscal_appropriation, superior_subsidy, business_income, operating_income, affiliated_remittance, other_income INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_expenditure" ON total, basic, project, remit_to_superior, operating, subsidy_to_affiliates INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_fiscal_expenditure_detail' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_fiscal_expenditure_detail" ON total, general_budget, government_fund, state_capital INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_general_budget_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_general_budget_expenditure" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_general_budget_expenditure_detail' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_general_budget_expenditure_detail" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_basic_expenditure' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       category AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_basic_expenditure" ON amount INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_project_expenditure' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_project_expenditure" ON amount INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_government_fund' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_government_fund" ON opening_balance, income, expenditure, basic, project, closing_balance INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_state_capital' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_state_capital" ON opening_balance, income, expenditure, basic, project, closing_balance INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_state_capital_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_state_capital_expenditure" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_income' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_income" ON total, fiscal_appropriation, business_income, operating_income, other_income INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_expenditure" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_fiscal_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_fiscal_expenditure" ON total INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_fiscal_basic' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_fiscal_basic" ON total INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_general_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_general_expenditure" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_general_basic' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_general_basic" ON total, personnel, public INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_operating_cost' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_operating_cost" ON total INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_government_fund' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_government_fund" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_state_capital' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_state_capital" ON total, basic, project INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_department_income' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_department_income" ON total, carried_over, general_budget, government_fund, state_capital, business_income, operating_income, superior_subsidy, affiliated_remittance, other_income INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_department_expenditure' AS fact_table, department, year, document_kind, 'function' AS code_kind,
       function_code AS code, function_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_department_expenditure" ON total, basic, project, remit_to_superior, operating, subsidy_to_affiliates INTO NAME measure VALUE amount)
UNION ALL
SELECT 'fact_budget_general_project' AS fact_table, department, year, document_kind, 'economic' AS code_kind,
       economic_code AS code, economic_name AS printed_name, level,
       CAST(NULL AS VARCHAR) AS category,
       measure, amount, page, row_number
FROM (UNPIVOT "t1"."main"."fact_budget_general_project" ON amount INTO NAME measure VALUE amount)