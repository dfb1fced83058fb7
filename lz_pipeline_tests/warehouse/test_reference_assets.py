"""The dimension assets, in-process: registered in ``defs`` and loading the reference files."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from lz_pipeline.definitions import defs
from lz_pipeline.defs.reference_assets import REFERENCE_ASSETS
from lz_pipeline.warehouse.dimensions import REFERENCE_DIR


def _data_rows(name: str) -> int:
    with (REFERENCE_DIR / name).open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def test_dimension_assets_are_registered() -> None:
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"dim_function_code", "dim_economic_code", "dim_department"} <= keys


def test_dimension_assets_load_the_reference_files(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            REFERENCE_ASSETS, instance=instance, resources={"duckdb": DuckDBResource(database=str(warehouse))}
        )
        rows = {
            event.asset_key.to_user_string(): event.materialization.metadata["rows"].value
            for event in result.get_asset_materialization_events()
        }
    assert result.success
    assert rows == {
        "dim_function_code": _data_rows("function_codes.csv"),
        "dim_economic_code": 79,
        "dim_department": _data_rows("departments.csv"),
    }
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        names = conn.execute(
            "SELECT valid_from, valid_to, name FROM dim_function_code WHERE code = '215' ORDER BY valid_from"
        ).fetchall()
    assert names == [(2015, 2019, "资源勘探信息等支出"), (2020, None, "资源勘探工业信息等支出")]
