"""Resources: the raw corpus folder, the DuckDB warehouse and the IO manager between steps."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from lz_pipeline import settings
from lz_pipeline.defs.io_manager import JsonIOManager
from lz_pipeline.derived.project import PROJECT_DIR
from lz_pipeline.warehouse.publish import prepare_working, publish_working, writing


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

    def working_database(self) -> Path:
        """The working database for a writer that opens it itself (dbt), seeded from the published file."""
        return prepare_working(Path(self.database))

    def publish(self) -> None:
        """Publish the working database as it is (after a writer that opened it itself)."""
        publish_working(Path(self.database))


def dbt_resource() -> DbtCliResource:
    """dbt from this interpreter's environment (a venv's bin need not be on PATH), on the derived layer."""
    return DbtCliResource(
        project_dir=str(PROJECT_DIR),
        profiles_dir=str(PROJECT_DIR),
        dbt_executable=str(Path(sys.executable).with_name("dbt")),
    )


def corpus_resources(raw_dir: Path, warehouse: Path) -> dict[str, object]:
    """The resources of a run on ``raw_dir`` into ``warehouse``: its folders, the warehouse, and the IO manager
    that hands values between steps as JSON files (never Dagster's default pickles)."""
    return {
        "corpus": RawCorpus(raw_dir=str(raw_dir)),
        "duckdb": Warehouse(database=str(warehouse)),
        "dbt": dbt_resource(),
        "io_manager": JsonIOManager(base_path=settings.step_storage(warehouse)),
    }


def default_resources() -> dict[str, object]:
    return corpus_resources(settings.raw_dir(), settings.warehouse_path())
