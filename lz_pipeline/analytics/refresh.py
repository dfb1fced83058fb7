"""Rebuild every derived table and view from the facts, in dependency order."""

from __future__ import annotations

from lz_pipeline.analytics.codes import CodeChange
from lz_pipeline.analytics.reconcile import refresh_narrative_views
from lz_pipeline.analytics.shares import refresh_shares
from lz_pipeline.analytics.yoy import YOY_TABLES, refresh_yoy
from lz_pipeline.warehouse.database import create_schema


def refresh_analytics(
    conn, code_changes: tuple[CodeChange, ...] = (), regions: dict[str, str] | None = None
) -> dict[str, int]:
    """YoY tables, then the share, roll-up and narrative-check views; returns rows per YoY table.

    The schema and views first: a warehouse written by an older version gets the views the YoY tables read.
    """
    create_schema(conn)
    refresh_yoy(conn, code_changes)
    refresh_shares(conn, regions)
    refresh_narrative_views(conn)
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in YOY_TABLES}
