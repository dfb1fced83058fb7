-- A budget's headline figures, the 预算 side of metric_value: one row per department, year and figure
-- (lz_pipeline/derived/figures.py says which table holds each figure, and in which rows).
{%- set sides = catalogue('sides') %}
{%- set line = catalogue('budget_line') %}
{%- for figure in catalogue('budget_figures') %}
SELECT department, year, '{{ figure.metric }}' AS metric, '{{ figure.label }}' AS label,
       CAST(sum({{ figure.amount }}) AS DECIMAL(20, 6)) AS amount
FROM {{ source('warehouse', figure.table) }} AS {{ figure.table }}
WHERE document_kind = '预算' AND {{ figure.where }} GROUP BY department, year
UNION ALL
{%- endfor %}
-- each 功能分类 line of the 一般公共预算 table, and each 支出 line of the 总表 under the code of its 类's name
SELECT department, year, 'function:' || function_code, function_name, total
FROM {{ source('warehouse', catalogue('budget_general')) }} WHERE document_kind = '预算' AND level > 0
UNION ALL
SELECT s.department, s.year, 'total_function:' || g.function_code, s.item, coalesce(s.amount, 0)
FROM {{ source('warehouse', catalogue('budget_summary')) }} AS s
JOIN {{ source('warehouse', catalogue('budget_general')) }} AS g
    ON g.department = s.department AND g.year = s.year AND g.document_kind = s.document_kind
    AND g.level = 1 AND g.function_name = {{ line | replace('item', 's.item') }}
WHERE s.document_kind = '预算' AND s.side = '{{ sides.spending }}'
-- what v_budget_department_year already says (收支总计, 基本支出 and 项目支出 from whichever table prints them),
-- and the 三公 parts of whichever budget 三公 table is loaded: taken from there, not said again here
UNION ALL
SELECT department, year, metric, label, amount FROM (
    UNPIVOT (SELECT department, year, total, basic, project FROM {{ ref('v_budget_department_year') }})
    ON total, basic, project INTO NAME metric VALUE amount
) JOIN (VALUES ('total', '收入合计'), ('basic', '基本支出'), ('project', '项目支出')) AS labels(metric, label)
    USING (metric)
UNION ALL
SELECT department, year, metric, label, amount FROM ({{ budget_three_public() }})
JOIN (VALUES
{%- for part in catalogue('three_public_parts') %} ('{{ part.metric }}', '{{ part.label }}'){{ "," if not loop.last }}{% endfor %}
) AS labels(metric, label) USING (metric)
