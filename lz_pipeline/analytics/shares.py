"""Structure shares and region roll-ups, as SQL views over the facts (always current, never patched).

Shares are exact half-up percentages (``pct_half_up``), as printed in the reports: each 类 of 本年支出合计,
基本/项目 of 本年支出合计, each 三公 part of the 三公 total, and 决算数/预算数 (completion) of the 三公 table.
A region is every department of it in a year: ``dim_department`` (the warehouse's department list, names
and aliases) when it is loaded, else the small mapping kept here.
"""

from __future__ import annotations

from lz_pipeline.warehouse.lake import portable_ddl

# Departments of the sample corpus and their region; dim_department overrides when present.
DEPARTMENT_REGIONS: dict[str, str] = {"泸州市人民政府办公室": "泸州市"}
UNKNOWN_REGION = "未知地区"

SHARE_FUNCTION_CLASS = """
CREATE OR REPLACE VIEW share_function_class AS
SELECT c.department, c.year, c.function_code, c.function_name, c.total AS amount, t.total AS base,
       CAST(pct_half_up(c.total, t.total) AS DECIMAL(9, 2)) AS share_pct
FROM fact_expenditure AS c
JOIN fact_expenditure AS t ON t.department = c.department AND t.year = c.year AND t.level = 0
WHERE c.level = 1
"""

SHARE_BASIC_PROJECT = """
CREATE OR REPLACE VIEW share_basic_project AS
SELECT p.department, p.year, p.metric, p.label, p.amount, t.amount AS base,
       CAST(pct_half_up(p.amount, t.amount) AS DECIMAL(9, 2)) AS share_pct
FROM metric_value AS p
JOIN metric_value AS t ON t.department = p.department AND t.year = p.year AND t.metric = 'expenditure_total'
WHERE p.metric IN ('basic', 'project')
"""

# One row per 三公 part: its 决算数, share of the 三公 决算 total, 预算数 and completion (决算数/预算数).
THREE_PUBLIC_PARTS = """
CREATE OR REPLACE VIEW three_public_part AS
SELECT department, year, table_kind, part, label, budget, actual
FROM fact_three_public,
LATERAL (VALUES
    ('total', '“三公”经费', budget_total, actual_total),
    ('overseas', '因公出国（境）费', budget_overseas, actual_overseas),
    ('vehicle', '公务用车购置及运行维护费', budget_vehicle, actual_vehicle),
    ('vehicle_purchase', '公务用车购置费', budget_vehicle_purchase, actual_vehicle_purchase),
    ('vehicle_operation', '公务用车运行维护费', budget_vehicle_operation, actual_vehicle_operation),
    ('reception', '公务接待费', budget_reception, actual_reception)
) AS parts(part, label, budget, actual)
"""

SHARE_THREE_PUBLIC = """
CREATE OR REPLACE VIEW share_three_public AS
SELECT p.department, p.year, p.table_kind, p.part, p.label, p.actual, t.actual AS base,
       CAST(pct_half_up(p.actual, t.actual) AS DECIMAL(9, 2)) AS share_pct,
       p.budget,
       CAST(pct_half_up(p.actual, p.budget) AS DECIMAL(9, 2)) AS completion_pct
FROM three_public_part AS p
JOIN three_public_part AS t USING (department, year, table_kind)
WHERE t.part = 'total'
"""

ROLLUPS = """
CREATE OR REPLACE VIEW region_metric AS
SELECT coalesce(r.region, '{unknown}') AS region, m.year, m.metric, any_value(m.label) AS label,
       CAST(sum(m.amount) AS DECIMAL(20, 6)) AS amount, count(DISTINCT m.department) AS departments
FROM metric_value AS m LEFT JOIN department_region AS r USING (department)
GROUP BY ALL;

CREATE OR REPLACE VIEW region_yoy_metric AS
SELECT cur.region, cur.year, cur.metric, cur.label, cur.amount, prev.amount AS prev_amount,
       cur.amount - prev.amount AS change,
       CAST(pct_half_up(cur.amount - prev.amount, prev.amount) AS DECIMAL(9, 2)) AS change_pct,
       cur.departments, prev.departments AS prev_departments
FROM region_metric AS cur
LEFT JOIN region_metric AS prev ON prev.region = cur.region AND prev.metric = cur.metric AND prev.year = cur.year - 1;

CREATE OR REPLACE VIEW region_share_function_class AS
WITH by_class AS (
    SELECT coalesce(r.region, '{unknown}') AS region, s.year, s.function_code, any_value(s.function_name) AS name,
           sum(s.amount) AS amount
    FROM share_function_class AS s LEFT JOIN department_region AS r USING (department)
    GROUP BY ALL
), base AS (
    SELECT region, year, amount AS base FROM region_metric WHERE metric = 'expenditure_total'
)
SELECT region, year, function_code, name AS function_name, CAST(amount AS DECIMAL(20, 6)) AS amount, base,
       CAST(pct_half_up(amount, base) AS DECIMAL(9, 2)) AS share_pct
FROM by_class JOIN base USING (region, year);

CREATE OR REPLACE VIEW region_share_three_public AS
WITH parts AS (
    SELECT coalesce(r.region, '{unknown}') AS region, p.year, p.part, any_value(p.label) AS label,
           sum(p.actual) AS actual, sum(p.budget) AS budget
    FROM three_public_part AS p LEFT JOIN department_region AS r USING (department)
    WHERE p.table_kind IN ('three_public', 'fiscal_three_public')
    GROUP BY ALL
)
SELECT p.region, p.year, p.part, p.label, CAST(p.actual AS DECIMAL(20, 6)) AS actual,
       CAST(pct_half_up(p.actual, t.actual) AS DECIMAL(9, 2)) AS share_pct,
       CAST(p.budget AS DECIMAL(20, 6)) AS budget,
       CAST(pct_half_up(p.actual, p.budget) AS DECIMAL(9, 2)) AS completion_pct
FROM parts AS p JOIN parts AS t ON t.region = p.region AND t.year = p.year AND t.part = 'total';
""".replace("{unknown}", UNKNOWN_REGION)

SHARE_VIEWS = (
    "share_function_class",
    "share_basic_project",
    "three_public_part",
    "share_three_public",
    "department_region",
    "region_metric",
    "region_yoy_metric",
    "region_share_function_class",
    "region_share_three_public",
)


def _has_columns(conn, table: str, columns: set[str]) -> bool:
    found = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()
    return columns <= {name for (name,) in found}


def refresh_regions(conn, regions: dict[str, str] | None = None) -> None:
    """``department_region``: dim_department's region where known, else the mapping kept here."""
    ddl = "CREATE OR REPLACE TABLE analytics_department_region (department VARCHAR PRIMARY KEY, region VARCHAR)"
    conn.execute(portable_ddl(conn, ddl))
    conn.executemany(
        "INSERT INTO analytics_department_region VALUES (?, ?)", list((regions or DEPARTMENT_REGIONS).items())
    )
    if _has_columns(conn, "dim_department", {"name", "aliases", "region"}):
        # the warehouse's department list: its name and every alias (as printed on a report) → region
        conn.execute(
            """CREATE OR REPLACE VIEW department_region AS
               WITH known AS (
                   SELECT name AS department, region FROM dim_department
                   UNION SELECT unnest(aliases) AS department, region FROM dim_department
               )
               SELECT department, any_value(region) AS region FROM known WHERE region <> '' GROUP BY 1
               UNION ALL
               SELECT department, region FROM analytics_department_region
               WHERE department NOT IN (SELECT department FROM known WHERE region <> '')"""
        )
    else:
        conn.execute("CREATE OR REPLACE VIEW department_region AS SELECT * FROM analytics_department_region")


def refresh_shares(conn, regions: dict[str, str] | None = None) -> None:
    """(Re)create the share and roll-up views; needs the macros and ``metric_value`` of ``yoy``."""
    conn.execute(SHARE_FUNCTION_CLASS)
    conn.execute(SHARE_BASIC_PROJECT)
    conn.execute(THREE_PUBLIC_PARTS)
    conn.execute(SHARE_THREE_PUBLIC)
    refresh_regions(conn, regions)
    conn.execute(ROLLUPS)
