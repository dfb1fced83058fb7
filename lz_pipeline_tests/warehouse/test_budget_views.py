"""Budget views on the real 部门预算 of data/real/budgets: figures of their hand-made truth files."""

from __future__ import annotations

from decimal import Decimal as D

import duckdb
import pytest

from lz_pipeline.catalog import BUDGET_FISCAL_INCOME_LABELS
from lz_pipeline.warehouse.schema import create_schema
from lz_pipeline_tests.conftest import CPPCC, WANLI, WELFARE


def test_budget_headline_figures(budget_warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = budget_warehouse.execute(
        "SELECT department, year, total, fiscal, basic, project FROM v_budget_department_year ORDER BY year, department"
    ).fetchall()
    assert rows == [
        # 收支预算总表: 收入合计 9146.79 (one 财政拨款 line 9066.79 + 其他资金 80.00); 支出用途 一、基本支出
        # 5916.27, 二、项目支出 3123.68 (三、单位预留机动经费 106.84 is neither)
        (CPPCC, 2017, D("9146.79"), D("9066.79"), D("5916.27"), D("3123.68")),
        (CPPCC, 2018, D("10150.48"), D("10070.48"), D("5678.17"), D("3314.68")),
        # 收入总计 164,978,640 元, all of it 一、财政拨款收入 (its 1.一般公共预算 is not counted twice)
        (WANLI, 2023, D("16497.864"), D("16497.864"), None, None),
        (WANLI, 2024, D("15621.1123"), D("15621.1123"), None, None),
        # 收入总计 12,121,164 元, 一、财政拨款收入 9,501,164; no 用途 side, but the 支出总计 line splits into
        # 人员经费 7,380,214 + 公用经费 2,120,950 (基本支出) and 项目支出 2,620,000
        (WELFARE, 2024, D("1212.1164"), D("950.1164"), D("950.1164"), D("262")),
    ]


def _budget_summary(income: list[tuple[str, str]]) -> duckdb.DuckDBPyConnection:
    """An empty warehouse holding one budget whose 收支预算总表 has these 收入 lines (label, 万元)."""
    conn = duckdb.connect()
    create_schema(conn)
    conn.execute(
        "INSERT INTO source_document VALUES ('某局', 2020, '预算', 'a.pdf', 'x', [], 'run', ['a.pdf'], ['x'], NULL)"
    )
    for line_no, (item, amount) in enumerate(income, start=1):
        conn.execute(
            "INSERT INTO fact_budget_summary (department, year, document_kind, side, line_no, item, amount)"
            " VALUES ('某局', 2020, '预算', '收入', ?, ?, ?)",
            [line_no, item, D(amount)],
        )
    return conn


def test_the_fiscal_income_of_a_sichuan_budget_is_its_fund_lines() -> None:
    # 泸州市教育和体育局's 2019 部门收支总表 (the sample budget's truth): 财政拨款 is one line per fund
    conn = _budget_summary(
        [
            ("一、一般公共预算拨款收入", "14142.63"),
            ("二、政府性基金预算拨款收入", "573.87"),
            ("三、国有资本经营预算拨款收入", "0"),
            ("四、事业收入", "389.67"),
            ("本年收入合计", "15106.17"),
            ("上年结转", "0"),
            ("收入总计", "15106.17"),
        ]
    )
    assert conn.execute("SELECT total, fiscal FROM v_budget_department_year").fetchall() == [
        (D("15106.17"), D("14716.50"))
    ]


@pytest.mark.parametrize("label", sorted(BUDGET_FISCAL_INCOME_LABELS))
def test_every_fiscal_word_is_matched_behind_its_list_number_and_its_breakdown_never(label: str) -> None:
    conn = _budget_summary([(f"一、{label}", "5.00"), ("1.一般公共预算", "5.00"), ("二、其他收入", "1.00")])
    assert conn.execute("SELECT fiscal FROM v_budget_department_year").fetchall() == [(D("5.00"),)]
