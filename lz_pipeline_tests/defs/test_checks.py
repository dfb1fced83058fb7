"""Under Dagster: a failing blocking identity check stops the loader of its own partition only."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

import lz_pipeline.normalize.documents as documents_module
from lz_pipeline.definitions import defs
from lz_pipeline.defs.assets import DOCUMENT_ASSETS, normalized_tables
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline_tests.conftest import EDUCATION, OFFICE, RAW, stray_figure_in_fund_table

IDENTITY_NAMES = {
    "summary_totals_balance",
    "summary_lines_add_up",
    "code_hierarchy_sums",
    "row_columns_add_up",
    "basic_expenditure_split",
    "three_public_sums",
    "cross_table_totals",
}


def test_identity_checks_are_registered_and_blocking() -> None:
    registered = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    specs = list(normalized_tables.check_specs)
    assert registered >= IDENTITY_NAMES
    assert {spec.name for spec in specs if spec.blocking} == IDENTITY_NAMES
    assert {spec.asset_key.to_user_string() for spec in specs} == {"normalized_tables"}


@pytest.fixture
def broken_2019(monkeypatch: pytest.MonkeyPatch) -> None:
    """2019's 公务接待费 (决算数) read as 2.71 + 1 万元, so its 三公 no longer add up to 42.44 + 72 + 2.71."""
    normalize = documents_module.normalize_document

    def normalize_and_break(raw, department: str, year: int, aliases: tuple[str, ...] = ()) -> NormalizedDocument:
        document = normalize(raw, department, year, aliases)
        if year != 2019 or "three_public" not in document.tables:  # the 2019 决算 (not its 预算)
            return document
        document = copy.deepcopy(document)
        document.tables["three_public"].records[0].amounts["actual_reception"] += Decimal(1)
        return document

    monkeypatch.setattr(documents_module, "normalize_document", normalize_and_break)


def test_failing_blocking_check_stops_only_its_partition(broken_2019: None, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    resources = {"corpus": RawCorpus(raw_dir=str(RAW)), "duckdb": DuckDBResource(database=str(warehouse))}
    results = {}
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [document_key(y, OFFICE) for y in (2019, 2020)])
        for year in (2019, 2020):
            results[year] = dg.materialize(
                [*DOCUMENT_ASSETS],
                partition_key=document_key(year, OFFICE),
                instance=instance,
                resources=resources,
                raise_on_error=False,
            )
    failed, passed = results[2019], results[2020]
    assert not failed.success and passed.success

    verdicts = {e.check_name: e.passed for e in failed.get_asset_check_evaluations()}
    # The two reports on the same document run in the same step and still report when an identity fails.
    reports = {"codes_in_code_lists": True, "tables_complete": True}
    assert verdicts == {name: name != "three_public_sums" for name in IDENTITY_NAMES} | reports
    assert all(e.passed for e in passed.get_asset_check_evaluations())
    failing = next(e for e in failed.get_asset_check_evaluations() if not e.passed)
    assert failing.metadata["tolerance"].value.startswith("one unit of the last printed decimal place per summed cell")
    assert failing.metadata["discrepancies"].value == 1
    offending = failing.metadata["offending_rows"].value
    assert "| 一般公共预算财政拨款“三公”经费支出决算表 | actual: 合计 = 出国 + 车辆 + 接待 |" in offending
    assert "| 117.15 | 118.15 | -1.00 | 0.03 |" in offending  # 2019 三公 42.44 + 72 + 2.71 = 117.15

    def materialized(result: dg.ExecuteInProcessResult) -> set[str]:
        return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}

    assert materialized(failed) == {"raw_tables", "normalized_tables"}  # the loader never ran
    assert materialized(passed) == {"raw_tables", "normalized_tables", "warehouse_facts"}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        years = conn.execute("SELECT year, amount FROM fact_summary WHERE item = '总计' AND side = '收入'").fetchall()
    assert years == [(2020, Decimal("3542.280000"))]


def test_advisory_checks_run_after_the_load_without_blocking(tmp_path: Path) -> None:
    resources = {"corpus": RawCorpus(raw_dir=str(RAW)), "duckdb": DuckDBResource(database=str(tmp_path / "w.duckdb"))}
    evaluations = {}
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [document_key(y, OFFICE) for y in (2019, 2020)])
        for year in (2019, 2020):
            result = dg.materialize(
                [*DOCUMENT_ASSETS],
                partition_key=document_key(year, OFFICE),
                instance=instance,
                resources=resources,
            )
            assert result.success
            evaluations[year] = {e.check_name: e for e in result.get_asset_check_evaluations()}
    for year in (2019, 2020):
        assert set(evaluations[year]) == IDENTITY_NAMES | {"codes_in_code_lists", "yoy_swings", "tables_complete"}
        assert all(e.passed for e in evaluations[year].values())
        assert evaluations[year]["codes_in_code_lists"].metadata["code_lists"].value == "economic, function"
    first, second = evaluations[2019]["yoy_swings"].metadata, evaluations[2020]["yoy_swings"].metadata
    assert (first["previous_year_loaded"].value, first["figures_compared"].value) == (False, 0)  # no 2018 report
    # 收、支总计, four 类, 基本 and 项目: none moved by more than half (at most 项目支出, 1284.60 → 852.50).
    assert (second["previous_year_loaded"].value, second["figures_compared"].value) == (True, 7)
    assert second["threshold"].value == "50% of the previous year's figure"


def test_a_quarantined_table_shows_as_an_error_check_and_the_rest_loads(tmp_path: Path) -> None:
    """The 政府性基金 table of 泸州市教育和体育局 2020 with a stray figure: only that table stays out."""
    raw_dir = tmp_path / "raw"
    (raw_dir / "2020").mkdir(parents=True)
    stray_figure_in_fund_table(raw_dir / "2020" / f"{EDUCATION}.pdf")
    warehouse = tmp_path / "warehouse.duckdb"
    resources = {"corpus": RawCorpus(raw_dir=str(raw_dir)), "duckdb": DuckDBResource(database=str(warehouse))}
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [document_key(2020, EDUCATION)])
        result = dg.materialize(
            [*DOCUMENT_ASSETS],
            partition_key=document_key(2020, EDUCATION),
            instance=instance,
            resources=resources,
            raise_on_error=False,
        )
    assert result.success  # the ERROR check does not block: the proven tables load
    complete = next(e for e in result.get_asset_check_evaluations() if e.check_name == "tables_complete")
    assert (complete.passed, complete.severity) == (False, dg.AssetCheckSeverity.ERROR)
    assert complete.metadata["quarantined"].value == 1
    assert "| 政府性基金预算财政拨款收入支出决算表 | quarantined |" in complete.metadata["tables"].value
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        funds = conn.execute("SELECT count(*) FROM fact_government_fund").fetchall()
        total = conn.execute("SELECT total FROM fact_expenditure WHERE level = 0").fetchall()
    assert funds == [(0,)]
    assert total == [(Decimal("14434.890000"),)]  # 泸州市教育和体育局 2020 支出决算表 合计, from its truth file
