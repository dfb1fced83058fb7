"""Warehouse(publish_per="run"): a department-year's run publishes once, its facts and claims together."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

import lz_pipeline.warehouse.publish as publish_module
from lz_pipeline.defs.analytics_assets import PARTITION_ANALYTICS_ASSETS
from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import corpus_resources
from lz_pipeline.settings import working_path
from lz_pipeline_tests.conftest import OFFICE, RAW

STATE = (
    "SELECT (SELECT amount FROM fact_summary WHERE item = '总计' AND side = '收入' AND document_kind = '决算'),"
    " (SELECT count(*) FROM fact_narrative_claim), (SELECT count(*) FROM source_document)"
)


@pytest.mark.parametrize(("publish_per", "publishes"), [("run", 1), ("connection", 2)])
def test_a_department_year_run_publishes_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, publish_per: str, publishes: int
) -> None:
    calls: list[Path] = []
    real = publish_module.publish

    def counted(conn: duckdb.DuckDBPyConnection, published: Path) -> None:  # the real publish, counted
        calls.append(published)
        real(conn, published)

    monkeypatch.setattr(publish_module, "publish", counted)
    warehouse = tmp_path / "w.duckdb"
    key = document_key(2020, OFFICE)
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [key])
        result = dg.materialize(
            [*DOCUMENT_ASSETS, *PARTITION_ANALYTICS_ASSETS],
            partition_key=key,
            instance=instance,
            resources=corpus_resources(RAW, warehouse, publish_per=publish_per),
        )
    assert result.success
    assert calls == [warehouse] * publishes  # "connection": the facts' step, then the claims' step
    with duckdb.connect(str(warehouse), read_only=True) as published:
        seen = published.execute(STATE).fetchone()
    with duckdb.connect(str(working_path(warehouse)), read_only=True) as working:
        assert working.execute(STATE).fetchone() == seen  # everything the run committed, published
    # 泸州市人民政府办公室 2020 决算, 收入总计 from its truth file; its 决算 and 预算 each with a narrative
    assert seen[0] == Decimal("3542.280000") and seen[1] > 0 and seen[2] == 2
