"""The DuckDB schema, derived from the catalogue: one fact table per table kind (two share one)."""

from __future__ import annotations

from dataclasses import dataclass

from lz_pipeline.catalog import TABLE_KINDS, CodeKind, Layout, TableKind

MONEY = "DECIMAL(20,6)"  # 万元; amounts printed in 元 convert exactly (÷10 000)

PROVENANCE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("unit_printed", "VARCHAR", "unit of the printed table (万元 or 元); amounts here are always 万元"),
    ("source_file", "VARCHAR", "path of the source PDF"),
    ("source_sha256", "VARCHAR", "SHA-256 of the source PDF"),
    ("page", "INTEGER", "page of the PDF the row was printed on (1-based)"),
    ("table_title", "VARCHAR", "the table's title line as printed"),
    ("row_number", "INTEGER", "row number within the extracted table grid (1-based, across pages)"),
    ("extraction_flavor", "VARCHAR", "camelot flavour that read the table"),
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
    ]
    if kind.layout is Layout.TWO_SIDED:
        return [
            *base,
            Column("side", "VARCHAR NOT NULL", "收入 or 支出"),
            Column("line_no", "INTEGER NOT NULL", "position of the line on its side (1-based)"),
            Column("item", "VARCHAR NOT NULL", "the line's label as printed"),
        ]
    if kind.layout is Layout.SINGLE_ROW:
        return [
            *base,
            Column("table_kind", "VARCHAR NOT NULL", "which 三公 table: three_public or government_fund_three_public"),
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
    for measure in (*kind.income_measures, *kind.measures):
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
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    pipeline_version VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    rows_loaded INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS source_document (
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sha256 VARCHAR NOT NULL,
    missing_tables VARCHAR[] NOT NULL,
    run_id VARCHAR NOT NULL,
    PRIMARY KEY (department, year)
);
CREATE TABLE IF NOT EXISTS source_table (
    department VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    table_kind VARCHAR NOT NULL,
    table_title VARCHAR NOT NULL,
    unit_printed VARCHAR NOT NULL,
    pages INTEGER[] NOT NULL,
    extraction_flavor VARCHAR NOT NULL,
    empty_note VARCHAR,
    row_count INTEGER NOT NULL,
    warnings VARCHAR[] NOT NULL,
    PRIMARY KEY (department, year, table_kind)
);
"""


def create_schema(conn) -> None:
    """Idempotent: creates what is missing, never drops data."""
    for table, columns in fact_tables().items():
        body = ",\n    ".join(f"{c.name} {c.type}" for c in columns)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (\n    {body}\n)")
    conn.execute(BOOKKEEPING_DDL)
