"""Corpus discovery and partition names: a department name never escapes its folder or its quotes."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.corpus import UnsafeName, discover, document_path
from lz_pipeline.runner import materialize_corpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020, REPO

HOSTILE = "某局'; DROP TABLE fact_summary; --"


def test_discover_lists_year_folders_only(tmp_path: Path) -> None:
    for relative in ("2020/甲局.pdf", "2019/乙局.pdf", "2019/notes.txt", "misc/丙局.pdf", "2020/sub/丁局.pdf"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"%PDF-1.4")
    assert [(d.year, d.department) for d in discover(tmp_path)] == [(2019, "乙局"), (2020, "甲局")]


@pytest.mark.parametrize("name", ["../2019/泸州市财政局", "..", "a/b", "a\\b", "", "x\x00y"])
def test_unsafe_department_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafeName):
        document_path(tmp_path, 2020, name)


def known_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alias: str) -> None:
    """A department list in which the office is also known as ``alias`` (LZ_REFERENCE_DIR)."""
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "departments.csv").write_text(
        f"department_id,name,level,region,aliases,note\n1,{OFFICE},市,泸州市,{alias},test\n", encoding="utf-8"
    )
    monkeypatch.setenv("LZ_REFERENCE_DIR", str(reference))


def test_hostile_but_legal_name_is_stored_verbatim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    known_as(tmp_path, monkeypatch, HOSTILE)  # the document names itself 泸州市人民政府办公室
    raw = tmp_path / "raw"
    (raw / "2020").mkdir(parents=True)
    shutil.copyfile(OFFICE_2020, raw / "2020" / f"{HOSTILE}.pdf")
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, warehouse)
    assert outcome.failed == {}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT department, amount FROM fact_summary WHERE item = '总计' AND side = '收入'"
        ).fetchall()
    assert rows == [(HOSTILE, Decimal("3542.28"))]


def test_duplicate_file_under_two_names_fails_the_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    known_as(tmp_path, monkeypatch, f"{OFFICE}（副本）")  # both names pass the identity check
    raw = tmp_path / "raw"
    (raw / "2020").mkdir(parents=True)
    shutil.copyfile(OFFICE_2020, raw / "2020" / f"{OFFICE}.pdf")
    shutil.copyfile(OFFICE_2020, raw / "2020" / f"{OFFICE}（副本）.pdf")
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, warehouse)
    assert outcome.loaded == [f"{OFFICE}|2020"]
    (message,) = outcome.failed.values()
    assert f"{OFFICE}（副本）.pdf: the same file" in message
    assert f"is already loaded as {OFFICE} 2020" in message
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT DISTINCT department FROM fact_income").fetchall() == [(OFFICE,)]


def test_a_file_under_a_name_the_document_does_not_bear_fails_naming_both(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2020").mkdir(parents=True)
    shutil.copyfile(OFFICE_2020, raw / "2020" / "泸州市财政局.pdf")
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, tmp_path / "w.duckdb")
    assert list(outcome.failed) == ["泸州市财政局|2020"]
    assert f"it names itself '{OFFICE}', its path says '泸州市财政局'" in outcome.failed["泸州市财政局|2020"]


def test_a_budget_pdf_in_the_final_accounts_corpus_fails_its_partition_and_nothing_else(tmp_path: Path) -> None:
    """The real 江苏省政协办公厅 2018 budget tables beside the office's 2020 决算: the budget is read, then refused."""
    raw = tmp_path / "raw"
    for year in ("2018", "2020"):
        (raw / year).mkdir(parents=True)
    budget = REPO / "data/real/budgets/jiangsu/2018/江苏省政协办公厅/江苏省政协办公厅2018度部门预算公开表.pdf"
    shutil.copyfile(budget, raw / "2018" / "江苏省政协办公厅.pdf")
    shutil.copyfile(OFFICE_2020, raw / "2020" / f"{OFFICE}.pdf")
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, tmp_path / "w.duckdb")
    assert outcome.loaded == [f"{OFFICE}|2020"]
    message = outcome.failed["江苏省政协办公厅|2018"]
    assert "江苏省政协办公厅.pdf: a 部门预算 (budget): its tables are read and proven" in message
