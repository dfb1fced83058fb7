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
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020

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


def test_hostile_but_legal_name_is_stored_verbatim(tmp_path: Path) -> None:
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


def test_duplicate_file_under_two_names_fails_the_second(tmp_path: Path) -> None:
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
