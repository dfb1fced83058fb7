WITH summary AS (
    SELECT department, year,
           max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS total,
           max(amount) FILTER (WHERE side = '收入' AND item = '本年收入合计') AS income_total,
           max(amount) FILTER (WHERE side = '支出' AND item = '本年支出合计') AS expenditure_total
    FROM "t1"."main"."fact_summary" GROUP BY department, year
), fiscal AS (
    SELECT department, year, max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS fiscal_total
    FROM "t1"."main"."fact_fiscal_summary" GROUP BY department, year
), spending AS (
    SELECT department, year, sum(basic) AS basic, sum(project) AS project
    FROM "t1"."main"."fact_expenditure" WHERE level = 0 GROUP BY department, year
), basic AS (
    SELECT department, year,
           sum(amount) FILTER (WHERE category = '人员经费') AS personnel,
           sum(amount) FILTER (WHERE category = '公用经费') AS public
    FROM "t1"."main"."fact_basic_expenditure" WHERE level = 0 GROUP BY department, year
), three_public AS (
    SELECT department, year, sum(budget_total) AS three_public_budget, sum(actual_total) AS three_public
    FROM "t1"."main"."fact_three_public" WHERE table_kind IN ('three_public', 'fiscal_three_public')
    GROUP BY department, year
)
SELECT doc.department, dep.department_id, dep.region, dep.level AS department_level, doc.year,
       s.total, s.income_total, s.expenditure_total, f.fiscal_total,
       CAST(sp.basic AS DECIMAL(20, 6)) AS basic, CAST(sp.project AS DECIMAL(20, 6)) AS project,
       CAST((CASE WHEN (s.expenditure_total) IS NULL OR (sp.basic) IS NULL OR (s.expenditure_total) = 0 THEN NULL ELSE
    CAST(sign(sp.basic) * sign(s.expenditure_total)
         * ((2 * abs(CAST((sp.basic) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((s.expenditure_total) * 1000000 AS HUGEINT))) // (2 * abs(CAST((s.expenditure_total) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS basic_pct,
       CAST((CASE WHEN (s.expenditure_total) IS NULL OR (sp.project) IS NULL OR (s.expenditure_total) = 0 THEN NULL ELSE
    CAST(sign(sp.project) * sign(s.expenditure_total)
         * ((2 * abs(CAST((sp.project) * 1000000 AS HUGEINT)) * 10000 + abs(CAST((s.expenditure_total) * 1000000 AS HUGEINT))) // (2 * abs(CAST((s.expenditure_total) * 1000000 AS HUGEINT))))
         AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
END) AS DECIMAL(9, 2)) AS project_pct,
       CAST(b.personnel AS DECIMAL(20, 6)) AS personnel, CAST(b.public AS DECIMAL(20, 6)) AS public,
       CAST(tp.three_public AS DECIMAL(20, 6)) AS three_public,
       CAST(tp.three_public_budget AS DECIMAL(20, 6)) AS three_public_budget,
       doc.source_file, doc.source_sha256
FROM "t1"."main"."source_document" AS doc
LEFT JOIN "t1"."main"."dim_department" AS dep
    ON dep.name = doc.department OR list_contains(dep.aliases, doc.department)
LEFT JOIN summary AS s USING (department, year)
LEFT JOIN fiscal AS f USING (department, year)
LEFT JOIN spending AS sp USING (department, year)
LEFT JOIN basic AS b USING (department, year)
LEFT JOIN three_public AS tp USING (department, year)
WHERE doc.document_kind = '决算'