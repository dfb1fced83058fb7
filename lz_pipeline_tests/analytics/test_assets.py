"""The analytics assets in-process: claims per partition, derived tables, charts in the UI metadata."""

from __future__ import annotations

import logging
import shutil
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
from lz_pipeline.defs.partitions import document_key, register_documents
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
        register_documents(instance, [document_key(y, OFFICE) for y in (2019, 2020)])
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


def test_budgets_their_execution_and_its_chart_in_the_metadata(budget_warehouse_file: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copy2(budget_warehouse_file, warehouse)
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [*DOCUMENT_ASSETS, *ANALYTICS_ASSETS],
            selection=[derived_analytics, report_charts],
            instance=instance,
            resources={"duckdb": DuckDBResource(database=str(warehouse)), "corpus": RawCorpus(raw_dir="/nonexistent")},
        )
    metadata = result.asset_materializations_for_node("derived_analytics")[0].metadata
    # 5 real budgets and the office's 2019, 2020 and 2022; the office's 2019 and 2020 have a 决算 too
    assert (metadata["budgets"].value, metadata["rows_yoy_budget_total"].value) == (8, 8)
    assert metadata["budget_vs_final_years"].value == 2
    preview = metadata["budget_preview"].value.splitlines()
    assert preview[0] == "| department | year | budget total | prior | change | change % | fiscal | basic | project |"
    # the truth of 江苏省政协办公厅's 2018 and 2017 收支预算总表
    assert (
        "| 江苏省政协办公厅 | 2018 | 10150.480000 | 9146.790000 | 1003.690000 | 10.97 | 10070.480000 | 5678.170000"
        " | 3314.680000 |" in preview
    )
    execution = metadata["execution_preview"].value.splitlines()
    assert execution[0] == "| department | year | figure | budget | final | executed % |"
    # the office's 2020 budget 3542.30 (sample truth) and its published 决算 3542.28
    assert f"| {OFFICE} | 2020 | 一般公共预算财政拨款支出 | 3542.300000 | 3542.280000 | 100.00 |" in execution
    charts = result.asset_materializations_for_node("report_charts")[0].metadata
    chart = Path(charts[f"{OFFICE}/budget_vs_final"].value)
    assert chart == warehouse.parent / "charts" / OFFICE / "budget_vs_final.png"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
