"""Resources: the raw corpus folder and the DuckDB warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from lz_pipeline import settings
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


def default_resources() -> dict[str, object]:
    return {
        "corpus": RawCorpus(raw_dir=str(settings.raw_dir())),
        "duckdb": Warehouse(database=str(settings.warehouse_path())),
    }
