"""The bundled corpus's warehouse, and a digest of every relation in it: the before/after comparison of the
derived layer's move from Python strings to dbt models.

``baseline.json`` was written by ``python -m lz_pipeline_tests.derived.baseline`` at commit 57e2d15, the
last commit whose derived layer was Python (``refresh_analytics``), before any dbt model existed; its digests
were later recomputed from that same warehouse file with the corpus folder written as ``<raw>`` (provenance
columns name absolute paths, which differ between checkouts).
"""

from __future__ import annotations

import json
import sys
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


def relation_digests(
    conn: duckdb.DuckDBPyConnection, names: list[str] | None = None, raw_dir: Path | None = None
) -> dict[str, dict]:
    """Relation → its columns with types, its row count, and the md5 of its rows as sorted text (volatile
    run-bookkeeping columns left out, ``raw_dir`` written as ``<raw>``): equal digests mean equal values, row
    for row."""
    root = str(raw_dir.resolve()) if raw_dir else None
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
        text = [f"coalesce(CAST(\"{c}\" AS VARCHAR), '∅')" for c, _ in kept]
        if root:
            text = [f"replace({value}, '{root}/', '<raw>/')" for value in text]
        row = "concat_ws('|', " + ", ".join(text) + ")"
        count, digest = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg({row}, chr(10) ORDER BY {row}), '')) FROM \"{name}\""
        ).fetchone()
        digests[name] = {"columns": [f"{c} {t}" for c, t in kept], "rows": count, "md5": digest}
    return digests


if __name__ == "__main__":  # the digests of a warehouse the Python derived layer of 57e2d15 built
    # At 57e2d15: python -m lz_pipeline_tests.derived.baseline <file> loaded the corpus and ran
    # lz_pipeline.analytics.refresh.refresh_analytics on it; later the same file is only digested again.
    target = Path(sys.argv[1])
    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    with duckdb.connect(str(target), read_only=True) as conn:
        digests = relation_digests(conn, raw_dir=raw)
    BASELINE.write_text(json.dumps(digests, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{BASELINE}: {len(digests)} relations")
