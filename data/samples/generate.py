"""Render sample 部门决算 PDFs from ground-truth YAML files.

Usage: .venv/bin/python data/samples/generate.py [TRUTH_YAML ...]
Without arguments every data/raw/*/*.truth.yaml and data/raw/*/*/*.truth.yaml is rendered, then the
fixtures under data/fixtures (broken-font/, real-world/<case>/<year>/); X.truth.yaml becomes X.pdf beside it.

The PDFs are made the way publishers make theirs, so the extractor meets what it meets in the wild: the
appendix tables are an Excel workbook printed by LibreOffice Calc, the cover and narrative a Writer
document, and the two PDFs are concatenated.

A truth file may carry a ``render:`` block (the real-world fixtures do) that prints the same figures the
way other publishers do; without it a document prints exactly as it always has. Every key is optional:

    render:
      tables_in: writer         # calc (default) | writer: Writer tables, laid out as in Word (writer_tables.py)
      cell_borders: separate    # writer only: each cell drawn as its own rectangle (default: collapsed)
      cell_padding: 0.19cm      # writer only: padding inside each cell (default 0.1cm)
      cell_indent: 0cm          # writer only: extra clear space on the aligned side (default 0.53cm)
      repeat_header: false      # header rows on every page of a long table (default true)
      narrative: after          # before (default) | after: the narrative pages follow the tables
      tables:                   # per table kind
        summary:
          title: 附表1：收入支出决算总表   # the printed title line (default: the catalogue title)
          label: null           # the line above it (default 公开NN表 in the Sichuan family; null: none)
          unit: "单位: 万 元"     # the unit line (default 单位：<unit>)
          split_title: 7        # writer only: the text layer breaks the title after 7 characters
        government_fund:
          headers: {expenditure: [本年支出, 合计]}  # a measure's printed header path
          blank_rows: 4         # an empty table's grid: blank rows, then a 合计 row
          note_heading: 注：     # a line of its own above the 本表无数据 note (default: 注： before it)

Amounts print with two decimals, or as whole numbers (#,##0) where the truth writes them without any.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from itertools import chain, pairwise
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
import writer_tables
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from lz_pipeline.catalog import CodeKind, Layout, Measure, TableKind, expected_kinds

REPO = Path(__file__).resolve().parents[2]
# A TrueType face named in every cell: LibreOffice's fallback could pick a CFF font (Noto CJK), whose
# text camelot places one row too low. fonts.conf hides such fonts as a second guard.
FONT_NAME = "AR PL UMing CN"
FONTS_CONF = Path(__file__).with_name("fonts.conf")
# The broken-font fixture is rendered on purpose in the CFF Noto Sans CJK SC (fonts-noto-cjk), which
# LibreOffice embeds with zero ascent/descent: camelot then puts its Chinese text on the wrong rows.
BROKEN_FONT_DIR = REPO / "data" / "fixtures" / "broken-font"
BROKEN_FONT = ("Noto Sans CJK SC", Path(__file__).with_name("fonts-noto.conf"))
REAL_WORLD_DIR = REPO / "data" / "fixtures" / "real-world"
FONT_SIZE = 10
# Fixed row heights in points (LibreOffice would fit them to the text), so a 23-row table fills one
# page and longer ones run onto a second.
ROW_HEIGHT = 16.0
WRAPPED_LINE_HEIGHT = 14.0
HEADER_ROW_HEIGHT = 26.0  # room for labels wrapped onto two lines
MIN_TABLE_WIDTH = 100.0  # Excel width units: narrower tables are widened so the title fits on one line
# Measured on LibreOffice's output: a width unit prints 5.5 pt wide, a cell keeps ~3 pt clear of its
# text, and one indent level adds ~15 pt.
POINTS_PER_UNIT = 5.5
CELL_PADDING = 3.0
INDENT = 15.0
THIN = Side(style="thin")
GRID_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT_FORMAT = "#,##0.00"
WHOLE_AMOUNT_FORMAT = "#,##0"

Value = str | Decimal | None  # printed text, an amount, or a blank cell
# Where the Sichuan template's header is not the catalogue's first spelling of the measure (the
# catalogue has one 金额 measure, with 决算数 among its aliases).
PRINTED_HEADERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("general_budget_basic", "amount"): ("决算数",),
    ("general_budget_project", "amount"): ("决算数",),
}


def printed_header(kind: TableKind, measure: Measure) -> tuple[str, ...]:
    return PRINTED_HEADERS.get((kind.key, measure.name), measure.header)


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # header labels, top level first
    width: float  # Excel width units
    align: str = "left"  # horizontal alignment of the body text


@dataclass
class Grid:
    """One appendix table as laid out on its sheet below the title lines."""

    columns: list[Column]
    index_row: list[str] | None  # the 栏次 row under the header
    body: list[list[Value]] = field(default_factory=list)
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # body row, first and last column
    notes: list[str] = field(default_factory=list)  # lines under the grid


@dataclass(frozen=True)
class TitleLines:
    """The lines above the grid: label (公开NN表), title, 部门 and 单位."""

    label: str | None
    title: str
    department: str
    unit: str
    split_title: int | None = None


def amount(text: str) -> Decimal | None:
    if text == "":
        return None
    value = Decimal(text)
    # The sheet prints #,##0.00 (or #,##0 for whole 元): any other text would not come back as itself.
    if text != (f"{value:.2f}" if "." in text else f"{value:.0f}"):
        raise ValueError(f"amount {text!r} does not print with two decimals or as a whole number")
    return value


def amount_text(value: Decimal) -> str:
    """An amount as the sheet prints it: thousands separators, the decimals it was written with."""
    return f"{value:,.2f}" if value.as_tuple().exponent else f"{value:,.0f}"


def amount_column(path: tuple[str, ...], width: float = 13) -> Column:
    return Column(path, width, "right")


def index_numbers(first: int, count: int) -> list[str]:
    # Text, not numbers, so the #,##0.00 columns do not print them as amounts.
    return [str(n) for n in range(first, first + count)]


# --- grid shapes, one per Layout ------------------------------------------------------------------------


def coded_grid(
    kind: TableKind,
    table: dict[str, Any],
    split: bool,
    national: bool = False,
    headers: dict[str, Sequence[str]] | None = None,
) -> Grid:
    # The national template names the classification above its 类 | 款 | 项 columns and has no 栏次 row.
    code_label = (
        ("支出功能分类科目编码" if kind.code_kind is CodeKind.FUNCTION else "经济分类科目编码")
        if national
        else "科目编码"
    )
    if split:
        codes = [Column(("项目", code_label, part), 5, "center") for part in "类款项"]
    else:
        codes = [Column(("项目", code_label), 10)]
    printed = [tuple((headers or {}).get(m.name, printed_header(kind, m))) for m in kind.measures]
    columns = [*codes, Column(("项目", "科目名称"), 29), *(amount_column(header) for header in printed)]
    index_row = None if national else ["栏次", *[""] * len(codes), *index_numbers(1, len(kind.measures))]
    grid = Grid(columns, index_row)
    for code, name, *values in table.get("rows", []):
        amounts = [amount(v) for v in values]
        if code == "" and name == "合计":
            grid.merges.append((len(grid.body), 0, len(codes)))
            grid.body.append(["合计", *[None] * len(codes), *amounts])
        else:
            parts = [code[:3], code[3:5], code[5:7]] if split else [code]
            grid.body.append([*parts, name, *amounts])
    return grid


def side_rows(rows: list[list[str]], first_number: int, numbered: bool = True) -> list[list[Value]]:
    if not numbered:
        return [[item, *(amount(v) for v in values)] for item, *values in rows]
    return [[item, str(first_number + i), *(amount(v) for v in values)] for i, (item, *values) in enumerate(rows)]


def split_footer(rows: list[list[Value]], first_footer_item: str) -> tuple[list, list]:
    at = next((i for i, row in enumerate(rows) if row[0] == first_footer_item), len(rows))
    return rows[:at], rows[at:]


def pad(rows: list[list[Value]], length: int, width: int, keep_last: bool = False) -> list[list[Value]]:
    blanks = [[None] * width for _ in range(length - len(rows))]
    if keep_last and rows:  # 总计 stays on the last line, level with the other side's
        return [*rows[:-1], *blanks, rows[-1]]
    return [*rows, *blanks]


def side_columns(side: str, labels: Iterable[str], numbered: bool = True) -> list[Column]:
    amounts = [amount_column((side, label)) for label in labels]
    line_numbers = [Column((side, "行次"), 5, "center")] if numbered else []
    return [Column((side, "项目"), 34), *line_numbers, *amounts]


def national_label(measure: Measure) -> str:
    """The national template heads a lone amount column 决算数 (the Sichuan one 金额)."""
    return "决算数" if measure.name == "amount" else measure.label


def two_sided_grid(kind: TableKind, table: dict[str, Any], national: bool = False) -> Grid:
    income, expenditure = table.get("income", []), table.get("expenditure", [])
    label = national_label if national else (lambda m: m.label)
    left = side_columns("收入", map(label, kind.income_measures), numbered=not national)
    right = side_columns("支出", map(label, kind.measures), numbered=not national)
    n_income = len(kind.income_measures)
    index_row = ["栏次", "", *index_numbers(1, n_income), "栏次", "", *index_numbers(n_income + 1, len(kind.measures))]
    # 行次 runs down the income side, then on down the expenditure side (Sichuan only: national has neither).
    in_body, in_foot = split_footer(side_rows(income, 1, not national), "本年收入合计")
    ex_body, ex_foot = split_footer(side_rows(expenditure, len(income) + 1, not national), "本年支出合计")
    n_body, n_foot = max(len(in_body), len(ex_body)), max(len(in_foot), len(ex_foot))
    lefts = pad(in_body, n_body, len(left)) + pad(in_foot, n_foot, len(left), keep_last=True)
    rights = pad(ex_body, n_body, len(right)) + pad(ex_foot, n_foot, len(right), keep_last=True)
    body = [a + b for a, b in zip(lefts, rights, strict=True)]
    return Grid([*left, *right], None if national else index_row, body)


def national_blocks_grid(table: dict[str, Any]) -> Grid:
    """Two blocks, 人员经费 (301, 303) | 公用经费 (302, 310), economic codes split into 类 | 款 columns."""
    block = [
        Column(("经济分类科目编码", "类"), 5, "center"),
        Column(("经济分类科目编码", "款"), 4, "center"),
        Column(("科目名称",), 24),
        amount_column(("决算数",)),
    ]
    rows = [
        [[code[:3], code[3:5] or None, name, amount(value)] for code, name, value in part]
        for part in (table.get("personnel", []), table.get("public", []))
    ]
    length = max(map(len, rows))
    body = [left + right for left, right in zip(*(pad(part, length, 4) for part in rows), strict=True)]
    footer = ["人员经费合计", None, None, amount(table.get("personnel_total", ""))]
    footer += ["公用经费合计", None, None, amount(table.get("public_total", ""))]
    return Grid([*block, *block], None, [*body, footer], [(length, 0, 2), (length, 4, 6)])


def blocks_grid(kind: TableKind, table: dict[str, Any]) -> Grid:
    label = printed_header(kind, kind.measures[0])
    columns = [
        column
        for block in ("人员经费", "公用经费", "公用经费")
        for column in (Column((block, "科目编码"), 8), Column((block, "科目名称"), 22), amount_column((block, *label)))
    ]
    personnel, public = table.get("personnel", []), table.get("public", [])
    half = math.ceil(len(public) / 2)
    blocks = [
        [[code, name, amount(value)] for code, name, value in rows]
        for rows in (personnel, public[:half], public[half:])
    ]
    length = max(map(len, blocks))
    padded = [pad(block, length, 3) for block in blocks]
    body = [list(chain.from_iterable(parts)) for parts in zip(*padded, strict=True)]
    footer = ["人员经费合计", None, amount(table.get("personnel_total", ""))]
    footer += ["公用经费合计", *[None] * 4, amount(table.get("public_total", ""))]
    return Grid(columns, None, [*body, footer], [(length, 0, 1), (length, 3, 7)])


def single_row_grid(kind: TableKind, table: dict[str, Any], national: bool = False) -> Grid:
    if national:
        # Item labels on top (under one 财政拨款"三公"经费 band), 预算数 | 决算数 below each.
        paths = [("财政拨款“三公”经费", *m.header[1:], m.header[0]) for m in kind.measures]
        columns = [amount_column(path, 9) for path in paths]
    else:
        columns = [amount_column(m.header, 12) for m in kind.measures]
    body = [[amount(v) for v in row] for row in table.get("rows", [])]
    return Grid(columns, None if national else index_numbers(1, len(columns)), body)


def build_grid(
    kind: TableKind,
    table: dict[str, Any],
    code_style: str,
    family: str = "sichuan",
    options: dict[str, Any] | None = None,
) -> Grid:
    """The table's grid; options is the table's entry of the truth's render: tables: block."""
    national, options = family == "national", options or {}
    if kind.layout is Layout.CODED:
        grid = coded_grid(kind, table, split=code_style == "split", national=national, headers=options.get("headers"))
    elif kind.layout is Layout.TWO_SIDED:
        grid = two_sided_grid(kind, table, national)
    elif kind.layout is Layout.ECONOMIC_BLOCKS:
        grid = national_blocks_grid(table) if national else blocks_grid(kind, table)
    else:
        grid = single_row_grid(kind, table, national)
    if table.get("empty"):  # the header alone (or blank rows and a 合计 row), then the publisher's note
        grid.body, grid.merges = empty_body(grid, kind, options.get("blank_rows", 0))
        heading = options.get("note_heading")
        grid.notes = [heading, table["note"]] if heading else [f"注：{table['note']}"]
    fit_columns(grid)
    return grid


def empty_body(grid: Grid, kind: TableKind, blank_rows: int) -> tuple[list[list[Value]], list[tuple[int, int, int]]]:
    """No rows, or blank rows and a 合计 row without amounts (as the national template prints)."""
    if not blank_rows:
        return [], []
    width = len(grid.columns)
    keys = width - len(kind.measures)  # code and name columns, merged under 合计
    total: list[Value] = ["合计", *[None] * (width - 1)]
    return [*([None] * width for _ in range(blank_rows)), total], [(blank_rows, 0, keys - 1)]


def fit_columns(grid: Grid) -> None:
    """Widen amount columns to their widest amount (Calc prints ### otherwise), then the table to MIN_TABLE_WIDTH."""
    widths = [max([col.width, *(amount_width(row[c]) for row in grid.body)]) for c, col in enumerate(grid.columns)]
    scale = max(1.0, MIN_TABLE_WIDTH / sum(widths))
    grid.columns = [replace(col, width=round(w * scale, 1)) for col, w in zip(grid.columns, widths, strict=True)]


# --- writing the workbook -------------------------------------------------------------------------------


def text_width(text: str) -> float:
    """Width in full-width characters: CJK counts 1, ASCII and digits 1/2."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def amount_width(value: Value) -> float:
    """The column width an amount needs: its indent on the right, as much clear on the left so that a long
    name in the column before does not run into it."""
    if not isinstance(value, Decimal):
        return 0.0
    return (text_width(amount_text(value)) * FONT_SIZE + 2 * INDENT + CELL_PADDING) / POINTS_PER_UNIT


def line_count(value: Value, column: Column) -> int:
    """The lines Calc wraps the text onto in this column."""
    if not isinstance(value, str):
        return 1
    indent = 0.0 if column.align == "center" else INDENT
    capacity = (column.width * POINTS_PER_UNIT - CELL_PADDING - indent) / FONT_SIZE
    return max(1, math.ceil(text_width(value) / capacity))


def row_height(lines: int) -> float:
    return ROW_HEIGHT if lines == 1 else WRAPPED_LINE_HEIGHT * lines


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Value,
    *,
    span: tuple[int, int] = (1, 1),
    align: str = "center",
    size: int = FONT_SIZE,
    bold: bool = False,
    wrap: bool = True,
) -> None:
    """Write one cell, merged over span = (rows, columns), in the pinned font."""
    if span != (1, 1):
        ws.merge_cells(start_row=row, start_column=col, end_row=row + span[0] - 1, end_column=col + span[1] - 1)
    cell = ws.cell(row, col)
    cell.font = Font(name=FONT_NAME, size=size, bold=bold)
    # Indented, text keeps clear of the neighbouring cell's: closer than about two characters, camelot reads
    # both as one text line and puts it in one cell.
    indent = 0 if align == "center" else 1
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap, indent=indent)
    if isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = AMOUNT_FORMAT if value.as_tuple().exponent else WHOLE_AMOUNT_FORMAT
    else:
        cell.value = value


def run_end(columns: Sequence[Column], col: int, level: int) -> int:
    """The last column of the run that shares column col's parent label at this header level."""
    prefix, end = columns[col].path[: level + 1], col
    while end + 1 < len(columns) and (path := columns[end + 1].path)[: level + 1] == prefix and len(path) > level + 1:
        end += 1
    return end


def header_cells(columns: Sequence[Column]) -> Iterable[tuple[int, int, str, tuple[int, int]]]:
    """(header row, column, label, (rows, columns) spanned) of every header cell, from the label paths.

    A parent label is merged across its children, a leaf down to the last header row.
    """
    depth = max(len(c.path) for c in columns)
    for level in range(depth):
        col = 0
        while col < len(columns):
            path = columns[col].path
            if len(path) > level:
                leaf = len(path) == level + 1
                end = col if leaf else run_end(columns, col, level)
                yield level, col, path[level], (depth - level if leaf else 1, end - col + 1)
                col = end
            col += 1


def write_header(ws: Worksheet, top: int, columns: Sequence[Column]) -> int:
    """Write the header from the columns' label paths; returns its row count."""
    depth = max(len(c.path) for c in columns)
    for level, col, label, span in header_cells(columns):
        put(ws, top + level, col + 1, label, span=span)
    for row in range(top, top + depth):
        ws.row_dimensions[row].height = HEADER_ROW_HEIGHT
    return depth


def write_body(ws: Worksheet, top: int, grid: Grid) -> None:
    merged = {(row, first): last - first + 1 for row, first, last in grid.merges}
    for r, values in enumerate(grid.body):
        lines = 1
        for c, value in enumerate(values):
            cols = merged.get((r, c), 1)
            spanned = grid.columns[c : c + cols]
            # A merged cell (合计 and the like) is centred and wraps at the width of all it spans.
            cell = spanned[0] if cols == 1 else Column((), sum(x.width for x in spanned), "center")
            if value is not None or cols > 1:
                put(ws, top + r, c + 1, value, span=(1, cols), align=cell.align)
            lines = max(lines, line_count(value, cell))
        ws.row_dimensions[top + r].height = row_height(lines)


def title_lines(number: int, kind: TableKind, truth: dict[str, Any]) -> TitleLines:
    """What prints above a table's grid: the catalogue's wording unless the truth's render block says otherwise."""
    options = table_options(truth, kind.key)
    label = None if truth["family"] == "national" else f"公开{number:02d}表"
    unit = truth["tables"][kind.key]["unit"]
    split = options.get("split_title")
    if split is not None and render_options(truth).get("tables_in") != "writer":
        raise ValueError(f"{kind.key}: split_title needs render: tables_in: writer (Calc keeps a title whole)")
    return TitleLines(
        label=options.get("label", label),
        title=options.get("title", kind.title),
        department=f"部门：{truth['department']}",
        unit=options.get("unit", f"单位：{unit}"),
        split_title=split,
    )


def write_title_lines(ws: Worksheet, lines: TitleLines) -> None:
    """The lines above the grid, outside it: 公开NN表 (Sichuan only), the title, 部门 and 单位."""
    width = ws.max_column
    left = math.ceil(width / 2)
    line = partial(put, ws, wrap=False)  # the locator reads each as one page line
    if lines.label is not None:
        line(1, 1, lines.label, span=(1, width), align="right")
    line(2, 1, lines.title, span=(1, width), size=16, bold=True)
    line(3, 1, lines.department, span=(1, left), align="left")
    line(3, left + 1, lines.unit, span=(1, width - left), align="right")
    for row, height in ((1, ROW_HEIGHT), (2, 28.0), (3, ROW_HEIGHT)):
        ws.row_dimensions[row].height = height


def frame(ws: Worksheet, rows: Iterable[int], n_cols: int) -> None:
    for row in rows:
        for col in range(1, n_cols + 1):
            ws.cell(row, col).border = GRID_BORDER


def set_up_page(ws: Worksheet, repeat_rows: str | None) -> None:
    """A4 landscape, one page wide and as many tall as needed, the header rows repeated on each."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.4, bottom=0.4)
    ws.print_options.horizontalCentered = True
    if repeat_rows is not None:
        ws.print_title_rows = repeat_rows


def write_sheet(ws: Worksheet, lines: TitleLines, grid: Grid, repeat_header: bool = True) -> None:
    n_cols = len(grid.columns)
    for c, column in enumerate(grid.columns, 1):
        ws.column_dimensions[ws.cell(1, c).column_letter].width = column.width
    top = 4  # below the three title lines
    body_top = top + write_header(ws, top, grid.columns)
    if grid.index_row is not None:
        for c, text in enumerate(grid.index_row, 1):
            put(ws, body_top, c, text)
        ws.row_dimensions[body_top].height = ROW_HEIGHT
        body_top += 1
    write_body(ws, body_top, grid)
    bottom = body_top + len(grid.body) - 1
    frame(ws, range(top, bottom + 1), n_cols)
    write_title_lines(ws, lines)
    note_width = Column((), sum(c.width for c in grid.columns))
    for row, note in enumerate(grid.notes, bottom + 1):
        put(ws, row, 1, note, span=(1, n_cols), align="left")
        ws.row_dimensions[row].height = row_height(line_count(note, note_width))
    set_up_page(ws, f"{top}:{body_top - 1}" if repeat_header else None)  # header and 栏次 rows, not the title lines


RENDER_KEYS = {"tables_in", "cell_borders", "cell_padding", "cell_indent", "repeat_header", "narrative", "tables"}
TABLE_RENDER_KEYS = {"title", "label", "unit", "split_title", "headers", "blank_rows", "note_heading"}


def render_options(truth: dict[str, Any]) -> dict[str, Any]:
    """The truth's render: block (see the module docstring); a key the generator does not know is an error."""
    options = truth.get("render") or {}
    unknown = set(options) - RENDER_KEYS
    for key, table in (options.get("tables") or {}).items():
        unknown |= {f"tables.{key}.{name}" for name in set(table) - TABLE_RENDER_KEYS}
    if unknown:
        raise ValueError(f"unknown render options: {sorted(unknown)}")
    return options


def table_options(truth: dict[str, Any], key: str) -> dict[str, Any]:
    return (render_options(truth).get("tables") or {}).get(key) or {}


def printed_tables(truth: dict[str, Any]) -> list[tuple[int, TitleLines, Grid]]:
    """Every table of the truth in the printed order of its family, numbered by place in that order."""
    kinds = expected_kinds(truth["family"])
    if unknown := set(truth["tables"]) - {kind.key for kind in kinds}:
        raise ValueError(f"tables {sorted(unknown)} are not in the {truth['family']} family's set")
    if unknown := set(render_options(truth).get("tables") or {}) - set(truth["tables"]):
        raise ValueError(f"render options for tables {sorted(unknown)} that the truth does not have")
    out = []
    for number, kind in enumerate(kinds, 1):
        if (table := truth["tables"].get(kind.key)) is not None:
            options = table_options(truth, kind.key)
            grid = build_grid(kind, table, truth.get("code_style", "full"), truth["family"], options)
            out.append((number, title_lines(number, kind, truth), grid))
    return out


def write_workbook(truth: dict[str, Any], target: Path) -> None:
    """One sheet per table."""
    repeat_header = render_options(truth).get("repeat_header", True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, lines, grid in printed_tables(truth):
        write_sheet(workbook.create_sheet(f"公开{number:02d}表"), lines, grid, repeat_header)
    workbook.save(target)


def writer_table(lines: TitleLines, grid: Grid) -> writer_tables.Table:
    """A grid as a Writer table: the same header paths, merges and cell texts the Calc sheet prints."""
    header_rows = max(len(c.path) for c in grid.columns)
    header: list[list[writer_tables.Cell | None]] = [[None] * len(grid.columns) for _ in range(header_rows)]
    for level, col, label, (rows, cols) in header_cells(grid.columns):
        header[level][col] = writer_tables.Cell(label, "center", cols, rows)
    if grid.index_row is not None:
        header.append([writer_tables.Cell(text, "center") for text in grid.index_row])
    merged = {(row, first): last - first + 1 for row, first, last in grid.merges}
    body: list[list[writer_tables.Cell | None]] = []
    for r, values in enumerate(grid.body):
        cells: list[writer_tables.Cell | None] = []
        covered = 0
        for c, value in enumerate(values):
            if covered:
                cells.append(None)
                covered -= 1
                continue
            span = merged.get((r, c), 1)
            text = amount_text(value) if isinstance(value, Decimal) else (value or "")
            cells.append(writer_tables.Cell(text, "center" if span > 1 else grid.columns[c].align, span))
            covered = span - 1
        body.append(cells)
    return writer_tables.Table(
        label=lines.label,
        title=lines.title,
        split_title=lines.split_title,
        department_line=lines.department,
        unit_line=lines.unit,
        widths_pt=[c.width * POINTS_PER_UNIT for c in grid.columns],
        header=header,
        body=body,
        notes=grid.notes,
    )


def write_writer_tables(truth: dict[str, Any], target: Path) -> None:
    options = render_options(truth)
    style = writer_tables.Style(
        separate_borders=options.get("cell_borders", "collapsed") == "separate",
        padding=options.get("cell_padding", writer_tables.Style.padding),
        indent=options.get("cell_indent", writer_tables.Style.indent),
        repeat_header=options.get("repeat_header", True),
    )
    tables = [writer_table(lines, grid) for _, lines, grid in printed_tables(truth)]
    target.write_text(writer_tables.document(tables, style, FONT_NAME), encoding="utf-8")


# --- cover and narrative --------------------------------------------------------------------------------

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
<office:font-face-decls>
 <style:font-face style:name="Song" svg:font-family="'{font}'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="150%"/>
  <style:text-properties style:font-name="Song" style:font-name-asian="Song"
   fo:font-size="12pt" style:font-size-asian="12pt" fo:language="zh" fo:country="CN"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-indent="24pt" fo:text-align="justify"/>
 </style:style>
 <style:style style:name="Part" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>
  <style:text-properties fo:font-size="16pt" style:font-size-asian="16pt"
   fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Section" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="8pt" fo:text-indent="24pt"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Cover" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="24pt"/>
  <style:text-properties fo:font-size="28pt" style:font-size-asian="28pt"
   fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="CoverTop" style:family="paragraph" style:parent-style-name="Cover">
  <style:paragraph-properties fo:margin-top="6cm"/>
 </style:style>
 <style:style style:name="PartPage" style:family="paragraph" style:parent-style-name="Part">
  <style:paragraph-properties fo:margin-top="8cm" fo:break-before="page"/>
  <style:text-properties fo:font-size="26pt" style:font-size-asian="26pt"/>
 </style:style>
 <style:style style:name="PageEnd" style:family="paragraph">
  <style:paragraph-properties fo:break-after="page"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin="2.5cm"/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4"/>
</office:master-styles>
<office:body><office:text>
{paragraphs}
</office:text></office:body>
</office:document>
"""


def narrative_paragraph(item: str) -> tuple[str, str]:
    if item.startswith("# "):
        return "Part", item[2:]
    if item.startswith("## "):
        return "Section", item[3:]
    return "Body", item


Paragraphs = list[tuple[str, str]]  # (paragraph style, text)


def narrative_parts(truth: dict[str, Any]) -> tuple[Paragraphs, Paragraphs]:
    """(the pages before the tables, the pages after them): the cover, the narrative, the part heading
    of the tables; the narrative goes after the tables where the truth's render block says so."""
    cover = [("CoverTop", f"{truth['year']}年度"), ("Cover", truth["department"]), ("Cover", "部门决算")]
    text = [narrative_paragraph(item) for item in truth.get("narrative", [])]
    # The tables follow from the next page.
    if truth["family"] == "national":
        part = ("PartPage", f"第二部分 {truth['department']}{truth['year']}年度部门决算表")
    else:
        part = ("PartPage", "第五部分 附表")
    if render_options(truth).get("narrative", "before") == "after":
        return [*cover, part], text  # the part heading starts its own page after the cover
    return [*cover, ("PageEnd", ""), *text, part], []


def write_paragraphs(paragraphs: Paragraphs, target: Path) -> None:
    body = "\n".join(f'<text:p text:style-name="{style}">{escape(text)}</text:p>' for style, text in paragraphs)
    target.write_text(FODT.format(font=FONT_NAME, paragraphs=body), encoding="utf-8")


# --- conversion and assembly ----------------------------------------------------------------------------


def convert_to_pdf(sources: Sequence[Path], workdir: Path) -> list[Path]:
    """Print the documents to PDF in one headless LibreOffice run; fail naming any it did not produce."""
    outdir = workdir / "pdf"
    # A private profile, so parallel runs (or a desktop LibreOffice) do not clash.
    profile = f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}"
    command = ["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)]
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    result = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=600)
    pdfs = [outdir / f"{source.stem}.pdf" for source in sources]
    missing = [str(source) for source, pdf in zip(sources, pdfs, strict=True) if not pdf.exists()]
    if result.returncode != 0 or missing:
        failed = ", ".join(missing or map(str, sources))
        output = result.stdout + result.stderr
        raise RuntimeError(f"soffice (exit {result.returncode}) did not convert {failed}:\n{output}")
    return pdfs


def concatenate(parts: Sequence[Path], target: Path, created: str) -> int:
    merged = pdfium.PdfDocument.new()
    for part in parts:
        source = pdfium.PdfDocument(part)
        merged.import_pages(source)
        source.close()
    buffer = io.BytesIO()
    merged.save(buffer)
    target.write_bytes(unstamp(buffer.getvalue(), created))
    return len(merged)


def unstamp(pdf: bytes, created: str) -> bytes:
    """Replace what PDFium takes from the clock (CreationDate, and the /ID derived from it) with values from
    the content, so an unchanged truth renders to the same bytes and the committed PDF only changes with it.

    Same-length substitutions keep the cross-reference offsets valid.
    """
    date = f"D:{created.replace('-', '')}000000+00'00'".encode()
    pdf, dated = re.subn(rb"/CreationDate\(D:\d{14}[^)]{7}\)", b"/CreationDate(" + date + b")", pdf, count=1)
    file_id = re.compile(rb"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]")
    pdf, identified = file_id.subn(b"/ID[<%s><%s>]" % (b"0" * 32, b"0" * 32), pdf, count=1)
    if (dated, identified, len(date)) != (1, 1, 23):
        raise RuntimeError("PDFium's CreationDate or /ID is not where it used to be")
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().upper().encode()
    return file_id.sub(b"/ID[<%s><%s>]" % (digest, digest), pdf, count=1)


def font_installed(family: str) -> bool:
    listing = subprocess.run(["fc-list", ":", "family"], check=False, capture_output=True, text=True).stdout
    return any(family in line.split(",") for line in listing.splitlines())


def use_font(name: str, fonts_conf: Path) -> None:
    """The face every cell and paragraph names, and the fontconfig LibreOffice runs with."""
    global FONT_NAME, FONTS_CONF  # one script-wide setting, switched per document
    FONT_NAME, FONTS_CONF = name, fonts_conf


def render(truth_path: Path, target: Path) -> int:
    truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="lz-samples-") as tmp:
        workdir = Path(tmp)
        front, back = narrative_parts(truth)
        sources = [workdir / "narrative.fodt"]
        write_paragraphs(front, sources[0])
        if render_options(truth).get("tables_in", "calc") == "writer":
            sources.append(workdir / "tables.fodt")
            write_writer_tables(truth, sources[-1])
        else:
            sources.append(workdir / "tables.xlsx")
            write_workbook(truth, sources[-1])
        if back:
            sources.append(workdir / "after.fodt")
            write_paragraphs(back, sources[-1])
        pages = concatenate(convert_to_pdf(sources, workdir), target, str(truth["published"]))
    check_split_titles(truth, target)
    return pages


def check_split_titles(truth: dict[str, Any], pdf: Path) -> None:
    """A title meant to come out of pdfium's text layer as two lines must do so: the split depends on
    pdfium judging the page's text flow (a table page with tight rows reads as vertical flow, and then a
    one-character text run starts a line of its own), so a layout change could silently undo it."""
    titles = [lines for _, lines, _ in printed_tables(truth) if lines.split_title is not None]
    splits = {(lines.title[: lines.split_title], lines.title[lines.split_title :]) for lines in titles}
    if not splits:
        return
    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    found = set()
    for text in texts:
        lines = [line.strip() for line in text.splitlines()]
        found |= {pair for pair in pairwise(lines) if pair in splits}
    if missing := splits - found:
        raise RuntimeError(f"{pdf}: pdfium does not split these titles as the truth says: {sorted(missing)}")


def main(args: Sequence[str]) -> None:
    truths = [Path(a) for a in args] or sorted(
        [*REPO.glob("data/raw/*/*.truth.yaml"), *REPO.glob("data/raw/*/*/*.truth.yaml")]
    )
    if not args:
        truths += sorted(BROKEN_FONT_DIR.glob("*.truth.yaml")) + sorted(REAL_WORLD_DIR.glob("*/*/*.truth.yaml"))
    pinned = (FONT_NAME, FONTS_CONF)
    for truth in truths:
        target = truth.with_name(truth.name.removesuffix(".truth.yaml") + ".pdf")
        broken = truth.resolve().parent == BROKEN_FONT_DIR.resolve()
        if broken and not font_installed(BROKEN_FONT[0]):
            # Without the CFF font LibreOffice would substitute a sound one: keep the committed fixture.
            print(f"{target}: skipped, {BROKEN_FONT[0]} is not installed (apt-get install -y fonts-noto-cjk)")
            continue
        use_font(*(BROKEN_FONT if broken else pinned))
        print(f"{target}: {render(truth, target)} pages")
    use_font(*pinned)


if __name__ == "__main__":
    main(sys.argv[1:])
