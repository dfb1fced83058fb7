"""The DuckDB schema, derived from the catalogue: one fact table per table kind (two share one)."""

from __future__ import annotations

from dataclasses import dataclass

from lz_pipeline.catalog import TABLE_KINDS, CodeKind, Layout, TableKind
from lz_pipeline.warehouse.lake import is_lake, portable_ddl

MONEY = "DECIMAL(20,6)"  # 万元; amounts printed in 元 convert exactly (÷10 000)
DOCUMENT_KIND_DOC = "决算 (final accounts) or 预算 (budget): the publication, as its own titles say"

# How every view documents the two columns that key a department-year.
SOURCE_COLUMNS = {"department": "department name as printed", "year": "fiscal year"}

PROVENANCE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("unit_printed", "VARCHAR", "unit of the printed table (万元 or 元); amounts here are always 万元"),
    ("source_file", "VARCHAR", "path of the source PDF"),
    ("source_sha256", "VARCHAR", "SHA-256 of the source PDF"),
    ("page", "INTEGER", "page of the PDF the row was printed on (1-based)"),
    ("table_title", "VARCHAR", "the table's title line as printed"),
    ("row_number", "INTEGER", "row number within the extracted table grid (1-based, across pages)"),
    ("extraction_flavor", "VARCHAR", "the reader whose grid proved the table (lattice-vector, words, pdfplumber, …)"),
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    doc: str


def _key_columns(kind: TableKind) -> list[Column]:
    base = [
        Column("department", "VARCHAR NOT NULL", "department name as printed"),
        Column("year", "INTEGER NOT NULL", "fiscal year"),
        Column("document_kind", "VARCHAR NOT NULL", DOCUMENT_KIND_DOC),
    ]
    if kind.layout is Layout.TWO_SIDED:
        return [
            *base,
            Column(
                "side", "VARCHAR NOT NULL", "收入 or 支出" + (" or 支出用途 (Jiangsu)" if kind.use_measures else "")
            ),
            Column("line_no", "INTEGER NOT NULL", "position of the line on its side (1-based)"),
            Column("item", "VARCHAR NOT NULL", "the line's label as printed"),
        ]
    if kind.layout is Layout.SINGLE_ROW:
        return [
            *base,
            Column("table_kind", "VARCHAR NOT NULL", "which 三公 table: three_public or government_fund_three_public"),
        ]
    if kind.layout is Layout.GROUPED:
        return [
            *base,
            Column("line_no", "INTEGER NOT NULL", "position of the line in the list (1-based)"),
            Column("group_name", "VARCHAR NOT NULL", "the group the line is listed under ('' for the 总计 line)"),
            Column("item", "VARCHAR NOT NULL", "the line's label as printed (小计 for the group's total)"),
        ]
    prefix = "function" if kind.code_kind is CodeKind.FUNCTION else "economic"
    columns = [
        *base,
        Column(
            f"{prefix}_code",
            "VARCHAR",
            f"{'支出功能分类' if prefix == 'function' else '支出经济分类'} code (NULL on the 合计 row)",
        ),
        Column(f"{prefix}_name", "VARCHAR NOT NULL", "the code's name as printed"),
        Column("level", "TINYINT NOT NULL", "0 = 合计, 1 = 类, 2 = 款, 3 = 项"),
    ]
    if kind.layout is Layout.ECONOMIC_BLOCKS:
        columns.append(Column("category", "VARCHAR NOT NULL", "人员经费 or 公用经费"))
    return columns


def _measure_columns(kind: TableKind) -> list[Column]:
    seen: dict[str, Column] = {}
    for measure in (*kind.income_measures, *kind.measures, *kind.use_measures):
        seen.setdefault(measure.name, Column(measure.name, MONEY, f"{measure.label}, 万元"))
    return list(seen.values())


def fact_columns(kind: TableKind) -> list[Column]:
    provenance = [Column(n, t, d) for n, t, d in PROVENANCE_COLUMNS]
    return _key_columns(kind) + _measure_columns(kind) + provenance


def fact_tables() -> dict[str, list[Column]]:
    """Fact table name → columns; kinds that share a table (the two 三公 tables) share columns."""
    tables: dict[str, list[Column]] = {}
    for kind in TABLE_KINDS:
        tables.setdefault(kind.fact_table, fact_columns(kind))
    return tables


BOOKKEEPING_DDL = """
CREATE TABLE IF NOT EXISTS load_run (
    run_id VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    document_kind VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    rows_loaded INTEGER NOT NULL,
    PRIMARY KEY (run_id, document_kind)
);
CREATE TABLE IF NOT EXISTS source_document (
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    document_kind VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    missing_tables VARCHAR[] NOT NULL,
    run_id VARCHAR NOT NULL,
    files VARCHAR[] NOT NULL,
    file_sha256 VARCHAR[] NOT NULL,
    narrative_file VARCHAR,
    PRIMARY KEY (department, year, document_kind)
);
CREATE TABLE IF NOT EXISTS source_table (
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    document_kind VARCHAR NOT NULL,
    table_kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    table_title VARCHAR,
    unit_printed VARCHAR,
    pages INTEGER[] NOT NULL,
    extraction_flavor VARCHAR,
    coverage DOUBLE,
    empty_note VARCHAR,
    row_count INTEGER NOT NULL,
    warnings VARCHAR[] NOT NULL,
    attempts VARCHAR[] NOT NULL,
    source_file VARCHAR,
    PRIMARY KEY (department, year, document_kind, table_kind)
);
CREATE TABLE IF NOT EXISTS department_year_file (
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    document_kind VARCHAR,
    loaded BOOLEAN NOT NULL,
    run_id VARCHAR NOT NULL,
    PRIMARY KEY (department, year, path)
);
"""


# The two code lists share one shape: a code's name and level for the span of editions it is valid in.
CODE_LIST_DDL = """
CREATE TABLE IF NOT EXISTS {table} (
    code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    level TINYINT NOT NULL,
    level_name VARCHAR NOT NULL,
    parent_code VARCHAR,
    valid_from INTEGER NOT NULL,
    valid_to INTEGER,
    evidence VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (code, valid_from)
);
"""

DIMENSION_DDL = (
    CODE_LIST_DDL.format(table="dim_function_code")
    + CODE_LIST_DDL.format(table="dim_economic_code")
    + """
CREATE TABLE IF NOT EXISTS dim_department (
    department_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    level VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    aliases VARCHAR[] NOT NULL,
    note VARCHAR NOT NULL
);
"""
)

_CODE_DOCS = {
    "code": "the code (类 3 digits, 款 5, 项 7 for 功能分类; 类 3, 款 5 for 经济分类)",
    "name": "the code's name in this edition span",
    "level": "1 = 类, 2 = 款, 3 = 项 (the facts' level column)",
    "level_name": "类, 款 or 项",
    "parent_code": "the code one level up (NULL for a 类)",
    "valid_from": "first edition year (fiscal year) this name is valid in",
    "valid_to": "last edition year this name is valid in; NULL = still current",
    "evidence": "where the code and name were seen (truth files, published reports, the Shanghai lists)",
    "note": "renames, additions, and what has not been checked",
}

TABLE_DOCS: dict[str, str] = {
    "load_run": "one row per publication loaded (决算 or 预算 of a department-year): when, which file, which"
    " pipeline version, rows loaded",
    "source_document": "the PDFs each loaded publication (决算 or 预算 of a department-year) came from, and the"
    " catalogue tables it lacks",
    "source_table": "every table kind a loaded publication should have: loaded, empty, quarantined or missing, and why",
    "department_year_file": "every PDF of each loaded department-year as its last load saw it, loaded or not (a"
    " text PDF whose tables are in no file is listed, not loaded)",
    "dim_function_code": "支出功能分类科目 by edition (data/reference/function_codes.csv), a row per name span",
    "dim_economic_code": "支出经济分类科目 by edition (data/reference/economic_codes.csv), a row per name span",
    "dim_department": "departments (data/reference/departments.csv): level, region and the other names they print",
    "fact_narrative_claim": "every numeric claim of the narrative pages (情况说明) of each loaded publication",
    "function_code_map": "function codes renamed or merged between code-list editions: from first_year on, what was"
    " booked under old_code is booked under new_code (data/reference/function_code_map.csv)",
}

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "fact_narrative_claim": {
        "department": "department name as printed",
        "year": "fiscal year",
        "document_kind": DOCUMENT_KIND_DOC,
        "claim_no": "the claim's number in the publication's narrative",
        "page": "page of the sentence",
        "sentence": "the sentence as printed",
        "subject": "the figure claimed about (a metric_value key, or function:<code>); NULL: not one the tables hold",
        "subject_text": "the words naming it",
        "metric": "amount, change, percent, share, budget, completion or other",
        "value": "the number as printed (万元 or %)",
        "decimals": "its decimals",
        "unit": "its unit (万元, 元 or %)",
        "comparison_year": "the year compared with",
        "comparison_basis": "what it is compared with when not a table (e.g. 预算执行数)",
        "base_subject": "the base of a share",
        "base_text": "the words naming the base",
        "implied_prior": "the prior-year amount a change implies (this year's amount less the change), 万元",
        "source_file": "the PDF whose narrative it is",
    },
    "function_code_map": {
        "old_code": "the code as booked before first_year",
        "new_code": "the code it is booked under from first_year",
        "first_year": "the first fiscal year of the new code",
        "note": "why (the code-list edition's change)",
    },
    "load_run": {
        "run_id": "Dagster run id (or a random id outside Dagster)",
        "started_at": "when the load committed (UTC)",
        "pipeline_version": "lz-pipeline package version that loaded it",
        "department": "department name as printed",
        "year": "fiscal year",
        "document_kind": DOCUMENT_KIND_DOC,
        "source_file": "path of the PDF holding the tables",
        "source_sha256": "SHA-256 of that PDF",
        "rows_loaded": "fact rows written by this load, all tables",
    },
    "source_document": {
        "department": "department name as printed",
        "year": "fiscal year",
        "document_kind": DOCUMENT_KIND_DOC,
        "source_file": "path of the PDF holding the tables (the first, where they are spread over several)",
        "source_sha256": "SHA-256 of that PDF",
        "missing_tables": "catalogue table kinds of the document's family not found in it",
        "run_id": "load_run.run_id of the load that wrote it",
        "files": "every PDF the publication was read from (a text PDF and a tables PDF, say), tables first",
        "file_sha256": "SHA-256 of each of files, in the same order",
        "narrative_file": "the PDF whose 情况说明 (narrative) was read",
    },
    "source_table": {
        "department": "department name as printed",
        "year": "fiscal year",
        "document_kind": DOCUMENT_KIND_DOC,
        "table_kind": "catalogue key of the table kind (one row per kind the document's family expects)",
        "status": "loaded, empty (本表无数据), quarantined (no reader could prove it: not loaded) or missing",
        "reason": "why the table was quarantined (file, page, table, each reader's failure) or is missing",
        "table_title": "the table's title line as printed (NULL when missing)",
        "unit_printed": "unit of the printed table (万元 or 元)",
        "pages": "pages of the PDF the table spans (1-based)",
        "extraction_flavor": "the reader whose grid proved itself (lattice-vector, pdfplumber, words, …)",
        "coverage": "share of the numbers printed in the table's region that landed in exactly one cell",
        "empty_note": "the 本表无数据 note when the table is printed empty",
        "row_count": "rows loaded from the table",
        "warnings": "normalisation warnings",
        "attempts": "what each cheaper reader failed on before the one that won",
        "source_file": "the PDF the table was printed in (NULL when missing)",
    },
    "department_year_file": {
        "department": "department name as printed",
        "year": "fiscal year",
        "path": "path of the PDF",
        "sha256": "SHA-256 of the PDF",
        "document_kind": "the publication it was loaded as (决算 or 预算); NULL when nothing of it was loaded",
        "loaded": "whether its tables or narrative were loaded as part of a publication",
        "run_id": "load_run.run_id of the load that saw it",
    },
    "dim_function_code": _CODE_DOCS,
    "dim_economic_code": _CODE_DOCS,
    "dim_department": {
        "department_id": "stable id of the department",
        "name": "current official name",
        "level": "市 or 区县",
        "region": "the city or district it belongs to (泸州市, 上海市普陀区, …)",
        "aliases": "other names it is printed under (earlier names, short forms); facts join on name or alias",
        "note": "where the department comes from",
    },
}


def fact_keys(kind: TableKind) -> tuple[str, ...]:
    """The columns that identify a fact row (not enforced: a printed table may repeat a code)."""
    base = ("department", "year", "document_kind")
    if kind.layout is Layout.TWO_SIDED:
        return (*base, "side", "line_no")
    if kind.layout is Layout.SINGLE_ROW:
        return (*base, "table_kind")
    if kind.layout is Layout.GROUPED:
        return (*base, "line_no")
    prefix = "function" if kind.code_kind is CodeKind.FUNCTION else "economic"
    extra = ("category",) if kind.layout is Layout.ECONOMIC_BLOCKS else ()
    return (*base, *extra, f"{prefix}_code", "level")


def table_keys() -> dict[str, tuple[str, ...]]:
    """Every base table → its key columns (primary keys where DuckDB enforces them)."""
    keys = {kind.fact_table: fact_keys(kind) for kind in TABLE_KINDS}
    keys.update(
        load_run=("run_id", "document_kind"),
        source_document=("department", "year", "document_kind"),
        source_table=("department", "year", "document_kind", "table_kind"),
        department_year_file=("department", "year", "path"),
        dim_function_code=("code", "valid_from"),
        dim_economic_code=("code", "valid_from"),
        dim_department=("department_id",),
        fact_narrative_claim=("department", "year", "document_kind", "claim_no"),
        function_code_map=("old_code", "first_year"),
    )
    return keys


def table_descriptions() -> dict[str, str]:
    docs: dict[str, list[str]] = {}
    for kind in TABLE_KINDS:
        docs.setdefault(kind.fact_table, []).append(f"{kind.title} ({kind.key})")
    kinds = {kind.fact_table: kind.document_kind.value for kind in TABLE_KINDS}
    return {table: f"{kinds[table]}: " + "; ".join(titles) for table, titles in docs.items()} | TABLE_DOCS


def column_descriptions() -> dict[str, dict[str, str]]:
    docs = {table: {c.name: c.doc for c in columns} for table, columns in fact_tables().items()}
    return docs | COLUMN_DOCS


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def apply_comments(conn, kind: str, tables: dict[str, str], columns: dict[str, dict[str, str]]) -> None:
    """COMMENT ON what differs from the descriptions, so the live schema documents itself."""
    current = {
        (table, column): comment
        for table, column, comment in conn.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal"
        ).fetchall()
    }
    objects = conn.execute(
        "SELECT table_name, comment FROM duckdb_tables() UNION ALL SELECT view_name, comment FROM duckdb_views()"
    ).fetchall()
    current_tables = dict(objects)
    for table, doc in tables.items():
        if current_tables.get(table, doc) != doc:
            conn.execute(f"COMMENT ON {kind} {table} IS {_quote(doc)}")
    if kind == "VIEW" and is_lake(conn):  # DuckLake keeps no comments on a view's columns (docs/warehouse.md has them)
        return
    for table, docs in columns.items():
        for column, doc in docs.items():
            if (table, column) in current and current[(table, column)] != doc:
                conn.execute(f"COMMENT ON COLUMN {table}.{column} IS {_quote(doc)}")


# Values for the rows an older warehouse holds, in columns that version did not have (before document
# kinds, everything loaded was a 决算).
UPGRADE_FILL = {
    ("source_table", "status"): "'loaded'",
    ("source_table", "attempts"): "[]",
    ("source_table", "source_file"): "NULL",
    ("source_document", "files"): "[source_file]",
    ("source_document", "file_sha256"): "[source_sha256]",
    ("source_document", "narrative_file"): "source_file",
}
OLDER_KIND = "'决算'"


def _columns(conn, table: str) -> dict[str, bool]:
    # duckdb_columns(), not information_schema.columns: the same answer ten times faster (~3 ms against ~30 ms),
    # and this runs for the claims table on every narrative load.
    rows = conn.execute(
        "SELECT column_name, is_nullable FROM duckdb_columns()"
        " WHERE table_name = ? AND schema_name = 'main' AND database_name = current_database()",
        [table],
    ).fetchall()
    return {name: bool(nullable) for name, nullable in rows}


def _fill(table: str, column: str) -> str | None:
    if column == "document_kind":
        return OLDER_KIND
    return UPGRADE_FILL.get((table, column))


def _rebuild(conn, table: str, ddl: str, declared: list[str], existing: dict[str, bool]) -> None:
    """A table whose key changed (document_kind joined it): recreated, its rows copied over."""
    select = ", ".join(name if name in existing else f"{_fill(table, name) or 'NULL'} AS {name}" for name in declared)
    conn.execute(f"ALTER TABLE {table} RENAME TO {table}__old")
    conn.execute(portable_ddl(conn, ddl))
    conn.execute(f"INSERT INTO {table} SELECT {select} FROM {table}__old")
    conn.execute(f"DROP TABLE {table}__old")


def _declared(ddl: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The table a CREATE TABLE makes, and its (column, type, nullable) as DuckDB reads it (a scratch database)."""
    import duckdb

    with duckdb.connect(":memory:") as scratch:
        scratch.execute(ddl)
        (table,) = scratch.execute("SELECT table_name FROM duckdb_tables()").fetchone()
        columns = scratch.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
    return table, columns


def rebuild_without_document_kind(conn, table: str, ddl: str) -> None:
    """A table of a warehouse from before document kinds (outside the catalogue: the narrative's claims)
    rebuilt as ``ddl`` declares it, keyed by document_kind too; its rows are 决算. A no-op otherwise."""
    existing = _columns(conn, table)
    if existing and "document_kind" not in existing:
        declared = _declared(ddl)[1]
        _rebuild(conn, table, ddl, [name for name, _, _ in declared], existing)


def _upgrade_bookkeeping(conn) -> None:
    """A warehouse written by an older version gets the provenance columns and keys this one writes.

    The declared shape is read from the DDL itself (run on a scratch database), so no column list is
    kept twice. Added columns are filled for the old rows; NOT NULL is dropped where it is no longer
    declared; a table whose key gained a column is rebuilt.
    """
    import duckdb

    scratch = duckdb.connect(":memory:")
    try:
        scratch.execute(BOOKKEEPING_DDL)
        tables = [r[0] for r in scratch.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            ddl = scratch.execute("SELECT sql FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0]
            declared = scratch.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                " WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            existing = _columns(conn, table)
            if "document_kind" not in existing:
                _rebuild(conn, table, ddl, [name for name, _, _ in declared], existing)
                continue
            for name, data_type, nullable in declared:
                if name not in existing:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {data_type}")
                    if (fill := _fill(table, name)) is not None:
                        conn.execute(f"UPDATE {table} SET {name} = {fill} WHERE {name} IS NULL")
                elif nullable == "YES" and not existing[name]:
                    conn.execute(f"ALTER TABLE {table} ALTER COLUMN {name} DROP NOT NULL")
    finally:
        scratch.close()


def _upgrade_facts(conn) -> None:
    """Fact tables of a warehouse from before document kinds get the column, filled with their kind's."""
    kinds = {kind.fact_table: kind.document_kind.value for kind in TABLE_KINDS}
    for table, kind in kinds.items():
        if "document_kind" not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN document_kind VARCHAR")
            conn.execute(f"UPDATE {table} SET document_kind = '{kind}'")
            conn.execute(f"ALTER TABLE {table} ALTER COLUMN document_kind SET NOT NULL")


def create_tables(conn) -> None:
    """Idempotent: creates the tables that are missing, upgrades older ones, never drops data."""
    for table, columns in fact_tables().items():
        body = ",\n    ".join(f"{c.name} {c.type}" for c in columns)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (\n    {body}\n)")
    _upgrade_facts(conn)
    conn.execute(portable_ddl(conn, BOOKKEEPING_DDL))
    conn.execute(portable_ddl(conn, DIMENSION_DDL))
    _upgrade_bookkeeping(conn)
    apply_comments(conn, "TABLE", table_descriptions(), column_descriptions())
