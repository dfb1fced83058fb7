"""Analysts and a load side by side: readers in other processes never block `lz-pipeline run`, and every
query sees a whole published state.

Real processes throughout: the CLI as a user starts it (DAGSTER_HOME unset), one reader holding a
read-only connection for the whole run, and four readers opening a fresh connection in a loop.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from lz_pipeline.catalog import KINDS_BY_KEY
from lz_pipeline_tests.conftest import OFFICE, REPO, sample_pdf
from lz_pipeline_tests.truth import expected_records, load_truth

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

SHANGHAI_SPORT = "上海市普陀区体育局"
FIRST = [(2019, OFFICE)]
SECOND = [(2019, OFFICE), (2020, OFFICE), (2023, SHANGHAI_SPORT)]
KINDS = ("summary", "income", "expenditure")
STATE = " UNION ALL ".join(
    f"SELECT '{KINDS_BY_KEY[k].fact_table}' AS t, department, year, count(*) AS n FROM {KINDS_BY_KEY[k].fact_table} "
    "GROUP BY ALL"
    for k in KINDS
)
READER = f"""
import json, os, sys, time, duckdb
warehouse, mode = sys.argv[1], sys.argv[2]
state = lambda conn: sorted(conn.execute({STATE!r}).fetchall())
if mode == "hold":
    with duckdb.connect(warehouse, read_only=True) as conn:
        print(json.dumps(state(conn), ensure_ascii=False), flush=True)
        sys.stdin.readline()  # the run happens here
        print(json.dumps(state(conn), ensure_ascii=False), flush=True)
else:
    stop, seen, errors, queries = sys.argv[3], set(), [], 0
    while True:
        stopping = os.path.exists(stop)  # one more query after the run ended: it sees the final state
        try:
            with duckdb.connect(warehouse, read_only=True) as conn:
                seen.add(json.dumps(state(conn), ensure_ascii=False))
        except Exception as error:
            errors.append(repr(error))
        queries += 1
        if queries == 1:
            print("ready", flush=True)
        if stopping:
            break
        time.sleep(0.1)
    print(json.dumps({{"queries": queries, "errors": errors, "states": sorted(seen)}}, ensure_ascii=False), flush=True)
"""


def _corpus(root: Path, documents: list[tuple[int, str]]) -> Path:
    raw = root / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    for year, department in documents:
        (raw / str(year)).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample_pdf(year, department), raw / str(year) / f"{department}.pdf")
    return raw


def _truth_state(documents: list[tuple[int, str]]) -> list[list]:
    """The rows per fact table and department-year that the truth files say a load writes."""
    rows = []
    for year, department in documents:
        truth = load_truth(sample_pdf(year, department))
        rows += [
            [KINDS_BY_KEY[k].fact_table, department, year, len(expected_records(k, truth["tables"][k]))] for k in KINDS
        ]
    return sorted(rows)


def _run(raw: Path, warehouse: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    command = [
        str(Path(sys.executable).parent / "lz-pipeline"),
        "--warehouse",
        str(warehouse),
        "run",
        "--raw-dir",
        str(raw),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=raw.parent)


def _reader(warehouse: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-c", READER, str(warehouse), *args]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _whole(state: list[list], documents: list[tuple[int, str]]) -> bool:
    """Every department-year in ``state`` has all its rows in every table: none half-loaded."""
    truth = _truth_state(documents)
    present = {(department, year) for _, department, year, _ in state}
    return state == [row for row in truth if (row[1], row[2]) in present]


def test_readers_never_block_a_run_and_see_whole_states(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    first = _run(_corpus(tmp_path, FIRST), warehouse)
    assert first.returncode == 0, first.stdout + first.stderr
    old = _truth_state(FIRST)

    holder = _reader(warehouse, "hold")
    assert json.loads(holder.stdout.readline()) == old
    stop = tmp_path / "stop"
    loopers = [_reader(warehouse, "loop", str(stop)) for _ in range(4)]
    for looper in loopers:
        assert looper.stdout.readline().strip() == "ready"
    try:
        second = _run(_corpus(tmp_path, SECOND), warehouse)
    finally:
        stop.touch()
        held = holder.communicate("\n", timeout=60)
        looped = [looper.communicate(timeout=60) for looper in loopers]

    assert second.returncode == 0, second.stdout + second.stderr
    assert "3 partitions loaded, 0 failed" in second.stdout
    progress = [line.split(" · ")[0].rsplit("  ", 1)[0] for line in second.stdout.splitlines() if line[:1] == "["]
    assert progress == [
        f"[1/3] ok      2019/{OFFICE}.pdf",
        f"[2/3] ok      2020/{OFFICE}.pdf",
        f"[3/3] ok      2023/{SHANGHAI_SPORT}.pdf",
    ]
    home = tmp_path / "w.duckdb.dagster"  # DAGSTER_HOME was unset: the warehouse's own instance
    header = next(line for line in second.stdout.splitlines() if "its events go to " in line)
    log = Path(header.split("its events go to ")[1].split(" (-v")[0])
    assert log.parent == home / "logs"
    events = log.read_text(encoding="utf-8")
    assert "STEP_SUCCESS" in events and "Could not set lock" not in events

    # The reader that held its connection through the run still sees the state it opened.
    assert json.loads(held[0].splitlines()[0]) == old, held[1]
    new = _truth_state(SECOND)
    for out, err in looped:
        report = json.loads(out)
        assert report["errors"] == [], err
        states = [json.loads(s) for s in report["states"]]
        assert all(_whole(s, SECOND) for s in states), states
        assert old in states and new in states
    # A new reader sees the new state.
    fresh = _reader(warehouse, "hold")
    assert json.loads(fresh.communicate("\n", timeout=60)[0].splitlines()[0]) == new

    assert (home / "dagster.yaml").read_text() == (REPO / "deploy" / "dagster.yaml").read_text()
    with dg.DagsterInstance.from_config(str(home)) as instance:  # both runs' history is in it
        assert len(instance.get_runs()) == 2 * 2 + len(FIRST) + len(SECOND)  # reference + derived, one per document
