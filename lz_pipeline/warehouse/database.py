"""The warehouse schema the loaders write, created idempotently: the fact, bookkeeping and dimension tables
(``schema``), the narrative claims (``claims``) and the function-code map (``code_changes``). Every derived
table and view is the dbt project's (``lz_pipeline.derived``).

Creating it costs a few tenths of a second (every table checked, upgraded, commented), so a database records
the fingerprint of the code that built it in ``warehouse_meta``, and a load whose code has the same
fingerprint skips the work. Any other fingerprint, or none (a warehouse from before the fingerprint), runs
it in full, which upgrades an older warehouse in place as before.
"""

from __future__ import annotations

import hashlib
from functools import cache

import duckdb

from lz_pipeline.imports import closure, modules
from lz_pipeline.warehouse.claims import create_claim_table
from lz_pipeline.warehouse.code_changes import create_code_map_table
from lz_pipeline.warehouse.lake import is_lake, portable_ddl
from lz_pipeline.warehouse.schema import create_tables
from lz_pipeline.warehouse.transaction import in_transaction

META_DDL = "CREATE TABLE IF NOT EXISTS warehouse_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"
FINGERPRINT_KEY = "schema_fingerprint"


@cache
def schema_fingerprint() -> str:
    """SHA-256 over the source of every package module the schema is built from (this one and what it
    imports, directly or not): any change to a table, a comment or an upgrade step changes it."""
    digest = hashlib.sha256()
    sources = modules()
    for name in sorted(closure(__name__)):
        digest.update(name.encode() + b"\0" + sources[name].read_bytes() + b"\0")
    return digest.hexdigest()


def stored_fingerprint(conn) -> str | None:
    """The fingerprint of the code that last built this database's schema (None: never recorded)."""
    try:
        row = conn.execute("SELECT value FROM warehouse_meta WHERE key = ?", [FINGERPRINT_KEY]).fetchone()
    except duckdb.CatalogException:  # a warehouse from before the fingerprint, or a new one
        return None
    return row[0] if row else None


def _create(conn, fingerprint: str) -> None:
    create_claim_table(conn)
    create_code_map_table(conn)
    create_tables(conn)  # last: it documents every table, these two included
    conn.execute(portable_ddl(conn, META_DDL))
    conn.execute("DELETE FROM warehouse_meta WHERE key = ?", [FINGERPRINT_KEY])
    conn.execute("INSERT INTO warehouse_meta VALUES (?, ?)", [FINGERPRINT_KEY, fingerprint])


def create_schema(conn) -> None:
    """Creates what is missing, never drops data; a no-op when this very code built the database's schema.

    In a DuckLake, one transaction (one snapshot), run again when it races another loader's: two writers
    creating the same table conflict."""
    fingerprint = schema_fingerprint()
    if stored_fingerprint(conn) == fingerprint:
        return
    if is_lake(conn):
        in_transaction(conn, lambda: _create(conn, fingerprint), "schema")
    else:
        _create(conn, fingerprint)
