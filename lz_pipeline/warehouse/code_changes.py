"""Function codes renamed or merged between code-list editions, so YoY compares them instead of dropping them.

``function_code_map`` says: from ``first_year`` on, what was booked under ``old_code`` is booked under
``new_code``. Several old codes may map to one new code (a merge: their prior-year amounts are summed).
A split (one old code into several) cannot be apportioned from the published tables; map it to the
new code that carries most of it, or leave it out and the codes show as 'new' / 'dropped'.

A pure rename (same code, new name, e.g. 20805 行政事业单位离退休 → 行政事业单位养老支出) needs no row:
YoY joins on the code. Rows come from ``data/reference/function_code_map.csv`` when the warehouse
engineer's code lists provide it, plus the ones kept here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from lz_pipeline import settings
from lz_pipeline.warehouse.lake import portable_ddl


@dataclass(frozen=True)
class CodeChange:
    old_code: str
    new_code: str
    first_year: int
    note: str = ""


# Kept deliberately small: only changes that the sample corpus or its code lists actually need.
CODE_CHANGES: tuple[CodeChange, ...] = ()

REFERENCE_CSV = "function_code_map.csv"  # columns: old_code,new_code,first_year[,note]


def reference_changes(reference_dir: Path | None = None) -> list[CodeChange]:
    path = (reference_dir or settings.REPO_ROOT / "data" / "reference") / REFERENCE_CSV
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [
            CodeChange(r["old_code"].strip(), r["new_code"].strip(), int(r["first_year"]), r.get("note") or "")
            for r in csv.DictReader(handle)
        ]


CODE_MAP_COLUMNS = """(
    old_code VARCHAR NOT NULL, new_code VARCHAR NOT NULL, first_year INTEGER NOT NULL, note VARCHAR,
    PRIMARY KEY (old_code, first_year))"""


def create_code_map_table(conn) -> None:
    """An empty ``function_code_map`` where there is none: the derived layer reads it always."""
    conn.execute(portable_ddl(conn, f"CREATE TABLE IF NOT EXISTS function_code_map {CODE_MAP_COLUMNS}"))


def refresh_code_map(
    conn, extra: tuple[CodeChange, ...] | list[CodeChange] = (), reference_dir: Path | None = None
) -> int:
    """Rebuild ``function_code_map`` from the reference CSV, the changes kept here and ``extra``; returns its
    row count."""
    conn.execute(portable_ddl(conn, f"CREATE OR REPLACE TABLE function_code_map {CODE_MAP_COLUMNS}"))
    rows = {(c.old_code, c.first_year): c for c in (*CODE_CHANGES, *reference_changes(reference_dir), *extra)}
    if rows:
        conn.executemany(
            "INSERT INTO function_code_map VALUES (?, ?, ?, ?)",
            [[c.old_code, c.new_code, c.first_year, c.note] for c in rows.values()],
        )
    return len(rows)
