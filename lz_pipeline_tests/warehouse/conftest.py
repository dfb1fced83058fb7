"""One warehouse for the warehouse tests: the office's three years and a national-format document,
with the code lists and YoY loaded, built once per session and then opened read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from lz_pipeline.derived.project import build
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import normalize_document
from lz_pipeline.warehouse.dimensions import load_all_dimensions
from lz_pipeline.warehouse.load import load_document
from lz_pipeline_tests.conftest import OFFICE, REPO, built_once, sample_pdf

SHANGHAI_SPORT = "上海市普陀区体育局"
BIN = Path(sys.executable).parent  # the venv's console scripts: lz-pipeline, duckdb
DOCUMENTS = ((2019, OFFICE), (2020, OFFICE), (2021, OFFICE), (2023, SHANGHAI_SPORT))


@pytest.fixture(scope="session")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def load(folder: Path) -> None:
        with duckdb.connect(str(folder / "warehouse.duckdb")) as conn:
            load_all_dimensions(conn)
            for year, department in DOCUMENTS:
                pdf = sample_pdf(year, department)
                load_document(conn, normalize_document(extract_document(pdf), department, year))
        build(folder / "warehouse.duckdb", tests=False)

    return built_once(tmp_path_factory, "warehouse", load) / "warehouse.duckdb"


@pytest.fixture(scope="session")
def warehouse(warehouse_file: Path):
    with duckdb.connect(str(warehouse_file), read_only=True) as conn:
        yield conn


@pytest.fixture(scope="session")
def pipeline_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `lz-pipeline run` writes (a real process) for the office's 2019 and 2020 reports: facts,
    code lists, every derived table and view, and the charts."""

    def run(root: Path) -> None:
        for year in (2019, 2020):
            (root / "raw" / str(year)).mkdir(parents=True)
            shutil.copy2(sample_pdf(year, OFFICE), root / "raw" / str(year) / f"{OFFICE}.pdf")
        home = root / "dagster_home"
        home.mkdir()
        shutil.copy2(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")
        command = [str(BIN / "lz-pipeline"), "--warehouse", str(root / "warehouse.duckdb"), "run"]
        result = subprocess.run(
            [*command, "--raw-dir", str(root / "raw")],
            env=os.environ | {"DAGSTER_HOME": str(home)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    return built_once(tmp_path_factory, "pipeline", run) / "warehouse.duckdb"
