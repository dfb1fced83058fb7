"""The warehouse schema the loaders write, created idempotently: the fact, bookkeeping and dimension tables
(``schema``), the narrative claims (``claims``) and the function-code map (``code_changes``). Every derived
table and view is the dbt project's (``lz_pipeline.derived``)."""

from __future__ import annotations

from lz_pipeline.warehouse.claims import create_claim_table
from lz_pipeline.warehouse.code_changes import create_code_map_table
from lz_pipeline.warehouse.schema import create_tables


def create_schema(conn) -> None:
    """Creates what is missing, never drops data."""
    create_claim_table(conn)
    create_code_map_table(conn)
    create_tables(conn)  # last: it documents every table, these two included
