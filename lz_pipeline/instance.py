"""The Dagster instance of a warehouse, and what runs that died left claimed in it.

A run killed outright (SIGKILL, the OOM killer, a reboot) stays STARTED in the run storage and keeps
its slot of pool ``duckdb``, and every later loader waits for that slot forever. The local run
launcher cannot tell (it has no worker health check), so ``lz-pipeline run`` looks itself: a run
whose process is gone is marked failed, and slots held by runs that are over are freed. On a shared
run storage (the team instance's Postgres, deploy/team/dagster.yaml) only this machine's runs are judged.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEventType
from dagster._core.storage.runs import SqliteRunStorage

from lz_pipeline import settings

TAG_PID = "lz/pid"
TAG_HOST = "lz/host"
# Runs that may have a live process; STARTING ones without one are run monitoring's (start timeout).
LIVE_STATUSES = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def ensure_home(warehouse: Path) -> Path:
    """``DAGSTER_HOME`` as set, or the warehouse's own instance folder, created with deploy/dagster.yaml."""
    home = settings.dagster_home(warehouse)
    if not os.environ.get("DAGSTER_HOME"):
        home.mkdir(parents=True, exist_ok=True)
        if not (home / "dagster.yaml").exists():
            shutil.copyfile(settings.DAGSTER_YAML, home / "dagster.yaml")
        os.environ["DAGSTER_HOME"] = str(home)  # for DagsterInstance.get() here and in child processes
    return home


def run_tags() -> dict[str, str]:
    """Tags of the runs this process executes in-process: who to ask whether they are still alive."""
    return {TAG_PID: str(os.getpid()), TAG_HOST: socket.gethostname()}


def _boot_time() -> float:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    raise OSError("no btime in /proc/stat")


def process_alive(pid: int, since: float) -> bool:
    """Whether ``pid`` runs and started by ``since`` (a later start is another process with a reused pid)."""
    if not Path("/proc/self/stat").exists():  # not Linux: no start times to compare
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (command)": state is field 3, starttime field 22
    if fields[0] in ("Z", "X"):
        return False
    started = _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return started <= since + 2  # /proc/stat's btime is whole seconds


def run_pid(instance: dg.DagsterInstance, run: dg.DagsterRun) -> int | None:
    """The run's process: our tag, else the first engine event naming a pid (run worker or executor)."""
    if TAG_PID in run.tags:
        return int(run.tags[TAG_PID])
    records = instance.get_records_for_run(run.run_id, of_type=DagsterEventType.ENGINE_EVENT, limit=20).records
    for record in records:
        event = record.event_log_entry.dagster_event
        data = event.engine_event_data if event else None
        if data and "pid" in data.metadata:
            return int(data.metadata["pid"].value)
    return None


def shared_storage(instance: dg.DagsterInstance) -> bool:
    """Whether other machines' runs may be in the run storage: SQLite files are one machine's, any other run
    storage (Postgres, MySQL) is shared, and a pid in one of its runs means nothing here unless it is ours."""
    return not isinstance(instance.run_storage, SqliteRunStorage)


def reap_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs whose process is gone, free the pool slots of ended runs; say what was done.

    On shared storage only runs tagged with this host are judged (runs of ``lz-pipeline run`` and the
    backfill command); a run that a daemon's worker elsewhere left STARTED is run monitoring's. Slots of runs
    that are over are freed whoever ran them: an ended run holds nothing."""
    notes = []
    host = socket.gethostname()
    local = not shared_storage(instance)
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=LIVE_STATUSES)):
        run = record.dagster_run
        if run.tags.get(TAG_HOST, host if local else None) != host:
            continue
        pid = run_pid(instance, run)
        since = record.start_time or record.create_timestamp.timestamp()
        if pid is None or process_alive(pid, since):
            continue
        instance.report_run_failed(run, f"Marked failed by lz-pipeline: its process {pid} is gone (killed?).")
        notes.append(f"run {run.run_id} was {run.status.value}, its process {pid} is gone: marked failed")
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return notes
    for pool in sorted(storage.get_concurrency_keys()):
        info = storage.get_concurrency_info(pool)
        holders = {s.run_id for s in info.claimed_slots} | {p.run_id for p in info.pending_steps}
        for run_id in sorted(holders):
            run = instance.get_run_by_id(run_id)
            if run is not None and not run.is_finished:
                continue
            steps = sorted(s.step_key for s in info.claimed_slots if s.run_id == run_id)
            storage.free_concurrency_slots_for_run(run_id)
            status = run.status.value if run else "deleted"
            notes.append(f"pool {pool}: freed the slot of run {run_id} ({status}, step {', '.join(steps) or 'queued'})")
    return notes


WRITER_POOL = "duckdb"


def size_writer_pool(instance: dg.DagsterInstance, lake: bool, parallel_runs: int) -> int:
    """Slots of the writers' pool for a backfill: one for a DuckDB file (one writer at a time through its
    working database), one per parallel run for a DuckLake (its transactions commit side by side, and a
    conflict is retried). Returns the limit set."""
    slots = max(1, parallel_runs) if lake else 1
    instance.event_log_storage.set_concurrency_slots(WRITER_POOL, slots)
    return slots
