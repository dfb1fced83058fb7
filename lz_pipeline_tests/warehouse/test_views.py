"""Analyst views on the sample corpus: figures of the published report and of the truth files."""

from __future__ import annotations

import copy
from decimal import Decimal as D
from pathlib import Path

import duckdb

from lz_pipeline.derived.project import build
from lz_pipeline.dictionary import model_keys
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.dimensions import load_all_dimensions
from lz_pipeline.warehouse.load import load_document
from lz_pipeline_tests.conftest import OFFICE
from lz_pipeline_tests.warehouse.conftest import SHANGHAI_SPORT


def test_expenditure_by_class_is_the_published_structure(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """SELECT function_code, class_name, total, expenditure_total, share_pct FROM v_expenditure_by_class
           WHERE department = ? AND year = 2020 ORDER BY function_code""",
        [OFFICE],
    ).fetchall()
    # 第二部分 五(二): 2647.05 (74.73%), 535.29 (15.11%), 127.57 (3.6%), 232.37 (6.56%) of 3542.28
    assert rows == [
        ("201", "一般公共服务支出", D("2647.05"), D("3542.28"), D("74.73")),
        ("208", "社会保障和就业支出", D("535.29"), D("3542.28"), D("15.11")),
        ("210", "卫生健康支出", D("127.57"), D("3542.28"), D("3.60")),
        ("221", "住房保障支出", D("232.37"), D("3542.28"), D("6.56")),
    ]


def test_department_year_headline_figures(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """SELECT department, department_id IS NOT NULL, region, department_level, year, total, income_total,
                  expenditure_total, fiscal_total, basic, project, basic_pct, project_pct, personnel, public,
                  three_public, three_public_budget
           FROM v_department_year WHERE year IN (2019, 2020, 2023) ORDER BY year"""
    ).fetchall()
    office = (OFFICE, True, "泸州市", "市")
    assert rows == [
        # 2019 truth narrative: 4187.34; 财政拨款 4186.79; 基本 2902.74 (69.32%), 项目 1284.60 (30.68%);
        # 人员经费 2541.55, 日常公用经费 360.64; 三公 117.15
        (
            *office,
            2019,
            D("4187.34"),
            D("4187.34"),
            D("4187.34"),
            D("4186.79"),
            D("2902.74"),
            D("1284.60"),
            D("69.32"),
            D("30.68"),
            D("2541.55"),
            D("360.64"),
            D("117.15"),
            D("117.15"),
        ),
        # the published 2020 report
        (
            *office,
            2020,
            D("3542.28"),
            D("3542.28"),
            D("3542.28"),
            D("3542.28"),
            D("2689.78"),
            D("852.50"),
            D("75.93"),
            D("24.07"),
            D("2314.60"),
            D("375.18"),
            D("79.84"),
            D("79.84"),
        ),
        # a national-format document: 财政拨款三公 table, 决算 5.41 of 预算 8.78
        (
            SHANGHAI_SPORT,
            True,
            "上海市普陀区",
            "区县",
            2023,
            D("3039.13"),
            D("3039.13"),
            D("3039.13"),
            D("3039.13"),
            D("1401.73"),
            D("1637.40"),
            D("46.12"),
            D("53.88"),
            D("1135.40"),
            D("266.33"),
            D("5.41"),
            D("8.78"),
        ),
    ]


def test_hierarchy_gaps_are_the_published_rounding_differences(warehouse: duckdb.DuckDBPyConnection) -> None:
    """The 2020 report prints 行政事业单位养老 535.29 and 行政事业单位医疗 127.57, but its 项 add up to
    345.15 + 126.98 + 63.17 = 535.30 and 92.98 + 8.48 + 20.88 + 5.24 = 127.58: stored as printed, shown here."""
    gaps = warehouse.execute(
        """SELECT DISTINCT department, year, parent_level, parent_code, parent_amount, children_sum, difference,
                  children, status
           FROM v_hierarchy_gaps ORDER BY parent_code"""
    ).fetchall()
    assert gaps == [
        (OFFICE, 2020, 2, "20805", D("535.29"), D("535.30"), D("-0.01"), 3, "mismatch"),
        (OFFICE, 2020, 2, "21011", D("127.57"), D("127.58"), D("-0.01"), 4, "mismatch"),
    ]
    tables = warehouse.execute(
        "SELECT DISTINCT fact_table FROM v_hierarchy_gaps WHERE measure = 'total' ORDER BY 1"
    ).fetchall()
    assert tables == [
        ("fact_expenditure",),
        ("fact_fiscal_expenditure_detail",),
        ("fact_general_budget_expenditure",),
        ("fact_income",),
    ]
    # every 类 of 2020 sums to the 合计 row: 2647.05 + 535.29 + 127.57 + 232.37 = 3542.28
    total = warehouse.execute(
        """SELECT parent_amount, children_sum, children, status FROM v_hierarchy_check
           WHERE department = ? AND year = 2020 AND fact_table = 'fact_expenditure' AND measure = 'total'
             AND parent_level = 0""",
        [OFFICE],
    ).fetchall()
    assert total == [(D("3542.28"), D("3542.28"), 4, "ok")]


def test_basic_expenditure_blocks_check_against_their_own_totals(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """SELECT category, parent_amount, children_sum, status FROM v_hierarchy_check
           WHERE department = ? AND year = 2020 AND fact_table = 'fact_basic_expenditure' AND parent_level = 0
           ORDER BY category""",
        [OFFICE],
    ).fetchall()
    # 人员经费 2314.60 = 工资福利支出 1911.00 + 对个人和家庭的补助 403.60; 公用经费 375.18 = 商品和服务支出
    assert rows == [("人员经费", D("2314.60"), D("2314.60"), "ok"), ("公用经费", D("375.18"), D("375.18"), "ok")]


def test_corpus_codes_are_all_known_and_20805_is_printed_under_its_later_name(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    assert warehouse.execute("SELECT count(*) FROM v_unknown_codes").fetchall() == [(0,)]
    differences = warehouse.execute(
        """SELECT DISTINCT year, code, printed_name, list_name FROM v_code_name_differences
           WHERE department = ? ORDER BY year""",
        [OFFICE],
    ).fetchall()
    assert differences == [
        (2019, "20805", "行政事业单位养老支出", "行政事业单位离退休"),
        (2020, "20805", "行政事业单位养老支出", "行政事业单位离退休"),
    ]


def test_unknown_codes_are_flagged_not_dropped(tmp_path: Path, normalized_2020: NormalizedDocument) -> None:
    invented = copy.deepcopy(normalized_2020)
    row = next(r for r in invented.tables["expenditure"].records if r.keys["code"] == "2010350")
    row.keys["code"] = "2010398"  # not a code of any edition
    older = copy.deepcopy(normalized_2020)
    older.year, older.source_sha256, older.files = 2018, "0" * 64, ()  # the list vouches for them from 2019
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load_all_dimensions(conn)
        load_document(conn, invented)
        load_document(conn, older)
    build(tmp_path / "w.duckdb", tests=False, select="+v_unknown_codes")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        flagged = conn.execute(
            "SELECT year, code, printed_name, reason FROM v_unknown_codes WHERE fact_table = 'fact_expenditure'"
            " AND code IN ('2010398', '2010301', '201') ORDER BY year, code"
        ).fetchall()
        kept = conn.execute(
            "SELECT total FROM fact_expenditure WHERE year = 2020 AND function_code = '2010398'"
        ).fetchall()
    assert flagged == [
        (2018, "2010301", "行政运行", "not valid in this year's edition"),
        (2020, "2010398", "事业运行", "not in the code list"),
    ]  # 201 is a 类 of every edition since 2015
    assert kept == [(D("164.46"),)]


def test_codes_are_flagged_when_the_code_lists_are_not_loaded(
    tmp_path: Path, normalized_2020: NormalizedDocument
) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load_document(conn, normalized_2020)
    build(tmp_path / "w.duckdb", tests=False, select="+v_unknown_codes")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        flagged = conn.execute(
            """SELECT code_kind, reason, count(DISTINCT code) FROM v_unknown_codes
               WHERE fact_table IN ('fact_expenditure', 'fact_general_budget_expenditure_detail') GROUP BY ALL
               ORDER BY code_kind"""
        ).fetchall()
    reason = "code list not loaded (materialize the dim_* assets)"
    # 支出决算表: 4 类 + 5 款 + 13 项; 经济分类 明细表: 4 类 + 32 款
    assert flagged == [("economic", reason, 36), ("function", reason, 22)]


def test_every_view_and_column_is_described(warehouse: duckdb.DuckDBPyConnection) -> None:
    views = {name for name, keys in model_keys().items() if name.startswith("v_")}
    undocumented = warehouse.execute(
        """SELECT table_name, column_name FROM duckdb_columns()
           WHERE (table_name LIKE 'v\\_%' ESCAPE '\\' OR table_name LIKE 'dim\\_%' ESCAPE '\\'
                  OR table_name LIKE 'fact\\_%' ESCAPE '\\') AND coalesce(comment, '') = ''"""
    ).fetchall()
    assert undocumented == []
    described = warehouse.execute("SELECT view_name FROM duckdb_views() WHERE comment IS NOT NULL").fetchall()
    assert views <= {name for (name,) in described}
