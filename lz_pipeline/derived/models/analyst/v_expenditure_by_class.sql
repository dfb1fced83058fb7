SELECT e.department, e.year, e.function_code,
       coalesce(d.name, e.function_name) AS class_name,
       e.function_name AS printed_name,
       e.total, e.basic, e.project,
       t.total AS expenditure_total,
       CAST({{ pct_half_up('e.total', 't.total') }} AS DECIMAL(9, 2)) AS share_pct
FROM {{ source('warehouse', 'fact_expenditure') }} AS e
LEFT JOIN {{ source('warehouse', 'fact_expenditure') }} AS t
    ON t.department = e.department AND t.year = e.year AND t.level = 0
LEFT JOIN {{ source('warehouse', 'dim_function_code') }} AS d ON {{ edition_join('d', 'e.function_code', 'e.year') }}
WHERE e.level = 1
