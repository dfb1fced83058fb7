"""Materializing the whole corpus twice gives identical tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.runner import materialize_corpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020, sample_pdf, table_checksums
from lz_pipeline_tests.fixtures import bad_pdfs

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)


def test_materializing_twice_is_idempotent(tmp_path: Path) -> None:
    """On three documents of two families and both units (the whole corpus would only be slower)."""
    raw = tmp_path / "raw"
    for year, name in ((2020, OFFICE), (2021, OFFICE), (2023, "上海市普陀区民政局")):
        (raw / str(year)).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample_pdf(year, name), raw / str(year) / f"{name}.pdf")
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        first = materialize_corpus(instance, raw, warehouse)
        once = table_checksums(warehouse)
        second = materialize_corpus(instance, raw, warehouse)
        twice = table_checksums(warehouse)
    assert first.failed == second.failed == {}
    assert len(first.loaded) == 3
    history = once.pop("load_run"), twice.pop("load_run")
    assert twice == once
    assert (history[0][0], history[1][0]) == (3, 6)
    assert once["fact_income"][0] > 0 and once["fact_three_public"][0] == 3


def test_each_bad_input_fails_its_own_partition_only(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2020").mkdir(parents=True)
    good = raw / "2020" / f"{OFFICE}.pdf"
    shutil.copyfile(OFFICE_2020, good)
    bad = {
        "随机字节": (bad_pdfs.random_bytes, "truncated or another format): no %PDF- header"),
        "截断": (lambda t: bad_pdfs.truncated(OFFICE_2020, t), "not a readable PDF"),
        "加密": (lambda t: bad_pdfs.encrypted(OFFICE_2020, t), "encrypted PDF (password protected)"),
        "扫描": (lambda t: bad_pdfs.scanned(OFFICE_2020, t, range(0, 8)), "no text layer (a scanned, image-only PDF"),
        "非决算": (lambda t: bad_pdfs.only_pages(OFFICE_2020, t, [0, 1, 2]), "not a 部门决算 or 部门预算 document"),
    }
    for name, (make, _) in bad.items():
        make(raw / "2020" / f"{name}.pdf")
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = materialize_corpus(instance, raw, warehouse)
    assert outcome.loaded == [f"{OFFICE}|2020"]
    assert sorted(outcome.failed) == sorted(f"{name}|2020" for name in bad)
    for name, (_, reason) in bad.items():
        message = outcome.failed[f"{name}|2020"]
        assert message.startswith(f"{raw / '2020' / name}.pdf"), message
        assert reason in message
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT DISTINCT department FROM source_document").fetchall() == [(OFFICE,)]
