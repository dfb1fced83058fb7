"""Analysts' SQL from the terminal: read-only, and a clear 'busy' while a client holds the file read-write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from lz_pipeline.cli import EXIT_BUSY, main
from lz_pipeline.normalize.tables import NormalizedDocument
from lz_pipeline.warehouse.load import load_document

HOLD_WRITER = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])
conn.execute("BEGIN TRANSACTION")
conn.execute("DELETE FROM fact_summary")
print("writing", flush=True)
time.sleep(60)
"""


@pytest.fixture
def warehouse(tmp_path: Path, normalized_2020: NormalizedDocument) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        load_document(conn, normalized_2020)
    return path


def test_sql_is_read_only(warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--warehouse", str(warehouse), "sql", "SELECT amount FROM fact_summary WHERE item = '总计'"]) == 0
    assert capsys.readouterr().out.count("3542.280000") == 2  # 收入 and 支出 sides
    with pytest.raises(duckdb.InvalidInputException, match="read-only"):
        main(["--warehouse", str(warehouse), "sql", "DELETE FROM fact_summary"])


def test_reader_gets_busy_while_a_writer_holds_the_file(warehouse: Path, capsys: pytest.CaptureFixture) -> None:
    writer = subprocess.Popen([sys.executable, "-c", HOLD_WRITER, str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        with pytest.raises(SystemExit) as exited:
            main(["--warehouse", str(warehouse), "sql", "SELECT count(*) FROM fact_summary"])
        assert exited.value.code == EXIT_BUSY
        assert "busy (a client holds it read-write); retry when it closes" in capsys.readouterr().err
    finally:
        writer.kill()
        writer.wait()
    # The writer died mid-transaction: the reader now sees the last committed state, whole.
    assert main(["--warehouse", str(warehouse), "sql", "SELECT count(*) AS n FROM fact_summary"]) == 0
    assert "42" in capsys.readouterr().out


def test_missing_warehouse_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no warehouse yet; run `lz-pipeline run`"):
        main(["--warehouse", str(tmp_path / "none.duckdb"), "sql", "SELECT 1"])
