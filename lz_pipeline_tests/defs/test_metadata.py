"""What the UI shows for one materialized partition: provenance, pages and flavour, units, previews."""

from __future__ import annotations

import hashlib

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2020, RAW


@pytest.fixture(scope="module")
def metadata(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    warehouse = tmp_path_factory.mktemp("metadata") / "w.duckdb"
    resources = {"corpus": RawCorpus(raw_dir=str(RAW)), "duckdb": DuckDBResource(database=str(warehouse))}
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [document_key(2020, OFFICE)])
        result = dg.materialize(
            DOCUMENT_ASSETS, partition_key=document_key(2020, OFFICE), instance=instance, resources=resources
        )
    return {
        event.asset_key.to_user_string(): {k: v.value for k, v in event.materialization.metadata.items()}
        for event in result.get_asset_materialization_events()
    }


# The department-year's other file: its 部门预算, beside the 决算.
BUDGET_2020 = OFFICE_2020.with_name(f"{OFFICE}2020年部门预算.pdf")


def test_source_file_link_and_hash(metadata: dict[str, dict[str, object]]) -> None:
    # One digest of the department-year's files: SHA-256 of their own digests, sorted, one a line.
    hashes = sorted(hashlib.sha256(pdf.read_bytes()).hexdigest() for pdf in (OFFICE_2020, BUDGET_2020))
    sha = hashlib.sha256("\n".join(hashes).encode()).hexdigest()
    raw = metadata["raw_tables"]
    assert raw["source_sha256"] == sha and metadata["warehouse_facts"]["source_sha256"] == sha
    assert raw["source_files"] == f"- {OFFICE_2020.resolve()}\n- {BUDGET_2020.resolve()}"
    assert (
        raw["publications"]
        == f"{OFFICE_2020.name}: 决算 tables (sichuan), {BUDGET_2020.name}: 预算 tables (sichuan_budget)"
    )
    assert raw["source_link"] == OFFICE_2020.resolve().as_uri()


def test_pages_flavour_and_unit_of_every_table(metadata: dict[str, dict[str, object]]) -> None:
    pages = metadata["raw_tables"]["table_pages"]
    assert pages.splitlines()[0] == "| table | pages | status | reader | coverage | unit | raw rows | note |"
    # The 14 Sichuan tables of the 2020 决算 and the 8 of its 预算, all printed in 万元 (truth files): the 10 + 8
    # with rows proven by camelot's lattice at 100% coverage, the 4 empty ones by their 本表无数据 note and the
    # text layer.
    lines = [line for line in pages.splitlines() if line.startswith("| ") and not line.startswith("| table |")]
    assert len(lines) == 22 and metadata["raw_tables"]["tables_found"] == 22
    assert all(" | 万元 | " in line and " | 100% | " in line for line in lines)
    assert sum(" | loaded | lattice-vector | " in line for line in lines) == 10 + 8
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
