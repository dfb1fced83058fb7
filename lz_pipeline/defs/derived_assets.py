"""The derived layer as Dagster assets: one asset per dbt model and seed (lz_pipeline/derived), its dbt
tests that asset's checks, its sources the loader assets that write them (models/sources.yml).

The models run in the writers' pool against the pipeline's working database; the publish that follows
hands analysts every table and view at once.
"""

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from lz_pipeline.defs.assets import DUCKDB_POOL
from lz_pipeline.defs.resources import Warehouse
from lz_pipeline.derived.project import dbt_home, dbt_vars, prepare_manifest

GROUPS = {
    "yoy": "derived_yoy",
    "shares": "derived_shares",
    "budget": "derived_budget",
    "narrative": "derived_narrative",
}


class DerivedTranslator(DagsterDbtTranslator):
    """Groups by model folder (yoy, shares, budget, narrative; the v_* views and seeds: derived)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_group_name(dbt_resource_props)
        folder = Path(dbt_resource_props.get("original_file_path", "")).parts[1:2]
        return GROUPS.get(folder[0] if folder else "", "derived")


# Several source tables share the loader asset that writes them (every fact table: warehouse_facts).
TRANSLATOR = DerivedTranslator(DagsterDbtTranslatorSettings(enable_duplicate_source_asset_keys=True))


@dbt_assets(manifest=prepare_manifest(), dagster_dbt_translator=TRANSLATOR, pool=DUCKDB_POOL)
def derived_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: Warehouse) -> Iterator:
    """YoY at every level, shares, region roll-ups, budgets against final accounts, the narrative check and
    the analyst views, built and tested by dbt on the working database, then published."""
    database = duckdb.derived_database()
    target = dbt_home(database) / "target" / f"run-{context.run.run_id}"
    invocation = dbt.cli(
        ["build", "--vars", json.dumps(dbt_vars(), ensure_ascii=False)], context=context, target_path=target
    )
    yield from invocation.stream()
    duckdb.publish()


DERIVED_ASSETS = [derived_models]
