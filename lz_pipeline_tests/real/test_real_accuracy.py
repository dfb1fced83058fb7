"""Extraction of the real documents in data/real against their hand-made truth files: every cell, per table."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline_tests.conftest import REAL
from lz_pipeline_tests.truth import Expected, actual_records, cell_score, expected_records, load_truth

FINAL_ACCOUNT_FAMILIES = {"sichuan", "national"}  # 决算 only: budget truth files are another format


def _final_accounts() -> list[Path]:
    truths = sorted(REAL.rglob("*.truth.yaml"))
    keep = [t for t in truths if yaml.safe_load(t.read_text(encoding="utf-8")).get("family") in FINAL_ACCOUNT_FAMILIES]
    return [t.with_name(t.name.removesuffix(".truth.yaml") + ".pdf") for t in keep]


CASES = [(pdf, kind) for pdf in _final_accounts() for kind in load_truth(pdf)["tables"]]


@cache
def _document(pdf: Path) -> NormalizedDocument:
    truth = load_truth(pdf)
    return normalize_document(extract_document(pdf), truth["department"], truth["year"])


def test_there_is_a_real_document() -> None:
    assert {(p.parent.name, p.name) for p, _ in CASES} >= {("shanghai-2024", "putuo-caizhengju-2024-juesuan.pdf")}


def test_a_line_printed_twice_pairs_in_print_order() -> None:
    """财政拨款总表 prints 一、一般公共预算财政拨款 under 本年收入 and again under 年初结转和结余."""
    item = ("收入", "一、一般公共预算财政拨款")
    truth = [Expected(item, (Decimal("2940.05"),)), Expected(item, (Decimal("21.63"),))]
    assert cell_score(truth, truth) == (6, 6, [])
    assert cell_score(truth, truth[::-1])[2] == [
        f"{item} column 0: 21.63 != 2940.05",
        f"{item} column 0: 2940.05 != 21.63",
    ]
    assert cell_score(truth, truth[:1])[2] == [f"missing row {item}"]


@pytest.mark.parametrize(("pdf", "kind_key"), CASES, ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_table_matches_truth_cell_for_cell(pdf: Path, kind_key: str) -> None:
    table = load_truth(pdf)["tables"][kind_key]
    document = _document(pdf)
    assert kind_key in document.tables, f"{kind_key} not found"
    if table.get("empty"):
        assert table["note"] in (document.tables[kind_key].empty_note or ""), kind_key
    right, total, diffs = cell_score(expected_records(kind_key, table), actual_records(document.tables[kind_key]))
    share = f"{100 * right / total:.2f}%" if total else "empty"
    print(f"\n{pdf.name} {kind_key}: cell accuracy {right}/{total} = {share}")
    assert diffs == []
    assert right == total
