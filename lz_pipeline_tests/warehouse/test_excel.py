"""`lz-pipeline export --format xlsx`, read back with openpyxl: sheets, Chinese headers, the published figures."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

import duckdb
import openpyxl
import pytest

from lz_pipeline.cli import main
from lz_pipeline.warehouse.excel import sheet_names, write_workbook
from lz_pipeline.warehouse.export import exportable
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019, OFFICE_2020
from lz_pipeline_tests.truth import expected_records, load_truth

D = Decimal
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def workbook(pipeline_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("xlsx")
    assert main(["--warehouse", str(pipeline_warehouse), "export", "--format", "xlsx", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["warehouse.xlsx"]
    return openpyxl.load_workbook(out / "xlsx" / "warehouse.xlsx")


def rows(workbook: openpyxl.Workbook, sheet: str) -> list[dict[str, object]]:
    """A sheet's rows keyed by its header."""
    header, *body = workbook[sheet].iter_rows(values_only=True)
    return [dict(zip(header, row, strict=False)) for row in body]


def test_one_sheet_per_table_and_view_after_the_about_sheets(
    workbook: openpyxl.Workbook, pipeline_warehouse: Path
) -> None:
    with duckdb.connect(str(pipeline_warehouse), read_only=True) as conn:
        objects = exportable(conn)
    assert workbook.sheetnames[:2] == ["说明", "字段说明"]
    assert len(workbook.sheetnames) == len(objects) + 2
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert len({name.lower() for name in workbook.sheetnames}) == len(workbook.sheetnames)
    # names over 31 characters are cut and numbered; 31 exactly is kept
    assert "fact_general_budget_expenditure" in workbook.sheetnames
    assert "fact_general_budget_expenditu~1" in workbook.sheetnames
    listed = {row["表或视图"]: row["工作表"] for row in rows(workbook, "字段说明")}
    assert sorted(listed) == objects
    assert {listed[name] for name in objects} == set(workbook.sheetnames[2:])


def test_headers_are_the_chinese_names_the_reports_print(workbook: openpyxl.Workbook) -> None:
    header = [cell.value for cell in workbook["fact_expenditure"][1]]
    # 支出决算表 as printed (公开03表): 科目编码, 科目名称, then its six amount columns
    assert header[:12] == [
        "部门",
        "年度",
        "决算或预算",
        "功能分类科目编码",
        "功能分类科目名称",
        "级次",
        "本年支出合计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ]
    three_public = [cell.value for cell in workbook["fact_three_public"][1]]
    assert "决算数·公务用车购置及运行费·公务用车运行费" in three_public
    assert [cell.value for cell in workbook["yoy_department_total"][1]] == [
        "部门",
        "年度",
        "收支总计",
        "上年收支总计",
        "增减额",
        "增减率(%)",
    ]
    for sheet in workbook.worksheets[2:]:
        labels = [cell.value for cell in sheet[1]]
        assert all(CJK.search(label) for label in labels), (sheet.title, labels)  # every column has a Chinese name
        assert len(set(labels)) == len(labels), sheet.title
        assert sheet.freeze_panes == "A2"


def test_the_summary_table_holds_the_published_figures(workbook: openpyxl.Workbook) -> None:
    for pdf, year in ((OFFICE_2019, 2019), (OFFICE_2020, 2020)):
        truth = expected_records("summary", load_truth(pdf)["tables"]["summary"])
        sheet = [row for row in rows(workbook, "fact_summary") if row["部门"] == OFFICE and row["年度"] == year]
        assert sorted((r["收支方向"], r["项目"], D(str(r["金额"]))) for r in sheet) == sorted(
            (*e.keys, e.amounts[0]) for e in truth
        )
    cells = [row for row in workbook["fact_summary"].iter_rows(min_row=2) if row[5].value == "总计"]
    assert {(c[1].value, c[6].value) for c in cells if c[0].value == OFFICE} == {(2019, 4187.34), (2020, 3542.28)}
    assert all(c[6].number_format == "#,##0.00" and c[6].data_type == "n" for c in cells)
    assert cells[0][1].number_format == "General"  # years are numbers without separators


def test_the_yoy_row_and_the_shares_are_exact(workbook: openpyxl.Workbook) -> None:
    yoy = next(r for r in rows(workbook, "yoy_department_total") if r["部门"] == OFFICE and r["年度"] == 2020)
    # the published report: 3542.28 against 4187.34, 减少645.06万元，下降15.41%
    assert [D(str(yoy[k])) for k in ("收支总计", "上年收支总计", "增减额", "增减率(%)")] == [
        D("3542.28"),
        D("4187.34"),
        D("-645.06"),
        D("-15.41"),
    ]
    shares = {
        r["功能分类科目编码"]: (D(str(r["本年支出合计"])), D(str(r["占比(%)"])))
        for r in rows(workbook, "v_expenditure_by_class")
        if r["年度"] == 2020
    }
    # 一般公共服务 2647.05 (74.73%), 社会保障和就业 535.29 (15.11%), 卫生健康 127.57 (3.6%), 住房保障 232.37 (6.56%)
    assert shares == {
        "201": (D("2647.05"), D("74.73")),
        "208": (D("535.29"), D("15.11")),
        "210": (D("127.57"), D("3.60")),
        "221": (D("232.37"), D("6.56")),
    }


def test_the_about_sheet_names_the_sources_load_times_and_version(workbook: openpyxl.Workbook) -> None:
    sheet = [row for row in workbook["说明"].iter_rows(values_only=True)]
    facts = {row[0]: row[1] for row in sheet if row and row[0]}
    assert facts["流水线版本"] == version("lz-pipeline")
    assert isinstance(facts["导出时间(UTC)"], dt.datetime)
    assert facts["精度"] == "Excel 保存15位有效数字；超过的金额：0 个"
    sources = [row for row in sheet if len(row) >= 8 and row[0] is None and row[1] == OFFICE]
    assert [(row[2], row[3], Path(row[4]).name) for row in sources] == [
        (2019, "决算", f"{OFFICE}.pdf"),
        (2020, "决算", f"{OFFICE}.pdf"),
    ]
    sources_pdfs = (OFFICE_2019, OFFICE_2020)
    for row, pdf in zip(sources, sources_pdfs, strict=True):
        assert row[5] == hashlib.sha256(pdf.read_bytes()).hexdigest()
        assert isinstance(row[6], dt.datetime) and row[7] == version("lz-pipeline")
    listed = {row[1]: row[3] for row in sheet if row and row[0] == "fact_summary"}
    lines = sum(len(expected_records("summary", load_truth(pdf)["tables"]["summary"])) for pdf in sources_pdfs)
    assert listed == {"fact_summary": lines}


def test_sheet_names_fit_excel() -> None:
    names = ["a" * 31, "b" * 40, "b" * 45, "B" * 29 + "~1", "x[1]:y?", "说明"]
    assert list(sheet_names(names).values()) == [
        "a" * 31,
        "b" * 29 + "~1",
        "b" * 29 + "~2",
        "B" * 29 + "~3",
        "x_1__y_",
        "说明~1",
    ]


def test_fifteen_significant_digits_round_trip_and_more_are_counted(tmp_path: Path) -> None:
    with duckdb.connect() as conn:
        conn.execute("CREATE TABLE amounts (amount DECIMAL(20, 6))")
        conn.execute("INSERT INTO amounts VALUES (999999999.999999), (12345678901.123456), (0.000001)")
        path = write_workbook(conn, ["amounts"], tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    values = [D(repr(row[0])) for row in book["amounts"].iter_rows(min_row=2, values_only=True)]
    assert values[0] == D("999999999.999999") and values[2] == D("0.000001")
    assert values[1] != D("12345678901.123456")  # 17 digits: Excel's double cannot hold it
    about = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True) if row and row[0]}
    assert about["精度"] == "Excel 保存15位有效数字；超过的金额：1 个"
