"""A 2-year × all-department backfill: parallel runs under the multiprocess executor, one DuckDB writer.

The runs share a temporary DAGSTER_HOME whose dagster.yaml is deploy/dagster.yaml (pool ``duckdb``,
limit 1). The warehouse they build must equal, table by table, the one a serial in-process run builds.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import dagster as dg
import pytest

from lz_pipeline.corpus import discover
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import corpus_resources
from lz_pipeline.runner import backfill, main, materialize_derived
from lz_pipeline_tests.conftest import REPO, TWO_YEARS, table_checksums

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)


# Run bookkeeping legitimately differs between two loads; every other column must not.
def intervals(instance: dg.DagsterInstance, run_id: str, step: str) -> list[tuple[float, float]]:
    """(start, end) of a step in a run, from its event log."""
    kinds = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}
    events = [e for e in instance.all_logs(run_id, of_type=kinds) if e.step_key == step]
    starts = [e.timestamp for e in events if e.dagster_event.event_type == dg.DagsterEventType.STEP_START]
    ends = [e.timestamp for e in events if e.dagster_event.event_type != dg.DagsterEventType.STEP_START]
    return list(zip(starts, ends, strict=True))


def overlapping(spans: list[tuple[float, float]]) -> bool:
    spans = sorted(spans)
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans))


def test_parallel_backfill_equals_serial_run_without_lock_errors(
    two_years: Path, two_years_serial: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = sorted((str(d.year), d.department) for d in discover(two_years))
    departments = sorted({d for _, d in documents})
    assert len(departments) >= 2 and {y for y, _ in documents} == set(TWO_YEARS)
    keys = [document_key(int(year), department) for year, department in documents]

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy2(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")
    parallel = tmp_path / "parallel.duckdb"
    # The run processes read these when they load lz_pipeline.definitions.
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("LZ_RAW_DIR", str(two_years))
    monkeypatch.setenv("LZ_WAREHOUSE", str(parallel))
    with dg.DagsterInstance.get() as instance:
        register_documents(instance, keys)
        outcome = backfill(keys, parallel_runs=2)
        assert {key: ok for key, (_, ok) in outcome.items()} == dict.fromkeys(keys, True)
        resources = corpus_resources(two_years, parallel)
        materialize_derived(instance, resources)  # as materialize_corpus does after its loads

        run_ids = [run_id for run_id, _ in outcome.values()]
        messages = [e.message or "" for run_id in run_ids for e in instance.all_logs(run_id)]
        errors = [
            str(e.dagster_event.step_failure_data.error)
            for run_id in run_ids
            for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
        ]
        assert errors == []
        assert [m for m in messages if "lock" in m.lower() and "pool" not in m.lower()] == []
        # The writers took turns (pool duckdb, limit 1) while whole runs went side by side.
        writes = [span for run_id in run_ids for span in intervals(instance, run_id, "warehouse_facts")]
        assert len(writes) == len(keys) and not overlapping(writes)
        runs = [(r.start_time, r.end_time) for r in instance.get_run_records(dg.RunsFilter(run_ids=run_ids))]
        assert overlapping(runs)

    expected, actual = table_checksums(two_years_serial), table_checksums(parallel)
    assert actual == expected
    assert expected["fact_summary"][0] > 0 and expected["yoy_department_total"][0] == len(keys)


def test_keys_command_prints_the_partitions_of_a_year_range(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LZ_RAW_DIR", str(REPO / "data" / "raw"))
    assert main(["keys", "--years", "2019...2020", "--department", "泸州市人民政府办公室"]) == 0
    assert capsys.readouterr().out == "泸州市人民政府办公室|2019,泸州市人民政府办公室|2020\n"
    assert main(["keys", "--years", "2020", "--department", "泸州市人民政府办公室"]) == 0
    assert capsys.readouterr().out == "泸州市人民政府办公室|2020\n"
