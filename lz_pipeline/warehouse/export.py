"""Every table and view to Parquet and CSV, for people who do not use SQL.

Parquet keeps the exact types (DECIMAL(20,6) stays decimal). CSV is UTF-8 with a byte-order mark so
Excel opens the Chinese text correctly; amounts are written as exact decimal text (3542.280000).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

FORMATS = ("parquet", "csv")
BOM = "\ufeff".encode()


def exportable(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Every base table and view of the main schema, by name."""
    rows = conn.execute(
        """SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal AND NOT temporary
           UNION SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary
           ORDER BY 1"""
    ).fetchall()
    return [name for (name,) in rows]


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_object(conn: duckdb.DuckDBPyConnection, name: str, out_dir: Path, fmt: str) -> Path:
    target = out_dir / fmt / f"{name}.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    query = f'SELECT * FROM "{name}"'
    if fmt == "parquet":
        conn.execute(f"COPY ({query}) TO {_literal(target)} (FORMAT parquet)")
    elif fmt == "csv":
        conn.execute(f"COPY ({query}) TO {_literal(target)} (FORMAT csv, HEADER true)")
        target.write_bytes(BOM + target.read_bytes())
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {FORMATS}")
    return target


def export_warehouse(
    conn: duckdb.DuckDBPyConnection, out_dir: Path, formats: tuple[str, ...] = FORMATS
) -> dict[str, list[Path]]:
    """Write ``<out_dir>/<format>/<name>.<format>`` for every table and view; returns the files by name."""
    written: dict[str, list[Path]] = {}
    for name in exportable(conn):
        written[name] = [export_object(conn, name, out_dir, fmt) for fmt in formats]
    return written
