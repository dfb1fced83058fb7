"""Extraction against the truth files the generator rendered the PDFs from: every cell, exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lz_pipeline.extract.reader import RawTable, _read_grids, extract_document, grid_problem
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline_tests.conftest import OFFICE, REPO, sample_identity, sample_pdfs
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


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda p: "/".join(map(str, sample_identity(p))))
def test_cell_accuracy_is_100_percent(pdf: Path) -> None:
    truth = load_truth(pdf)
    raw = extract_document(pdf)
    # No fallback needed on a sound PDF; empty tables are proven by their note and the text layer alone.
    assert {t.flavor for t in raw.tables if t.status == "loaded"} == {"lattice-vector"}
    assert {t.flavor for t in raw.tables if t.status == "empty"} <= {"text-layer"}
    assert [t.kind_key for t in raw.tables if t.status == "quarantined"] == []
    assert {t.coverage for t in raw.tables} == {1.0}
    document = normalize_document(raw, truth["department"], truth["year"])
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
    assert {sample_identity(p) for p in pdfs} >= {(2019, OFFICE), (2020, OFFICE)}


BROKEN_FONT = REPO / "data" / "fixtures" / "broken-font" / "泸州市纳溪区审计局.pdf"


def test_broken_font_metrics_are_caught_and_recovered() -> None:
    """Noto CJK embedded with zero ascent/descent: camelot misplaces text, pdfplumber reads it right."""
    grids = _read_grids(str(BROKEN_FONT), [6], {"flavor": "lattice", "engine": "vector"})
    camelot_income = RawTable("income", "收入决算表", "万元", None, "lattice-vector", grids[6])
    assert grid_problem(camelot_income) == "page 6: the unit line above the table inside its grid"
    assert ("20805\n2080505", "行政事业单位养老支出\n机关事业单位基本养老保险缴费支出") in {
        r[:2] for r in grids[6][0].rows
    }

    truth = load_truth(BROKEN_FONT)
    raw = extract_document(BROKEN_FONT)
    # camelot's grid fails its proof on every table; the word-position reader or pdfplumber proves each.
    assert {t.flavor for t in raw.tables if t.status == "loaded"} <= {"words", "pdfplumber"}
    assert all(t.attempts[0].startswith("lattice-vector: ") for t in raw.tables if t.status == "loaded")
    document = normalize_document(raw, truth["department"], truth["year"])
    right = total = 0
    for kind_key, table in truth["tables"].items():
        r, t, diffs = cell_score(expected_records(kind_key, table), actual_records(document.tables[kind_key]))
        assert diffs == [], kind_key
        right, total = right + r, total + t
    print(f"\n{BROKEN_FONT.name} (broken font, pdfplumber): cell accuracy {right}/{total}")
    assert right == total == 1100
