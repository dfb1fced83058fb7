"""Extraction against the truth files the generator rendered the PDFs from: every cell, exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline_tests.conftest import OFFICE, sample_pdfs
from lz_pipeline_tests.truth import actual_records, cell_score, expected_records, load_truth


def test_office_2020_summary_income_expenditure_match_truth_exactly(normalized_2020: NormalizedDocument) -> None:
    truth = load_truth(Path(normalized_2020.source_file))
    for kind_key in ("summary", "income", "expenditure"):
        expected = expected_records(kind_key, truth["tables"][kind_key])
        actual = actual_records(normalized_2020.tables[kind_key])
        assert actual == expected, kind_key  # same rows, same order, same Decimal amounts


def test_office_2020_published_figures(normalized_2020: NormalizedDocument) -> None:
    """Figures of the published report (../shared/reference), not of the truth file."""
    summary = {(r.keys["side"], r.keys["item"]): r.amounts["amount"] for r in normalized_2020.tables["summary"].records}
    assert summary[("收入", "总计")] == Decimal("3542.28")
    assert summary[("支出", "本年支出合计")] == Decimal("3542.28")
    expenditure = {r.keys["code"]: r.amounts for r in normalized_2020.tables["expenditure"].records}
    assert expenditure[None]["basic"] == Decimal("2689.78")
    assert expenditure[None]["project"] == Decimal("852.50")
    assert expenditure["2010301"]["total"] == Decimal("1630.09")
    assert {code: expenditure[code]["total"] for code in ("201", "208", "210", "221")} == {
        "201": Decimal("2647.05"),
        "208": Decimal("535.29"),
        "210": Decimal("127.57"),
        "221": Decimal("232.37"),
    }


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_cell_accuracy_is_100_percent(pdf: Path) -> None:
    truth = load_truth(pdf)
    document = normalize_document(extract_document(pdf), truth["department"], truth["year"])
    right = total = 0
    problems = []
    for kind_key, table in truth["tables"].items():
        assert kind_key in document.tables, f"{kind_key} not found"
        if table.get("empty"):
            assert "无数据" in document.tables[kind_key].empty_note, kind_key
        r, t, diffs = cell_score(expected_records(kind_key, table), actual_records(document.tables[kind_key]))
        right, total = right + r, total + t
        problems += [f"{kind_key}: {d}" for d in diffs]
    print(f"\n{pdf.name} {truth['year']}: cell accuracy {right}/{total} = {100 * right / total:.2f}%")
    assert problems == []
    assert right == total


def test_every_sample_has_a_truth_file() -> None:
    pdfs = sample_pdfs()
    assert [p.name for p in pdfs if not p.with_suffix(".truth.yaml").exists()] == []
    assert {(p.parent.name, p.stem) for p in pdfs} >= {("2019", OFFICE), ("2020", OFFICE)}
