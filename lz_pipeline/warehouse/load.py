"""The only DuckDB writer: one transaction per department-year, delete then insert.

Re-running a load replaces that department-year exactly; a crash mid-load rolls back to the state
before it, so the warehouse never holds half a document.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version

import pyarrow as pa

from lz_pipeline.catalog import CodeKind, Layout
from lz_pipeline.normalize.tables import NormalizedDocument, NormalizedTable
from lz_pipeline.warehouse.schema import create_schema, fact_tables
from lz_pipeline.warehouse.transaction import transaction

MONEY_TYPE = pa.decimal128(20, 6)
QUANTUM = Decimal("0.000001")
SQL_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "TINYINT": pa.int8()}


def pipeline_version() -> str:
    try:
        return version("lz-pipeline")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def _row(doc: NormalizedDocument, table: NormalizedTable, record) -> dict[str, object]:
    kind = table.kind
    row: dict[str, object] = {"department": doc.department, "year": doc.year}
    if kind.layout in (Layout.TWO_SIDED, Layout.GROUPED):
        row.update(record.keys)
    elif kind.layout is Layout.SINGLE_ROW:
        row["table_kind"] = kind.key
    else:
        prefix = "function" if kind.code_kind is CodeKind.FUNCTION else "economic"
        row[f"{prefix}_code"] = record.keys["code"]
        row[f"{prefix}_name"] = record.keys["name"]
        row["level"] = record.keys["level"]
        if "category" in record.keys:
            row["category"] = record.keys["category"]
    row.update({name: value.quantize(QUANTUM) for name, value in record.amounts.items()})
    row.update(
        unit_printed=table.unit,
        source_file=doc.source_file,
        source_sha256=doc.source_sha256,
        page=record.page,
        table_title=table.title,
        row_number=record.row_number,
        extraction_flavor=table.flavor,
    )
    return row


def fact_rows(doc: NormalizedDocument) -> dict[str, list[dict[str, object]]]:
    """Fact table name → rows, for every table of the document (empty tables give none)."""
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    for table in doc.tables.values():
        rows[table.kind.fact_table].extend(_row(doc, table, r) for r in table.records)
    return rows


def _arrow(columns, rows: list[dict[str, object]]) -> pa.Table:
    arrays = {}
    for column in columns:
        base = column.type.split()[0]
        arrow_type = MONEY_TYPE if base.startswith("DECIMAL") else SQL_TYPES[base]
        arrays[column.name] = pa.array([row.get(column.name) for row in rows], type=arrow_type)
    return pa.table(arrays)


class DuplicateDocument(ValueError):
    """The same PDF (by SHA-256) is already loaded as another department-year."""


def _refuse_duplicate(conn, doc: NormalizedDocument) -> None:
    other = conn.execute(
        """SELECT department, year, source_file FROM source_document
           WHERE source_sha256 = ? AND NOT (department = ? AND year = ?)""",
        [doc.source_sha256, doc.department, doc.year],
    ).fetchone()
    if other:
        raise DuplicateDocument(
            f"{doc.source_file}: the same file (SHA-256 {doc.source_sha256[:12]}…) is already loaded as"
            f" {other[0]} {other[1]} from {other[2]}; remove one of the two copies"
        )


def load_document(conn, doc: NormalizedDocument, run_id: str | None = None) -> dict[str, int]:
    """Replace one department-year in one transaction; returns rows loaded per fact table."""
    run_id = run_id or uuid.uuid4().hex
    create_schema(conn)
    rows = fact_rows(doc)
    key = [doc.department, doc.year]
    counts: dict[str, int] = {}
    with transaction(conn):
        _refuse_duplicate(conn, doc)
        for table, columns in fact_tables().items():
            conn.execute(f"DELETE FROM {table} WHERE department = ? AND year = ?", key)
            batch = _arrow(columns, rows.get(table, []))
            if batch.num_rows:
                conn.register("incoming_rows", batch)
                conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
                conn.unregister("incoming_rows")
            counts[table] = batch.num_rows
        _record_sources(conn, doc, run_id, sum(counts.values()))
    return counts


def _record_sources(conn, doc: NormalizedDocument, run_id: str, rows_loaded: int) -> None:
    key = [doc.department, doc.year]
    conn.execute("DELETE FROM source_document WHERE department = ? AND year = ?", key)
    conn.execute("DELETE FROM source_table WHERE department = ? AND year = ?", key)
    conn.execute(
        "INSERT INTO source_document VALUES (?, ?, ?, ?, ?, ?)",
        [*key, doc.source_file, doc.source_sha256, doc.missing, run_id],
    )
    for status in doc.statuses:
        table = doc.tables.get(status.kind_key)
        conn.execute(
            "INSERT INTO source_table (department, year, table_kind, status, reason, table_title, unit_printed,"
            " pages, extraction_flavor, coverage, empty_note, row_count, warnings, attempts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                *key,
                status.kind_key,
                status.status,
                status.reason,
                status.title,
                table.unit if table else None,
                list(status.pages),
                status.reader,
                status.coverage,
                table.empty_note if table else None,
                len(table.records) if table else 0,
                table.warnings if table else [],
                table.attempts if table else [],
            ],
        )
    conn.execute(
        "INSERT INTO load_run VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            datetime.now(UTC).replace(tzinfo=None),
            pipeline_version(),
            *key,
            doc.source_file,
            doc.source_sha256,
            rows_loaded,
        ],
    )
