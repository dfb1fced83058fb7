"""What every definition in this folder runs with: the resources and the executor (``dg`` loads it like the rest)."""

from __future__ import annotations

import dagster as dg

from lz_pipeline.defs.jobs import FORKSERVER_EXECUTOR
from lz_pipeline.defs.resources import default_resources


@dg.definitions
def environment() -> dg.Definitions:
    # The executor applies to materializations and backfills launched from the UI too.
    return dg.Definitions(resources=default_resources(), executor=FORKSERVER_EXECUTOR)
