"""What the UI shows for one materialized partition: provenance, pages and flavour, units, previews."""

from __future__ import annotations

import hashlib

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.partitions import department_partitions, document_key
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020, RAW


@pytest.fixture(scope="module")
def metadata(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    warehouse = tmp_path_factory.mktemp("metadata") / "w.duckdb"
    resources = {"corpus": RawCorpus(raw_dir=str(RAW)), "duckdb": DuckDBResource(database=str(warehouse))}
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(department_partitions.name, [OFFICE])
        result = dg.materialize(
            DOCUMENT_ASSETS, partition_key=document_key(2020, OFFICE), instance=instance, resources=resources
        )
    return {
        event.asset_key.to_user_string(): {k: v.value for k, v in event.materialization.metadata.items()}
        for event in result.get_asset_materialization_events()
    }


def test_source_file_link_and_hash(metadata: dict[str, dict[str, object]]) -> None:
    sha = hashlib.sha256(OFFICE_2020.read_bytes()).hexdigest()
    raw = metadata["raw_tables"]
    assert raw["source_sha256"] == sha and metadata["warehouse_facts"]["source_sha256"] == sha
    assert raw["source_files"] == f"- {OFFICE_2020.resolve()}"
    assert raw["publications"] == f"{OFFICE_2020.name}: 决算 tables (sichuan)"
    assert raw["source_link"] == OFFICE_2020.resolve().as_uri()


def test_pages_flavour_and_unit_of_every_table(metadata: dict[str, dict[str, object]]) -> None:
    pages = metadata["raw_tables"]["table_pages"]
    assert pages.splitlines()[0] == "| table | pages | status | reader | coverage | unit | raw rows | note |"
    # The 14 Sichuan tables of 2020, all printed in 万元 (truth file): the 10 with rows proven by camelot's
    # lattice at 100% coverage, the 4 empty ones by their 本表无数据 note and the text layer.
    lines = [line for line in pages.splitlines()[2:] if line.startswith("| ")]
    assert len(lines) == 14 and metadata["raw_tables"]["tables_found"] == 14
    assert all(" | 万元 | " in line and " | 100% | " in line for line in lines)
    assert sum(" | loaded | lattice-vector | " in line for line in lines) == 10
    assert sum(" | empty | text-layer | " in line for line in lines) == 4
    assert metadata["normalized_tables"]["units"] == "万元"


def test_row_counts_and_previews_match_the_truth_file(metadata: dict[str, dict[str, object]]) -> None:
    normalized = metadata["normalized_tables"]
    # Rows of the truth file: 总表 12 收入 + 30 支出 lines, 23 codes in 收入/支出决算表, 10 in 项目支出.
    assert (normalized["rows_summary"], normalized["rows_income"], normalized["rows_expenditure"]) == (42, 23, 23)
    assert normalized["rows_general_budget_project"] == 10 and normalized["rows_three_public"] == 1
    preview = normalized["preview_expenditure"]
    assert preview.startswith("**支出决算表** (万元)")
    assert "| 208 | 社会保障和就业支出 | 1 | 535.29 | 535.29 |" in preview
    assert "| 2080504 | 未归口管理的行政单位离退休 | 3 | 345.15 | 345.15 |" in preview
    assert "本表无数据" in normalized["preview_government_fund"]
    assert metadata["warehouse_facts"]["rows_fact_expenditure"] == 23
