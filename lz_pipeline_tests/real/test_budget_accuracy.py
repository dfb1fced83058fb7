"""Extraction of the real 部门预算 in data/real/budgets against their hand-made truth files, cell by cell.

Every PDF of every department-year is extracted. A text-only PDF (the 说明 of a department that publishes its
tables apart) has no table and fails cleanly with NotAJuesuan. Every table of a supported kind is located on
the pages its truth gives, and either loads and matches its truth in every cell, is read as printed empty, or
is quarantined with the reason listed in QUARANTINED: never loaded wrong.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from lz_pipeline.catalog import (
    BUDGET_AGREEMENTS,
    INCOME_SIDE,
    KINDS_BY_KEY,
    USE_SIDE,
    Agreement,
    DocumentKind,
    Layout,
    document_kind_of,
    expected_kinds,
    guess_family,
)
from lz_pipeline.checks.identities import check_document
from lz_pipeline.errors import NotAJuesuan
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline.raw import RawDocument
from lz_pipeline_tests.conftest import REAL
from lz_pipeline_tests.truth import actual_records, cell_score, expected_records, figure_line

BUDGETS = REAL / "budgets"
FAMILY_OF_REGION = {"江苏省": "budget_jiangsu", "上海市普陀区": "budget_shanghai"}
# truth kind → the catalogue kind of each family that prints it (general_budget_expenditure and
# general_budget_basic are 决算 keys in the catalogue; 收入预算总表 and 支出预算总表 differ between families).
SUPPORTED = {
    "budget_summary": ("budget_summary",),
    "budget_income": ("budget_income_by_source", "budget_income"),
    "budget_expenditure": ("budget_expenditure_by_use", "budget_expenditure"),
    "fiscal_budget_summary": ("fiscal_budget_summary",),
    "fiscal_budget_expenditure": ("fiscal_budget_expenditure",),
    "fiscal_budget_basic": ("fiscal_budget_basic",),
    "general_budget_expenditure": ("budget_general_expenditure",),
    "general_budget_basic": ("budget_general_basic",),
    "operating_cost_budget": ("operating_cost_budget",),
    "three_public_budget": ("three_public_budget",),
    "government_fund_budget": ("government_fund_budget",),
    "state_capital_budget": ("state_capital_budget",),
}
# Not in the catalogue: recognised as another budget table's title, so it ends the table before it.
UNSUPPORTED = {"procurement_budget"}
# (department folder, year, truth kind) → what the quarantine reason says: tables no reader proves today.
# None: 人大 2017's 总表 (labels wrapped in narrow cells over three pages, its bottom lines on a narrower grid)
# and 法院 2018's 财政拨款总表 (title and header's top row on one page, the rest on the next) are read too.
QUARANTINED: dict[tuple[str, int, str], str] = {}
# A single-row table's printed columns (truth, its year dropped) → the measure its header maps to.
SINGLE_ROW_MEASURES = {
    "合计": "total",
    "基本支出": "basic",
    "项目支出": "project",
    "单位预留机动经费": "reserve",
    "结转下年资金": "carried_forward",
    "“三公”经费/小计": "three_public",
    "“三公”经费/因公出国（境）费": "overseas",
    "“三公”经费/公务用车购置及运行维护费/小计": "vehicle",
    "“三公”经费/公务用车购置及运行维护费/公务用车购置费": "vehicle_purchase",
    "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费": "vehicle_operation",
    "“三公”经费/公务接待费": "reception",
    "会议费": "meeting",
    "培训费": "training",
    "“三公”经费预算数/合计": "three_public",
    "“三公”经费预算数/因公出国(境)费": "overseas",
    "“三公”经费预算数/公务接待费": "reception",
    "“三公”经费预算数/公务用车购置及运行费/小计": "vehicle",
    "“三公”经费预算数/公务用车购置及运行费/购置费": "vehicle_purchase",
    "“三公”经费预算数/公务用车购置及运行费/运行费": "vehicle_operation",
    "机关运行经费预算数": "operating_cost",
}


def _truth(folder: Path) -> dict:
    return yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))


FOLDERS = sorted(p.parent for p in BUDGETS.glob("*/*/*/truth.yaml"))
PDFS = [pdf for folder in FOLDERS for pdf in sorted(folder.glob("*.pdf"))]


def _contains(pdf: Path) -> dict[str, list[int]]:
    entry = next(f for f in _truth(pdf.parent)["files"] if f["file"] == pdf.name)
    return entry.get("contains") or {}


def _family(pdf: Path) -> str:
    return FAMILY_OF_REGION[_truth(pdf.parent)["region"]]


def _kind_key(pdf: Path, truth_kind: str) -> str:
    (key,) = [k for k in SUPPORTED[truth_kind] if _family(pdf) in KINDS_BY_KEY[k].families]
    return key


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
    assert sum(len(_truth(f)["tables"]) for f in FOLDERS) == 147


def test_the_families_are_the_printed_sets() -> None:
    """A Jiangsu budget prints 12 tables, 11 of them in the catalogue; a Shanghai one 9."""
    assert len(expected_kinds("budget_jiangsu")) == 11
    assert len(expected_kinds("budget_shanghai")) == 9
    for folder in FOLDERS:
        truth = _truth(folder)
        family = FAMILY_OF_REGION[truth["region"]]
        printed = {k for k in truth["tables"] if k not in UNSUPPORTED}
        keys = {kind.key for kind in expected_kinds(family)}
        assert printed == {truth_kind for truth_kind, kinds in SUPPORTED.items() if keys & set(kinds)}, folder
        assert document_kind_of(family) is DocumentKind.BUDGET


@pytest.mark.parametrize("pdf", [p for p in PDFS if not _contains(p)], ids=lambda p: p.stem)
def test_a_text_only_pdf_fails_cleanly(pdf: Path) -> None:
    with pytest.raises(NotAJuesuan, match="has a table title and unit line"):
        extract_document(pdf)


@pytest.mark.parametrize("pdf", [p for p in PDFS if _contains(p)], ids=lambda p: p.stem)
def test_a_budget_is_read_as_a_budget_of_its_family(pdf: Path) -> None:
    raw = _extracted(pdf)
    assert (raw.family, raw.document_kind) == (_family(pdf), DocumentKind.BUDGET)
    assert {KINDS_BY_KEY[t.kind_key].document_kind for t in raw.tables} == {DocumentKind.BUDGET}
    assert raw.missing == []
    # Each table once, and nothing found that the truth does not hold.
    expected = sorted(_kind_key(pdf, k) for k in _contains(pdf) if k not in UNSUPPORTED)
    assert sorted(t.kind_key for t in raw.tables) == expected


@pytest.mark.parametrize("pdf", [p for p in PDFS if UNSUPPORTED & set(_contains(p))], ids=lambda p: p.stem)
def test_the_procurement_table_takes_no_page_of_its_own_into_another_table(pdf: Path) -> None:
    """政府采购预算表 ends the table before it: no table reaches a page that only the procurement table holds."""
    contains = _contains(pdf)
    own = set(contains["procurement_budget"]) - {
        p for k, pages in contains.items() if k not in UNSUPPORTED for p in pages
    }
    assert own
    assert not own & {p for t in _extracted(pdf).tables for p in t.located_pages}


CASES = [
    (pdf, kind)
    for pdf in PDFS
    for kind in SUPPORTED
    if kind in _contains(pdf)  # the file the truth says holds the table
]


def _cells(pdf: Path, truth_kind: str) -> tuple[int, int]:
    """(exact, total) cells of one table, 0 exact when it is not loaded."""
    table = _truth(pdf.parent)["tables"][truth_kind]
    kind_key = _kind_key(pdf, truth_kind)
    document = _document(pdf)
    expected = expected_records(kind_key, table)
    if kind_key not in document.tables:
        return 0, cell_score(expected, [])[1]
    right, total, _ = cell_score(expected, actual_records(document.tables[kind_key]))
    return right, total


@pytest.mark.parametrize(
    ("pdf", "truth_kind"), CASES, ids=lambda v: f"{v.parent.name}-{v.parent.parent.name}" if isinstance(v, Path) else v
)
def test_table_matches_truth_cell_for_cell(pdf: Path, truth_kind: str) -> None:
    truth = _truth(pdf.parent)
    table = truth["tables"][truth_kind]
    kind_key = _kind_key(pdf, truth_kind)
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
    if table.get("empty"):
        assert status.status == "empty", status.reason
        assert document.tables[kind_key].records == []
        note = document.tables[kind_key].empty_note
        assert (note is None) if table["note"] is None else (note and note in table["note"]), note
        return
    assert status.status == "loaded", status.reason
    right, total, diffs = cell_score(expected_records(kind_key, table), actual_records(document.tables[kind_key]))
    print(f"\n{label}: reader {status.reader}, coverage {status.coverage}, cell accuracy {right}/{total}")
    assert diffs == []
    assert right == total
    if KINDS_BY_KEY[kind_key].layout is Layout.SINGLE_ROW:  # mapped by header: the two 三公 tables order apart
        (record,) = document.tables[kind_key].records
        printed = [SINGLE_ROW_MEASURES[re.sub(r"^\d{4}年", "", column)] for column in table["columns"]]
        assert list(record.amounts) == printed


def test_the_cell_counts() -> None:
    """Every cell (keys and amounts) of every printed table of a supported kind, but the quarantined ones'."""
    cases = [(pdf, kind) for pdf, kind in CASES if not _truth(pdf.parent)["tables"][kind].get("empty")]
    counts = {(pdf.parent.name, _truth(pdf.parent)["year"], kind): _cells(pdf, kind) for pdf, kind in cases}
    right, total = sum(r for r, _ in counts.values()), sum(t for _, t in counts.values())
    print(f"\nbudget cells exact: {right}/{total} in {len(cases)} printed tables")
    assert len(cases) == 147 - 10 - 16  # all but the 政府采购预算表 and the tables printed empty
    assert {table for table, (r, t) in counts.items() if r < t} == set(QUARANTINED)


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
    # A title both budget families print counts for both: the family comes from the tables only one prints.
    assert guess_family({"budget_income", "fiscal_budget_basic"}) == "budget_jiangsu"
    assert guess_family({"budget_income_by_source", "state_capital_budget"}) == "budget_shanghai"


def _planted(pdf: Path, kind_key: str, where: dict[str, object], delta: Decimal, measure: str | None = None):
    """The document with one line of one table changed by ``delta`` (one measure, or all its amounts)."""
    document = copy.deepcopy(_document(pdf))
    (line,) = [r for r in document.tables[kind_key].records if all(r.keys.get(k) == v for k, v in where.items())]
    for name in [measure] if measure else list(line.amounts):
        line.amounts[name] += delta
    return document


def _pdf(folder: str, year: int) -> Path:
    return next(p for p in PDFS if p.parent.name == folder and p.parent.parent.name == str(year) and _contains(p))


def test_the_budget_identities_compare_and_catch_a_planted_fault() -> None:
    pdf = _pdf("江苏省政协办公厅", 2018)
    clean = check_document(_document(pdf))
    assert clean["summary_totals_balance"].passed and clean["summary_totals_balance"].compared == 4
    # 收入: 一、财政拨款 = 1. + 2., 当年收入小计; 支出: 当年支出小计; 用途 = 当年支出小计; and the fiscal 总表's two;
    # 收入预算总表: three groups with items (政府性基金 and 上年结转 print a 小计 only), 收入总计 = Σ 小计.
    assert clean["summary_lines_add_up"].passed and clean["summary_lines_add_up"].compared == 6 + 3 + 1
    assert clean["code_hierarchy_sums"].passed and clean["code_hierarchy_sums"].compared > 0
    # 收入合计 off by 1: it no longer equals 支出合计, nor 当年收入小计 + 上年结转资金.
    wrong_total = check_document(_planted(pdf, "budget_summary", {"side": INCOME_SIDE, "item": "收入合计"}, Decimal(1)))
    assert len(wrong_total["summary_totals_balance"].discrepancies) == 2
    # A sub-line off by 1: it no longer adds up to 一、财政拨款, and is not summed into 当年收入小计 again.
    one = {"side": INCOME_SIDE, "item": "1.一般公共预算"}
    wrong_sub = check_document(_planted(pdf, "budget_summary", one, Decimal(1)))
    assert [d.where for d in wrong_sub["summary_lines_add_up"].discrepancies] == ["收入 一、财政拨款 (amount)"]
    # A 用途 line off by 1: the 用途 side no longer adds up to 当年支出小计.
    wrong_use = check_document(_planted(pdf, "budget_summary", {"side": USE_SIDE, "item": "一、基本支出"}, Decimal(1)))
    assert [d.where for d in wrong_use["summary_lines_add_up"].discrepancies] == [
        "支出用途 = 支出 当年支出小计 (amount)"
    ]


def _agreement_cases() -> list[tuple[Agreement, Path]]:
    """Each budget agreement with the first document here that prints both its figures (none prints the
    Sichuan family's own tables: test_sample_budgets plants faults in those)."""
    cases = []
    for agreement in BUDGET_AGREEMENTS:
        figures = (agreement.left, agreement.right)
        printing = (p for p in PDFS if _contains(p) and all(figure_line(_document(p), f) for f in figures))
        if (pdf := next(printing, None)) is not None:
            cases.append((agreement, pdf))
    return cases


def test_every_agreement_is_compared_here_unless_it_names_a_sichuan_budget_table() -> None:
    sichuan_only = {
        agreement
        for agreement in BUDGET_AGREEMENTS
        if any(KINDS_BY_KEY[f.kind].families == {"sichuan_budget"} for f in (agreement.left, agreement.right))
    }
    assert len(sichuan_only) == 2
    assert set(BUDGET_AGREEMENTS) - {agreement for agreement, _ in _agreement_cases()} == sichuan_only


@pytest.mark.parametrize(
    ("agreement", "pdf"), _agreement_cases(), ids=lambda v: v.parent.name if isinstance(v, Path) else ""
)
def test_each_cross_table_agreement_compares_and_catches_a_planted_fault(agreement: Agreement, pdf: Path) -> None:
    clean = check_document(_document(pdf))["cross_table_totals"]
    assert clean.passed, clean.discrepancies
    document = copy.deepcopy(_document(pdf))
    left, right = agreement.left, agreement.right
    line = figure_line(document, left)
    line.amounts[left.measure] += Decimal(1)  # over the figure it agrees with, or over the whole it is part of
    planted = check_document(document)["cross_table_totals"]
    assert planted.compared == clean.compared
    relation = f"({left.measure}) {'≤' if agreement.at_most else '='} {document.tables[right.kind].title}"
    assert [d.difference for d in planted.discrepancies if relation in d.where] == [Decimal(1)]


def test_a_grouped_list_adds_up_and_catches_a_planted_fault() -> None:
    pdf = _pdf("江苏省政协办公厅", 2018)
    wrong_item = _planted(pdf, "budget_income_by_source", {"group_name": "其他资金", "item": "其他收入"}, Decimal(1))
    assert [d.where for d in check_document(wrong_item)["summary_lines_add_up"].discrepancies] == [
        "其他资金 小计 (amount)"
    ]
    wrong_subtotal = _planted(pdf, "budget_income_by_source", {"group_name": "政府性基金", "item": "小计"}, Decimal(1))
    assert [d.where for d in check_document(wrong_subtotal)["summary_lines_add_up"].discrepancies] == [
        "收入总计 = Σ 小计 (amount)"
    ]


@pytest.mark.parametrize(
    ("folder", "year", "kind_key", "measure", "broken"),
    [
        ("江苏省政协办公厅", 2018, "budget_expenditure_by_use", "reserve", ["total = basic + project + reserve"]),
        ("江苏省政协办公厅", 2018, "three_public_budget", "training", ["total = three_public + meeting + training"]),
        ("江苏省政协办公厅", 2018, "three_public_budget", "reception", ["three_public = overseas"]),
        ("江苏省政协办公厅", 2018, "three_public_budget", "vehicle_operation", ["vehicle = vehicle_purchase"]),
        ("上海市普陀区万里街道办事处", 2024, "three_public_budget", "vehicle_purchase", ["vehicle = vehicle_purchase"]),
        ("上海市普陀区万里街道办事处", 2024, "budget_income", "other_income", ["合计: total = fiscal_appropriation"]),
        ("上海市普陀区万里街道办事处", 2024, "budget_general_basic", "public", ["合计: total = personnel + public"]),
    ],
)
def test_the_row_sums_catch_a_planted_fault(folder: str, year: int, kind_key: str, measure: str, broken: list) -> None:
    pdf = _pdf(folder, year)
    assert check_document(_document(pdf))["row_columns_add_up"].passed
    where = {"name": "合计"} if KINDS_BY_KEY[kind_key].layout is Layout.CODED else {}
    found = check_document(_planted(pdf, kind_key, where, Decimal(1), measure))["row_columns_add_up"]
    assert len(found.discrepancies) == len(broken)
    assert all(b in d.where for b, d in zip(broken, found.discrepancies, strict=True)), found.discrepancies
