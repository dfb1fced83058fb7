"""A load killed mid-write leaves the warehouse exactly as before it; the next run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from lz_pipeline_tests.conftest import OFFICE_2019, OFFICE_2020

CHECKSUM = "SELECT year, count(*), sum(hash(COLUMNS(* EXCLUDE (source_file))))::VARCHAR FROM {t} GROUP BY year"
TABLES = ("fact_summary", "fact_income", "fact_expenditure", "source_document", "load_run")

LOADER = """
import os, signal, sys
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import normalize_document
from lz_pipeline.warehouse import load
import duckdb

warehouse, pdf, year, kill = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "kill"
document = normalize_document(extract_document(pdf), "泸州市人民政府办公室", year)
if kill:  # die after every fact table was written, before the transaction commits
    def die(*args):
        os.kill(os.getpid(), signal.SIGKILL)
    load._record_sources = die
with duckdb.connect(warehouse) as conn:
    load.load_document(conn, document)
"""


def _load(warehouse: Path, pdf: Path, year: int, kill: bool) -> int:
    command = [sys.executable, "-c", LOADER, str(warehouse), str(pdf), str(year), "kill" if kill else "ok"]
    return subprocess.run(command, capture_output=True, timeout=120, env=os.environ.copy()).returncode


def _state(warehouse: Path) -> dict[str, list]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {t: sorted(conn.execute(CHECKSUM.format(t=t)).fetchall()) for t in TABLES}


def test_sigkill_mid_load_rolls_back_and_rerun_completes(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    assert _load(warehouse, OFFICE_2019, 2019, kill=False) == 0
    before = _state(warehouse)
    assert [row[:2] for row in before["fact_summary"]] == [(2019, 41)]  # 2019 has no 抗疫 line: 12 + 29

    assert _load(warehouse, OFFICE_2020, 2020, kill=True) == -signal.SIGKILL
    assert _state(warehouse) == before  # nothing of 2020, 2019 untouched

    assert _load(warehouse, OFFICE_2020, 2020, kill=False) == 0
    after = _state(warehouse)
    assert [row[:2] for row in after["fact_summary"]] == [(2019, 41), (2020, 42)]
    assert after["fact_income"][0] == before["fact_income"][0]
