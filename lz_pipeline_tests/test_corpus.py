"""Corpus discovery and partition names: a department name never escapes its folder or its quotes."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.corpus import UnsafeName, discover, document_path, outside_layout
from lz_pipeline.runner import materialize_corpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020, REPO

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

HOSTILE = "某局'; DROP TABLE fact_summary; --"


def test_discover_takes_both_layouts_and_nothing_else(tmp_path: Path) -> None:
    for relative in (
        "2020/甲局.pdf",
        "2019/乙局.pdf",
        "2019/notes.txt",
        "misc/丙局.pdf",
        "2020/丁局/丁局2020年部门决算.pdf",
        "2020/丁局/丁局2020年部门预算.PDF",
        "2020/丁局/deeper/x.pdf",  # below a department's folder: not its file
        "2021/戊局/readme.txt",  # a folder without a PDF is no department-year
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"%PDF-1.4")
    found = [(d.year, d.department, [p.name for p in d.files]) for d in discover(tmp_path)]
    assert found == [
        (2019, "乙局", ["乙局.pdf"]),
        (2020, "丁局", ["丁局2020年部门决算.pdf", "丁局2020年部门预算.PDF"]),
        (2020, "甲局", ["甲局.pdf"]),
    ]
    assert [str(p) for p in outside_layout(tmp_path)] == ["2020/丁局/deeper/x.pdf", "misc/丙局.pdf"]


def test_both_layouts_of_one_department_year_are_one_partition(tmp_path: Path) -> None:
    for relative in ("2020/甲局.pdf", "2020/甲局/甲局2020年部门预算.pdf"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"%PDF-1.4")
    (found,) = discover(tmp_path)
    assert (found.key, [p.name for p in found.files]) == ("甲局|2020", ["甲局.pdf", "甲局2020年部门预算.pdf"])


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


JIANGSU_CPPCC = "江苏省政协办公厅"
CPPCC_2018 = REPO / "data/real/budgets/jiangsu/2018/江苏省政协办公厅"
CPPCC_TEXT, CPPCC_TABLES = "江苏省政协办公厅2018年度部门预算.pdf", "江苏省政协办公厅2018度部门预算公开表.pdf"


def test_a_department_year_folder_loads_a_budget_published_as_text_and_tables(tmp_path: Path) -> None:
    """The real 江苏省政协办公厅 2018 预算 (a Word text PDF and an Excel tables PDF) beside the office's 决算."""
    raw = tmp_path / "raw"
    shutil.copytree(CPPCC_2018, raw / "2018" / JIANGSU_CPPCC, ignore=shutil.ignore_patterns("*.yaml"))
    (raw / "2020").mkdir()
    shutil.copyfile(OFFICE_2020, raw / "2020" / f"{OFFICE}.pdf")
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, warehouse)
    assert outcome.failed == {}
    assert outcome.loaded == [f"{JIANGSU_CPPCC}|2018", f"{OFFICE}|2020"]
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        documents = conn.execute(
            """SELECT department, year, document_kind, parse_filename(source_file),
                      list_transform(files, f -> parse_filename(f)), parse_filename(narrative_file)
               FROM source_document ORDER BY year"""
        ).fetchall()
        total = conn.execute(
            "SELECT amount FROM fact_budget_summary WHERE department = ? AND side = '收入' AND item = '收入合计'",
            [JIANGSU_CPPCC],
        ).fetchall()
    assert documents == [
        (JIANGSU_CPPCC, 2018, "预算", CPPCC_TABLES, [CPPCC_TABLES, CPPCC_TEXT], CPPCC_TEXT),
        (OFFICE, 2020, "决算", f"{OFFICE}.pdf", [f"{OFFICE}.pdf"], f"{OFFICE}.pdf"),
    ]
    assert total == [(Decimal("10150.48"),)]  # 收入合计 of the printed 收支预算总表 (公开01表)


def test_two_files_claiming_one_table_fail_their_department_year_naming_both(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    folder = raw / "2018" / JIANGSU_CPPCC
    folder.mkdir(parents=True)
    shutil.copyfile(CPPCC_2018 / CPPCC_TABLES, folder / "公开表.pdf")
    shutil.copyfile(CPPCC_2018 / CPPCC_TABLES, folder / "公开表（重发）.pdf")
    (raw / "2020").mkdir()
    shutil.copyfile(OFFICE_2020, raw / "2020" / f"{OFFICE}.pdf")
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, tmp_path / "w.duckdb")
    assert outcome.loaded == [f"{OFFICE}|2020"]
    message = outcome.failed[f"{JIANGSU_CPPCC}|2018"]
    assert "公开表（重发）.pdf: two files of one department-year claim the same table" in message
    assert f"{JIANGSU_CPPCC} 2018 预算: 收支预算总表 is also in {folder / '公开表.pdf'}" in message
