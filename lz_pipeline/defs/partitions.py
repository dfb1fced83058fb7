"""Partitions: one per department-year present in the corpus, keyed ``<department>|<year>``.

Dynamic: the sensor, the schedule and the runner register a department-year when its first PDF appears
(the sensor removes it when its last PDF goes), so the partition set is exactly the documents present and
"materialize all" means every document. No year is tied to today's date.
"""

from __future__ import annotations

import dagster as dg

document_partitions = dg.DynamicPartitionsDefinition(name="document")


def document_key(year: int, department: str) -> str:
    return f"{department}|{year}"


def parse_key(key: str) -> tuple[int, str]:
    """(year, department) of a partition key; a department's name may itself hold a ``|``."""
    department, _, year = key.rpartition("|")
    return int(year), department


def split_key(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> tuple[int, str]:
    return parse_key(context.partition_key)


def register_documents(instance: dg.DagsterInstance, keys: set[str] | list[str]) -> list[str]:
    """Add the department-years the instance does not know yet as partitions; returns those added."""
    known = set(instance.get_dynamic_partitions(document_partitions.name))
    new = sorted(set(keys) - known)
    if new:
        instance.add_dynamic_partitions(document_partitions.name, new)
    return new
