"""Every table and view to Parquet, CSV or an Excel workbook, for people who do not use SQL.

Parquet keeps the exact types (DECIMAL(20,6) stays decimal). CSV is UTF-8 with a byte-order mark so
Excel opens the Chinese text correctly; amounts are written as exact decimal text (3542.280000).
xlsx is one workbook with a sheet per table and view and Chinese headers (``excel.py``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

FORMATS = ("parquet", "csv")  # the default: a file per table and view
ALL_FORMATS = (*FORMATS, "xlsx")
WORKBOOK = "warehouse.xlsx"
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
        raise ValueError(f"unknown export format {fmt!r}; use one of {ALL_FORMATS}")
    return target


def export_warehouse(
    conn: duckdb.DuckDBPyConnection, out_dir: Path, formats: tuple[str, ...] = FORMATS
) -> dict[str, list[Path]]:
    """Write ``<out_dir>/<format>/<name>.<format>`` for every table and view, and with xlsx
    ``<out_dir>/xlsx/warehouse.xlsx``; returns the files by name."""
    names = exportable(conn)
    written: dict[str, list[Path]] = {}
    for name in names:
        written[name] = [export_object(conn, name, out_dir, fmt) for fmt in formats if fmt != "xlsx"]
    if "xlsx" in formats:
        from lz_pipeline.warehouse.excel import write_workbook  # openpyxl only when asked for

        workbook = write_workbook(conn, names, out_dir / "xlsx" / WORKBOOK)
        for name in names:
            written[name].append(workbook)
    return written
