"""The one entry point ``workspace.yaml`` and ``dg`` load: ``defs``."""

from __future__ import annotations

import dagster as dg

from lz_pipeline.defs.assets import ALL_ASSETS
from lz_pipeline.defs.resources import default_resources

defs = dg.Definitions(assets=ALL_ASSETS, resources=default_resources())
