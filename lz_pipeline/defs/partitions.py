"""Partitions: one per department and year.

Departments are dynamic (discovered from the files); years are a range that reaches the current
year by itself, so a new year needs no code change.
"""

from __future__ import annotations

from datetime import date

import dagster as dg

FIRST_YEAR = 2015

department_partitions = dg.DynamicPartitionsDefinition(name="department")
year_partitions = dg.StaticPartitionsDefinition([str(y) for y in range(FIRST_YEAR, date.today().year + 1)])
document_partitions = dg.MultiPartitionsDefinition({"year": year_partitions, "department": department_partitions})


def register_departments(instance: dg.DagsterInstance, departments: set[str] | list[str]) -> list[str]:
    """Add the departments the instance does not know yet as partitions; returns those added."""
    known = set(instance.get_dynamic_partitions(department_partitions.name))
    new = sorted(set(departments) - known)
    if new:
        instance.add_dynamic_partitions(department_partitions.name, new)
    return new


def document_key(year: int, department: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"year": str(year), "department": department})


def split_key(context: dg.AssetExecutionContext) -> tuple[int, str]:
    keys = context.partition_key.keys_by_dimension
    return int(keys["year"]), keys["department"]
