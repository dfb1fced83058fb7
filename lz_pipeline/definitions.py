"""The one entry point ``workspace.yaml`` and ``dg`` load: ``defs``.

Each module under ``lz_pipeline/defs/`` exports lists; add a module's lists here to register it.
"""

from __future__ import annotations

import dagster as dg

from lz_pipeline.defs.analytics_assets import ANALYTICS_ASSETS
from lz_pipeline.defs.assets import ALL_ASSETS
from lz_pipeline.defs.checks import ALL_CHECKS
from lz_pipeline.defs.jobs import ALL_JOBS, FORKSERVER_EXECUTOR
from lz_pipeline.defs.reference_assets import REFERENCE_ASSETS
from lz_pipeline.defs.resources import default_resources
from lz_pipeline.defs.schedules import ALL_SCHEDULES
from lz_pipeline.defs.sensors import ALL_SENSORS

ASSETS = [*ALL_ASSETS, *ANALYTICS_ASSETS, *REFERENCE_ASSETS]
ASSET_CHECKS = [*ALL_CHECKS]
JOBS = [*ALL_JOBS]
SENSORS = [*ALL_SENSORS]
SCHEDULES = [*ALL_SCHEDULES]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=ASSET_CHECKS,
    jobs=JOBS,
    sensors=SENSORS,
    schedules=SCHEDULES,
    resources=default_resources(),
    executor=FORKSERVER_EXECUTOR,  # also for materializations and backfills launched from the UI
)
