"""The analytics assets in-process: claims per partition, derived tables, charts in the UI metadata."""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import matplotlib
import pytest
from dagster_duckdb import DuckDBResource

from lz_pipeline.analytics.charts import cjk_font
from lz_pipeline.defs.analytics_assets import ANALYTICS_ASSETS, derived_analytics, narrative_claims, report_charts
from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.partitions import department_partitions, document_key
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019, OFFICE_2020, copy_as_single_file


@pytest.fixture(scope="module")
def materialized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dg.MaterializeResult]]:
    root = tmp_path_factory.mktemp("analytics_assets")
    for pdf in (OFFICE_2019, OFFICE_2020):
        copy_as_single_file(pdf, root / "raw")
    warehouse = root / "w.duckdb"
    resources = {"corpus": RawCorpus(raw_dir=str(root / "raw")), "duckdb": DuckDBResource(database=str(warehouse))}
    assets = [*DOCUMENT_ASSETS, *ANALYTICS_ASSETS]
    metadata = {}
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(department_partitions.name, [OFFICE])
        for year in (2019, 2020):
            result = dg.materialize(
                assets,
                selection=[*DOCUMENT_ASSETS, narrative_claims],
                partition_key=document_key(year, OFFICE),
                instance=instance,
                resources=resources,
            )
            metadata[f"claims_{year}"] = result.asset_materializations_for_node("narrative_claims")[0].metadata
        result = dg.materialize(
            assets, selection=[derived_analytics, report_charts], instance=instance, resources=resources
        )
        for name in ("derived_analytics", "report_charts"):
            metadata[name] = result.asset_materializations_for_node(name)[0].metadata
    return warehouse, metadata


def test_claims_and_checks_land_in_the_warehouse(materialized: tuple[Path, dict]) -> None:
    warehouse, metadata = materialized
    assert metadata["derived_analytics"]["narrative_disagree"].value == 4
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        wrong = conn.execute(
            "SELECT subject, narrative_value, table_value FROM narrative_check WHERE metric = 'amount' "
            "AND status = 'disagree'"
        ).fetchall()
        yoy = conn.execute(
            "SELECT change, change_pct FROM yoy_metric WHERE year = 2020 AND metric = 'fiscal_total'"
        ).fetchall()
    assert wrong == [("three_public_overseas", Decimal("0.13"), Decimal("0.31"))]
    assert yoy == [(Decimal("-644.51"), Decimal("-15.39"))]


def test_charts_are_png_files_and_inline_images(materialized: tuple[Path, dict]) -> None:
    warehouse, metadata = materialized
    charts = metadata["report_charts"]
    for name in ("total_by_year", "expenditure_structure", "three_public_structure"):
        path = Path(charts[f"{OFFICE}/{name}"].value)
        assert path == warehouse.parent / "charts" / OFFICE / f"{name}.png"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert charts["charts"].value.count("](data:image/png;base64,iVBORw0KGgo") == 3
    assert charts["drawn"].value == 1
    assert charts["not_drawn"].value == "none"


def test_without_a_cjk_font_the_charts_warn_and_the_run_succeeds(
    materialized: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, _ = materialized
    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"  # no Chinese glyphs
    monkeypatch.setenv("LZ_CJK_FONT", str(latin))
    cjk_font.cache_clear()
    try:
        with dg.DagsterInstance.ephemeral() as instance:
            result = dg.materialize(
                [*DOCUMENT_ASSETS, *ANALYTICS_ASSETS],
                selection=[report_charts],
                instance=instance,
                resources={
                    "duckdb": DuckDBResource(database=str(warehouse)),
                    "corpus": RawCorpus(raw_dir="/nonexistent"),
                },
            )
            warnings = [
                record.user_message
                for record in instance.all_logs(result.run_id)
                if record.level == logging.WARNING and "chart not drawn" in record.user_message
            ]
    finally:
        monkeypatch.undo()
        cjk_font.cache_clear()
    assert result.success
    metadata = result.asset_materializations_for_node("report_charts")[0].metadata
    assert metadata["drawn"].value == 0
    assert "DejaVuSans.ttf has no glyph for 收支决算" in metadata["not_drawn"].value
    assert metadata["charts"].value == "no charts drawn"
    assert len(warnings) == 1 and "has no glyph" in warnings[0]
