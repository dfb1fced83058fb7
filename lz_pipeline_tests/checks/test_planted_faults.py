"""Faults planted in a correct document must fail a blocking identity: none passes by comparing nothing."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from lz_pipeline.checks.identities import check_document
from lz_pipeline.normalize.tables import NormalizedDocument


@pytest.fixture
def doc(normalized_2020: NormalizedDocument) -> NormalizedDocument:
    return copy.deepcopy(normalized_2020)


def failed(doc: NormalizedDocument) -> list[str]:
    return sorted(name for name, result in check_document(doc).items() if not result.passed)


def test_the_correct_document_passes_every_identity_and_each_compares_something(doc: NormalizedDocument) -> None:
    results = check_document(doc)
    assert failed(doc) == []
    assert {name: r.not_applicable for name, r in results.items() if not r.compared} == {}


def test_totals_renamed_with_1000_added_to_one_side(doc: NormalizedDocument) -> None:
    for record in doc.tables["summary"].records:
        if record.keys["item"] == "总计":
            record.keys["item"] = "收入总计" if record.keys["side"] == "收入" else "支出总计"
            if record.keys["side"] == "支出":
                record.amounts["amount"] += Decimal(1000)
    assert failed(doc) == ["summary_totals_balance"]
    result = check_document(doc)["summary_totals_balance"]
    assert result.compared == 9  # still every comparison: the aliases pair 收入总计 with 支出总计
    assert {d.where for d in result.discrepancies} == {"收入 总计 = 支出 总计", "支出 总计 (amount)"}


def test_every_kuan_and_xiang_row_of_the_expenditure_table_dropped(doc: NormalizedDocument) -> None:
    table = doc.tables["expenditure"]
    table.records = [r for r in table.records if r.keys["level"] <= 1]
    assert failed(doc) == ["code_hierarchy_sums"]
    unpaired = check_document(doc)["code_hierarchy_sums"].unpaired
    assert unpaired == [
        "支出决算表: 201 一般公共服务支出 has no rows below it",
        "支出决算表: 208 社会保障和就业支出 has no rows below it",
        "支出决算表: 210 卫生健康支出 has no rows below it",
        "支出决算表: 221 住房保障支出 has no rows below it",
    ]


def test_basic_and_project_columns_of_the_expenditure_table_swapped(doc: NormalizedDocument) -> None:
    for record in doc.tables["expenditure"].records:
        a = record.amounts
        a["basic"], a["project"] = a["project"], a["basic"]
    assert failed(doc) == ["cross_table_totals"]
    worst = check_document(doc)["cross_table_totals"].discrepancies[0]
    # 2010301 行政运行 is all 基本支出: 1630.09 of 一般公共预算 funds cannot sit in a 基本支出 of 0.
    assert (worst.where, worst.printed, worst.computed) == (
        "合计: 一般公共预算 basic ≤ 支出决算表 basic",
        Decimal("2689.78"),
        Decimal("852.50"),
    )


def _yuan_table(parent_yuan: int, children_yuan: list[int]) -> NormalizedDocument:
    from lz_pipeline.normalize.cells import to_wanyuan
    from lz_pipeline.normalize.tables import NormalizedTable, Record

    def row(code: str | None, level: int, yuan: int) -> Record:
        amount = to_wanyuan(Decimal(yuan), "元")
        keys = {"code": code, "name": code or "合计", "level": level}
        return Record(keys, {"total": amount, "basic": amount, "project": Decimal(0)}, 10, 1)

    table = NormalizedTable("general_budget_expenditure", "一般公共预算财政拨款支出决算表", "元", "words", [10], None)
    table.decimals = 0  # whole 元, as printed
    table.records = [row(None, 0, parent_yuan), row("201", 1, parent_yuan), row("20101", 2, parent_yuan)]
    table.records += [row(f"20101{i + 1:02d}", 3, y) for i, y in enumerate(children_yuan)]
    return NormalizedDocument("某局", 2024, "x.pdf", "0", {table.kind_key: table}, [], {})


def test_whole_yuan_tables_tolerate_one_yuan_per_summed_cell() -> None:
    from lz_pipeline.checks.identities import code_hierarchy_sums

    assert _yuan_table(100_001, [100_001]).tables["general_budget_expenditure"].quantum == Decimal("0.0001")
    exact = code_hierarchy_sums(_yuan_table(300_001, [100_001, 100_000, 100_000]))
    two_off = code_hierarchy_sums(_yuan_table(300_002, [100_000, 100_000, 100_000]))
    assert exact.passed
    # 300,002 元 printed over three 项 of 100,000 元: 2 元 off is within 3 × 1 元; over 3 元 it is not.
    assert two_off.passed
    too_far = code_hierarchy_sums(_yuan_table(300_004, [100_000, 100_000, 100_000]))
    assert [(d.printed, d.computed, d.tolerance) for d in too_far.discrepancies if d.cells == 3][:1] == [
        (Decimal("30.0004"), Decimal("30.0000"), Decimal("0.0003"))
    ]
