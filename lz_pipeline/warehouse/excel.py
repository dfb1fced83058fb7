"""The warehouse as one Excel workbook: a sheet per table and view, Chinese headers, a 说明 sheet first.

Headers are the data dictionary's 中文名 (``labels.py``); 字段说明 maps them back to the SQL names.
Amounts are numbers, not text, formatted ``#,##0.00`` (the cell keeps all six decimals). Excel holds a
number as a double, exact to 15 significant digits: a DECIMAL(20,6) amount up to 999,999,999.999999
万元 round-trips exactly; larger ones are counted on the 说明 sheet (none come near it today).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lz_pipeline.warehouse.labels import column_label
from lz_pipeline.warehouse.load import pipeline_version

AMOUNT_FORMAT = "#,##0.00"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MAX_SHEET_NAME = 31
MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
EXCEL_DIGITS = 15
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})
ABOUT, FIELDS = "说明", "字段说明"


def sheet_names(objects: list[str]) -> dict[str, str]:
    """Object → sheet name: at most 31 characters, unique ignoring case (as Excel compares them)."""
    used = {ABOUT, FIELDS}
    names = {}
    for name in objects:
        candidate = name.translate(FORBIDDEN_IN_SHEET_NAMES)
        if len(candidate) > MAX_SHEET_NAME or candidate.lower() in used:
            stem, number = candidate, 1
            while (candidate := f"{stem[: MAX_SHEET_NAME - len(str(number)) - 1]}~{number}").lower() in used:
                number += 1
        used.add(candidate.lower())
        names[name] = candidate
    return names


def _width(text: str) -> float:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _value(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make a workbook unreadable
    if isinstance(value, list | tuple):
        return "、".join("" if item is None else str(item) for item in value)
    if isinstance(value, dt.datetime) and value.tzinfo:
        return value.replace(tzinfo=None)
    return value


def _too_precise(value: Decimal) -> bool:
    return len(value.normalize().as_tuple().digits) > EXCEL_DIGITS


def _number_format(value: object) -> str | None:
    if isinstance(value, Decimal):
        return AMOUNT_FORMAT
    if isinstance(value, dt.datetime):
        return TIME_FORMAT
    return None


class _Sheet:
    """A write-only sheet with a bold, frozen, filterable header row and widths fitted to its text."""

    def __init__(self, workbook: Workbook, title: str, header: list[str]) -> None:
        self.sheet = workbook.create_sheet(title)
        self.header = header
        self.widths = [_width(text) for text in header]
        self.rows: list[list[object]] = []

    def add(self, row: list[object]) -> None:
        self.widths += [0] * (len(row) - len(self.widths))
        for index, value in enumerate(row):
            if value is not None:
                self.widths[index] = max(self.widths[index], _width(str(value)))
        self.rows.append(row)

    def close(self) -> None:
        for index, width in enumerate(self.widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 60)
        self.sheet.freeze_panes = "A2"
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.header))}{len(self.rows) + 1}"
        bold = Font(bold=True)
        header = []
        for text in self.header:
            cell = WriteOnlyCell(self.sheet, value=text)
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)
        for row in self.rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(self.sheet, value=value)
                if number_format := _number_format(value):
                    cell.number_format = number_format
                cells.append(cell)
            self.sheet.append(cells)


def _columns(conn: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str, str]]:
    return conn.execute(
        """SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns()
           WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index""",
        [name],
    ).fetchall()


def _data_sheet(workbook: Workbook, conn: duckdb.DuckDBPyConnection, name: str, title: str) -> tuple[int, int]:
    """The object's rows under its Chinese headers; returns (rows, amounts beyond 15 digits)."""
    columns = _columns(conn, name)
    sheet = _Sheet(workbook, title, [column_label(name, column) for column, _, _ in columns])
    result = conn.execute(f'SELECT * FROM "{name}"')
    too_precise = 0
    while batch := result.fetchmany(10_000):
        for row in batch:
            too_precise += sum(1 for value in row if isinstance(value, Decimal) and _too_precise(value))
            sheet.add([_value(value) for value in row])
        if len(sheet.rows) > MAX_ROWS:
            raise ValueError(f"{name}: more than {MAX_ROWS} rows, too many for an Excel sheet; use Parquet or CSV")
    sheet.close()
    return len(sheet.rows), too_precise


def _descriptions(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Object → (表/视图, its comment in the warehouse)."""
    rows = conn.execute(
        """SELECT table_name, '表', coalesce(comment, '') FROM duckdb_tables() WHERE schema_name = 'main'
           UNION ALL
           SELECT view_name, '视图', coalesce(comment, '') FROM duckdb_views()
           WHERE schema_name = 'main' AND NOT internal"""
    ).fetchall()
    return {name: (kind, comment) for name, kind, comment in rows}


def _sources(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every loaded document: department, year, file, SHA-256, when it was loaded, by which version."""
    tables = {name for (name,) in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not {"source_document", "load_run"} <= tables:
        return []
    return conn.execute(
        """SELECT d.department, d.year, d.document_kind, d.source_file, d.source_sha256, r.started_at,
                  r.pipeline_version
           FROM source_document AS d LEFT JOIN load_run AS r USING (run_id, document_kind)
           ORDER BY d.department, d.year, d.document_kind"""
    ).fetchall()


def write_workbook(conn: duckdb.DuckDBPyConnection, objects: list[str], path: Path) -> Path:
    """Write ``path``: 说明 (about the export, the sources, the sheets), 字段说明, then one sheet per object."""
    workbook = Workbook(write_only=True)
    titles = sheet_names(objects)
    descriptions = _descriptions(conn)
    about = _Sheet(workbook, ABOUT, ["项目", "内容"])
    fields = _Sheet(workbook, FIELDS, ["工作表", "表或视图", "列名", "中文名", "类型", "说明"])
    for name in objects:
        for column, data_type, comment in _columns(conn, name):
            fields.add([titles[name], name, column, column_label(name, column), data_type, comment])
    counts = {name: _data_sheet(workbook, conn, name, titles[name]) for name in objects}
    (database,) = conn.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    sources = _sources(conn)
    too_precise = sum(extra for _, extra in counts.values())
    about.add(["仓库文件", database])
    about.add(["导出时间(UTC)", dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)])
    about.add(["流水线版本", pipeline_version()])
    about.add(["金额", "万元；显示两位小数（#,##0.00），单元格保存全部六位小数"])
    about.add(["精度", f"Excel 保存15位有效数字；超过的金额：{too_precise} 个"])
    about.add([])
    about.add(["来源文件", "部门", "年度", "文件类型", "文件", "SHA-256", "装载时间(UTC)", "流水线版本"])
    for department, year, kind, file, sha256, loaded_at, version in sources:
        about.add([None, department, year, kind, file, sha256, loaded_at, version])
    about.add([])
    about.add(["工作表", "表或视图", "类型", "行数", "说明"])
    for name in objects:
        kind, comment = descriptions.get(name, ("", ""))
        about.add([titles[name], name, kind, counts[name][0], comment])
    about.close()
    fields.close()
    # write-only sheets are written in creation order: 说明 and 字段说明 were created first
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
