"""Where things live: overridable by environment, so the same commands run on anyone's folders."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def raw_dir() -> Path:
    """The input corpus, laid out as ``<year>/<department>.pdf`` (``LZ_RAW_DIR``)."""
    return Path(os.environ.get("LZ_RAW_DIR", REPO_ROOT / "data" / "raw")).resolve()


def warehouse_path() -> Path:
    """The DuckDB warehouse file (``LZ_WAREHOUSE``)."""
    return Path(os.environ.get("LZ_WAREHOUSE", REPO_ROOT / "data" / "warehouse.duckdb")).resolve()
