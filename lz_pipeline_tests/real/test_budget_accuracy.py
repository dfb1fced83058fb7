"""Extraction of the real 部门预算 in data/real/budgets against their hand-made truth files, cell by cell.

Every PDF of every department-year is extracted. A text-only PDF (the 说明 of a department that publishes its
tables apart) has no table and fails cleanly with NotAJuesuan. A table of a supported kind either loads and
matches its truth in every cell, or is quarantined with the reason listed in QUARANTINED: never loaded wrong.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from lz_pipeline.catalog import INCOME_SIDE, KINDS_BY_KEY, USE_SIDE, DocumentKind, document_kind_of, guess_family
from lz_pipeline.checks.identities import check_document
from lz_pipeline.extract.errors import NotAJuesuan
from lz_pipeline.extract.raw import RawDocument
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline_tests.conftest import REAL
from lz_pipeline_tests.truth import actual_records, cell_score, expected_records

BUDGETS = REAL / "budgets"
# truth kind → catalogue kind: the catalogue's general_budget_expenditure is the 决算 one.
SUPPORTED = {
    "budget_summary": "budget_summary",
    "fiscal_budget_summary": "fiscal_budget_summary",
    "general_budget_expenditure": "budget_general_expenditure",
}
# (department folder, year, kind) → what the quarantine reason says: tables no reader proves today.
QUARANTINED = {
    # Every label wrapped in narrow cells over three pages, 当 年 收 入 | 小计 split by the page break: the
    # grids of pages 8 and 9 lose the 总计 lines.
    (
        "江苏省人大办公厅",
        2017,
        "budget_summary",
    ): "lattice-vector: does not add up: 收支预算总表: 总计 line on neither side",
    # Title and header on one page, the rows on the next: the title page's grid is the header alone.
    ("江苏省高级人民法院", 2017, "fiscal_budget_summary"): "lattice-vector: does not parse: no header row with 项目",
    ("江苏省高级人民法院", 2018, "fiscal_budget_summary"): "lattice-vector: does not parse: no header row with 项目",
}


def _truth(folder: Path) -> dict:
    return yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))


FOLDERS = sorted(p.parent for p in BUDGETS.glob("*/*/*/truth.yaml"))
PDFS = [pdf for folder in FOLDERS for pdf in sorted(folder.glob("*.pdf"))]


def _contains(pdf: Path) -> dict[str, list[int]]:
    entry = next(f for f in _truth(pdf.parent)["files"] if f["file"] == pdf.name)
    return entry.get("contains") or {}


@cache
def _extracted(pdf: Path) -> RawDocument:
    return extract_document(pdf)


@cache
def _document(pdf: Path) -> NormalizedDocument:
    truth = _truth(pdf.parent)
    return normalize_document(_extracted(pdf), truth["department"], truth["year"])


def test_every_department_year_is_here() -> None:
    assert len(FOLDERS) == 13
    assert len(PDFS) == 17


@pytest.mark.parametrize("pdf", [p for p in PDFS if not _contains(p)], ids=lambda p: p.stem)
def test_a_text_only_pdf_fails_cleanly(pdf: Path) -> None:
    with pytest.raises(NotAJuesuan, match="has a table title and unit line"):
        extract_document(pdf)


@pytest.mark.parametrize("pdf", [p for p in PDFS if _contains(p)], ids=lambda p: p.stem)
def test_a_budget_is_read_as_a_budget(pdf: Path) -> None:
    raw = _extracted(pdf)
    assert (raw.family, raw.document_kind) == ("budget", DocumentKind.BUDGET)
    assert {KINDS_BY_KEY[t.kind_key].document_kind for t in raw.tables} == {DocumentKind.BUDGET}
    assert raw.missing == []


CASES = [
    (pdf, kind)
    for pdf in PDFS
    for kind in SUPPORTED
    if kind in _contains(pdf)  # the file the truth says holds the table
]


@pytest.mark.parametrize(
    ("pdf", "truth_kind"), CASES, ids=lambda v: f"{v.parent.name}-{v.parent.parent.name}" if isinstance(v, Path) else v
)
def test_table_matches_truth_cell_for_cell(pdf: Path, truth_kind: str) -> None:
    truth = _truth(pdf.parent)
    kind_key = SUPPORTED[truth_kind]
    raw_table = next(t for t in _extracted(pdf).tables if t.kind_key == kind_key)
    assert raw_table.located_pages == _contains(pdf)[truth_kind]
    known = QUARANTINED.get((pdf.parent.name, truth["year"], truth_kind))
    document = _document(pdf)
    status = next(s for s in document.statuses if s.kind_key == kind_key)
    label = f"{pdf.parent.name} {truth['year']} {truth_kind}"
    if known is not None:
        print(f"\n{label}: quarantined: {status.reason}")
        assert status.status == "quarantined"
        assert known in status.reason and pdf.name in status.reason
        assert kind_key not in document.tables
        return
    assert status.status == "loaded", status.reason
    table = truth["tables"][truth_kind]
    right, total, diffs = cell_score(expected_records(kind_key, table), actual_records(document.tables[kind_key]))
    print(f"\n{label}: reader {status.reader}, coverage {status.coverage}, cell accuracy {right}/{total}")
    assert diffs == []
    assert right == total


@pytest.mark.parametrize(
    ("folder", "year", "label", "amount"),
    [
        ("江苏省政协办公厅", 2017, "收入合计", Decimal("9146.79")),
        ("江苏省政协办公厅", 2018, "收入合计", Decimal("10150.48")),
        ("上海市普陀区万里街道办事处", 2023, "收入总计", Decimal("16497.864")),  # 164,978,640 元
        ("上海市普陀区万里街道办事处", 2024, "收入总计", Decimal("15621.1123")),  # 156,211,123 元
    ],
)
def test_the_hand_checked_bottom_lines(folder: str, year: int, label: str, amount: Decimal) -> None:
    pdf = next(p for p in PDFS if p.parent.name == folder and p.parent.parent.name == str(year) and _contains(p))
    income = [r for r in _document(pdf).tables["budget_summary"].records if r.keys["side"] == INCOME_SIDE]
    assert (income[-1].keys["item"], income[-1].amounts["amount"]) == (label, amount)


def test_the_document_kind_comes_from_the_tables_found() -> None:
    assert document_kind_of(guess_family({"summary", "income", "expenditure"})) is DocumentKind.FINAL
    assert document_kind_of(guess_family({"budget_summary", "budget_general_expenditure"})) is DocumentKind.BUDGET


def _planted(pdf: Path, kind_key: str, side: str, item: str, delta: Decimal) -> NormalizedDocument:
    """The document with one line of one table changed by ``delta`` (all its amounts)."""
    document = copy.deepcopy(_document(pdf))
    (line,) = [r for r in document.tables[kind_key].records if (r.keys["side"], r.keys["item"]) == (side, item)]
    line.amounts = {name: value + delta for name, value in line.amounts.items()}
    return document


def _jiangsu_2018() -> Path:
    return next(
        p for p in PDFS if p.parent.name == "江苏省政协办公厅" and p.parent.parent.name == "2018" and _contains(p)
    )


def test_the_budget_identities_compare_and_catch_a_planted_fault() -> None:
    pdf = _jiangsu_2018()
    clean = check_document(_document(pdf))
    assert clean["summary_totals_balance"].passed and clean["summary_totals_balance"].compared == 4
    # 收入: 一、财政拨款 = 1. + 2., 当年收入小计; 支出: 当年支出小计; 用途 = 当年支出小计; and the fiscal 总表's two.
    assert clean["summary_lines_add_up"].passed and clean["summary_lines_add_up"].compared == 6
    assert clean["code_hierarchy_sums"].passed and clean["code_hierarchy_sums"].compared > 0
    # 收入合计 off by 1: it no longer equals 支出合计, nor 当年收入小计 + 上年结转资金.
    wrong_total = check_document(_planted(pdf, "budget_summary", INCOME_SIDE, "收入合计", Decimal(1)))
    assert len(wrong_total["summary_totals_balance"].discrepancies) == 2
    # A sub-line off by 1: it no longer adds up to 一、财政拨款, and is not summed into 当年收入小计 again.
    wrong_sub = check_document(_planted(pdf, "budget_summary", INCOME_SIDE, "1.一般公共预算", Decimal(1)))
    assert [d.where for d in wrong_sub["summary_lines_add_up"].discrepancies] == ["收入 一、财政拨款 (amount)"]
    # A 用途 line off by 1: the 用途 side no longer adds up to 当年支出小计.
    wrong_use = check_document(_planted(pdf, "budget_summary", USE_SIDE, "一、基本支出", Decimal(1)))
    assert [d.where for d in wrong_use["summary_lines_add_up"].discrepancies] == [
        "支出用途 = 支出 当年支出小计 (amount)"
    ]
