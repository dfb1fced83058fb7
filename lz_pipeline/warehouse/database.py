"""The whole warehouse schema, created idempotently: the tables (``schema``), then the analyst views (``views``)."""

from __future__ import annotations

from lz_pipeline.warehouse.schema import create_tables
from lz_pipeline.warehouse.views import create_views


def create_schema(conn) -> None:
    """Creates what is missing, never drops data; then the documented analyst views (always current)."""
    create_tables(conn)
    create_views(conn)
