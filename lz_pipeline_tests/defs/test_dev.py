"""`lz-pipeline dev` from any shell: `dagster dev` on the warehouse's own instance, run monitoring on."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from lz_pipeline_tests.defs.test_browser import LOCATIONS, _default_signals, _free_port, _graphql, _stop_session

READY_SECONDS = 180
INSTANCE = "{ instance { info daemonHealth { allDaemonStatuses { daemonType healthy } } } }"


def test_dev_starts_the_ui_on_the_warehouse_instance(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    cli = Path(sys.executable).parent / "lz-pipeline"
    with (tmp_path / "dev.log").open("wb") as log:
        process = subprocess.Popen(
            [str(cli), "--warehouse", str(warehouse), "dev", "-h", "127.0.0.1", "-p", str(port)],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_default_signals,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + READY_SECONDS
            while True:
                assert process.poll() is None, (tmp_path / "dev.log").read_text(errors="replace")
                try:
                    entries = _graphql(url, LOCATIONS)["workspaceOrError"]["locationEntries"]
                    if [(e["name"], e["loadStatus"]) for e in entries] == [("lz_pipeline", "LOADED")]:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"lz-pipeline dev not ready after {READY_SECONDS} s"
                time.sleep(0.5)
            instance = _graphql(url, INSTANCE)["instance"]
        finally:
            _stop_session(process)
    home = tmp_path / "w.duckdb.dagster"
    assert f"base_dir: {home}\n" in instance["info"]  # DAGSTER_HOME was unset: the warehouse's instance
    assert "run_monitoring:\n" in instance["info"] and "  enabled: true\n" in instance["info"]
    daemons = {d["daemonType"] for d in instance["daemonHealth"]["allDaemonStatuses"]}
    assert "MONITORING" in daemons
    assert (home / "dagster.yaml").exists()
