"""Extraction of the real 部门预算 in data/real/budgets against their hand-made truth files, cell by cell.

Every PDF of every department-year is extracted. A text-only PDF (the 说明 of a department that publishes its
tables apart) has no table and fails cleanly with NotAJuesuan. A table of a supported kind either loads and
matches its truth in every cell, or is quarantined with the reason listed in QUARANTINED: never loaded wrong.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from lz_pipeline.catalog import INCOME_SIDE, KINDS_BY_KEY, DocumentKind
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
    with pytest.raises(NotAJuesuan, match="has a 决算 table title and unit line"):
        extract_document(pdf)


@pytest.mark.parametrize("pdf", [p for p in PDFS if _contains(p)], ids=lambda p: p.stem)
def test_a_budget_is_read_as_a_budget(pdf: Path) -> None:
    raw = _extracted(pdf)
    assert raw.family == "budget"
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
