"""Where things live: overridable by environment, so the same commands run on anyone's folders."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DAGSTER_YAML = REPO_ROOT / "deploy" / "dagster.yaml"


def raw_dir() -> Path:
    """The input corpus, laid out as ``<year>/<department>.pdf`` (``LZ_RAW_DIR``)."""
    return Path(os.environ.get("LZ_RAW_DIR", REPO_ROOT / "data" / "raw")).resolve()


def warehouse() -> str:
    """``LZ_WAREHOUSE``: a DuckDB file, or ``ducklake:<catalog>`` (``warehouse/target.py`` reads it)."""
    return os.environ.get("LZ_WAREHOUSE") or str(REPO_ROOT / "data" / "warehouse.duckdb")


def working_path(warehouse: Path) -> Path:
    """The pipeline's own read-write database, published to ``warehouse`` after every write."""
    return warehouse.with_name(f"{warehouse.name}.work") / warehouse.name


def step_storage(warehouse: Path) -> str:
    """Where steps hand each other their values, one JSON file per asset and partition
    (``LZ_STEP_STORAGE``: a folder or an object-store URL such as ``s3://bucket/lz``); by default a folder in
    the warehouse's instance folder, beside the ``storage/`` Dagster keeps its own files in."""
    if os.environ.get("LZ_STEP_STORAGE"):
        return os.environ["LZ_STEP_STORAGE"]
    return str(warehouse.with_name(f"{warehouse.name}.dagster") / "storage-json")


def dagster_home(warehouse: Path) -> Path:
    """``DAGSTER_HOME`` when set, else an instance folder of this warehouse's own (its run history)."""
    if os.environ.get("DAGSTER_HOME"):
        return Path(os.environ["DAGSTER_HOME"]).resolve()
    return warehouse.with_name(f"{warehouse.name}.dagster")
