WITH summary AS (
    SELECT department, year,
           max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS total,
           max(amount) FILTER (WHERE side = '收入' AND item = '本年收入合计') AS income_total,
           max(amount) FILTER (WHERE side = '支出' AND item = '本年支出合计') AS expenditure_total
    FROM {{ source('warehouse', 'fact_summary') }} GROUP BY department, year
), fiscal AS (
    SELECT department, year, max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS fiscal_total
    FROM {{ source('warehouse', 'fact_fiscal_summary') }} GROUP BY department, year
), spending AS (
    SELECT department, year, sum(basic) AS basic, sum(project) AS project
    FROM {{ source('warehouse', 'fact_expenditure') }} WHERE level = 0 GROUP BY department, year
), basic AS (
    SELECT department, year,
           sum(amount) FILTER (WHERE category = '人员经费') AS personnel,
           sum(amount) FILTER (WHERE category = '公用经费') AS public
    FROM {{ source('warehouse', 'fact_basic_expenditure') }} WHERE level = 0 GROUP BY department, year
), three_public AS (
    SELECT department, year, sum(budget_total) AS three_public_budget, sum(actual_total) AS three_public
    FROM {{ source('warehouse', 'fact_three_public') }} WHERE table_kind IN ('three_public', 'fiscal_three_public')
    GROUP BY department, year
)
SELECT doc.department, dep.department_id, dep.region, dep.level AS department_level, doc.year,
       s.total, s.income_total, s.expenditure_total, f.fiscal_total,
       CAST(sp.basic AS DECIMAL(20, 6)) AS basic, CAST(sp.project AS DECIMAL(20, 6)) AS project,
       CAST({{ pct_half_up('sp.basic', 's.expenditure_total') }} AS DECIMAL(9, 2)) AS basic_pct,
       CAST({{ pct_half_up('sp.project', 's.expenditure_total') }} AS DECIMAL(9, 2)) AS project_pct,
       CAST(b.personnel AS DECIMAL(20, 6)) AS personnel, CAST(b.public AS DECIMAL(20, 6)) AS public,
       CAST(tp.three_public AS DECIMAL(20, 6)) AS three_public,
       CAST(tp.three_public_budget AS DECIMAL(20, 6)) AS three_public_budget,
       doc.source_file, doc.source_sha256
FROM {{ source('warehouse', 'source_document') }} AS doc
LEFT JOIN {{ source('warehouse', 'dim_department') }} AS dep
    ON dep.name = doc.department OR list_contains(dep.aliases, doc.department)
LEFT JOIN summary AS s USING (department, year)
LEFT JOIN fiscal AS f USING (department, year)
LEFT JOIN spending AS sp USING (department, year)
LEFT JOIN basic AS b USING (department, year)
LEFT JOIN three_public AS tp USING (department, year)
WHERE doc.document_kind = '决算'
