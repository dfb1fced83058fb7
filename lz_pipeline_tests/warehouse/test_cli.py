"""`lz-pipeline sql` (read-only, with and without a query), `export --format`, `docs`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lz_pipeline.cli import main
from lz_pipeline.dictionary import DICTIONARY_PATH


def test_the_prompt_answers_statements_fed_on_stdin(
    warehouse_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    statements = (
        "SELECT class_name, total, share_pct FROM v_expenditure_by_class\n"
        "WHERE year = 2020 AND function_code = '201';\n"
        "SELECT year, change_pct FROM yoy_department_total WHERE year = 2020;\n"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(statements))
    assert main(["--warehouse", str(warehouse_file), "sql"]) == 0
    printed = capsys.readouterr().out
    assert "(read-only)" in printed
    assert "一般公共服务支出" in printed and "2647.050000" in printed and "74.73" in printed
    assert "-15.41" in printed
    assert "..> " in printed  # the first statement ran over two lines


def test_the_prompt_refuses_writes_and_keeps_going(
    warehouse_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    statements = "DELETE FROM fact_expenditure;\nSELECT count(*) AS n FROM fact_expenditure WHERE year = 2020;\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(statements))
    assert main(["--warehouse", str(warehouse_file), "sql"]) == 0
    printed = capsys.readouterr().out
    assert "error:" in printed and "read-only" in printed
    assert "│    23 │" in printed  # 合计 + 4 类 + 5 款 + 13 项 of the 2020 支出决算表, untouched


def test_export_one_format(warehouse_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--warehouse", str(warehouse_file), "export", "--format", "parquet", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "parquet" / "v_department_year.parquet").exists()
    assert not (tmp_path / "csv").exists()
    assert "× parquet →" in capsys.readouterr().out


def test_docs_command_writes_the_committed_dictionary(tmp_path: Path) -> None:
    target = tmp_path / "warehouse.md"
    assert main(["docs", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == DICTIONARY_PATH.read_text(encoding="utf-8")
