-- Previous-year rows are re-keyed to this year's code through function_code_map (renames, and merges:
-- several old codes summed into one new code), then full-joined, so a code that appears or disappears
-- gets a row with NULL change_pct instead of vanishing or dividing by zero.
WITH docs AS (
    SELECT DISTINCT department, year FROM {{ source('warehouse', 'source_document') }} WHERE document_kind = '决算'
),
cur AS (
    SELECT department, year, function_code, function_name, level, total, basic, project
    FROM {{ source('warehouse', 'fact_expenditure') }} WHERE level > 0
),
prev AS (
    SELECT e.department, e.year + 1 AS year, coalesce(m.new_code, e.function_code) AS function_code,
           any_value(e.function_name) AS function_name, any_value(e.level) AS level,
           string_agg(DISTINCT e.function_code, ',' ORDER BY e.function_code) AS prev_codes,
           CAST(sum(e.total) AS DECIMAL(20, 6)) AS total, CAST(sum(e.basic) AS DECIMAL(20, 6)) AS basic,
           CAST(sum(e.project) AS DECIMAL(20, 6)) AS project
    FROM {{ source('warehouse', 'fact_expenditure') }} AS e
    LEFT JOIN {{ source('warehouse', 'function_code_map') }} AS m
        ON m.old_code = e.function_code AND m.first_year = e.year + 1
    WHERE e.level > 0
    GROUP BY ALL
),
joined AS (
    SELECT
        coalesce(cur.department, prev.department) AS department,
        coalesce(cur.year, prev.year) AS year,
        coalesce(cur.function_code, prev.function_code) AS function_code,
        coalesce(cur.function_name, prev.function_name) AS function_name,
        coalesce(cur.level, prev.level) AS level,
        prev.prev_codes,
        cur.total, prev.total AS prev_total,
        cur.basic, prev.basic AS prev_basic,
        cur.project, prev.project AS prev_project
    FROM cur FULL JOIN prev USING (department, year, function_code)
)
SELECT
    j.department, j.year, j.function_code, j.function_name, j.level, j.prev_codes,
    j.total, j.prev_total,
    CASE WHEN prev_doc.year IS NOT NULL THEN coalesce(j.total, 0) - coalesce(j.prev_total, 0) END AS change,
    CAST({{ pct_half_up('j.total - j.prev_total', 'j.prev_total') }} AS DECIMAL(9, 2)) AS change_pct,
    CASE WHEN prev_doc.year IS NOT NULL THEN coalesce(j.basic, 0) - coalesce(j.prev_basic, 0) END
        AS basic_change,
    CASE WHEN prev_doc.year IS NOT NULL THEN coalesce(j.project, 0) - coalesce(j.prev_project, 0) END
        AS project_change,
    CASE WHEN prev_doc.year IS NULL THEN 'no_prior_document'
         WHEN j.prev_total IS NULL THEN 'new'
         WHEN j.total IS NULL THEN 'dropped' ELSE 'both' END AS status
FROM joined AS j
JOIN docs AS cur_doc ON cur_doc.department = j.department AND cur_doc.year = j.year
LEFT JOIN docs AS prev_doc ON prev_doc.department = j.department AND prev_doc.year = j.year - 1
ORDER BY j.department, j.year, j.function_code
