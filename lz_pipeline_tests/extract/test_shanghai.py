"""The real 上海市普陀区财政局 2024 部门决算 (national 9-table format) extracts completely."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document

NATIONAL_TABLES = [
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget_expenditure",
    "general_budget_basic",
    "fiscal_three_public",
    "government_fund",
    "state_capital",
]


@pytest.fixture(scope="module")
def putuo(shanghai_pdf: Path) -> NormalizedDocument:
    return normalize_document(extract_document(shanghai_pdf), "上海市普陀区财政局", 2024)


def _coded(document: NormalizedDocument, kind: str) -> dict[str | None, dict[str, Decimal]]:
    return {r.keys["code"]: r.amounts for r in document.tables[kind].records}


def test_every_table_found_in_print_order_with_pages(putuo: NormalizedDocument) -> None:
    assert list(putuo.tables) == NATIONAL_TABLES
    assert putuo.missing == []
    assert {k: t.pages for k, t in putuo.tables.items() if t.records} == {
        "summary": [6, 7],
        "income": [8, 9],
        "expenditure": [10, 11],
        "fiscal_summary": [12, 13],
        "general_budget_expenditure": [15],
        "general_budget_basic": [16, 17],
        "fiscal_three_public": [18],
    }
    empty = {k: t.empty_note for k, t in putuo.tables.items() if t.empty_note}
    assert empty == {
        "government_fund": "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。",
        "state_capital": "注：上海市普陀区财政局无国有资本经营预算财政拨款支出，故本表无数据。",
    }


def test_income_total_equals_sum_of_classes_within_rounding(putuo: NormalizedDocument) -> None:
    income = _coded(putuo, "income")
    classes = [amounts["total"] for code, amounts in income.items() if code and len(code) == 3]
    assert income[None]["total"] == Decimal("2946.25")
    # Each printed 类 is rounded on its own: the document's sum is 0.01 over, within the 0.01 tolerance.
    assert sum(classes) == Decimal("2946.26")


def test_expenditure_is_basic_plus_project(putuo: NormalizedDocument) -> None:
    total = _coded(putuo, "expenditure")[None]
    assert (total["total"], total["basic"], total["project"]) == (
        Decimal("2940.05"),
        Decimal("2336.91"),
        Decimal("603.14"),
    )
    assert total["basic"] + total["project"] == total["total"]


def test_summary_sides_balance(putuo: NormalizedDocument) -> None:
    lines = {(r.keys["side"], r.keys["item"]): r.amounts["amount"] for r in putuo.tables["summary"].records}
    assert lines[("收入", "总计")] == lines[("支出", "总计")] == Decimal("2995.39")
    assert lines[("收入", "本年收入合计")] == Decimal("2946.25")
    assert lines[("支出", "年末结转和结余")] == Decimal("55.34")


def test_basic_table_split_codes_and_footer(putuo: NormalizedDocument) -> None:
    basic = {r.keys["code"] or r.keys["name"]: r for r in putuo.tables["general_budget_basic"].records}
    assert basic["人员经费合计"].amounts["amount"] + basic["公用经费合计"].amounts["amount"] == Decimal("2336.91")
    assert basic["30108"].keys["name"] == "机关事业单位基本养老保险缴费"  # wrapped over two lines
    assert basic["30231"].keys["name"] == "公务用车运行维护费"  # printed with spaces between characters
    assert basic["30101"].amounts["amount"] == Decimal("262.33")
    assert basic["30101"].keys["category"] == "人员经费" and basic["302"].keys["category"] == "公用经费"


def test_wrapped_list_number_is_put_back(putuo: NormalizedDocument) -> None:
    items = {r.keys["item"]: r.amounts for r in putuo.tables["fiscal_summary"].records if r.keys["side"] == "支出"}
    assert "七、文化旅游体育与传媒支出" in items
    assert items["八、社会保障和就业支出"]["total"] == Decimal("326.71")  # 326.72 in the coded tables: as printed


def test_three_public_interleaved_budget_and_actual(putuo: NormalizedDocument) -> None:
    (row,) = putuo.tables["fiscal_three_public"].records
    assert row.amounts["budget_total"] == row.amounts["budget_reception"] == Decimal("0.95")
    assert row.amounts["actual_total"] == Decimal(0)
