"""Resources: the raw corpus folder, the DuckDB warehouse and the IO manager between steps."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Literal

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from lz_pipeline import settings
from lz_pipeline.defs.io_manager import JsonIOManager
from lz_pipeline.derived.project import PROJECT_DIR, write_profile
from lz_pipeline.settings import working_path
from lz_pipeline.warehouse.publish import prepare_working, publish_working
from lz_pipeline.warehouse.target import FileWarehouse, LakeWarehouse, Target, as_target, configured


class RawCorpus(dg.ConfigurableResource):
    """The folder of ``<year>/<department>.pdf`` files."""

    raw_dir: str

    @property
    def root(self) -> Path:
        return Path(self.raw_dir).resolve()


class Warehouse(DuckDBResource):
    """``database`` is ``LZ_WAREHOUSE``: the published DuckDB file analysts read, or ``ducklake:<catalog>``
    (``lake_data``: its ``LZ_LAKE_DATA``). Assets that only read use ``reader()``.

    ``get_connection()`` opens a writer at once or not at all (DuckDBResource retries a locked or unopenable
    file for about 100 s) and closes it even when the block raises. On a file it is the working database; on
    a lake, commits are the lake's snapshots and nothing is published.

    ``publish_per`` says when a file's working database is published:

    - ``"connection"`` (the default, and what a multiprocess run needs): when each ``get_connection()``
      block ends normally after a write, before its step ends, so the step's pool slot covers the copy.
    - ``"run"``: one connection for the resource's lifetime, published once when it is torn down if
      anything was written. Under the in-process executor that is once per run, so a department-year's
      facts and narrative claims reach readers together, with one CHECKPOINT and copy instead of two.
      Only for runs that nothing else writes beside (the in-process corpus runner): the working
      database stays locked from the first connection to the end of the run.
    """

    lake_data: str | None = None
    publish_per: Literal["connection", "run"] = "connection"
    _session: ExitStack | None = PrivateAttr(default=None)
    _held: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @property
    def target(self) -> Target:
        return as_target(self.database, self.lake_data or "")

    def _config(self) -> dict:
        return {"custom_user_agent": "dagster", **self.connection_config}

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.publish_per == "connection" or isinstance(self.target, LakeWarehouse):
            with self.target.writing(self._config()) as conn:
                yield conn
            return
        if self._held is None:
            self._session = ExitStack()
            self._held = self._session.enter_context(self.target.writing(self._config()))
        handle = self._held.cursor()  # callers may close theirs; the held one stays open
        try:
            yield handle
        finally:
            handle.close()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Publishes what the run committed (the working database holds only committed transactions, so
        this is a whole state even when a step failed), then releases the lock."""
        session, self._session, self._held = self._session, None, None
        if session is not None:
            session.close()

    def derived_database(self) -> Path | LakeWarehouse:
        """What the dbt models run on: a file's working database (seeded from the published file, closed: dbt
        opens it itself), or the lake."""
        target = self.target
        return prepare_working(target.path) if isinstance(target, FileWarehouse) else target

    def publish(self) -> None:
        """Publish a file's working database as it is (after a writer that opened it itself); a lake's commits
        are already what readers see."""
        if isinstance(self.target, FileWarehouse):
            publish_working(self.target.path)

    def reader(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to what analysts see (the published file, the lake's last snapshot)."""
        return self.target.reader()


def dbt_resource(warehouse: Target) -> DbtCliResource:
    """dbt from this interpreter's environment (a venv's bin need not be on PATH), on the derived layer, with
    the profile of ``warehouse`` (written beside it)."""
    database = working_path(warehouse.path) if isinstance(warehouse, FileWarehouse) else warehouse
    return DbtCliResource(
        project_dir=str(PROJECT_DIR),
        profiles_dir=str(write_profile(database)),
        dbt_executable=str(Path(sys.executable).with_name("dbt")),
    )


def corpus_resources(
    raw_dir: Path, warehouse: Target | Path | str, publish_per: Literal["connection", "run"] = "connection"
) -> dict[str, object]:
    """The resources of a run on ``raw_dir`` into ``warehouse``: its folders, the warehouse (``publish_per``: see
    ``Warehouse``), dbt, and the IO manager that hands values between steps as JSON files (never Dagster's
    default pickles)."""
    target = as_target(warehouse)
    lake_data = getattr(target, "data_path", None)
    return {
        "corpus": RawCorpus(raw_dir=str(raw_dir)),
        "duckdb": Warehouse(database=target.spec, lake_data=lake_data, publish_per=publish_per),
        "dbt": dbt_resource(target),
        "io_manager": JsonIOManager(base_path=settings.step_storage(target.base)),
    }


def default_resources() -> dict[str, object]:
    return corpus_resources(settings.raw_dir(), configured())
