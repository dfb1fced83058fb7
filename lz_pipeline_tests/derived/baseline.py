"""The bundled corpus's warehouse, and a digest of every relation in it: the before/after comparison of the
derived layer's move from Python strings to dbt models.

``baseline.json`` was written by ``python -m lz_pipeline_tests.derived.baseline`` at commit 57e2d15, the
last commit whose derived layer was Python (``refresh_analytics``), before any dbt model existed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from lz_pipeline.analytics.reconcile import document_claims, load_claims
from lz_pipeline.corpus import discover
from lz_pipeline.extract.reader import extract_files
from lz_pipeline.normalize.documents import normalize_department_year
from lz_pipeline.warehouse.dimensions import load_all_dimensions
from lz_pipeline.warehouse.load import load_department_year

BASELINE = Path(__file__).with_name("baseline.json")
# Run bookkeeping that differs between any two loads (as VOLATILE_COLUMNS in the shared conftest).
VOLATILE = {"load_run": {"run_id", "started_at"}, "source_document": {"run_id"}, "department_year_file": {"run_id"}}


def load_corpus(conn: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """Every department-year of ``raw_dir`` as the pipeline loads it: code lists, facts and narrative claims."""
    load_all_dimensions(conn)
    for found in discover(raw_dir):
        publications = normalize_department_year(extract_files(list(found.files)), found.department, found.year)
        load_department_year(conn, publications)
        for document in publications.documents:
            source = document.narrative_file or document.source_file
            load_claims(conn, found.department, found.year, document_claims(document), source, document.document_kind)


def relation_digests(conn: duckdb.DuckDBPyConnection, names: list[str] | None = None) -> dict[str, dict]:
    """Relation → its columns with types, its row count, and the md5 of its rows as sorted text (volatile
    run-bookkeeping columns left out): equal digests mean equal values, row for row."""
    if names is None:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
                " UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
                " ORDER BY 1"
            ).fetchall()
        ]
    digests = {}
    for name in names:
        columns = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'"
            " AND table_name = ? ORDER BY ordinal_position",
            [name],
        ).fetchall()
        kept = [(c, t) for c, t in columns if c not in VOLATILE.get(name, set())]
        row = "concat_ws('|', " + ", ".join(f"coalesce(CAST(\"{c}\" AS VARCHAR), '∅')" for c, _ in kept) + ")"
        count, digest = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg({row}, chr(10) ORDER BY {row}), '')) FROM \"{name}\""
        ).fetchone()
        digests[name] = {"columns": [f"{c} {t}" for c, t in kept], "rows": count, "md5": digest}
    return digests


def build(path: Path, raw_dir: Path, refresh: Callable[[Path], None]) -> None:
    with duckdb.connect(str(path)) as conn:
        load_corpus(conn, raw_dir)
    refresh(path)


if __name__ == "__main__":  # the baseline, with the Python derived layer of 57e2d15
    from lz_pipeline.analytics.refresh import refresh_analytics

    target = Path(sys.argv[1])

    def python_refresh(path: Path) -> None:
        with duckdb.connect(str(path)) as conn:
            refresh_analytics(conn)

    build(target, Path(__file__).resolve().parents[2] / "data" / "raw", python_refresh)
    with duckdb.connect(str(target), read_only=True) as conn:
        BASELINE.write_text(json.dumps(relation_digests(conn), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{BASELINE}: {len(json.loads(BASELINE.read_text()))} relations")
