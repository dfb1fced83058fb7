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
from lz_pipeline.warehouse.publish import writing


class RawCorpus(dg.ConfigurableResource):
    """The folder of ``<year>/<department>.pdf`` files."""

    raw_dir: str

    @property
    def root(self) -> Path:
        return Path(self.raw_dir).resolve()


class Warehouse(DuckDBResource):
    """``database`` is the published file analysts read (assets that only read open it read-only).

    ``get_connection()`` opens the working database instead, at once or not at all (DuckDBResource
    retries a locked or unopenable file for about 100 s), closes it even when the block raises, and
    publishes it when the block ends normally after a write.
    """

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with writing(Path(self.database), {"custom_user_agent": "dagster", **self.connection_config}) as conn:
            yield conn


def corpus_resources(raw_dir: Path, warehouse: Path) -> dict[str, object]:
    """The resources of a run on ``raw_dir`` into ``warehouse``: its folders, the warehouse, and the IO manager
    that hands values between steps as JSON files (never Dagster's default pickles)."""
    return {
        "corpus": RawCorpus(raw_dir=str(raw_dir)),
        "duckdb": Warehouse(database=str(warehouse)),
        "io_manager": JsonIOManager(base_path=settings.step_storage(warehouse)),
    }


def default_resources() -> dict[str, object]:
    return corpus_resources(settings.raw_dir(), settings.warehouse_path())
