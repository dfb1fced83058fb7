"""Year-over-year at every level, exact half-up percentages (figures from the published 2020 report)."""

from __future__ import annotations

import tempfile
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from lz_pipeline.derived.project import build
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.code_changes import CodeChange, refresh_code_map
from lz_pipeline.warehouse.database import create_schema
from lz_pipeline_tests.analytics.conftest import build_warehouse, with_code
from lz_pipeline_tests.conftest import CPPCC, OFFICE, WANLI, WELFARE

D = Decimal


def _metric(conn: duckdb.DuckDBPyConnection, year: int, metric: str) -> tuple:
    return conn.execute(
        "SELECT amount, prev_amount, change, change_pct, status FROM yoy_metric WHERE year = ? AND metric = ?",
        [year, metric],
    ).fetchall()[0]


def test_headline_yoy_2020_matches_the_published_report(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert _metric(warehouse, 2020, "total") == (D("3542.28"), D("4187.34"), D("-645.06"), D("-15.41"), "both")
    assert _metric(warehouse, 2020, "fiscal_total") == (D("3542.28"), D("4186.79"), D("-644.51"), D("-15.39"), "both")
    assert _metric(warehouse, 2020, "three_public_vehicle")[2:4] == (D("6"), D("8.33"))
    assert _metric(warehouse, 2020, "three_public_overseas")[:4] == (D("0.31"), D("42.44"), D("-42.13"), D("-99.27"))
    assert _metric(warehouse, 2020, "operating_cost")[:4] == (D("375.18"), D("360.64"), D("14.54"), D("4.03"))
    # 公务接待 1.53 against 2.71: −1.18, −43.54% (the published text says −43.58%)
    assert _metric(warehouse, 2020, "three_public_reception")[2:4] == (D("-1.18"), D("-43.54"))
    # 三公 total 79.84 against 42.44 + 72 + 2.71 = 117.15
    assert _metric(warehouse, 2020, "three_public_total")[:4] == (D("79.84"), D("117.15"), D("-37.31"), D("-31.85"))
    # 购置 0 in both years: change 0, percentage undefined rather than a division error
    assert _metric(warehouse, 2020, "three_public_vehicle_purchase")[2:4] == (D("0"), None)


def test_every_headline_metric_has_a_row_per_year(warehouse: duckdb.DuckDBPyConnection) -> None:
    per_year = warehouse.execute("SELECT year, count(*) FROM yoy_metric GROUP BY year ORDER BY year").fetchall()
    assert per_year == [(2019, 20), (2020, 20)]
    assert _metric(warehouse, 2019, "total") == (D("4187.34"), None, None, None, "no_prior_document")
    assert _metric(warehouse, 2020, "personnel")[:2] == (D("2314.60"), D("2541.55"))
    assert _metric(warehouse, 2020, "public")[:2] == (D("375.18"), D("360.64"))
    assert _metric(warehouse, 2020, "basic")[:2] == (D("2689.78"), D("2902.74"))
    assert _metric(warehouse, 2020, "project")[:2] == (D("852.50"), D("1284.60"))


def test_yoy_department_total_keeps_its_columns(warehouse: duckdb.DuckDBPyConnection) -> None:
    columns = [c[0] for c in warehouse.execute("DESCRIBE yoy_department_total").fetchall()]
    assert columns == ["department", "year", "total", "prev_total", "change", "change_pct"]
    rows = warehouse.execute("SELECT * FROM yoy_department_total ORDER BY year").fetchall()
    assert rows == [
        (OFFICE, 2019, D("4187.34"), None, None, None),
        (OFFICE, 2020, D("3542.28"), D("4187.34"), D("-645.06"), D("-15.41")),
    ]


def test_function_codes_at_every_level(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """SELECT function_code, level, total, prev_total, change, change_pct FROM yoy_function_code
           WHERE year = 2020 AND function_code IN ('201', '20103', '2010302', '2210201') ORDER BY function_code"""
    ).fetchall()
    assert rows == [
        ("201", 1, D("2647.05"), D("3180.62"), D("-533.57"), D("-16.78")),
        ("20103", 2, D("2642.30"), D("3174.97"), D("-532.67"), D("-16.78")),
        ("2010302", 3, D("847.75"), D("1278.95"), D("-431.20"), D("-33.72")),
        ("2210201", 3, D("173.92"), D("168.52"), D("5.40"), D("3.20")),
    ]
    levels = warehouse.execute(
        "SELECT level, count(*) FROM yoy_function_code WHERE year = 2020 GROUP BY level ORDER BY level"
    ).fetchall()
    assert levels == [(1, 4), (2, 5), (3, 13)]


def test_a_code_in_only_one_year_gets_null_percentage(
    tmp_path: Path, normalized_2019: NormalizedDocument, normalized_2020: NormalizedDocument
) -> None:
    path = tmp_path / "w.duckdb"
    build_warehouse(path, with_code(normalized_2019, "2010350", "2010399"), normalized_2020)
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute(
            """SELECT year, function_code, total, prev_total, change, change_pct, status FROM yoy_function_code
               WHERE function_code IN ('2010350', '2010399') ORDER BY year, function_code"""
        ).fetchall()
    assert rows == [
        (2019, "2010399", D("193.66"), None, None, None, "no_prior_document"),
        (2020, "2010350", D("164.46"), None, D("164.46"), None, "new"),
        (2020, "2010399", None, D("193.66"), D("-193.66"), None, "dropped"),
    ]


def test_a_renamed_code_is_compared_through_the_mapping(
    tmp_path: Path, normalized_2019: NormalizedDocument, normalized_2020: NormalizedDocument
) -> None:
    path = tmp_path / "w.duckdb"
    mapping = (CodeChange("2010399", "2010350", 2020, "test: 事业运行 recoded"),)
    build_warehouse(
        path,
        with_code(normalized_2019, "2010350", "2010399"),
        normalized_2020,
        refresh=lambda p: _with_mapping(p, mapping),
    )
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute(
            """SELECT function_code, prev_codes, total, prev_total, change, change_pct, status FROM yoy_function_code
               WHERE year = 2020 AND function_code IN ('2010350', '2010399')"""
        ).fetchall()
    assert rows == [("2010350", "2010399", D("164.46"), D("193.66"), D("-29.20"), D("-15.08"), "both")]


@settings(max_examples=200, deadline=None)
@given(
    num=st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
    den=st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
    places=st.integers(min_value=0, max_value=4),
)
def test_sql_rounding_is_exact_half_up(num: Decimal, den: Decimal, places: int) -> None:
    """The macros against Python's exact decimal arithmetic (ROUND_HALF_UP: away from zero on a tie)."""
    conn = _macros()
    got = conn.execute(
        "SELECT pct_half_up(?::DECIMAL(20,6), ?::DECIMAL(20,6)), div_half_up(?::DECIMAL(20,6), ?::DECIMAL(20,6), ?)",
        [num, den, num, den, places],
    ).fetchall()[0]
    if den == 0:
        assert got == (None, None)
        return
    with localcontext() as context:
        context.prec = 60
        pct = (100 * num / den).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        ratio = (num / den).quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert got == (pct, ratio)


def _with_mapping(path: Path, mapping: tuple[CodeChange, ...]) -> None:
    with duckdb.connect(str(path)) as conn:
        refresh_code_map(conn, mapping)
    build(path, tests=False, select="+yoy_function_code")


@cache
def _macros() -> duckdb.DuckDBPyConnection:
    """The warehouse's own pct_half_up and div_half_up (created by the dbt project's on-run-start hook from the
    same Jinja macros as the models'), on an otherwise empty warehouse."""
    folder = Path(tempfile.mkdtemp(prefix="macros"))
    with duckdb.connect(str(folder / "w.duckdb")) as conn:
        create_schema(conn)
    build(folder / "w.duckdb", tests=False, select="metric_value")
    return duckdb.connect(str(folder / "w.duckdb"), read_only=True)


def test_budget_total_against_the_year_before(budget_warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = budget_warehouse.execute("SELECT * FROM yoy_budget_total ORDER BY department, year").fetchall()
    assert rows == [
        # 收入总计 156,211,123 元 (2024) against 164,978,640 元 (2023): −8,767,517 元, −5.3144…%
        (WANLI, 2023, D("16497.864"), None, None, None),
        (WANLI, 2024, D("15621.1123"), D("16497.864"), D("-876.7517"), D("-5.31")),
        (WELFARE, 2024, D("1212.1164"), None, None, None),
        # 收入合计 10,150.48 (2018) against 9,146.79 (2017): +1,003.69, +10.973…%
        (CPPCC, 2017, D("9146.79"), None, None, None),
        (CPPCC, 2018, D("10150.48"), D("9146.79"), D("1003.69"), D("10.97")),
        # the 2020 budget's narrative: 收入预算总计3542.30万元 … 与2019年相比 … 减少689.97万元，下降16.30%
        (OFFICE, 2019, D("4232.27"), None, None, None),
        (OFFICE, 2020, D("3542.30"), D("4232.27"), D("-689.97"), D("-16.30")),
        (OFFICE, 2022, D("3494.39"), None, None, None),  # no 2021 budget loaded
    ]
