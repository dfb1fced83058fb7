"""The Dagster assets, in-process, on a copy of the sample corpus: what `make run` does."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.cli import main
from lz_pipeline.definitions import defs
from lz_pipeline.runner import CorpusRun, materialize_corpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019, OFFICE_2020, copy_as_single_file
from lz_pipeline_tests.fixtures import bad_pdfs

YOY_2020 = (OFFICE, 2020, Decimal("3542.28"), Decimal("4187.34"), Decimal("-645.06"), Decimal("-15.41"))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusRun, Path, Path]:
    """The office's 2019 and 2020 reports plus one random-bytes file posing as its 2021 report.

    Only these three files: the sample corpus grows, and this test is about the pipeline, not the corpus.
    """
    root = tmp_path_factory.mktemp("pipeline")
    raw = root / "raw"
    for source in (OFFICE_2019, OFFICE_2020):
        copy_as_single_file(source, raw)
    (raw / "2021").mkdir()
    bad_pdfs.random_bytes(raw / "2021" / f"{OFFICE}.pdf")
    warehouse = root / "warehouse.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, warehouse)
    return outcome, raw, warehouse


def test_definitions_load_with_the_asset_graph() -> None:
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert keys >= {"raw_tables", "normalized_tables", "warehouse_facts", "yoy_department_total"}


def test_bad_file_fails_only_its_own_partition(corpus_run: tuple[CorpusRun, Path, Path]) -> None:
    outcome, raw, _ = corpus_run
    assert sorted(outcome.loaded) == [f"{OFFICE}|2019", f"{OFFICE}|2020"]
    assert list(outcome.failed) == [f"{OFFICE}|2021"]
    message = outcome.failed[f"{OFFICE}|2021"]
    reason = "not a readable PDF (corrupt, truncated or another format): no %PDF- header"
    assert message == f"{raw.resolve()}/2021/{OFFICE}.pdf: {reason}"


def test_yoy_department_total_in_the_warehouse(corpus_run: tuple[CorpusRun, Path, Path]) -> None:
    _, _, warehouse = corpus_run
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("SELECT * FROM yoy_department_total ORDER BY year").fetchall()
        loaded = conn.execute("SELECT DISTINCT year FROM fact_summary ORDER BY year").fetchall()
    assert rows == [(OFFICE, 2019, Decimal("4187.34"), None, None, None), YOY_2020]
    assert loaded == [(2019,), (2020,)]  # the bad 2021 file wrote nothing


def test_sql_command_prints_the_yoy_row(
    corpus_run: tuple[CorpusRun, Path, Path], capsys: pytest.CaptureFixture
) -> None:
    _, _, warehouse = corpus_run
    query = "SELECT department, year, total, prev_total, change, change_pct FROM yoy_department_total WHERE year = 2020"
    assert main(["--warehouse", str(warehouse), "sql", query]) == 0
    printed = capsys.readouterr().out
    assert "泸州市人民政府办公室" in printed
    for figure in ("3542.280000", "4187.340000", "-645.060000", "-15.41"):
        assert figure in printed
