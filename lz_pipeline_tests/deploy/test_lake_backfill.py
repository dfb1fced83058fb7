"""Scale-out on real engines: two years of every department backfilled 4 runs at once into a DuckLake on Postgres
(run storage in Postgres too, the writers' pool lifted to 4), one document failing and a reader querying
throughout, give the values the serial single-file run of the same files gives, in every relation the derived
layer's baseline lists (its 72 tables and views), row for row."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.corpus import discover
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import corpus_resources
from lz_pipeline.instance import size_writer_pool
from lz_pipeline.runner import backfill, materialize_derived
from lz_pipeline.warehouse.database import create_schema
from lz_pipeline.warehouse.target import parse
from lz_pipeline_tests.conftest import REPO
from lz_pipeline_tests.derived.baseline import BASELINE, relation_digests
from lz_pipeline_tests.postgres import dagster_pg_env, fresh_database

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

BROKEN = "泸州市坏文件局"  # a department-year whose one PDF is truncated: its run fails, the others load
READER = """
import json, sys, time
from lz_pipeline.warehouse.target import parse
lake = parse(sys.argv[1])
stop = sys.argv[2]
counts, errors = [], []
print("reading", flush=True)
import os
while not os.path.exists(stop):
    try:
        with lake.reader() as conn:
            counts.append(conn.execute("SELECT count(*) FROM source_document").fetchone()[0])
    except Exception as error:  # before the first load there is no table: that is an error too, so wait
        errors.append(repr(error))
    time.sleep(0.5)
print(json.dumps({"queries": len(counts), "counts": sorted(set(counts)), "errors": errors}))
"""


@pytest.fixture
def corpus(two_years: Path, tmp_path: Path) -> Path:
    """``two_years`` and one department-year more, whose one PDF is cut off mid-stream."""
    raw = tmp_path / "raw"
    shutil.copytree(two_years, raw)
    pdf = next(p for p in sorted(raw.rglob("*.pdf")))
    (raw / "2020" / f"{BROKEN}.pdf").write_bytes(pdf.read_bytes()[:5000])
    return raw


def test_parallel_backfill_into_a_lake_on_postgres_equals_the_serial_file_run(
    corpus: Path, two_years: Path, two_years_serial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fresh_database("lz_lake") as url:
        for name, value in dagster_pg_env(url).items():
            monkeypatch.setenv(name, value)
        home = tmp_path / "dagster_home"
        home.mkdir()
        shutil.copyfile(REPO / "deploy" / "team" / "dagster.yaml", home / "dagster.yaml")
        lake = parse(f"ducklake:postgres:{url}", str(tmp_path / "lake"))
        monkeypatch.setenv("DAGSTER_HOME", str(home))
        monkeypatch.setenv("LZ_RAW_DIR", str(corpus))
        monkeypatch.setenv("LZ_WAREHOUSE", lake.spec)
        monkeypatch.setenv("LZ_LAKE_DATA", str(tmp_path / "lake"))
        keys = [document_key(d.year, d.department) for d in discover(corpus)]
        broken = document_key(2020, BROKEN)
        assert len(keys) == 11 and broken in keys

        # the lake exists before the reader starts: a first writer creates its schema (no rows)
        with lake.writing() as conn:
            create_schema(conn)
        stop = tmp_path / "stop-reading"
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, lake.spec, str(stop)], stdout=subprocess.PIPE, text=True, cwd=REPO
        )
        assert reader.stdout.readline().strip() == "reading"
        with dg.DagsterInstance.get() as instance:
            register_documents(instance, keys)
            assert size_writer_pool(instance, lake=True, parallel_runs=4) == 4
            outcome = backfill(keys, parallel_runs=4)
            failures = {
                key: str(event.dagster_event.step_failure_data.error)
                for key, (run_id, ok) in outcome.items()
                if not ok
                for event in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
            }
            derived_failed = materialize_derived(instance, corpus_resources(corpus, lake))
            # the runs overlapped, and so did their loads: the pool was lifted, not a queue of one
            records = instance.get_run_records(dg.RunsFilter(run_ids=[run_id for run_id, _ in outcome.values()]))
        stop.touch()
        read = json.loads(reader.communicate(timeout=120)[0].strip().splitlines()[-1])

        assert {key: ok for key, (_, ok) in outcome.items()} == {key: key != broken for key in keys}
        assert list(failures) == [broken] and f"{BROKEN}.pdf" in failures[broken]
        assert derived_failed == {}
        spans = sorted((r.start_time, r.end_time) for r in records)
        assert any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans))
        relations = list(json.loads(BASELINE.read_text(encoding="utf-8")))
        with duckdb.connect(str(two_years_serial), read_only=True) as conn:
            serial = relation_digests(conn, relations, two_years)
            publications = conn.execute("SELECT count(*) FROM source_document").fetchone()[0]
        assert read["errors"] == [] and read["queries"] > 10
        assert publications == 20 and read["counts"][-1] == publications  # 2019 and 2020: 10 决算, 10 预算

        with lake.reader() as conn:
            lake_digests = relation_digests(conn, relations, corpus)
        assert {name: lake_digests[name] for name in relations if lake_digests[name] != serial[name]} == {}
        assert serial["fact_summary"]["rows"] > 0 and serial["yoy_department_total"]["rows"] == 10
        assert list(Path(lake.data()).rglob("*.parquet"))
