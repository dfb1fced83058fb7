
  
  create view "t1"."main"."v_budget_department_year__dbt_tmp" as (
    WITH summary AS (
    SELECT department, year,
           arg_max(amount, line_no) FILTER (WHERE side = '收入' AND item IN ('合计', '总计', '支出合计', '支出总计', '收入合计', '收入总计')) AS total,
           sum(amount) FILTER (
               WHERE side = '收入' AND regexp_replace(item, '^[一二三四五六七八九十]+、', '') IN ('一般公共预算拨款收入', '国有资本经营预算拨款收入', '政府性基金预算拨款收入', '财政拨款', '财政拨款收入')
           ) AS fiscal,
           sum(amount) FILTER (WHERE side = '支出用途' AND regexp_replace(item, '^[一二三四五六七八九十]+、', '') = '基本支出') AS use_basic,
           sum(amount) FILTER (WHERE side = '支出用途' AND regexp_replace(item, '^[一二三四五六七八九十]+、', '') = '项目支出') AS use_project,
           arg_max(coalesce(personnel, 0) + coalesce(public, 0), line_no) FILTER (
               WHERE side = '支出' AND item IN ('合计', '总计', '支出合计', '支出总计', '收入合计', '收入总计')
                 AND (personnel IS NOT NULL OR public IS NOT NULL)) AS split_basic,
           arg_max(project, line_no) FILTER (
               WHERE side = '支出' AND item IN ('合计', '总计', '支出合计', '支出总计', '收入合计', '收入总计') AND project IS NOT NULL) AS split_project
    FROM "t1"."main"."fact_budget_summary" GROUP BY department, year
), expenditure AS (
    -- 基本支出 and 项目支出 of each budget's 支出预算总表, the first kind loaded of: its 合计 row (Shanghai's
    -- 支出预算总表, Sichuan's 部门支出总表) or its one row (Jiangsu).
    SELECT department, year, arg_min(basic, rank) AS basic, arg_min(project, rank) AS project
    FROM (
        SELECT department, year, 0 AS rank, sum(basic) AS basic,
            sum(project) AS project
        FROM "t1"."main"."fact_budget_expenditure" WHERE level = 0
        GROUP BY department, year
        UNION ALL SELECT department, year, 1 AS rank, sum(basic) AS basic,
            sum(project) AS project
        FROM "t1"."main"."fact_budget_department_expenditure" WHERE level = 0
        GROUP BY department, year
        UNION ALL SELECT department, year, 2 AS rank, sum(basic) AS basic,
            sum(project) AS project
        FROM "t1"."main"."fact_budget_expenditure_by_use"
        GROUP BY department, year
    ) GROUP BY department, year
)
SELECT doc.department, doc.year,
       CAST(s.total AS DECIMAL(20, 6)) AS total, CAST(s.fiscal AS DECIMAL(20, 6)) AS fiscal,
       CAST(coalesce(e.basic, s.use_basic, s.split_basic) AS DECIMAL(20, 6)) AS basic,
       CAST(coalesce(e.project, s.use_project, s.split_project) AS DECIMAL(20, 6)) AS project
FROM "t1"."main"."source_document" AS doc
LEFT JOIN summary AS s USING (department, year)
LEFT JOIN expenditure AS e USING (department, year)
WHERE doc.document_kind = '预算'
  );
