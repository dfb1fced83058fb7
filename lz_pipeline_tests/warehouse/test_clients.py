"""Other clients open the file the pipeline wrote: the DuckDB CLI installed into the venv (duckdb-cli)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb

from lz_pipeline_tests.warehouse.conftest import BIN


def cli(warehouse: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "duckdb"), "-readonly", str(warehouse), *arguments], capture_output=True, text=True, timeout=60
    )


def test_the_cli_is_the_pinned_duckdb() -> None:
    version = subprocess.run([str(BIN / "duckdb"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith(f"v{duckdb.__version__} ")


def test_the_cli_reads_the_published_yoy_row(pipeline_warehouse: Path) -> None:
    query = "SELECT * FROM yoy_department_total WHERE year = 2020"
    result = cli(pipeline_warehouse, "-csv", "-noheader", "-c", query)
    assert result.returncode == 0, result.stderr
    # the published 2020 report: 收、支总计 3542.28 against 4187.34, 减少645.06万元，下降15.41%
    assert result.stdout.splitlines() == ['"泸州市人民政府办公室",2020,3542.280000,4187.340000,-645.060000,-15.41']
    boxed = cli(pipeline_warehouse, "-c", query).stdout  # the README's command, in its default box mode
    assert " ".join(boxed.split()).count("│ 2020 │ 3542.280000 │ 4187.340000 │ -645.060000 │ -15.41 │") == 1


def test_the_cli_reads_every_table_and_view(pipeline_warehouse: Path) -> None:
    with duckdb.connect(str(pipeline_warehouse), read_only=True) as conn:
        expected = conn.execute(
            """SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'
               UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal
               ORDER BY 1"""
        ).fetchall()
    counts = " UNION ALL ".join(f"SELECT '{name}', count(*) FROM \"{name}\"" for (name,) in expected)
    result = cli(pipeline_warehouse, "-csv", "-noheader", "-c", counts)
    assert result.returncode == 0, result.stderr
    assert sorted(line.split(",")[0] for line in result.stdout.splitlines()) == [name for (name,) in expected]
    assert len(expected) > 40


def test_the_cli_cannot_write_a_read_only_file(pipeline_warehouse: Path) -> None:
    result = cli(pipeline_warehouse, "-c", "DELETE FROM fact_summary")
    assert result.returncode != 0
    assert "read-only" in result.stderr + result.stdout
