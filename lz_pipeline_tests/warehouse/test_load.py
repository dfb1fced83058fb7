"""Loading: exact decimals, provenance on every row, idempotent per department-year."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.documents import Publications
from lz_pipeline.normalize.tables import NormalizedDocument, SourceFile, normalize_document
from lz_pipeline.warehouse.load import load_department_year, load_document
from lz_pipeline.warehouse.schema import fact_tables
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020, REAL

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


@pytest.fixture(scope="module")
def cppcc_budget_as_office_2020() -> NormalizedDocument:
    """The real 江苏省政协办公厅 2018 预算 (its tables PDF), keyed as the office's 2020 budget."""
    pdf = REAL / "budgets/jiangsu/2018/江苏省政协办公厅/江苏省政协办公厅2018度部门预算公开表.pdf"
    budget = normalize_document(extract_document(pdf), "江苏省政协办公厅", 2018)
    return dataclasses.replace(budget, department=OFFICE, year=2020)


def _publications(*documents: NormalizedDocument, unloaded: tuple[SourceFile, ...] = ()) -> Publications:
    files = tuple(f for doc in documents for f in doc.files) + unloaded
    return Publications(OFFICE, 2020, list(documents), files=files)


def test_a_publication_whose_pdfs_left_the_department_year_leaves_the_warehouse(
    tmp_path: Path, normalized_2020: NormalizedDocument, cppcc_budget_as_office_2020: NormalizedDocument
) -> None:
    text = SourceFile("2020/x/预算说明.pdf", "ab" * 32)  # a budget's text whose tables are in no PDF
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load_department_year(conn, _publications(normalized_2020, cppcc_budget_as_office_2020))
        load_department_year(conn, _publications(normalized_2020, unloaded=(text,)))  # the 预算 PDF was removed
        kinds = conn.execute("SELECT document_kind FROM source_document").fetchall()
        budget_rows = conn.execute("SELECT count(*) FROM fact_budget_summary").fetchone()
        files = conn.execute(
            "SELECT parse_filename(path), document_kind, loaded FROM department_year_file ORDER BY loaded DESC"
        ).fetchall()
    assert kinds == [("决算",)] and budget_rows == (0,)
    assert files == [(OFFICE_2020.name, "决算", True), ("预算说明.pdf", None, False)]


def _kinds(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        """SELECT d.document_kind, count(DISTINCT t.table_kind), any_value(parse_filename(d.source_file))
           FROM source_document AS d JOIN source_table AS t USING (department, year, document_kind)
           GROUP BY ALL ORDER BY 1"""
    ).fetchall()


def test_budget_and_final_accounts_live_side_by_side(
    tmp_path: Path, normalized_2020: NormalizedDocument, cppcc_budget_as_office_2020: NormalizedDocument
) -> None:
    budget_total = "SELECT amount FROM fact_budget_summary WHERE side = '收入' AND item = '收入合计'"
    final_total = "SELECT amount FROM fact_summary WHERE side = '收入' AND item = '总计'"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load_department_year(conn, _publications(normalized_2020, cppcc_budget_as_office_2020))
        both = _kinds(conn)
        load_document(conn, normalized_2020)  # reloading the 决算 leaves the 预算 alone …
        assert conn.execute(budget_total).fetchall() == [(Decimal("10150.48"),)]
        load_document(conn, cppcc_budget_as_office_2020)  # … and the other way round
        assert conn.execute(final_total).fetchall() == [(Decimal("3542.28"),)]
        assert _kinds(conn) == both
        kinds = conn.execute(
            "SELECT DISTINCT document_kind FROM fact_budget_summary UNION ALL SELECT DISTINCT document_kind"
            " FROM fact_summary"
        ).fetchall()
        # The grouped 收入预算总表 (its truth: 15 lines, 收入总计 first) and the one-row tables load too.
        grouped = "SELECT line_no, group_name, item, amount FROM fact_budget_income_by_source ORDER BY line_no"
        lines = conn.execute(grouped).fetchall()
        one_row = "SELECT reserve, meeting FROM fact_budget_expenditure_by_use, fact_budget_three_public"
        assert conn.execute(one_row).fetchall() == [(Decimal("1157.63"), Decimal("884.16"))]
    assert len(lines) == 15
    assert lines[:2] == [(1, "", "收入总计", Decimal("10150.48")), (2, "一般公共预算资金", "小计", Decimal("10070.48"))]
    # The 预算 prints 12 tables: the 11 of the budget_jiangsu family, and 政府采购预算表 (not in the catalogue).
    assert both == [("决算", 14, OFFICE_2020.name), ("预算", 11, "江苏省政协办公厅2018度部门预算公开表.pdf")]
    assert sorted(kinds) == [("决算",), ("预算",)]


def test_a_failed_load_of_a_department_year_writes_neither_publication(
    tmp_path: Path, normalized_2020: NormalizedDocument, cppcc_budget_as_office_2020: NormalizedDocument
) -> None:
    broken = copy.deepcopy(cppcc_budget_as_office_2020)
    broken.tables["budget_summary"].records[0].amounts["amount"] = Decimal("1e15")  # overflows DECIMAL(20,6)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        with pytest.raises(pa.ArrowInvalid):
            load_department_year(conn, _publications(normalized_2020, broken))
        assert conn.execute("SELECT count(*) FROM source_document").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM fact_summary").fetchone() == (0,)


def test_a_warehouse_from_before_document_kinds_is_upgraded_in_place(
    tmp_path: Path, normalized_2020: NormalizedDocument
) -> None:
    """Keys without document_kind (source_document by department and year): rows kept, marked 决算."""
    with duckdb.connect(str(tmp_path / "old.duckdb")) as conn:
        conn.execute(
            """CREATE TABLE source_document (department VARCHAR NOT NULL, year INTEGER NOT NULL,
               source_file VARCHAR NOT NULL, source_sha256 VARCHAR NOT NULL, missing_tables VARCHAR[] NOT NULL,
               run_id VARCHAR NOT NULL, PRIMARY KEY (department, year))"""
        )
        conn.execute("INSERT INTO source_document VALUES ('某局', 2019, 'a/某局.pdf', 'ab12', [], 'r1')")
        columns = [f"{c.name} {c.type}" for c in fact_tables()["fact_income"] if c.name != "document_kind"]
        conn.execute(f"CREATE TABLE fact_income ({', '.join(columns)})")
        conn.execute(
            "INSERT INTO fact_income (department, year, function_name, level, total)"
            " VALUES ('某局', 2019, '合计', 0, 1.5)"
        )
        load_document(conn, normalized_2020)
        old = conn.execute(
            "SELECT document_kind, files, file_sha256, narrative_file FROM source_document WHERE department = '某局'"
        ).fetchall()
        facts = conn.execute("SELECT document_kind, total FROM fact_income WHERE department = '某局'").fetchall()
        keys = conn.execute(
            "SELECT constraint_column_names FROM duckdb_constraints()"
            " WHERE table_name = 'source_document' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    assert old == [("决算", ["a/某局.pdf"], ["ab12"], "a/某局.pdf")]
    assert facts == [("决算", Decimal("1.5"))]
    assert keys == [(["department", "year", "document_kind"],)]
