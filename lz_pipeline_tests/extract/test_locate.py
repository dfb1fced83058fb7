"""The text pass: tables found by title (not page number), with continuation pages, units and empty notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from lz_pipeline.catalog import match_title
from lz_pipeline.extract.locate import PageText, locate, locate_tables
from lz_pipeline_tests.conftest import OFFICE_2020


def test_office_2020_page_map() -> None:
    layout = locate(OFFICE_2020)
    assert len(layout.pages) == 22
    assert layout.narrative_pages == [1, 2, 3, 4, 5]
    assert [(t.kind.key, t.pages) for t in layout.tables] == [
        ("summary", [6, 7]),
        ("income", [8]),
        ("expenditure", [9]),
        ("fiscal_summary", [10, 11]),
        ("fiscal_expenditure_detail", [12]),
        ("general_budget_expenditure", [13]),
        ("general_budget_expenditure_detail", [14, 15]),
        ("general_budget_basic", [16]),
        ("general_budget_project", [17]),
        ("three_public", [18]),
        ("government_fund", [19]),
        ("government_fund_three_public", [20]),
        ("state_capital", [21]),
        ("state_capital_expenditure", [22]),
    ]
    assert {t.unit for t in layout.tables} == {"万元"}
    assert [t.kind.key for t in layout.tables if t.is_empty] == [
        "government_fund",
        "government_fund_three_public",
        "state_capital",
        "state_capital_expenditure",
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("收入支出决算总表", "summary"),
        ("财政拨款收入支出决算总表", "fiscal_summary"),  # never taken for its tail 收入支出决算总表
        ("泸州市人民政府办公室2020年度支出决算表", "expenditure"),
        ("公开03表 支出决算表", "expenditure"),
        ("三、支 出 决 算 表", "expenditure"),
        ('一般公共预算财政拨款"三公"经费支出决算表', "three_public"),
        ("一般公共预算财政拨款「三公」经费支出决算表", "three_public"),
        ("财政拨款“三公”经费支出决算表", "fiscal_three_public"),
        ("政府性基金预算财政拨款“三公”经费支出决算表", "government_fund_three_public"),
        ("附表1：收入支出决算总表", "summary"),
        ("收入支出决算总表（公开01表）", "summary"),  # the label after the title
        ("收入支出决算总表(公开01表)", "summary"),
        ("泸州市财政局收入支出决算总表", "summary"),  # a department prefix without a year
        ("表一 收入支出决算总表", "summary"),
        ("财政拨款收支决算总表", "fiscal_summary"),  # the national template's wording
        ("收支决算总表", "summary"),
        ("财政拨款“三公”经费支出决算表说明", None),
        ("一般公共预算财政拨款“三公”经费支出决算表（续）", None),
        ("二、收入决算情况说明", None),
        ("2020年本年支出合计3542.28万元，详见支出决算表", None),
    ],
)
def test_title_matching(line: str, kind: str | None) -> None:
    found = match_title(line)
    assert (found.key if found else None) == kind


def test_table_of_contents_is_not_a_table() -> None:
    toc = PageText(2, ("目 录", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表"))
    table = PageText(3, ("公开02表", "收入决算表", "部门：某局 单位：元", "项目 本年收入合计"))
    found = locate_tables([toc, table])
    assert [(t.kind.key, t.title_page, t.unit) for t in found] == [("income", 3, "元")]


def test_prose_closes_a_table_and_numbers_continue_it() -> None:
    pages = [
        PageText(1, ("收入决算表", "单位：万元", "项目 本年收入合计", "201 一般公共服务支出 2,647.05")),
        PageText(2, ("2210201 住房公积金 173.92",)),
        PageText(3, ("第三部分 名词解释", "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。")),
    ]
    (income,) = locate_tables(pages)
    assert income.pages == [1, 2]


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("单位：万元", "万元"),
        ("单位: 万 元", "万元"),
        ("金额单位：万元", "万元"),
        ("单位（万元）", "万元"),
        ("部门：某局 单位：元", "元"),
    ],
)
def test_unit_line_variants(line: str, unit: str) -> None:
    page = PageText(1, ("收入决算表", line, "项目 本年收入合计"))
    assert [t.unit for t in locate_tables([page])] == [unit]


def test_a_title_split_by_the_text_layer_is_joined() -> None:
    """pdfium returns 收入支出决算总 and 表 as two lines where poppler prints one."""
    page = PageText(6, ("收入支出决算总", "表", "单位：万元", "项目 决算数 项目 决算数"))
    (table,) = locate_tables([page])
    assert (table.kind.key, table.title_line, table.title_lines) == (
        "summary",
        "收入支出决算总表",
        ("收入支出决算总", "表"),
    )


def test_whole_yuan_continuation_pages_without_decimals_continue_the_table() -> None:
    pages = [
        PageText(1, ("支出决算表", "单位：元", "项目 本年支出合计", "201 一般公共服务支出 16,497,864")),
        PageText(2, ("2010301 行政运行 1630090 1630090",)),
    ]
    (expenditure,) = locate_tables(pages)
    assert expenditure.pages == [1, 2]


def test_pages_after_the_tables_are_narrative(shanghai_pdf: Path) -> None:
    # 1–5 cover, contents and 概况; 14 blank; 21–25 第三部分 情况说明 and 第四部分 名词解释, after the tables
    assert locate(shanghai_pdf).narrative_pages == [1, 2, 3, 4, 5, 14, 21, 22, 23, 24, 25]
