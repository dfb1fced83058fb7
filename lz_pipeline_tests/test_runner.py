"""Materializing the whole corpus twice gives identical tables."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from lz_pipeline.runner import materialize_corpus
from lz_pipeline_tests.conftest import RAW, sample_pdfs

# Run bookkeeping legitimately differs between runs (load_run is the history of loads, appended to);
# every other table and column must not.
VOLATILE = {"load_run": ("run_id", "started_at"), "source_document": ("run_id",)}


def _checksums(warehouse: Path) -> dict[str, tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall()]
        sums = {}
        for table in tables:
            excluded = ", ".join(VOLATILE.get(table, ()))
            columns = f"* EXCLUDE ({excluded})" if excluded else "*"
            query = f"SELECT count(*), sum(hash(COLUMNS({columns})))::VARCHAR FROM {table}"
            sums[table] = conn.execute(query).fetchone()
        return sums


def test_materializing_twice_is_idempotent(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        first = materialize_corpus(instance, RAW, warehouse)
        once = _checksums(warehouse)
        second = materialize_corpus(instance, RAW, warehouse)
        twice = _checksums(warehouse)
    assert first.failed == second.failed == {}
    assert len(first.loaded) == len(sample_pdfs())
    history = once.pop("load_run"), twice.pop("load_run")
    assert twice == once
    assert (history[0][0], history[1][0]) == (len(sample_pdfs()), 2 * len(sample_pdfs()))
