"""Structure shares and region roll-ups (figures from the published 2020 report and the truth files)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from lz_pipeline.derived.project import build
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.load import load_document

D = Decimal


def test_each_class_as_share_of_expenditure(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "SELECT function_code, amount, share_pct FROM share_function_class WHERE year = 2020 ORDER BY function_code"
    ).fetchall()
    assert rows == [
        ("201", D("2647.05"), D("74.73")),
        ("208", D("535.29"), D("15.11")),
        ("210", D("127.57"), D("3.60")),
        ("221", D("232.37"), D("6.56")),
    ]


def test_basic_and_project_shares(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "SELECT metric, amount, share_pct FROM share_basic_project WHERE year = 2020 ORDER BY metric"
    ).fetchall()
    assert rows == [("basic", D("2689.78"), D("75.93")), ("project", D("852.50"), D("24.07"))]


def test_three_public_shares_and_budget_completion(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """SELECT part, actual, share_pct, budget, completion_pct FROM share_three_public
           WHERE year = 2020 AND table_kind = 'three_public' ORDER BY part"""
    ).fetchall()
    # 0.31, 78 and 1.53 of 79.84, half-up (the report prints 0.4 / 97.69 / 1.91); 预算数 = 决算数 in the table
    assert rows == [
        ("overseas", D("0.31"), D("0.39"), D("0.31"), D("100.00")),
        ("reception", D("1.53"), D("1.92"), D("1.53"), D("100.00")),
        ("total", D("79.84"), D("100.00"), D("79.84"), D("100.00")),
        ("vehicle", D("78"), D("97.70"), D("78"), D("100.00")),
        ("vehicle_operation", D("78"), D("97.70"), D("78"), D("100.00")),
        ("vehicle_purchase", D("0"), D("0.00"), D("0"), None),
    ]


def test_region_rollups_sum_the_departments(warehouse: duckdb.DuckDBPyConnection) -> None:
    total = warehouse.execute(
        """SELECT region, amount, prev_amount, change, change_pct, departments FROM region_yoy_metric
           WHERE year = 2020 AND metric = 'total'"""
    ).fetchall()
    assert total == [("泸州市", D("3542.28"), D("4187.34"), D("-645.06"), D("-15.41"), 1)]
    classes = warehouse.execute(
        "SELECT function_code, share_pct FROM region_share_function_class WHERE year = 2019 ORDER BY function_code"
    ).fetchall()
    # 2019: 3180.62, 567.45, 135.20, 304.07 of 4187.34
    assert classes == [("201", D("75.96")), ("208", D("13.55")), ("210", D("3.23")), ("221", D("7.26"))]
    three = warehouse.execute(
        "SELECT part, share_pct FROM region_share_three_public WHERE year = 2019 AND part IN ('overseas', 'vehicle')"
        " ORDER BY part"
    ).fetchall()
    assert three == [("overseas", D("36.23")), ("vehicle", D("61.46"))]


def test_regions_come_from_dim_department_when_loaded(tmp_path: Path, normalized_2020: NormalizedDocument) -> None:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        load_document(conn, normalized_2020)
        conn.execute(
            """CREATE TABLE IF NOT EXISTS dim_department (
                   department_id INTEGER, name VARCHAR, level VARCHAR, region VARCHAR, aliases VARCHAR[],
                   note VARCHAR)"""
        )
        # the department list knows the office only by another name, printed as an alias
        conn.execute(
            "INSERT INTO dim_department VALUES (1, '泸州市政府办', '市', '泸州市本级', ['泸州市人民政府办公室'], '')"
        )
    build(path, tests=False, select="+region_metric")
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute("SELECT region, year, amount FROM region_metric WHERE metric = 'total'").fetchall()
    assert rows == [("泸州市本级", 2020, D("3542.28"))]
