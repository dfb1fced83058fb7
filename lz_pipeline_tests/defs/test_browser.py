"""The real UI: `dagster dev` on a loopback port, read by headless Chromium, driven through GraphQL.

Needs Debian's chromium (.ci/run installs it). Without it the test skips on a developer's machine and
fails in CI (where ``CI`` is set), so the browser check cannot silently disappear.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.corpus import discover
from lz_pipeline.defs.partitions import department_partitions, document_partitions, year_partitions
from lz_pipeline_tests.conftest import OFFICE, RAW, REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
READY_SECONDS = 60
RUN_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _default_signals() -> None:
    # A shell that runs us in the background ignores SIGINT/SIGTERM; dagster dev must not inherit that.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


def _stop_session(process: subprocess.Popen) -> None:
    """SIGTERM the whole session (webserver, daemon, code servers, run workers), then SIGKILL stragglers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    # A code server started while the daemon shut down outlives dagster dev by its heartbeat timeout.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        time.sleep(0.2)


def _graphql(url: str, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"{url}/graphql", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        payload = json.load(response)
    assert "errors" not in payload, payload
    return payload["data"]


LOCATIONS = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"


@pytest.fixture(scope="module")
def dagster_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """A `dagster dev` with its own DAGSTER_HOME and warehouse, the sample departments registered."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip("chromium not installed (apt-get install -y chromium); CI runs this test")
    root = tmp_path_factory.mktemp("ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy2(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")  # telemetry: enabled: false
    warehouse = root / "warehouse.duckdb"
    env = os.environ | {"DAGSTER_HOME": str(home), "LZ_RAW_DIR": str(RAW), "LZ_WAREHOUSE": str(warehouse)}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions(department_partitions.name, sorted({d.department for d in discover(RAW)}))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (root / "dagster_dev.log").open("wb")
    dagster = Path(sys.executable).parent / "dagster"
    process = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_default_signals,
    )
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            assert process.poll() is None, f"dagster dev exited: see {root / 'dagster_dev.log'}"
            try:
                entries = _graphql(url, LOCATIONS)["workspaceOrError"]["locationEntries"]
                if [(e["name"], e["loadStatus"]) for e in entries] == [("lz_pipeline", "LOADED")]:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"dagster dev not ready after {READY_SECONDS} s"
            time.sleep(0.5)
        _graphql(url, "mutation { setNuxSeen }")  # no "join the community" dialog over the screenshot
        yield url, root, warehouse
    finally:
        _stop_session(process)
        log.close()


def _chromium(url: str, profile: Path, *mode: str) -> str:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=20000",  # let the single-page app fetch and render before the dump
        "--window-size=1400,900",
        *mode,
        url,
    ]
    done = subprocess.run(command, capture_output=True, timeout=60, check=True)
    return done.stdout.decode()


def _text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


def test_ui_shows_the_asset_graph(dagster_dev: tuple[str, Path, Path]) -> None:
    url, root, _ = dagster_dev
    page = f"{url}/assets/normalized_tables?view=lineage"
    text = _text(_chromium(page, root / "chromium", "--dump-dom"))
    assert "Lineage" in text
    # normalized_tables with its upstream and downstream neighbours, drawn as graph nodes.
    for asset in ("raw_tables", "normalized_tables", "warehouse_facts"):
        assert asset in text
    screenshot = root / "lineage.png"
    _chromium(page, root / "chromium", f"--screenshot={screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ui_shows_the_partitions_of_the_sample_corpus(dagster_dev: tuple[str, Path, Path]) -> None:
    url, root, _ = dagster_dev
    text = _text(_chromium(f"{url}/assets/raw_tables?view=partitions", root / "chromium", "--dump-dom"))
    departments = sorted({d.department for d in discover(RAW)})
    years = year_partitions.get_partition_keys()
    assert f"{len(departments) * len(years)} Partitions" in text
    for name in [*departments, *years]:
        assert name in text


LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}
"""
STATUS = "query Status($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"


def test_materialization_launched_through_graphql_succeeds(dagster_dev: tuple[str, Path, Path]) -> None:
    url, _, warehouse = dagster_dev
    key = f"{OFFICE}|2020"
    tags = [{"key": k, "value": v} for k, v in document_partitions.get_tags_for_partition_key(key).items()]
    params = {
        "selector": {
            "repositoryLocationName": "lz_pipeline",
            "repositoryName": "__repository__",
            "jobName": "document_job",
        },
        "runConfigData": {},
        "executionMetadata": {"tags": tags},
    }
    launched = _graphql(url, LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline = time.monotonic() + RUN_SECONDS
    while (status := _graphql(url, STATUS, {"id": run_id})["runOrError"]["status"]) not in {
        "SUCCESS",
        "FAILURE",
        "CANCELED",
    }:
        assert time.monotonic() < deadline, f"run {run_id} still {status} after {RUN_SECONDS} s"
        time.sleep(1)
    assert status == "SUCCESS"
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        totals = conn.execute("SELECT department, year, side, amount FROM fact_summary WHERE item = '总计'").fetchall()
    assert sorted(totals) == [(OFFICE, 2020, "支出", Decimal("3542.28")), (OFFICE, 2020, "收入", Decimal("3542.28"))]
