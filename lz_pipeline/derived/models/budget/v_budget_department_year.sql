{%- set sides = catalogue('sides') -%}
{%- set label = "regexp_replace(item, '" ~ catalogue('list_number') ~ "', '')" -%}
{%- set bottom = words(catalogue('budget_bottom_labels')) -%}
WITH summary AS (
    SELECT department, year,
           arg_max(amount, line_no) FILTER (WHERE side = '{{ sides.income }}' AND item IN ({{ bottom }})) AS total,
           sum(amount) FILTER (
               WHERE side = '{{ sides.income }}' AND {{ label }} IN ({{ words(catalogue('budget_fiscal_labels')) }})
           ) AS fiscal,
           sum(amount) FILTER (WHERE side = '{{ sides.use }}' AND {{ label }} = '基本支出') AS use_basic,
           sum(amount) FILTER (WHERE side = '{{ sides.use }}' AND {{ label }} = '项目支出') AS use_project,
           arg_max(coalesce(personnel, 0) + coalesce(public, 0), line_no) FILTER (
               WHERE side = '{{ sides.spending }}' AND item IN ({{ bottom }})
                 AND (personnel IS NOT NULL OR public IS NOT NULL)) AS split_basic,
           arg_max(project, line_no) FILTER (
               WHERE side = '{{ sides.spending }}' AND item IN ({{ bottom }}) AND project IS NOT NULL) AS split_project
    FROM {{ source('warehouse', catalogue('budget_summary')) }} GROUP BY department, year
), expenditure AS (
    -- 基本支出 and 项目支出 of each budget's 支出预算总表, the first kind loaded of: its 合计 row (Shanghai's
    -- 支出预算总表, Sichuan's 部门支出总表) or its one row (Jiangsu).
{%- if catalogue('budget_expenditure') %}
    SELECT department, year, arg_min(basic, rank) AS basic, arg_min(project, rank) AS project
    FROM (
    {%- for kind in catalogue('budget_expenditure') %}
        {{ "UNION ALL " if not loop.first }}SELECT department, year, {{ loop.index0 }} AS rank, sum(basic) AS basic,
            sum(project) AS project
        FROM {{ source('warehouse', kind.table) }}{{ " WHERE level = 0" if kind.coded }}
        GROUP BY department, year
    {%- endfor %}
    ) GROUP BY department, year
{%- else %}
    SELECT NULL::VARCHAR AS department, NULL::INTEGER AS year, NULL AS basic, NULL AS project LIMIT 0
{%- endif %}
)
SELECT doc.department, doc.year,
       CAST(s.total AS DECIMAL(20, 6)) AS total, CAST(s.fiscal AS DECIMAL(20, 6)) AS fiscal,
       CAST(coalesce(e.basic, s.use_basic, s.split_basic) AS DECIMAL(20, 6)) AS basic,
       CAST(coalesce(e.project, s.use_project, s.split_project) AS DECIMAL(20, 6)) AS project
FROM {{ source('warehouse', 'source_document') }} AS doc
LEFT JOIN summary AS s USING (department, year)
LEFT JOIN expenditure AS e USING (department, year)
WHERE doc.document_kind = '预算'
