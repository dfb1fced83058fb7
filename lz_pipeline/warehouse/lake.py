"""DuckLake plumbing: the extensions from their PyPI wheels (never downloaded), and what a lake cannot hold.

The ``duckdb-extension-*`` wheels ship each extension as
``<site-packages>/duckdb_extension_<name>/extensions/v<duckdb>/<name>.duckdb_extension``. They are installed
once (``INSTALL '<file>'``, a local copy) into an extension directory of the project's own, so that every
connection, ours or another client's such as dbt-duckdb, loads them by name with
``autoinstall_known_extensions = false``: nothing is fetched at run time.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import sys
from pathlib import Path

import duckdb

# Extension name → the wheel's package. The *-scanner wheels: the plain -sqlite / -postgres ones name their
# file so that DuckDB looks for the wrong entry point.
EXTENSIONS = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}


class ExtensionMissing(RuntimeError):
    """An extension wheel matching the installed duckdb is not installed."""


def extension_directory() -> Path:
    """``LZ_DUCKDB_EXTENSIONS``, else a folder of the environment the pipeline is installed in."""
    return Path(os.environ.get("LZ_DUCKDB_EXTENSIONS", Path(sys.prefix) / "duckdb_extensions")).resolve()


def connection_settings() -> dict[str, object]:
    """The settings every connection to a lake opens with (also what another client needs: dbt-duckdb's
    ``settings``): extensions from our directory only, loaded by name when a statement needs them."""
    return {
        "extension_directory": str(extension_directory()),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": True,
    }


def wheel_file(name: str) -> Path:
    spec = importlib.util.find_spec(EXTENSIONS[name])
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
        if path.is_file():
            return path
    package = EXTENSIONS[name].replace("_", "-")
    raise ExtensionMissing(f"{name}: install {package}=={duckdb.__version__} (pip), built for this duckdb")


def ensure_extensions() -> Path:
    """Copy the wheels' extensions into ``extension_directory()`` unless there already (under a file lock:
    processes of a backfill start together). Returns the directory."""
    directory = extension_directory()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        conn = duckdb.connect(config=connection_settings())
        try:
            (platform,) = conn.execute("PRAGMA platform").fetchone()
            installed = directory / f"v{duckdb.__version__}" / platform
            for name in EXTENSIONS:
                if not (installed / f"{name}.duckdb_extension").is_file():
                    conn.execute(f"INSTALL '{wheel_file(name)}'")
        finally:
            conn.close()
    return directory


def is_lake(conn) -> bool:
    """Whether ``conn``'s current database is a DuckLake (schema and loads then work within its limits)."""
    row = conn.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


_TABLE_KEY = re.compile(r",\s*(PRIMARY KEY|UNIQUE)\s*\([^)]*\)", re.IGNORECASE)
_COLUMN_KEY = re.compile(r"\s+PRIMARY KEY\b", re.IGNORECASE)
_COLUMN_UNIQUE = re.compile(r"\s+UNIQUE\b", re.IGNORECASE)


def without_keys(ddl: str) -> str:
    """``ddl`` without PRIMARY KEY / UNIQUE (DuckLake holds no constraints but NOT NULL); a column that was a
    primary key stays NOT NULL. The keys are documented (``schema.table_keys``) and checked by tests."""
    ddl = _TABLE_KEY.sub("", ddl)
    ddl = _COLUMN_KEY.sub(" NOT NULL", ddl)
    return _COLUMN_UNIQUE.sub("", ddl).replace("NOT NULL NOT NULL", "NOT NULL")


def portable_ddl(conn, ddl: str) -> str:
    """``ddl`` as ``conn``'s database can hold it: unchanged in a DuckDB file, without keys in a lake."""
    return without_keys(ddl) if is_lake(conn) else ddl
