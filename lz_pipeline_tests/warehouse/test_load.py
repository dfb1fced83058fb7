"""Loading: exact decimals, provenance on every row, idempotent per department-year."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.load import load_document
from lz_pipeline.warehouse.schema import fact_tables

CHECKSUM = "SELECT count(*), sum(hash(COLUMNS(* EXCLUDE (source_file))))::VARCHAR FROM {table}"


def _snapshot(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {table: conn.execute(CHECKSUM.format(table=table)).fetchone() for table in fact_tables()}


def test_load_is_exact_and_idempotent(tmp_path: Path, normalized_2020: NormalizedDocument) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        first = load_document(conn, normalized_2020)
        before = _snapshot(conn)
        second = load_document(conn, normalized_2020)
        assert second == first
        assert _snapshot(conn) == before
        assert first["fact_summary"] == 42  # 12 收入 lines + 30 支出 lines of the 2020 总表
        assert first["fact_income"] == first["fact_expenditure"] == 23  # 合计 + 4 类 + 5 款 + 13 项
        row = conn.execute(
            """SELECT total, basic, project, typeof(total), page, table_title, row_number, unit_printed,
                      source_sha256, extraction_flavor
               FROM fact_expenditure WHERE year = 2020 AND function_code = '2010301'"""
        ).fetchone()
        assert row[:4] == (Decimal("1630.09"), Decimal("1630.09"), Decimal("0"), "DECIMAL(20,6)")
        assert row[4] == 9 and row[5].endswith("支出决算表") and row[7] == "万元"
        assert row[8] == normalized_2020.source_sha256 and row[9] == "lattice-vector"
        nulls = conn.execute(
            "SELECT count(*) FROM fact_income WHERE source_file IS NULL OR page IS NULL OR row_number IS NULL"
        ).fetchone()
        assert nulls == (0,)
        assert conn.execute("SELECT count(*) FROM load_run").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM source_document").fetchone() == (1,)


def test_a_failed_load_leaves_the_warehouse_as_it_was(tmp_path: Path, normalized_2020: NormalizedDocument) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load_document(conn, normalized_2020)
        before = _snapshot(conn)
        broken = copy.deepcopy(normalized_2020)
        broken.tables["three_public"].records[0].amounts["actual_total"] = Decimal("1e15")  # overflows DECIMAL(20,6)
        with pytest.raises(pa.ArrowInvalid):  # fact_three_public is written after most other tables
            load_document(conn, broken)
        assert _snapshot(conn) == before


def test_a_warehouse_of_the_previous_version_is_upgraded_in_place(tmp_path: Path, normalized_2020) -> None:
    """source_table as the previous version wrote it (no status, reader coverage or attempts) keeps its rows."""
    with duckdb.connect(str(tmp_path / "old.duckdb")) as conn:
        conn.execute(
            """CREATE TABLE source_table (department VARCHAR NOT NULL, year INTEGER NOT NULL,
               table_kind VARCHAR NOT NULL, table_title VARCHAR NOT NULL, unit_printed VARCHAR NOT NULL,
               pages INTEGER[] NOT NULL, extraction_flavor VARCHAR NOT NULL, empty_note VARCHAR,
               row_count INTEGER NOT NULL, warnings VARCHAR[] NOT NULL, PRIMARY KEY (department, year, table_kind))"""
        )
        conn.execute(
            "INSERT INTO source_table VALUES"
            " ('某局', 2019, 'income', '收入决算表', '万元', [8], 'lattice-vector', NULL, 5, [])"
        )
        load_document(conn, normalized_2020)
        old = conn.execute("SELECT status, attempts, coverage FROM source_table WHERE department = '某局'").fetchall()
        new = conn.execute(
            "SELECT status, count(*) FROM source_table WHERE department <> '某局' GROUP BY ALL ORDER BY 1"
        ).fetchall()
    assert old == [("loaded", [], None)]
    assert new == [("empty", 4), ("loaded", 10)]
