"""Analyst views with stable names, created idempotently by ``create_schema`` (so after every load).

Views are always current: they read the facts and dimensions, never copies of them. Each view carries
its own description and column comments, which the data dictionary (``docs/warehouse.md``) is built from.
"""

from __future__ import annotations

import functools

import duckdb

from lz_pipeline.catalog import TABLE_KINDS, CodeKind, Layout
from lz_pipeline.warehouse.budget_views import BUDGET_VIEWS
from lz_pipeline.warehouse.lake import is_lake
from lz_pipeline.warehouse.macros import MACROS
from lz_pipeline.warehouse.schema import SOURCE_COLUMNS, View, apply_comments, create_tables

# The code-list edition valid in a fact's year: code matches and year within [valid_from, valid_to].
EDITION_JOIN = "{d}.code = {code} AND {year} BETWEEN {d}.valid_from AND coalesce({d}.valid_to, 9999)"


def _coded_tables() -> list[tuple[str, str, tuple[str, ...], bool]]:
    """(fact table, code kind, measures, has category) for every table keyed by a classification code."""
    seen: dict[str, tuple[str, str, tuple[str, ...], bool]] = {}
    for kind in TABLE_KINDS:
        if kind.layout in (Layout.CODED, Layout.ECONOMIC_BLOCKS) and kind.fact_table not in seen:
            code_kind = "function" if kind.code_kind is CodeKind.FUNCTION else "economic"
            has_category = kind.layout is Layout.ECONOMIC_BLOCKS
            seen[kind.fact_table] = (kind.fact_table, code_kind, kind.measure_names, has_category)
    return list(seen.values())


def _coded_amounts_sql() -> str:
    parts = []
    for table, code_kind, measures, has_category in _coded_tables():
        category = "category" if has_category else "CAST(NULL AS VARCHAR)"
        parts.append(
            f"""SELECT '{table}' AS fact_table, department, year, document_kind, '{code_kind}' AS code_kind,
       {code_kind}_code AS code, {code_kind}_name AS printed_name, level, {category} AS category,
       measure, amount, page, row_number
FROM (UNPIVOT {table} ON {", ".join(measures)} INTO NAME measure VALUE amount)"""
        )
    return "\nUNION ALL\n".join(parts)


VIEWS: tuple[View, ...] = (
    View(
        name="v_coded_amounts",
        description="every amount of every coded fact table in long form (one row per fact row and measure)",
        keys=("fact_table", "department", "year", "category", "code", "level", "measure"),
        sql=_coded_amounts_sql(),
        columns={
            "fact_table": "the fact table the amount is stored in",
            **SOURCE_COLUMNS,
            "document_kind": "决算 or 预算",
            "code_kind": "function (支出功能分类) or economic (支出经济分类)",
            "code": "the classification code (NULL on a 合计 row)",
            "printed_name": "the code's name as printed",
            "level": "0 = 合计, 1 = 类, 2 = 款, 3 = 项",
            "category": "人员经费 or 公用经费 (基本支出 table only)",
            "measure": "the fact table's measure column (total, basic, project, amount, …)",
            "amount": "the amount, 万元",
            "page": "page of the PDF the row was printed on",
            "row_number": "row number within the extracted table",
        },
    ),
    View(
        name="v_expenditure_by_class",
        description="支出决算表 at 类 level per department-year, with display names and share of 本年支出合计",
        keys=("department", "year", "function_code"),
        sql=f"""
SELECT e.department, e.year, e.function_code,
       coalesce(d.name, e.function_name) AS class_name,
       e.function_name AS printed_name,
       e.total, e.basic, e.project,
       t.total AS expenditure_total,
       CAST(pct_half_up(e.total, t.total) AS DECIMAL(9, 2)) AS share_pct
FROM fact_expenditure AS e
LEFT JOIN fact_expenditure AS t ON t.department = e.department AND t.year = e.year AND t.level = 0
LEFT JOIN dim_function_code AS d ON {EDITION_JOIN.format(d="d", code="e.function_code", year="e.year")}
WHERE e.level = 1""",
        columns={
            **SOURCE_COLUMNS,
            "function_code": "支出功能分类 类 code (3 digits)",
            "class_name": "the 类's name in the code-list edition of that year (as printed when the code is unknown)",
            "printed_name": "the 类's name as printed",
            "total": "本年支出合计 of the 类, 万元",
            "basic": "基本支出 of the 类, 万元",
            "project": "项目支出 of the 类, 万元",
            "expenditure_total": "本年支出合计 of the department-year (合计 row), 万元",
            "share_pct": "total / expenditure_total in %, rounded half-up to 2 decimals as the reports print it",
        },
    ),
    View(
        name="v_department_year",
        description="one row per loaded department-year with the headline figures of its report",
        keys=("department", "year"),
        sql="""
WITH summary AS (
    SELECT department, year,
           max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS total,
           max(amount) FILTER (WHERE side = '收入' AND item = '本年收入合计') AS income_total,
           max(amount) FILTER (WHERE side = '支出' AND item = '本年支出合计') AS expenditure_total
    FROM fact_summary GROUP BY department, year
), fiscal AS (
    SELECT department, year, max(amount) FILTER (WHERE side = '收入' AND item = '总计') AS fiscal_total
    FROM fact_fiscal_summary GROUP BY department, year
), spending AS (
    SELECT department, year, sum(basic) AS basic, sum(project) AS project
    FROM fact_expenditure WHERE level = 0 GROUP BY department, year
), basic AS (
    SELECT department, year,
           sum(amount) FILTER (WHERE category = '人员经费') AS personnel,
           sum(amount) FILTER (WHERE category = '公用经费') AS public
    FROM fact_basic_expenditure WHERE level = 0 GROUP BY department, year
), three_public AS (
    SELECT department, year, sum(budget_total) AS three_public_budget, sum(actual_total) AS three_public
    FROM fact_three_public WHERE table_kind IN ('three_public', 'fiscal_three_public')
    GROUP BY department, year
)
SELECT doc.department, dep.department_id, dep.region, dep.level AS department_level, doc.year,
       s.total, s.income_total, s.expenditure_total, f.fiscal_total,
       CAST(sp.basic AS DECIMAL(20, 6)) AS basic, CAST(sp.project AS DECIMAL(20, 6)) AS project,
       CAST(pct_half_up(sp.basic, s.expenditure_total) AS DECIMAL(9, 2)) AS basic_pct,
       CAST(pct_half_up(sp.project, s.expenditure_total) AS DECIMAL(9, 2)) AS project_pct,
       CAST(b.personnel AS DECIMAL(20, 6)) AS personnel, CAST(b.public AS DECIMAL(20, 6)) AS public,
       CAST(tp.three_public AS DECIMAL(20, 6)) AS three_public,
       CAST(tp.three_public_budget AS DECIMAL(20, 6)) AS three_public_budget,
       doc.source_file, doc.source_sha256
FROM source_document AS doc
LEFT JOIN dim_department AS dep ON dep.name = doc.department OR list_contains(dep.aliases, doc.department)
LEFT JOIN summary AS s USING (department, year)
LEFT JOIN fiscal AS f USING (department, year)
LEFT JOIN spending AS sp USING (department, year)
LEFT JOIN basic AS b USING (department, year)
LEFT JOIN three_public AS tp USING (department, year)
WHERE doc.document_kind = '决算'""",
        columns={
            **SOURCE_COLUMNS,
            "department_id": "dim_department id (NULL: the name is not in data/reference/departments.csv)",
            "region": "the department's region (dim_department)",
            "department_level": "市 or 区县 (dim_department)",
            "total": "收、支总计 (收入支出决算总表, 总计), 万元",
            "income_total": "本年收入合计, 万元",
            "expenditure_total": "本年支出合计, 万元",
            "fiscal_total": "财政拨款收、支总计 (财政拨款收入支出决算总表, 总计), 万元",
            "basic": "基本支出 (支出决算表, 合计 row), 万元",
            "project": "项目支出 (支出决算表, 合计 row), 万元",
            "basic_pct": "basic / expenditure_total in %, half-up to 2 decimals",
            "project_pct": "project / expenditure_total in %, half-up to 2 decimals",
            "personnel": "人员经费 (一般公共预算财政拨款基本支出决算表), 万元",
            "public": "日常公用经费 (一般公共预算财政拨款基本支出决算表), 万元",
            "three_public": "“三公”经费 决算数 (一般公共预算, or national 财政拨款, 三公 table), 万元",
            "three_public_budget": "“三公”经费 预算数 of the same table, 万元",
            "source_file": "path of the source PDF",
            "source_sha256": "SHA-256 of the source PDF",
        },
    ),
    View(
        name="v_hierarchy_check",
        description="every parent row (合计/类/款) against the sum of its children, per table and measure",
        keys=("fact_table", "department", "year", "category", "measure", "parent_level", "parent_code"),
        sql="""
WITH children AS (
    SELECT fact_table, department, year, category, measure, level - 1 AS parent_level,
           CASE WHEN level = 1 THEN NULL ELSE left(code, 2 * level - 1) END AS parent_code,
           CAST(sum(amount) AS DECIMAL(20, 6)) AS children_sum, count(*) AS children
    FROM v_coded_amounts WHERE level >= 1
    GROUP BY ALL
), parents AS (
    SELECT fact_table, department, year, category, measure, level, code,
           any_value(printed_name) AS parent_name, CAST(sum(amount) AS DECIMAL(20, 6)) AS parent_amount
    FROM v_coded_amounts
    GROUP BY ALL
)
SELECT c.fact_table, c.department, c.year, c.category, c.measure, c.parent_level, c.parent_code,
       p.parent_name, p.parent_amount, c.children_sum, c.children,
       CAST(p.parent_amount - c.children_sum AS DECIMAL(20, 6)) AS difference,
       CASE WHEN p.parent_amount IS NULL AND c.parent_level = 0 THEN 'no 合计 row'
            WHEN p.parent_amount IS NULL THEN 'missing parent'
            WHEN p.parent_amount = c.children_sum THEN 'ok' ELSE 'mismatch' END AS status
FROM children AS c
LEFT JOIN parents AS p
    ON p.fact_table = c.fact_table AND p.department = c.department AND p.year = c.year
   AND p.category IS NOT DISTINCT FROM c.category AND p.measure = c.measure
   AND p.level = c.parent_level AND p.code IS NOT DISTINCT FROM c.parent_code""",
        columns={
            "fact_table": "the coded fact table checked",
            **SOURCE_COLUMNS,
            "category": "人员经费 or 公用经费 (基本支出 table only)",
            "measure": "the measure column compared",
            "parent_level": "0 = 合计, 1 = 类, 2 = 款",
            "parent_code": "the parent's code (NULL for 合计)",
            "parent_name": "the parent's name as printed",
            "parent_amount": "the parent row's amount, 万元 (NULL: no such row)",
            "children_sum": "sum of the children's amounts, 万元",
            "children": "number of child rows",
            "difference": "parent_amount - children_sum, 万元",
            "status": "ok, mismatch, missing parent (a child without its 类/款 row) or no 合计 row",
        },
    ),
    View(
        name="v_hierarchy_gaps",
        description="the rows of v_hierarchy_check that do not add up: empty when 项→款→类→合计 all hold",
        keys=("fact_table", "department", "year", "category", "measure", "parent_level", "parent_code"),
        sql="SELECT * FROM v_hierarchy_check WHERE status IN ('mismatch', 'missing parent')",
        columns={},  # filled from v_hierarchy_check below
    ),
    View(
        name="v_unknown_codes",
        description="codes printed in a fact table that no code-list edition of that year knows: flagged, not dropped",
        keys=("fact_table", "department", "year", "code_kind", "code"),
        sql=f"""
WITH seen AS (
    SELECT fact_table, department, year, code_kind, code, any_value(printed_name) AS printed_name,
           min(page) AS page, count(DISTINCT row_number) AS rows
    FROM v_coded_amounts WHERE code IS NOT NULL
    GROUP BY fact_table, department, year, code_kind, code
), lists AS (
    SELECT 'function' AS code_kind, code, name, valid_from, valid_to FROM dim_function_code
    UNION ALL
    SELECT 'economic', code, name, valid_from, valid_to FROM dim_economic_code
)
SELECT s.fact_table, s.department, s.year, s.code_kind, s.code, s.printed_name, s.page, s.rows,
       CASE WHEN NOT EXISTS (SELECT 1 FROM lists AS l WHERE l.code_kind = s.code_kind)
            THEN 'code list not loaded (materialize the dim_* assets)'
            WHEN NOT EXISTS (SELECT 1 FROM lists AS l WHERE l.code_kind = s.code_kind AND l.code = s.code)
            THEN 'not in the code list' ELSE 'not valid in this year''s edition' END AS reason
FROM seen AS s
WHERE NOT EXISTS (
    SELECT 1 FROM lists AS l
    WHERE l.code_kind = s.code_kind AND {EDITION_JOIN.format(d="l", code="s.code", year="s.year")}
)""",
        columns={
            "fact_table": "the fact table the code was printed in",
            **SOURCE_COLUMNS,
            "code_kind": "function or economic",
            "code": "the code as printed",
            "printed_name": "its name as printed",
            "page": "first page it was printed on",
            "rows": "rows of the table carrying it",
            "reason": "not in the code list; in it but not for this year's edition; or the list is not loaded",
        },
    ),
    View(
        name="v_code_name_differences",
        description="known codes printed under another name than the code-list edition of that year gives",
        keys=("fact_table", "department", "year", "code_kind", "code"),
        sql=f"""
WITH seen AS (
    SELECT DISTINCT fact_table, department, year, code_kind, code, printed_name
    FROM v_coded_amounts WHERE code IS NOT NULL
), lists AS (
    SELECT 'function' AS code_kind, code, name, valid_from, valid_to FROM dim_function_code
    UNION ALL
    SELECT 'economic', code, name, valid_from, valid_to FROM dim_economic_code
)
SELECT s.fact_table, s.department, s.year, s.code_kind, s.code, s.printed_name, l.name AS list_name
FROM seen AS s
JOIN lists AS l ON l.code_kind = s.code_kind AND {EDITION_JOIN.format(d="l", code="s.code", year="s.year")}
WHERE replace(replace(s.printed_name, '(', '（'), ')', '）') <> l.name""",
        columns={
            "fact_table": "the fact table the code was printed in",
            **SOURCE_COLUMNS,
            "code_kind": "function or economic",
            "code": "the code",
            "printed_name": "its name as printed",
            "list_name": "its name in the code-list edition of that year",
        },
    ),
)
# after the 决算 views: v_budget_vs_final_headline reads v_department_year
VIEWS += BUDGET_VIEWS

VIEWS_BY_NAME = {view.name: view for view in VIEWS}


def view_columns(view: View) -> dict[str, str]:
    if view.name == "v_hierarchy_gaps":
        return VIEWS_BY_NAME["v_hierarchy_check"].columns
    return view.columns


def create_views(conn) -> None:
    """(Re)create the macros and every view, then their comments.

    In a DuckLake only those whose definition differs: each replacement is a change every concurrent
    loader's commit would have to be checked against, and all of them would replace the same views."""
    if is_lake(conn):
        _create_changed(conn)
    else:
        _create_all(conn)
    apply_comments(conn, "VIEW", {v.name: v.description for v in VIEWS}, {v.name: view_columns(v) for v in VIEWS})


def _create_all(conn) -> None:
    conn.execute(MACROS)
    for view in VIEWS:
        conn.execute(f"CREATE OR REPLACE VIEW {view.name} AS {view.sql}")


MACRO_QUERY = """SELECT function_name, macro_definition FROM duckdb_functions()
                 WHERE function_type = 'macro' AND NOT internal AND database_name = current_database()"""
VIEW_QUERY = "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"


@functools.cache
def stored_definitions() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The macros' and the views' definitions as DuckDB stores them, from a scratch database built alike."""
    with duckdb.connect(":memory:") as scratch:
        create_tables(scratch)
        _create_all(scratch)
        return tuple(scratch.execute(MACRO_QUERY).fetchall()), tuple(scratch.execute(VIEW_QUERY).fetchall())


def _create_changed(conn) -> None:
    macros, views = (dict(pairs) for pairs in stored_definitions())
    if {name: definition for name, definition in conn.execute(MACRO_QUERY).fetchall() if name in macros} != macros:
        conn.execute(MACROS)
    current = dict(conn.execute(VIEW_QUERY).fetchall())
    for view in VIEWS:  # in order: a view may read one before it
        if current.get(view.name) != views[view.name]:
            conn.execute(f"CREATE OR REPLACE VIEW {view.name} AS {view.sql}")
