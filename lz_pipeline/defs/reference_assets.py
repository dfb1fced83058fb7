"""Code-list and department dimensions: thin assets over ``lz_pipeline.warehouse.dimensions``.

Each reloads its table from the versioned file in ``data/reference/`` (the only input), in the DuckDB
writer pool like every other writer.
"""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline.warehouse.database import create_schema
from lz_pipeline.warehouse.dimensions import (
    REFERENCE_DIR,
    load_department_list,
    load_economic_codes,
    load_function_codes,
)

DUCKDB_POOL = "duckdb"


def _load(duckdb: DuckDBResource, loader, table: str, source: str) -> dg.MaterializeResult:
    with duckdb.get_connection() as conn:
        create_schema(conn)
        rows = loader(conn)
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "source": dg.MetadataValue.path(str(REFERENCE_DIR / source)),
            "table": table,
        }
    )


@dg.asset(group_name="reference", kinds={"duckdb", "csv"}, pool=DUCKDB_POOL)
def dim_function_code(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """支出功能分类科目 by edition (data/reference/function_codes.csv)."""
    return _load(duckdb, load_function_codes, "dim_function_code", "function_codes.csv")


@dg.asset(group_name="reference", kinds={"duckdb", "csv"}, pool=DUCKDB_POOL)
def dim_economic_code(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """支出经济分类科目 by edition (data/reference/economic_codes.csv)."""
    return _load(duckdb, load_economic_codes, "dim_economic_code", "economic_codes.csv")


@dg.asset(group_name="reference", kinds={"duckdb", "csv"}, pool=DUCKDB_POOL)
def dim_department(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Departments, their level, region and aliases (data/reference/departments.csv)."""
    return _load(duckdb, load_department_list, "dim_department", "departments.csv")


REFERENCE_ASSETS = [dim_function_code, dim_economic_code, dim_department]
