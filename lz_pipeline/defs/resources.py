"""Resources: the raw corpus folder, the DuckDB warehouse and the IO manager between steps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from lz_pipeline import settings
from lz_pipeline.defs.io_manager import JsonIOManager
from lz_pipeline.warehouse.target import Target, as_target, configured


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
    file for about 100 s), closes it even when the block raises. On a file it is the working database,
    published when the block ends normally after a write; on a lake, commits are the lake's snapshots.
    """

    lake_data: str | None = None

    @property
    def target(self) -> Target:
        return as_target(self.database, self.lake_data or "")

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.target.writing({"custom_user_agent": "dagster", **self.connection_config}) as conn:
            yield conn

    def reader(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to what analysts see (the published file, the lake's last snapshot)."""
        return self.target.reader()


def corpus_resources(raw_dir: Path, warehouse: Target | Path | str) -> dict[str, object]:
    """The resources of a run on ``raw_dir`` into ``warehouse``: its folders, the warehouse, and the IO manager
    that hands values between steps as JSON files (never Dagster's default pickles)."""
    target = as_target(warehouse)
    lake_data = getattr(target, "data_path", None)
    return {
        "corpus": RawCorpus(raw_dir=str(raw_dir)),
        "duckdb": Warehouse(database=target.spec, lake_data=lake_data),
        "io_manager": JsonIOManager(base_path=settings.step_storage(target.base)),
    }


def default_resources() -> dict[str, object]:
    return corpus_resources(settings.raw_dir(), configured())
