"""Columns are found by their header text over all header rows, never by position."""

from __future__ import annotations

import pytest

from lz_pipeline.catalog import KINDS_BY_KEY
from lz_pipeline.errors import TableShapeError
from lz_pipeline.normalize.headers import header_texts, map_measures

# 政府性基金预算财政拨款收入支出决算表 as lattice returns its header: a span's text in its first column only.
FUND_HEADER = [
    ["项目", "", "", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
    ["支出功能分类科目编码", "", "", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
    ["类", "款", "项", "", "", "", "", "", "", ""],
]


def test_a_span_heads_every_column_under_it() -> None:
    assert header_texts(FUND_HEADER)[4:] == [
        "年初结转和结余",
        "本年收入",
        "本年支出小计",
        "本年支出基本支出",
        "本年支出项目支出",
        "年末结转和结余",
    ]


def test_measures_found_by_text_whatever_their_order() -> None:
    headers = header_texts(FUND_HEADER)
    headers[7], headers[8] = headers[8], headers[7]  # a province printing 项目支出 before 基本支出
    columns = map_measures(KINDS_BY_KEY["government_fund"], headers, first_measure_col=4, data={4, 5, 6, 7, 8, 9})
    assert {c.measure.name: c.index for c in columns} == {
        "opening_balance": 4,
        "income": 5,
        "expenditure": 6,
        "project": 7,
        "basic": 8,
        "closing_balance": 9,
    }


def test_the_two_three_public_header_orders_map_alike() -> None:
    """Sichuan prints 预算数 above 合计 | 因公出国…; the national template 合计 above 预算数 | 决算数."""
    sichuan = header_texts([["预算数", "", "决算数", ""], ["合计", "公务接待费", "合计", "公务接待费"]])
    national = header_texts([["合计", "", "公务接待费", ""], ["预算数", "决算数", "预算数", "决算数"]])
    kind = KINDS_BY_KEY["three_public"]
    optional = tuple(m for m in kind.measures if m.name.endswith(("_total", "_reception")))
    found = [
        {c.measure.name: c.index for c in map_measures(kind, h, 0, set(), measures=optional)}
        for h in (sichuan, national)
    ]
    assert found == [
        {"budget_total": 0, "budget_reception": 1, "actual_total": 2, "actual_reception": 3},
        {"budget_total": 0, "actual_total": 1, "budget_reception": 2, "actual_reception": 3},
    ]


def test_a_measure_without_its_header_is_an_error_not_a_guess() -> None:
    headers = ["科目编码", "科目名称", "合计", "基本支出", "支出"]  # 项目支出 misprinted
    with pytest.raises(TableShapeError, match="no column headed 项目支出"):
        map_measures(KINDS_BY_KEY["general_budget_expenditure"], headers, first_measure_col=2, data={2, 3, 4})


def test_a_column_with_amounts_that_is_no_measure_is_an_error() -> None:
    headers = ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "其他资金"]
    with pytest.raises(TableShapeError, match="a column headed '其他资金' holds amounts but is no measure"):
        map_measures(KINDS_BY_KEY["general_budget_expenditure"], headers, first_measure_col=2, data={2, 3, 4, 5})
