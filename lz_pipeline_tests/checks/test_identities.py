"""The accounting identities on the sample corpus, and on copies with one figure changed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from lz_pipeline.checks.identities import TOLERANCE_PER_CELL, check_document, discrepancies_markdown
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, Record, normalize_document
from lz_pipeline_tests.conftest import sample_identity, sample_pdfs

D = Decimal


def _row(doc: NormalizedDocument, table: str, **keys: object) -> Record:
    return next(r for r in doc.tables[table].records if all(r.keys.get(k) == v for k, v in keys.items()))


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda p: "/".join(map(str, sample_identity(p))))
def test_every_sample_document_passes_every_identity(pdf: Path) -> None:
    year, department = sample_identity(pdf)
    doc = normalize_document(extract_document(pdf), department, year)
    results = check_document(doc)
    failed = {name: discrepancies_markdown(r) for name, r in results.items() if not r.passed}
    assert failed == {}
    assert all(r.compared > 0 for r in results.values())


def test_published_one_cent_gap_is_within_tolerance(normalized_2020: NormalizedDocument) -> None:
    # The 2020 report prints 208 社会保障和就业 535.29 over 项 of 345.15 + 126.98 + 63.17 = 535.30.
    parent = _row(normalized_2020, "expenditure", code="208")
    items = [_row(normalized_2020, "expenditure", code=c) for c in ("2080504", "2080505", "2080506")]
    assert parent.amounts["total"] == D("535.29")
    assert sum(r.amounts["total"] for r in items) == D("535.30")
    assert D("0.01") == TOLERANCE_PER_CELL
    assert check_document(normalized_2020)["code_hierarchy_sums"].passed


def _add(doc: NormalizedDocument, table: str, measure: str, delta: str, **keys: object) -> None:
    _row(doc, table, **keys).amounts[measure] += D(delta)


def _summary_grand_total(doc: NormalizedDocument) -> None:
    _add(doc, "summary", "amount", "0.10", side="支出", item="总计")  # 3542.28 → 3542.38


def _summary_income_source(doc: NormalizedDocument) -> None:
    _add(doc, "summary", "amount", "-2", side="收入", item="一、一般公共预算财政拨款收入")  # 3542.28 → 3540.28


def _income_item(doc: NormalizedDocument) -> None:
    for measure in ("total", "fiscal_appropriation"):  # the row still adds up; 20103 no longer does
        _add(doc, "income", measure, "1", code="2010301")


def _economic_detail_total(doc: NormalizedDocument) -> None:
    for code in ("30101", "301", None):  # the hierarchy still adds up; 合计 ≠ 基本 + 项目 in three rows
        _add(doc, "general_budget_expenditure_detail", "total", "1", code=code)


def _personnel_footer(doc: NormalizedDocument) -> None:
    _add(doc, "general_budget_basic", "amount", "1", code="30101")
    _add(doc, "general_budget_basic", "amount", "1", code="301")
    _add(doc, "general_budget_basic", "amount", "1", name="人员经费合计")  # 2314.60 → 2315.60


def _reception(doc: NormalizedDocument) -> None:
    doc.tables["three_public"].records[0].amounts["actual_reception"] += D("1")  # 1.53 → 2.53


def _project_table(doc: NormalizedDocument) -> None:
    for code in ("30202", "302", None):  # 项目支出决算表 adds up, but its 合计 852.50 → 853.50
        _add(doc, "general_budget_project", "amount", "1", code=code)


BROKEN: list[tuple[Callable[[NormalizedDocument], None], str, list[tuple[str, str, str]]]] = [
    (
        _summary_grand_total,
        "summary_totals_balance",
        [("收入 总计 = 支出 总计", "3542.38", "3542.28"), ("支出 总计 (amount)", "3542.38", "3542.28")],
    ),
    (_summary_income_source, "summary_lines_add_up", [("收入 本年收入合计 (amount)", "3542.28", "3540.28")]),
    (
        _income_item,
        "code_hierarchy_sums",
        [
            ("20103 政府办公厅（室）及相关机构事务 = Σ 3 rows below (total)", "2642.30", "2643.30"),
            ("20103 政府办公厅（室）及相关机构事务 = Σ 3 rows below (fiscal_appropriation)", "2642.30", "2643.30"),
        ],
    ),
    (
        _economic_detail_total,
        "row_columns_add_up",
        [
            ("合计: total = basic + project", "3543.28", "3542.28"),
            ("301 工资福利支出: total = basic + project", "1912.00", "1911.00"),
            ("30101 基本工资: total = basic + project", "521.36", "520.36"),
        ],
    ),
    (
        _personnel_footer,
        "basic_expenditure_split",
        [
            (
                "一般公共预算财政拨款支出决算表 合计 基本支出 = 基本支出决算表 人员经费 + 公用经费",
                "2689.78",
                "2690.78",
            ),
            (
                "一般公共预算财政拨款支出决算明细表 合计 基本支出 = 基本支出决算表 人员经费 + 公用经费",
                "2689.78",
                "2690.78",
            ),
        ],
    ),
    (_reception, "three_public_sums", [("actual: 合计 = 出国 + 车辆 + 接待", "79.84", "80.84")]),
    (
        _project_table,
        "cross_table_totals",
        [("一般公共预算财政拨款支出决算表 项目支出 = 项目支出决算表 合计", "852.50", "853.50")],
    ),
]


@pytest.mark.parametrize(("breaker", "check", "expected"), BROKEN, ids=[b[1] for b in BROKEN])
def test_one_changed_figure_fails_exactly_its_identity(
    normalized_2020: NormalizedDocument,
    breaker: Callable[[NormalizedDocument], None],
    check: str,
    expected: list[tuple[str, str, str]],
) -> None:
    doc = copy.deepcopy(normalized_2020)
    breaker(doc)
    results = check_document(doc)
    assert [name for name, r in results.items() if not r.passed] == [check]
    found = [(d.where, d.printed, d.computed) for d in results[check].discrepancies]
    assert sorted(found) == sorted((w, D(p), D(c)) for w, p, c in expected)
    assert check_document(normalized_2020)[check].passed  # the shared fixture is untouched
