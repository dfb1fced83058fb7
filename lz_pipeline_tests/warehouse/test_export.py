"""Exports: every table and view to Parquet and to CSV with a BOM, with the exact decimals."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from lz_pipeline.cli import main
from lz_pipeline.warehouse.export import BOM, exportable
from lz_pipeline_tests.conftest import OFFICE


@pytest.fixture(scope="module")
def exported(warehouse_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    assert main(["--warehouse", str(warehouse_file), "export", "--out", str(out)]) == 0
    return out


def test_every_table_and_view_is_exported_in_both_formats(warehouse: duckdb.DuckDBPyConnection, exported: Path) -> None:
    names = exportable(warehouse)
    assert {"fact_expenditure", "dim_function_code", "v_department_year", "yoy_department_total"} <= set(names)
    assert sorted(p.stem for p in (exported / "parquet").glob("*.parquet")) == names
    assert sorted(p.stem for p in (exported / "csv").glob("*.csv")) == names


def test_parquet_round_trips_types_and_values(warehouse: duckdb.DuckDBPyConnection, exported: Path) -> None:
    for name in exportable(warehouse):
        original = f'SELECT * FROM "{name}"'
        copy = f"SELECT * FROM read_parquet('{exported / 'parquet' / name}.parquet')"
        assert warehouse.sql(copy).columns == warehouse.sql(original).columns, name
        assert warehouse.sql(copy).types == warehouse.sql(original).types, name
        for left, right in ((original, copy), (copy, original)):
            assert warehouse.execute(f"SELECT count(*) FROM ({left} EXCEPT ALL {right})").fetchall() == [(0,)], name
    total = warehouse.sql(
        f"""SELECT amount FROM read_parquet('{exported / "parquet" / "fact_summary.parquet"}')
            WHERE department = '{OFFICE}' AND year = 2020 AND side = '收入' AND item = '总计'"""
    ).fetchall()
    assert total == [(Decimal("3542.28"),)]


def test_csv_has_a_bom_and_the_exact_decimals(warehouse: duckdb.DuckDBPyConnection, exported: Path) -> None:
    path = exported / "csv" / "fact_expenditure.csv"
    assert path.read_bytes().startswith(BOM + b"department,year,document_kind,function_code,function_name,level,total,")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["year"] == "2020" and r["function_code"] == "2010301")
    assert (row["department"], row["function_name"], row["total"], row["basic"]) == (
        OFFICE,
        "行政运行",
        "1630.090000",
        "1630.090000",
    )
    # every amount of every row, as exact text, equals the warehouse's decimal
    stored = warehouse.execute(
        "SELECT department, year, row_number, total, basic, project FROM fact_expenditure"
    ).fetchall()
    from_csv = [
        (r["department"], int(r["year"]), int(r["row_number"]), *(Decimal(r[m]) for m in ("total", "basic", "project")))
        for r in rows
    ]
    assert sorted(from_csv) == sorted(stored)
    assert len(stored) > 23 * 3


def test_csv_of_a_view_with_percentages(exported: Path) -> None:
    with (exported / "csv" / "v_expenditure_by_class.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["year"] == "2020" and r["department"] == OFFICE]
    rows.sort(key=lambda r: r["function_code"])
    assert [(r["function_code"], r["class_name"], r["total"], r["share_pct"]) for r in rows] == [
        ("201", "一般公共服务支出", "2647.050000", "74.73"),
        ("208", "社会保障和就业支出", "535.290000", "15.11"),
        ("210", "卫生健康支出", "127.570000", "3.60"),
        ("221", "住房保障支出", "232.370000", "6.56"),
    ]
