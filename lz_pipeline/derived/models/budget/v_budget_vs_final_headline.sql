{%- set parts = catalogue('three_public_parts') -%}
{%- set sides = catalogue('sides') -%}
WITH pairs AS (
    SELECT department, year FROM {{ source('warehouse', 'source_document') }} WHERE document_kind = '预算'
    INTERSECT SELECT department, year FROM {{ source('warehouse', 'source_document') }} WHERE document_kind = '决算'
), metrics AS (
    SELECT * FROM (VALUES
    {%- for line in catalogue('headline') %} ({{ loop.index }}, '{{ line.metric }}', '{{ line.label }}'){{ "," if not loop.last }}{% endfor %}
    ) AS m(line_no, metric, label)
), budget AS (
    SELECT department, year, metric, amount
    FROM (UNPIVOT (SELECT department, year, total, fiscal AS fiscal_income, basic, project
                   FROM {{ ref('v_budget_department_year') }})
          ON total, fiscal_income, basic, project INTO NAME metric VALUE amount)
    UNION ALL SELECT department, year, 'general_budget_total', total
        FROM {{ source('warehouse', catalogue('budget_general')) }} WHERE level = 0
    UNION ALL {{ budget_three_public() }}
), final AS (
    SELECT department, year, metric, amount
    FROM (UNPIVOT (SELECT department, year, total, basic, project FROM {{ ref('v_department_year') }})
          ON total, basic, project INTO NAME metric VALUE amount)
    UNION ALL SELECT department, year, 'fiscal_income', arg_min(amount, line_no)
        FROM {{ source('warehouse', catalogue('final_fiscal')) }}
        WHERE side = '{{ sides.income }}' AND item IN ({{ words(catalogue('final_fiscal_year_labels')) }})
        GROUP BY department, year
    UNION ALL SELECT department, year, 'general_budget_total', total
        FROM {{ source('warehouse', catalogue('final_general')) }} WHERE level = 0
    UNION ALL SELECT department, year, metric, amount FROM (
        UNPIVOT (SELECT department, year,
                 {%- for part in parts %} {{ part.column }} AS {{ part.metric }}{{ "," if not loop.last }}{% endfor %}
                 FROM {{ source('warehouse', catalogue('final_three_public')) }}
                 WHERE table_kind IN ('three_public', 'fiscal_three_public'))
        ON {% for part in parts %}{{ part.metric }}{{ ", " if not loop.last }}{% endfor %} INTO NAME metric VALUE amount)
)
SELECT p.department, p.year, m.line_no, m.metric, m.label,
       CAST(b.amount AS DECIMAL(20, 6)) AS budget, CAST(f.amount AS DECIMAL(20, 6)) AS final,
       CAST({{ pct_half_up('f.amount', 'b.amount') }} AS DECIMAL(9, 2)) AS execution_pct
FROM pairs AS p
CROSS JOIN metrics AS m
LEFT JOIN budget AS b ON b.department = p.department AND b.year = p.year AND b.metric = m.metric
LEFT JOIN final AS f ON f.department = p.department AND f.year = p.year AND f.metric = m.metric
WHERE b.amount IS NOT NULL OR f.amount IS NOT NULL
