"""The schema is built once per version of the code that defines it, and rebuilt when that code changes."""

from __future__ import annotations

from pathlib import Path

import duckdb

from lz_pipeline.imports import closure
from lz_pipeline.warehouse.database import create_schema, schema_fingerprint, stored_fingerprint

TABLE = "department_year_file"  # any table create_schema makes


def _tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_the_schema_is_built_once_per_version_of_its_code(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        assert stored_fingerprint(conn) is None  # a new (or older) warehouse has none: built in full
        create_schema(conn)
        assert stored_fingerprint(conn) == schema_fingerprint()
        assert TABLE in _tables(conn)

        conn.execute(f"DROP TABLE {TABLE}")
        create_schema(conn)  # the same code built this schema: nothing is re-run
        assert TABLE not in _tables(conn)

        conn.execute("UPDATE warehouse_meta SET value = 'built by another version' WHERE key = 'schema_fingerprint'")
        create_schema(conn)  # another version's schema: built again, as an upgrade
        assert TABLE in _tables(conn)
        assert stored_fingerprint(conn) == schema_fingerprint()


def test_the_fingerprint_covers_every_module_the_schema_is_built_from() -> None:
    modules = closure("lz_pipeline.warehouse.database")
    assert {
        "lz_pipeline.catalog",  # the fact tables' columns come from the catalogue
        "lz_pipeline.warehouse.schema",
        "lz_pipeline.warehouse.claims",
        "lz_pipeline.warehouse.code_changes",
    } <= modules
    assert len(schema_fingerprint()) == 64
