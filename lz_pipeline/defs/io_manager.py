"""The IO manager: each asset's value as one JSON file per partition, on a folder or an object store.

``<base>/<asset>/<partition>.json``, e.g. ``raw_tables/泸州市人民政府办公室|2020.json``. The files are
lz_pipeline.serialize's: typed by the asset's return annotation, Decimal as strings, readable after a
refactor and by DuckDB (``read_json_auto``) or pandas.
Assets returning MaterializeResult write nothing.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
from dagster._core.storage.upath_io_manager import escape_dotdot_segments, escape_leading_slash
from upath import UPath

from lz_pipeline.serialize import dumps, loads


def _hint(context: dg.InputContext | dg.OutputContext, obj: Any = None) -> Any:
    """The declared type of the value: the output's annotation (an input without one takes its upstream's)."""
    hint = context.dagster_type.typing_type
    if hint is Any and isinstance(context, dg.InputContext) and context.upstream_output is not None:
        hint = context.upstream_output.dagster_type.typing_type
    if hint is Any and obj is not None:
        hint = type(obj)
    return hint


class JsonFilesIOManager(dg.UPathIOManager):
    extension = ".json"

    def make_safe_partition_path(self, base_path: UPath, partition: str) -> UPath:
        # As Dagster's own filesystem IO manager: a partition key never leaves the base folder.
        return base_path / escape_dotdot_segments(escape_leading_slash(partition))

    def dump_to_path(self, context: dg.OutputContext, obj: Any, path: UPath) -> None:
        path.write_text(dumps(obj, _hint(context, obj)), encoding="utf-8")

    def load_from_path(self, context: dg.InputContext, path: UPath) -> Any:
        return loads(path.read_bytes(), _hint(context), str(path))


class JsonIOManager(dg.ConfigurableIOManagerFactory):
    """Step outputs as JSON files under ``base_path``: a folder, or an fsspec URL such as ``s3://bucket/lz``
    (with that filesystem's package installed, e.g. s3fs)."""

    base_path: str

    def create_io_manager(self, context: dg.InitResourceContext) -> JsonFilesIOManager:
        return JsonFilesIOManager(UPath(self.base_path))
