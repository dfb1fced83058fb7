"""The definitions load the way ``dg`` expects: from the defs folder, and ``dg check defs`` agrees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lz_pipeline.definitions import defs
from lz_pipeline.defs.analytics_assets import ANALYTICS_ASSETS
from lz_pipeline.defs.assets import ALL_ASSETS
from lz_pipeline.defs.derived_assets import DERIVED_ASSETS
from lz_pipeline.defs.reference_assets import REFERENCE_ASSETS
from lz_pipeline_tests.conftest import REPO

DG = Path(sys.executable).with_name("dg")


def test_the_defs_folder_holds_every_asset_job_sensor_and_schedule() -> None:
    graph = defs.resolve_asset_graph()
    declared = {
        key for asset in (*ALL_ASSETS, *ANALYTICS_ASSETS, *REFERENCE_ASSETS, *DERIVED_ASSETS) for key in asset.keys
    }
    assert set(graph.get_all_asset_keys()) == declared
    assert {job.name for job in defs.resolve_all_job_defs()} == {"__ASSET_JOB", "document_job", "analytics_job"}
    assert [sensor.name for sensor in defs.sensors] == ["raw_pdf_sensor"]
    assert sorted(schedule.name for schedule in defs.schedules) == ["analytics_daily", "stale_documents_daily"]
    assert sorted(defs.resources) == ["corpus", "dbt", "duckdb", "io_manager"]


def test_dg_check_defs_is_clean() -> None:
    env = os.environ | {"VIRTUAL_ENV": str(Path(sys.executable).parent.parent)}
    done = subprocess.run([str(DG), "check", "defs"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All definitions loaded successfully." in done.stdout + done.stderr


def test_no_table_has_two_writers() -> None:
    """Each warehouse table is one asset's: the dbt models' names and the Python assets' never meet, and every
    model is its own asset (the loaders' tables are the dbt sources, written by the assets they map to)."""
    from lz_pipeline.dictionary import model_keys

    python_assets = {
        key.to_user_string() for a in (*ALL_ASSETS, *ANALYTICS_ASSETS, *REFERENCE_ASSETS) for key in a.keys
    }
    dbt_assets = {key.to_user_string() for key in DERIVED_ASSETS[0].keys}
    assert dbt_assets == set(model_keys())
    assert python_assets.isdisjoint(dbt_assets)
