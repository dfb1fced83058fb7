"""Which warehouse ``LZ_WAREHOUSE`` names, and every way the pipeline opens it.

- A DuckDB file (the default, ``data/warehouse.duckdb``): writers write its working database and publish
  copies of it (``publish.py``); readers open the published file read-only.
- ``ducklake:<catalog>``, a DuckLake: ``ducklake:/x/catalog.sqlite`` or ``ducklake:sqlite:/x/catalog.sqlite``
  (a SQLite catalog, one machine), ``ducklake:duckdb:/x/catalog.ducklake`` (a DuckDB catalog: one process
  at a time), ``ducklake:postgres:<libpq connection string or URI>`` (a team). Its Parquet files go to
  ``LZ_LAKE_DATA`` (a folder or an object-store URL), needed to create a lake on Postgres; beside a file
  catalog it defaults to ``<catalog>.files/``. An existing lake keeps the data path it was created with.
  Writers and readers attach it alike; every load is one DuckLake transaction, readers see committed
  snapshots, so there is nothing to publish.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lz_pipeline import settings
from lz_pipeline.warehouse import publish
from lz_pipeline.warehouse.lake import connection_settings, ensure_extensions
from lz_pipeline.warehouse.publish import WarehouseUnavailable

PREFIX = "ducklake:"
LAKE_ALIAS = "lake"  # the name the lake is attached under in our connections (views never name it)
CATALOGS = ("sqlite", "duckdb", "postgres")
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
DUCKDB_SUFFIXES = (".ducklake", ".duckdb")
INIT_ATTEMPTS = 3
POSTGRES_HOME = "ducklake-postgres"  # data/<this>.dagster: the instance folder of a lake on Postgres


class BadWarehouse(ValueError):
    """An ``LZ_WAREHOUSE`` value that names no warehouse: the value and what was expected."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(
            f"LZ_WAREHOUSE={value!r}: {reason} (expected a DuckDB file path, ducklake:[sqlite:]/x/catalog.sqlite,"
            " ducklake:duckdb:/x/catalog.ducklake or ducklake:postgres:<connection string>)"
        )
        self.value = value


class NoWarehouse(WarehouseUnavailable):
    """Nothing loaded yet: a reader has nothing to open."""


@dataclass(frozen=True)
class FileWarehouse:
    """A DuckDB file analysts open read-only, written through its working database and published."""

    path: Path

    @property
    def spec(self) -> str:
        return str(self.path)

    @property
    def base(self) -> Path:
        """What the instance folder, the step storage and the charts are placed beside."""
        return self.path

    def exists(self) -> bool:
        return self.path.is_file()

    def check(self) -> None:
        publish.check_warehouse(self.path)

    @contextmanager
    def writing(self, config: dict | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        with publish.writing(self.path, config) as conn:
            yield conn

    def reader(self) -> duckdb.DuckDBPyConnection:
        """Read-only; NoWarehouse before the first load, duckdb.IOException while a client holds it."""
        if not self.exists():
            raise NoWarehouse(self.path, "no warehouse yet; run `lz-pipeline run` (or `make run`) first")
        return duckdb.connect(str(self.path), read_only=True)

    def __str__(self) -> str:
        return self.spec


@dataclass(frozen=True)
class LakeWarehouse:
    """A DuckLake: a catalog (SQLite or DuckDB file, or Postgres) and the data path of its Parquet files."""

    catalog: str  # sqlite | duckdb | postgres
    location: str  # the catalog file's absolute path, or the Postgres connection string
    data_path: str | None = None  # LZ_LAKE_DATA; None: the lake's own (an existing lake) or the default

    @property
    def spec(self) -> str:
        return f"{PREFIX}{self.catalog}:{self.location}"

    @property
    def attach_path(self) -> str:
        """What DuckLake's ATTACH takes: ``ducklake:<file>`` is its DuckDB catalog, the others say their kind."""
        return PREFIX + self.location if self.catalog == "duckdb" else self.spec

    @property
    def catalog_file(self) -> Path | None:
        return Path(self.location) if self.catalog != "postgres" else None

    @property
    def base(self) -> Path:
        return self.catalog_file or settings.REPO_ROOT / "data" / POSTGRES_HOME

    def data(self) -> str | None:
        """The data path to create the lake with: LZ_LAKE_DATA, else ``<catalog>.files/`` beside a file."""
        if self.data_path:
            return self.data_path if "://" in self.data_path else str(Path(self.data_path).resolve()) + "/"
        return f"{self.location}.files/" if self.catalog_file else None

    def exists(self) -> bool:
        if self.catalog == "sqlite":  # a file we created in WAL mode before an ATTACH that failed is no lake
            if not self.catalog_file.is_file():
                return False
            with sqlite3.connect(f"file:{self.catalog_file}?mode=ro", uri=True) as db:
                found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'ducklake_metadata'").fetchone()
            db.close()
            return found is not None
        if self.catalog_file:
            return self.catalog_file.is_file()
        try:
            self.reader().close()
        except (duckdb.Error, WarehouseUnavailable):
            return False
        return True

    def _prepare_catalog(self) -> None:
        file = self.catalog_file
        if file is None:
            return
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WarehouseUnavailable(file, f"cannot create its folder: {error.strerror}") from error
        if self.catalog == "sqlite":
            # WAL: a reader's open transaction must not stop a writer's commit (rollback-journal SQLite would
            # answer "database is locked"). The mode is kept in the file, so DuckLake's SQLite sees it.
            with sqlite3.connect(file) as db:
                db.execute("PRAGMA journal_mode=WAL")
            db.close()

    def connect(self, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB with the lake attached as its current database."""
        if read_only and self.catalog_file and not self.catalog_file.is_file():
            raise NoWarehouse(self.catalog_file, "no lake yet; run `lz-pipeline run` (or `make run`) first")
        ensure_extensions()
        for attempt in range(1, INIT_ATTEMPTS + 1):
            options = self._options(read_only)  # before the catalog file is created: is the lake new?
            if not read_only:
                self._prepare_catalog()
            conn = duckdb.connect(":memory:", config={**(config or {}), **connection_settings()})
            try:
                conn.execute("LOAD ducklake")
                conn.execute(f"ATTACH {_quote(self.attach_path)} AS {LAKE_ALIAS} ({', '.join(options)})")
                conn.execute(f"USE {LAKE_ALIAS}")
                return conn
            except duckdb.Error as error:
                conn.close()
                # Writers that find no lake all create its catalog tables; those that lose the race find it made.
                if "Failed to initialize DuckLake" in str(error) and attempt < INIT_ATTEMPTS:
                    time.sleep(0.5 * attempt)
                    continue
                raise WarehouseUnavailable(Path(self.spec), str(error)) from error
        raise AssertionError("unreachable")

    def _options(self, read_only: bool) -> list[str]:
        # LZ_LAKE_SCHEMA: the Postgres schema of the catalog's tables (DuckLake's default: public), e.g. beside
        # Dagster's run storage in one database.
        schema = os.environ.get("LZ_LAKE_SCHEMA") if self.catalog == "postgres" else None
        prefix = [f"METADATA_SCHEMA {_quote(schema)}"] if schema else []
        if read_only:
            return [*prefix, "READ_ONLY"]
        options = [*prefix, "DATA_INLINING_ROW_LIMIT 0"]  # every row in Parquet files, none inlined in the catalog
        # A data path for a new lake, or the one LZ_LAKE_DATA names (DuckLake refuses one that differs from
        # the lake's own); an existing lake otherwise keeps the path it was created with.
        if self.data_path:
            options.append(f"DATA_PATH {_quote(self.data())}")
        elif not self.exists():
            if not self.data():
                raise WarehouseUnavailable(Path(self.spec), "a new lake on Postgres needs LZ_LAKE_DATA (its data path)")
            options.append(f"DATA_PATH {_quote(self.data())}")
        return options

    def check(self) -> None:
        self.connect().close()

    @contextmanager
    def writing(self, config: dict | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writer connection; its commits are the lake's snapshots, so nothing is published after."""
        conn = self.connect(config=config)
        try:
            yield conn
        finally:
            conn.close()

    def reader(self) -> duckdb.DuckDBPyConnection:
        return self.connect(read_only=True)

    def client_settings(self) -> dict[str, object]:
        """What another DuckDB client (dbt-duckdb's profile) needs to open this lake offline: ``settings``,
        ``extensions`` (by name, from our extension directory) and the ``attach`` entry."""
        ensure_extensions()
        extension = "postgres_scanner" if self.catalog == "postgres" else "sqlite_scanner"
        options = {"data_inlining_row_limit": 0} | ({"data_path": self.data()} if self.data_path else {})
        return {
            "settings": connection_settings(),
            "extensions": ["ducklake", *([extension] if self.catalog != "duckdb" else [])],
            "attach": [
                {
                    "path": self.attach_path,
                    "alias": LAKE_ALIAS,
                    "options": options,
                }
            ],
            "database": LAKE_ALIAS,
        }

    def __str__(self) -> str:
        return self.spec


Target = FileWarehouse | LakeWarehouse


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parse(value: str, lake_data: str | None = None) -> Target:
    """``LZ_WAREHOUSE``'s value as a warehouse; BadWarehouse names the value when it names none."""
    text = value.strip()
    if not text:
        raise BadWarehouse(value, "empty")
    if not text.startswith(PREFIX):
        return FileWarehouse(Path(text).expanduser().resolve())
    rest = text.removeprefix(PREFIX)
    kind, sep, location = rest.partition(":")
    if sep and kind in CATALOGS:
        catalog = kind
    elif sep and kind.isalpha() and len(kind) > 1:  # a scheme we do not know (a Windows drive is one letter)
        raise BadWarehouse(value, f"unknown DuckLake catalog {kind!r}; one of {', '.join(CATALOGS)}")
    else:
        location = rest
        suffix = Path(location).suffix.lower()
        if suffix in SQLITE_SUFFIXES:
            catalog = "sqlite"
        elif suffix in DUCKDB_SUFFIXES:
            catalog = "duckdb"
        else:
            raise BadWarehouse(value, "say which catalog: ducklake:sqlite:<file> or ducklake:duckdb:<file>")
    location = location.strip()
    if not location:
        raise BadWarehouse(value, f"the {catalog} catalog is not named")
    if catalog != "postgres":
        location = str(Path(location).expanduser().resolve())
    return LakeWarehouse(catalog, location, lake_data or None)


def configured() -> Target:
    """The warehouse of ``LZ_WAREHOUSE`` (default ``data/warehouse.duckdb``) and ``LZ_LAKE_DATA``."""
    return parse(settings.warehouse(), os.environ.get("LZ_LAKE_DATA"))


def as_target(warehouse: Target | Path | str, lake_data: str | None = None) -> Target:
    """A target from what callers hold: a target, a file path, or an ``LZ_WAREHOUSE``-style value."""
    if isinstance(warehouse, FileWarehouse | LakeWarehouse):
        return warehouse
    return parse(str(warehouse), lake_data if lake_data is not None else os.environ.get("LZ_LAKE_DATA"))
