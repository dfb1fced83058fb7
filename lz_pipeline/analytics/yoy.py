"""Year-over-year change, recomputed from the facts in SQL (never patched).

DuckDB divides DECIMALs in DOUBLE, so percentages are computed in integer millionths and rounded
half-up as the published reports do (−645.06 / 4187.34 → −15.41).

Tables built here (all rebuilt from the facts on every refresh, so a reload of any year also refreshes
its neighbour year):
- ``yoy_department_total``: 收、支总计 per department-year (the original slice; columns unchanged);
- ``yoy_metric``: every headline figure (``metric_value``) against the year before;
- ``yoy_function_code``: every 功能分类 code at 类/款/项 level of 支出决算表, through ``function_code_map``;
- ``yoy_budget_total``: the 部门预算's 收入合计 (v_budget_department_year.total) against the year before's.
"""

from __future__ import annotations

from lz_pipeline.analytics.codes import CodeChange, refresh_code_map
from lz_pipeline.warehouse.macros import MACROS


def _yoy_total(table: str, totals: str) -> str:
    """A total per department-year against the year before: change exact, change_pct half-up to 2 decimals."""
    return f"""
CREATE OR REPLACE TABLE {table} AS
WITH totals AS ({totals})
SELECT
    cur.department,
    cur.year,
    cur.total,
    prev.total AS prev_total,
    cur.total - prev.total AS change,
    CAST(pct_half_up(cur.total - prev.total, prev.total) AS DECIMAL(9, 2)) AS change_pct
FROM totals AS cur
LEFT JOIN totals AS prev ON prev.department = cur.department AND prev.year = cur.year - 1
ORDER BY cur.department, cur.year
"""


# 收、支总计 of the 决算 (收入支出决算总表, 总计).
YOY_DEPARTMENT_TOTAL = _yoy_total(
    "yoy_department_total",
    "SELECT department, year, amount AS total FROM fact_summary WHERE side = '收入' AND item = '总计'",
)
# The budget's bottom line (收入合计/收入总计) against the year before's budget.
YOY_BUDGET_TOTAL = _yoy_total(
    "yoy_budget_total", "SELECT department, year, total FROM v_budget_department_year WHERE total IS NOT NULL"
)

# One row per department, year and headline figure. 机关运行经费 is the 日常公用经费 of the 基本支出 table
# (as the Sichuan reports define it); the 三公 figures are the 一般公共预算 (or national 财政拨款) table's 决算数.
METRIC_VALUE = """
CREATE OR REPLACE VIEW metric_value AS
SELECT department, year, 'total' AS metric, '收、支总计' AS label, amount
    FROM fact_summary WHERE side = '收入' AND item = '总计'
UNION ALL SELECT department, year, 'income_total', '本年收入合计', amount
    FROM fact_summary WHERE side = '收入' AND item = '本年收入合计'
UNION ALL SELECT department, year, 'expenditure_total', '本年支出合计', amount
    FROM fact_summary WHERE side = '支出' AND item = '本年支出合计'
UNION ALL SELECT department, year, 'fiscal_total', '财政拨款收、支总计', amount
    FROM fact_fiscal_summary WHERE side = '收入' AND item = '总计'
UNION ALL SELECT department, year, 'general_budget_income', '一般公共预算财政拨款收入', amount
    FROM fact_summary WHERE side = '收入' AND item LIKE '%一般公共预算财政拨款%'
UNION ALL SELECT department, year, 'other_income', '其他收入', amount
    FROM fact_summary WHERE side = '收入' AND item LIKE '%其他收入'
UNION ALL SELECT department, year, 'basic', '基本支出', basic FROM fact_expenditure WHERE level = 0
UNION ALL SELECT department, year, 'project', '项目支出', project FROM fact_expenditure WHERE level = 0
UNION ALL SELECT department, year, 'general_budget_total', '一般公共预算财政拨款支出', total
    FROM fact_general_budget_expenditure WHERE level = 0
UNION ALL SELECT department, year, 'general_budget_basic', '一般公共预算财政拨款基本支出', basic
    FROM fact_general_budget_expenditure WHERE level = 0
UNION ALL SELECT department, year, 'general_budget_project', '一般公共预算财政拨款项目支出', project
    FROM fact_general_budget_expenditure WHERE level = 0
UNION ALL SELECT department, year, 'personnel', '人员经费', amount
    FROM fact_basic_expenditure WHERE economic_code IS NULL AND category = '人员经费'
UNION ALL SELECT department, year, 'public', '日常公用经费', amount
    FROM fact_basic_expenditure WHERE economic_code IS NULL AND category = '公用经费'
UNION ALL SELECT department, year, 'operating_cost', '机关运行经费', amount
    FROM fact_basic_expenditure WHERE economic_code IS NULL AND category = '公用经费'
UNION ALL SELECT department, year, metric, label, amount FROM (
    SELECT department, year, actual_total, actual_overseas, actual_vehicle, actual_vehicle_purchase,
           actual_vehicle_operation, actual_reception
    FROM fact_three_public WHERE table_kind IN ('three_public', 'fiscal_three_public')
) UNPIVOT (amount FOR metric IN (
    actual_total AS 'three_public_total', actual_overseas AS 'three_public_overseas',
    actual_vehicle AS 'three_public_vehicle', actual_vehicle_purchase AS 'three_public_vehicle_purchase',
    actual_vehicle_operation AS 'three_public_vehicle_operation', actual_reception AS 'three_public_reception'
)) JOIN (VALUES
    ('three_public_total', '“三公”经费'), ('three_public_overseas', '因公出国（境）费'),
    ('three_public_vehicle', '公务用车购置及运行维护费'), ('three_public_vehicle_purchase', '公务用车购置费'),
    ('three_public_vehicle_operation', '公务用车运行维护费'), ('three_public_reception', '公务接待费')
) AS labels(metric, label) USING (metric)
"""

# A department-year "has a document" when it was loaded: only then does a missing row mean zero.
YOY_METRIC = """
CREATE OR REPLACE TABLE yoy_metric AS
WITH docs AS (SELECT DISTINCT department, year FROM source_document WHERE document_kind = '决算')
SELECT
    cur.department,
    cur.year,
    cur.metric,
    cur.label,
    cur.amount,
    prev.amount AS prev_amount,
    cur.amount - prev.amount AS change,
    CAST(pct_half_up(cur.amount - prev.amount, prev.amount) AS DECIMAL(9, 2)) AS change_pct,
    CASE WHEN prev_doc.year IS NULL THEN 'no_prior_document'
         WHEN prev.amount IS NULL THEN 'new' ELSE 'both' END AS status
FROM metric_value AS cur
LEFT JOIN metric_value AS prev
    ON prev.department = cur.department AND prev.year = cur.year - 1 AND prev.metric = cur.metric
LEFT JOIN docs AS prev_doc ON prev_doc.department = cur.department AND prev_doc.year = cur.year - 1
ORDER BY cur.department, cur.year, cur.metric
"""

# Previous-year rows are re-keyed to this year's code through function_code_map (renames, and merges:
# several old codes summed into one new code), then full-joined, so a code that appears or disappears
# gets a row with NULL change_pct instead of vanishing or dividing by zero.
YOY_FUNCTION_CODE = """
CREATE OR REPLACE TABLE yoy_function_code AS
WITH docs AS (SELECT DISTINCT department, year FROM source_document WHERE document_kind = '决算'),
cur AS (
    SELECT department, year, function_code, function_name, level, total, basic, project
    FROM fact_expenditure WHERE level > 0
),
prev AS (
    SELECT e.department, e.year + 1 AS year, coalesce(m.new_code, e.function_code) AS function_code,
           any_value(e.function_name) AS function_name, any_value(e.level) AS level,
           string_agg(DISTINCT e.function_code, ',' ORDER BY e.function_code) AS prev_codes,
           CAST(sum(e.total) AS DECIMAL(20, 6)) AS total, CAST(sum(e.basic) AS DECIMAL(20, 6)) AS basic,
           CAST(sum(e.project) AS DECIMAL(20, 6)) AS project
    FROM fact_expenditure AS e
    LEFT JOIN function_code_map AS m ON m.old_code = e.function_code AND m.first_year = e.year + 1
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
    CAST(pct_half_up(j.total - j.prev_total, j.prev_total) AS DECIMAL(9, 2)) AS change_pct,
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
"""

YOY_TABLES = ("yoy_department_total", "yoy_metric", "yoy_function_code", "yoy_budget_total")


def refresh_department_total(conn) -> int:
    """Rebuild ``yoy_department_total`` alone (its own asset's table); returns its department-years."""
    conn.execute(MACROS)
    conn.execute(YOY_DEPARTMENT_TOTAL)
    return conn.execute("SELECT count(*) FROM yoy_department_total").fetchall()[0][0]


def refresh_yoy(conn, code_changes: tuple[CodeChange, ...] = (), department_total: bool = True) -> int:
    """Rebuild the YoY tables from the facts; returns the number of department-years.

    ``department_total=False`` leaves ``yoy_department_total`` to its own asset (no table has two writers).
    """
    conn.execute(MACROS)
    refresh_code_map(conn, code_changes)
    if department_total:
        conn.execute(YOY_DEPARTMENT_TOTAL)
    conn.execute(METRIC_VALUE)
    conn.execute(YOY_METRIC)
    conn.execute(YOY_FUNCTION_CODE)
    conn.execute(YOY_BUDGET_TOTAL)
    return conn.execute("SELECT count(*) FROM yoy_department_total").fetchall()[0][0]
