"""Resources: the raw corpus folder and the DuckDB warehouse."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline import settings


class RawCorpus(dg.ConfigurableResource):
    """The folder of ``<year>/<department>.pdf`` files."""

    raw_dir: str

    @property
    def root(self) -> Path:
        return Path(self.raw_dir).resolve()


def default_resources() -> dict[str, object]:
    return {
        "corpus": RawCorpus(raw_dir=str(settings.raw_dir())),
        "duckdb": DuckDBResource(database=str(settings.warehouse_path())),
    }
