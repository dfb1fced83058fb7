"""Jobs: the per-document pipeline (partitioned) and the derived tables (unpartitioned).

Partitions are inferred from the selected assets (``define_asset_job(partitions_def=…)`` is deprecated).
"""

from __future__ import annotations

import dagster as dg

from lz_pipeline.defs.analytics_assets import PARTITION_ANALYTICS_ASSETS
from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.derived_assets import derived_models

# Each step in a process of its own; forkserver imports the code once per run, not once per step
# (spawn would re-import Dagster, camelot and the definitions for every step: ~3-10 s each).
FORKSERVER_EXECUTOR = dg.multiprocess_executor.configured(
    {"start_method": {"forkserver": {"preload_modules": ["lz_pipeline.definitions"]}}},
    name="multiprocess_forkserver",
)

# raw_tables → normalized_tables (+ its blocking identity checks) → warehouse_facts, and the
# narrative's claims, for one partition.
document_job = dg.define_asset_job(
    "document_job",
    selection=dg.AssetSelection.assets(*DOCUMENT_ASSETS, *PARTITION_ANALYTICS_ASSETS),
    description="Extract, normalize, check and load one department-year.",
    executor_def=FORKSERVER_EXECUTOR,
)

# Everything computed from the facts (YoY, views): recomputed as a whole, never per partition.
analytics_job = dg.define_asset_job(
    "analytics_job",
    # every dbt model (some descend only from the dim_* or narrative_claims assets) and what reads them
    selection=dg.AssetSelection.assets(derived_models).downstream(),
    description="Recompute the derived tables from the warehouse facts.",
)

ALL_JOBS = [document_job, analytics_job]
