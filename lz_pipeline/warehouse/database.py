"""The whole warehouse schema, created idempotently: the tables (``schema``), then the analyst views (``views``)."""

from __future__ import annotations

from lz_pipeline.warehouse.lake import is_lake
from lz_pipeline.warehouse.schema import create_tables
from lz_pipeline.warehouse.transaction import in_transaction
from lz_pipeline.warehouse.views import create_views


def _create(conn) -> None:
    create_tables(conn)
    create_views(conn)


def create_schema(conn) -> None:
    """Creates what is missing, never drops data; then the documented analyst views (always current).

    In a DuckLake, one transaction (one snapshot, or none when nothing changed), run again when it races
    another loader's: two writers creating the same table conflict."""
    if is_lake(conn):
        in_transaction(conn, lambda: _create(conn), "schema")
    else:
        _create(conn)
