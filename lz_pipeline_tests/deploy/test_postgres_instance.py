"""The team instance (deploy/team/dagster.yaml) on a real Postgres server: runs, events and materializations land
in Postgres, the run queue is the one configured, and runs that died are cleaned up on shared storage.

Needs ``LZ_TEST_POSTGRES`` (``.ci/run`` starts a server with ``.ci/postgres``); each test has a database of its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import psycopg2
import pytest
import yaml
from dagster_postgres import PostgresRunStorage

from lz_pipeline.defs.partitions import document_key
from lz_pipeline.instance import TAG_HOST, TAG_PID, reap_dead_runs, shared_storage
from lz_pipeline.runner import materialize_corpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019, OFFICE_2020, RAW, REPO
from lz_pipeline_tests.postgres import dagster_pg_env, fresh_database
from lz_pipeline_tests.test_runs_that_die import _wait_for_claimed_slot
from lz_pipeline_tests.truth import load_truth

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

TEAM_YAML = REPO / "deploy" / "team" / "dagster.yaml"
CLI = Path(sys.executable).parent / "lz-pipeline"
POOL = "duckdb"
KEYS = [document_key(2019, OFFICE), document_key(2020, OFFICE)]


@pytest.fixture
def database() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def team_home(tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DAGSTER_HOME holding the team dagster.yaml as deployed, its DAGSTER_PG_* pointing at ``database``."""
    for name, value in dagster_pg_env(database).items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(TEAM_YAML, home / "dagster.yaml")
    return home


@pytest.fixture
def office_corpus(tmp_path: Path) -> Path:
    """The office's 2019 and 2020 department-years as kept (决算 and 预算 in each folder)."""
    raw = tmp_path / "raw"
    for year in (2019, 2020):
        shutil.copytree(RAW / str(year) / OFFICE, raw / str(year) / OFFICE, ignore=shutil.ignore_patterns("*.yaml"))
    return raw


def _query(url: str, sql: str) -> list[tuple]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _truth_summary_rows(pdf: Path) -> int:
    summary = load_truth(pdf)["tables"]["summary"]
    return len(summary["income"]) + len(summary["expenditure"])


def test_the_team_instance_keeps_runs_events_and_materializations_in_postgres(
    team_home: Path, database: str, office_corpus: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.from_config(str(team_home)) as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        outcome = materialize_corpus(instance, office_corpus, warehouse)
        assert (sorted(outcome.loaded), outcome.failed) == (KEYS, {})
        # Every write took pool duckdb's single slot and gave it back.
        pool = instance.event_log_storage.get_concurrency_info(POOL)
        assert (pool.slot_count, pool.claimed_slots, pool.pending_steps) == (1, [], [])

    # Read back from Postgres itself, not through the instance: one run per department-year, then the
    # reference tables' and the derived tables' runs, all succeeded.
    runs = _query(database, "SELECT status, count(*) FROM runs GROUP BY status")
    assert runs == [("SUCCESS", 4)]
    partitions = _query(
        database,
        "SELECT value FROM run_tags WHERE key = 'dagster/partition' ORDER BY value",
    )
    assert partitions == [(key,) for key in KEYS]
    materialized = _query(
        database,
        "SELECT asset_key, partition FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'"
        " AND asset_key IN ('[\"warehouse_facts\"]', '[\"yoy_department_total\"]') ORDER BY 1, 2",
    )
    assert materialized == [
        ('["warehouse_facts"]', KEYS[0]),
        ('["warehouse_facts"]', KEYS[1]),
        ('["yoy_department_total"]', None),
    ]
    # Every run's event stream is there too (steps started and succeeded, none failed).
    steps = _query(
        database,
        "SELECT dagster_event_type, count(DISTINCT run_id) FROM event_logs"
        " WHERE dagster_event_type IN ('STEP_START', 'STEP_SUCCESS', 'STEP_FAILURE') GROUP BY 1 ORDER BY 1",
    )
    assert steps == [("STEP_START", 4), ("STEP_SUCCESS", 4)]
    (registered,) = _query(database, "SELECT count(*) FROM dynamic_partitions WHERE partitions_def_name = 'document'")
    assert registered == (2,)
    # The facts are the documents' own (their truth files), so the runs recorded above did the real work.
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("SELECT year, count(*) FROM fact_summary GROUP BY year ORDER BY year").fetchall()
    assert rows == [(2019, _truth_summary_rows(OFFICE_2019)), (2020, _truth_summary_rows(OFFICE_2020))]


def test_the_team_instance_queues_runs_as_its_yaml_says(team_home: Path) -> None:
    written = yaml.safe_load(TEAM_YAML.read_text(encoding="utf-8"))
    with dg.DagsterInstance.from_config(str(team_home)) as instance:
        coordinator = instance.run_coordinator
        assert type(coordinator) is dg.QueuedRunCoordinator
        assert coordinator.dequeue_use_threads is True
        assert coordinator.dequeue_num_workers == written["run_coordinator"]["config"]["dequeue_num_workers"]
        # What the daemon dequeues by: the coordinator's settings merged with `concurrency`.
        concurrency = instance.get_concurrency_config()
        queue = concurrency.run_queue_config
        assert queue.max_concurrent_runs == written["concurrency"]["runs"]["max_concurrent_runs"] == 8
        assert queue.max_user_code_failure_retries == 3 and queue.user_code_failure_retry_delay == 60
        assert concurrency.pool_config.default_pool_limit == 1
        assert instance.run_monitoring_enabled and instance.run_monitoring_max_runtime_seconds == 3600
        assert instance.run_retries_enabled and instance.run_retries_max_retries == 1
    assert list(team_home.rglob("*.db")) == []  # no SQLite storage beside the YAML: all of it is in Postgres


def _command(raw: Path, warehouse: Path) -> list[str]:
    return [str(CLI), "--warehouse", str(warehouse), "run", "--raw-dir", str(raw)]


def test_runs_that_died_are_cleaned_up_on_postgres_without_judging_other_hosts(
    team_home: Path, office_corpus: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "DAGSTER_HOME": str(team_home)}
    with dg.DagsterInstance.from_config(str(team_home)) as instance:
        assert shared_storage(instance)
        killed = subprocess.Popen(_command(office_corpus, tmp_path / "w.duckdb"), env=env, stdout=subprocess.DEVNULL)
        claimed = _wait_for_claimed_slot(killed, instance)
        killed.send_signal(signal.SIGKILL)
        assert killed.wait() == -signal.SIGKILL
        dead_run = claimed[0].run_id
        assert instance.get_run_by_id(dead_run).status == dg.DagsterRunStatus.STARTED
        # Runs of other machines sharing this storage, STARTED, with a pid that is dead here: not ours to judge.
        other_host = dg.DagsterRun(
            job_name="document_job",
            status=dg.DagsterRunStatus.STARTED,
            tags={TAG_PID: str(killed.pid), TAG_HOST: f"not-{socket.gethostname()}"},
        )
        untagged = dg.DagsterRun(job_name="document_job", status=dg.DagsterRunStatus.STARTED)
        for run in (other_host, untagged):
            instance.add_run(run)

        notes = reap_dead_runs(instance)

        assert notes == [
            f"run {dead_run} was STARTED, its process {killed.pid} is gone: marked failed",
            f"pool {POOL}: freed the slot of run {dead_run} (FAILURE, step {claimed[0].step_key})",
        ]
        statuses = {r: instance.get_run_by_id(r).status for r in (dead_run, other_host.run_id, untagged.run_id)}
        assert statuses == {
            dead_run: dg.DagsterRunStatus.FAILURE,
            other_host.run_id: dg.DagsterRunStatus.STARTED,
            untagged.run_id: dg.DagsterRunStatus.STARTED,
        }
        assert instance.event_log_storage.get_concurrency_info(POOL).claimed_slots == []


def test_a_local_instance_is_not_shared_storage(tmp_path: Path) -> None:
    shutil.copyfile(REPO / "deploy" / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert not shared_storage(instance)
