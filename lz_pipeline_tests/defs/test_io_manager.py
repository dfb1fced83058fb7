"""Steps hand each other JSON files that DuckDB opens; no pickle is left under the instance's storage."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from lz_pipeline.cli import EXIT_OK, main
from lz_pipeline.defs.assets import normalized_tables, raw_tables
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import corpus_resources
from lz_pipeline.serialize import FORMAT_VERSION
from lz_pipeline_tests.conftest import OFFICE, RAW

MINZHENG = "上海市普陀区民政局"
PICKLE_MAGIC = b"\x80"  # protocol 2 and later open with PROTO (0x80) and the protocol number


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``make run`` (``lz-pipeline run``, DAGSTER_HOME unset) on two sample department-years."""
    root = tmp_path_factory.mktemp("io")
    raw = root / "raw"
    shutil.copytree(RAW / "2020" / OFFICE, raw / "2020" / OFFICE, ignore=shutil.ignore_patterns("*.yaml"))
    (raw / "2023").mkdir()
    shutil.copyfile(RAW / "2023" / f"{MINZHENG}.pdf", raw / "2023" / f"{MINZHENG}.pdf")
    warehouse = root / "w.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", "unset below")  # so that undoing the delenv unsets what ensure_home sets
        patch.delenv("DAGSTER_HOME")
        patch.delenv("LZ_STEP_STORAGE", raising=False)
        assert main(["--warehouse", str(warehouse), "run", "--raw-dir", str(raw)]) == EXIT_OK
    return warehouse


def step_file(warehouse: Path, asset: str, department: str, year: int) -> Path:
    key = document_key(year, department)
    return warehouse.with_name(f"{warehouse.name}.dagster") / "storage-json" / asset / f"{key}.json"


def test_no_pickle_under_the_instance_storage(made: Path) -> None:
    storage = made.with_name(f"{made.name}.dagster") / "storage"
    files = [p for p in storage.rglob("*") if p.is_file()]
    assert files  # Dagster keeps its compute logs there: the folder this test looks into is the right one
    # Dagster's pickles are files named by the partition, without extension (storage/raw_tables/<partition>).
    assert [p for p in files if not p.suffix] == []
    assert [p for p in files if p.read_bytes()[:1] == PICKLE_MAGIC] == []
    assert not (storage / "raw_tables").exists() and not (storage / "normalized_tables").exists()


def test_each_asset_and_partition_is_one_json_file(made: Path) -> None:
    for asset in ("raw_tables", "normalized_tables"):
        for department, year in ((OFFICE, 2020), (MINZHENG, 2023)):
            data = json.loads(step_file(made, asset, department, year).read_text(encoding="utf-8"))
            assert data["format_version"] == FORMAT_VERSION
    folder = made.with_name(f"{made.name}.dagster") / "storage-json"
    assert sorted(p.relative_to(folder).parts[0] for p in folder.rglob("*.json")) == [
        "normalized_tables",
        "normalized_tables",
        "raw_tables",
        "raw_tables",
    ]


def test_duckdb_reads_the_normalized_tables(made: Path) -> None:
    path = step_file(made, "normalized_tables", OFFICE, 2020)
    query = """
        WITH documents AS (SELECT unnest(value.documents) AS d FROM read_json_auto(?)),
             rows AS (SELECT unnest(d.tables.summary.records) AS r FROM documents WHERE d.document_kind = '决算')
        SELECT r.keys.side, r.amounts.amount, r.amounts.amount::DECIMAL(18, 2) FROM rows WHERE r.keys.item = '总计'
        ORDER BY r.keys.line_no
    """
    rows = duckdb.execute(query, [str(path)]).fetchall()
    # 2020年度收、支总计3542.28万元 (the sample's truth.yaml: summary 总计 on both sides)
    assert rows == [("收入", "3542.28", Decimal("3542.28")), ("支出", "3542.28", Decimal("3542.28"))]


def test_a_step_file_of_another_version_fails_naming_it(made: Path, tmp_path: Path) -> None:
    """normalized_tables reads raw_tables' file: one written by another format fails its step, naming it."""
    warehouse = tmp_path / "w.duckdb"
    resources = corpus_resources(RAW, warehouse)
    stale = step_file(warehouse, "raw_tables", OFFICE, 2020)
    stale.parent.mkdir(parents=True)
    data = json.loads(step_file(made, "raw_tables", OFFICE, 2020).read_text(encoding="utf-8"))
    stale.write_text(json.dumps(data | {"format_version": 0}, ensure_ascii=False), encoding="utf-8")
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [document_key(2020, OFFICE)])
        result = dg.materialize(
            [raw_tables, normalized_tables],
            selection=[normalized_tables],
            partition_key=document_key(2020, OFFICE),
            instance=instance,
            resources=resources,
            raise_on_error=False,
        )
    assert not result.success
    failures = [e.step_failure_data.error for e in result.all_events if e.is_step_failure]
    message = str(failures[0].cause or failures[0])
    assert f"{stale}: format_version 0, this code reads {FORMAT_VERSION}" in message
