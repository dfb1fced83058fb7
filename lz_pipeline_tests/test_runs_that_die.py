"""`lz-pipeline run` when things go wrong: a run killed mid-load, a SIGTERM, a bad input, a bad warehouse.

Each case starts the CLI as a user would (DAGSTER_HOME unset, so the warehouse's own instance).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.cli import EXIT_ERROR, EXIT_PARTIAL
from lz_pipeline_tests.conftest import (
    EDUCATION,
    OFFICE,
    OFFICE_2019,
    OFFICE_2020,
    RAW,
    REPO,
    copy_as_single_file,
    stray_figure_in_fund_table,
)
from lz_pipeline_tests.fixtures import bad_pdfs
from lz_pipeline_tests.truth import load_truth

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

CLI = Path(sys.executable).parent / "lz-pipeline"
POOL = "duckdb"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}


def _command(raw: Path, warehouse: Path, *options: str) -> list[str]:
    return [str(CLI), "--warehouse", str(warehouse), "run", "--raw-dir", str(raw), *options]


def _office_corpus(root: Path) -> Path:
    raw = root / "raw"
    for pdf in (OFFICE_2019, OFFICE_2020):
        copy_as_single_file(pdf, raw)
    return raw


def _summary_rows(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute("SELECT year, count(*) FROM fact_summary GROUP BY year ORDER BY year").fetchall()


def _truth_summary_rows(pdf: Path) -> int:
    summary = load_truth(pdf)["tables"]["summary"]
    return len(summary["income"]) + len(summary["expenditure"])


def _wait_for_claimed_slot(process: subprocess.Popen, instance: dg.DagsterInstance) -> list:
    """Poll the instance until a step of the run holds the pool slot: the run is mid-write."""
    deadline = time.monotonic() + 300
    while True:
        assert process.poll() is None, "the run ended before it was caught holding the slot"
        assert time.monotonic() < deadline
        claimed = instance.event_log_storage.get_concurrency_info(POOL).claimed_slots
        if claimed:
            return claimed
        time.sleep(0.005)


def test_a_run_killed_mid_load_does_not_block_the_next(tmp_path: Path) -> None:
    raw, warehouse = _office_corpus(tmp_path), tmp_path / "w.duckdb"
    home = tmp_path / "w.duckdb.dagster"
    # The warehouse's instance, set up before the run uses it (two processes creating its SQLite
    # storage at the same moment can trip over each other's schema migration).
    home.mkdir()
    shutil.copyfile(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        killed = subprocess.Popen(_command(raw, warehouse), env=_env(), stdout=subprocess.DEVNULL)
        claimed = _wait_for_claimed_slot(killed, instance)
        killed.send_signal(signal.SIGKILL)
    assert killed.wait() == -signal.SIGKILL
    dead_run = claimed[0].run_id
    with dg.DagsterInstance.from_config(str(home)) as instance:  # what the issue saw: STARTED, slot held
        assert instance.get_run_by_id(dead_run).status == dg.DagsterRunStatus.STARTED
        assert [s.run_id for s in instance.event_log_storage.get_concurrency_info(POOL).claimed_slots] == [dead_run]

    # Without the clean-up this run would wait for the slot forever: the timeout makes that a failure.
    rerun = subprocess.run(_command(raw, warehouse), env=_env(), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"cleaned up: run {dead_run} was STARTED, its process {killed.pid} is gone: marked failed" in rerun.stdout
    assert f"cleaned up: pool duckdb: freed the slot of run {dead_run} (FAILURE, step {claimed[0].step_key})" in (
        rerun.stdout
    )
    assert "2 partitions loaded, 0 failed" in rerun.stdout
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_run_by_id(dead_run).status == dg.DagsterRunStatus.FAILURE
        assert instance.event_log_storage.get_concurrency_info(POOL).claimed_slots == []
    assert _summary_rows(warehouse) == [
        (2019, _truth_summary_rows(OFFICE_2019)),
        (2020, _truth_summary_rows(OFFICE_2020)),
    ]


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# Started with SIGINT ignored, as a shell starts a background job (`lz-pipeline run &`): Dagster restores SIGTERM
# to SIGINT's handler after each run, which was SIG_IGN, and the run went on to the end.
@pytest.mark.parametrize("sigint", ["default", "ignored"])
def test_sigterm_stops_the_run_leaving_a_whole_warehouse(tmp_path: Path, sigint: str) -> None:
    raw, warehouse = _office_corpus(tmp_path), tmp_path / "w.duckdb"
    start = _ignore_sigint if sigint == "ignored" else None
    run = subprocess.Popen(_command(raw, warehouse), env=_env(), stdout=subprocess.PIPE, text=True, preexec_fn=start)
    lines = []
    while not any(line.startswith("[1/2] ok") for line in lines):  # 2019 loaded and published
        line = run.stdout.readline()
        assert line, "".join(lines)
        lines.append(line)
    run.send_signal(signal.SIGTERM)
    # It stops instead of going on (a hang fails at the timeout): judged by what ran, not by a clock, which a
    # loaded machine would make flaky (it takes about a second here).
    rest, _ = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM
    assert "lz-pipeline run: stopped (SIGTERM " in rest and f"{warehouse} holds the last published state" in rest
    rows = dict(_summary_rows(warehouse))
    assert rows[2019] == _truth_summary_rows(OFFICE_2019)
    assert rows.get(2020, 0) in (0, _truth_summary_rows(OFFICE_2020))  # 2020 whole or not at all
    with dg.DagsterInstance.from_config(str(tmp_path / "w.duckdb.dagster")) as instance:
        # The interrupted run, if the signal came inside one, is failed: nothing is left for the next run to wait on.
        runs = instance.get_runs()
        assert dg.DagsterRunStatus.STARTED not in {r.status for r in runs}
        assert len(runs) <= 2  # 2019's run and, when the signal came inside it, 2020's: no code lists, no dbt
        assert instance.event_log_storage.get_concurrency_info(POOL).claimed_slots == []


def test_a_failed_partition_exits_with_the_partial_code(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2020").mkdir(parents=True)
    bad_pdfs.random_bytes(raw / "2020" / f"{OFFICE}.pdf")
    command = _command(raw, tmp_path / "w.duckdb", "-v")
    done = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == EXIT_PARTIAL, done.stdout + done.stderr
    assert f"[1/1] FAILED  2020/{OFFICE}.pdf" in done.stdout
    assert f"FAILED {OFFICE}|2020: {raw}/2020/{OFFICE}.pdf: not a readable PDF" in done.stdout
    # -v: Dagster's events on stderr as well as in the log file
    log = next((tmp_path / "w.duckdb.dagster" / "logs").glob("run-*.log")).read_text(encoding="utf-8")
    assert 'STEP_FAILURE - Execution of step "raw_tables" failed.' in done.stderr
    assert done.stderr in log


def test_a_quarantined_table_exits_with_the_partial_code(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2020").mkdir(parents=True)
    stray_figure_in_fund_table(raw / "2020" / f"{EDUCATION}.pdf")
    done = subprocess.run(_command(raw, tmp_path / "w.duckdb"), env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == EXIT_PARTIAL, done.stdout + done.stderr
    assert f"[1/1] ok but 1 quarantined 2020/{EDUCATION}.pdf" in done.stdout  # its proven tables are loaded
    assert f"CHECK FAILED {EDUCATION}|2020: tables_complete" in done.stdout


def _layout(root: Path, kind: str) -> Path:
    raw = root / "raw"
    if kind == "missing":
        return raw
    raw.mkdir()
    if kind == "nested too deep":
        (raw / "2020" / OFFICE / "附件").mkdir(parents=True)
        shutil.copyfile(OFFICE_2020, raw / "2020" / OFFICE / "附件" / "决算.pdf")
    return raw


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "raw: no such folder (expected <year>/<department>.pdf or <year>/<department>/*.pdf"),
        ("empty", "raw: no document in a layout the pipeline understands.\nFound 0 PDF file(s); no folders.\n"),
        (
            "nested too deep",
            "raw: no document in a layout the pipeline understands.\n"
            f"Found 1 PDF file(s), e.g. 2020/{OFFICE}/附件/决算.pdf; folders: 2020.\n"
            "Expected <year>/<department>.pdf or <year>/<department>/*.pdf (e.g. 2020/泸州市财政局.pdf, or a folder"
            " 2020/泸州市财政局/ holding its 决算 and 预算 PDFs). PDFs nested deeper than <year>/<department>/: move"
            " each department-year's files into its folder.",
        ),
    ],
)
def test_an_input_folder_without_documents_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture, kind: str, message: str
) -> None:
    from lz_pipeline.cli import main

    raw = _layout(tmp_path, kind)
    assert main(["--warehouse", str(tmp_path / "w.duckdb"), "run", "--raw-dir", str(raw)]) == EXIT_ERROR
    assert f"lz-pipeline run: {tmp_path}/{message}" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()


def test_a_warehouse_that_cannot_be_opened_fails_at_once(tmp_path: Path) -> None:
    """The issue's example: the DuckDB resource retried this for minutes, step after step. Here the warehouse's
    folder cannot be made (a file is in the way), for a DuckDB file and for a DuckLake catalog alike."""
    (tmp_path / "taken").write_text("not a folder")
    for value in (f"{tmp_path}/taken/w.duckdb", f"ducklake:{tmp_path}/taken/catalog.sqlite"):
        done = subprocess.run(
            [str(CLI), "--warehouse", value, "run", "--raw-dir", str(RAW)],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert done.returncode == EXIT_ERROR
        path = value.removeprefix("ducklake:")
        assert done.stderr.strip() == (
            f"lz-pipeline run: {path}: cannot open the warehouse: cannot create its folder: File exists"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
