"""The one entry point ``workspace.yaml`` and ``dg`` load: ``defs``.

Each module under ``lz_pipeline/defs/`` exports lists; add a module's lists here to register it.
"""

from __future__ import annotations

import dagster as dg

from lz_pipeline.defs.assets import ALL_ASSETS
from lz_pipeline.defs.checks import ALL_CHECKS
from lz_pipeline.defs.resources import default_resources

ASSETS = [*ALL_ASSETS]
ASSET_CHECKS = [*ALL_CHECKS]
JOBS: list = []
SENSORS: list = []
SCHEDULES: list = []

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=ASSET_CHECKS,
    jobs=JOBS,
    sensors=SENSORS,
    schedules=SCHEDULES,
    resources=default_resources(),
)
