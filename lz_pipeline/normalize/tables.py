"""Raw grids → typed, keyed records, driven by the catalogue's layout and measures.

Header rows, the 栏次 row and repeated headers on continuation pages are recognised by content,
not by position, so the same code reads generated, Sichuan and national PDFs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from lz_pipeline.catalog import KINDS_BY_KEY, Layout, Measure, TableKind
from lz_pipeline.extract.errors import TableShapeError
from lz_pipeline.extract.reader import RawDocument, RawTable
from lz_pipeline.normalize.cells import (
    clean_name,
    code_level,
    join_split_code,
    parse_amount,
    parse_code,
    split_code_and_name,
    to_wanyuan,
)

TOTAL_LABELS = {"合计", "总计"}
HEADER_WORDS = {"项目", "科目编码", "科目名称", "栏次", "类", "款", "项", "功能分类科目编码", "经济分类科目编码"}
SIDE_LABELS = {"收入": "收入", "支出": "支出"}
PERSONNEL_PREFIXES = ("301", "303")  # 工资福利支出, 对个人和家庭的补助; the rest is 公用经费


@dataclass
class Record:
    """One data row: its keys, its measures in 万元, and where it was printed."""

    keys: dict[str, object]
    amounts: dict[str, Decimal]
    page: int
    row_number: int


@dataclass
class NormalizedTable:
    kind_key: str
    title: str
    unit: str
    flavor: str
    pages: list[int]
    empty_note: str | None
    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def kind(self) -> TableKind:
        return KINDS_BY_KEY[self.kind_key]


@dataclass
class NormalizedDocument:
    department: str
    year: int
    source_file: str
    source_sha256: str
    tables: dict[str, NormalizedTable]
    missing: list[str]
    narrative: dict[int, tuple[str, ...]]


def _is_column_index_row(cells: list[str]) -> bool:
    """The 栏次 row (1 2 3 …): never amounts."""
    texts = [clean_name(c) for c in cells if clean_name(c)]
    if any(t == "栏次" for t in texts):
        return True
    numbers = [t for t in texts if t.isdigit()]
    return (
        len(numbers) >= 2
        and len(numbers) == len(texts)
        and numbers == [str(i) for i in range(int(numbers[0]), int(numbers[0]) + len(numbers))]
    )


def _amounts(cells: list[str], measures: tuple[Measure, ...], unit: str, where: str) -> dict[str, Decimal]:
    out = {}
    for measure, cell in zip(measures, cells, strict=True):
        try:
            value = parse_amount(cell)
        except ValueError as error:
            raise TableShapeError(where, f"column {measure.label}: {error}") from error
        out[measure.name] = to_wanyuan(value, unit) if value is not None else Decimal(0)
    return out


def _rows(table: RawTable) -> Iterator[tuple[int, list[str]]]:
    for part in table.parts:
        for row in part.rows:
            yield part.page, list(row)


def _header_texts(table: RawTable, is_data: callable) -> list[str]:
    """Per column, the header cells above the first data row, joined."""
    first = table.parts[0]
    width = first.n_cols
    texts = [""] * width
    for row in first.rows:
        if is_data(list(row)):
            break
        if _is_column_index_row(list(row)):
            continue
        for index, cell in enumerate(row):
            texts[index] += clean_name(cell)
    return texts


def _check_headers(table: NormalizedTable, headers: list[str], measures: tuple[Measure, ...]) -> None:
    for measure, header in zip(measures, headers, strict=True):
        if measure.header[-1] not in header:
            table.warnings.append(f"column headed {header!r} read as {measure.label}")


# --- coded tables: one row per classification code ------------------------------------------------


def _code_columns(table: RawTable) -> tuple[list[int], int]:
    """Indices of the code column(s) and of the name column."""
    for row in table.parts[0].rows[:6]:
        cells = [clean_name(c) for c in row]
        if "类" in cells and "款" in cells and "项" in cells:
            start = cells.index("类")
            return [start, start + 1, start + 2], start + 3
    return [0], 1


def _row_code(cells: list[str], code_cols: list[int]) -> tuple[str | None, str | None]:
    """The code of a row and, when the code cell also holds the name, that name."""
    if len(code_cols) == 3:
        return join_split_code([cells[i] for i in code_cols]), None
    code = parse_code(cells[code_cols[0]])
    if code is not None:
        return code, None
    code, name = split_code_and_name(cells[code_cols[0]])
    return code, name if code else None


def _is_name_tail(cells: list[str], code_cols: list[int], name_col: int) -> bool:
    """A row holding only the rest of the name above it (camelot split a wrapped cell)."""
    name = clean_name(cells[name_col])
    others = [clean_name(c) for i, c in enumerate(cells) if i != name_col]
    return bool(name) and name not in HEADER_WORDS and not any(others)


def _normalize_coded(raw: RawTable, table: NormalizedTable) -> None:
    kind = table.kind
    code_cols, name_col = _code_columns(raw)
    measures = kind.measures
    width = raw.parts[0].n_cols
    if width - name_col - 1 != len(measures):
        expected = f"{name_col + 1} key columns and {len(measures)} measures"
        raise TableShapeError(raw.title, f"{width} columns, expected {expected}")

    def is_data(cells: list[str]) -> bool:
        code, _ = _row_code(cells, code_cols)
        return code is not None or any(clean_name(c) in TOTAL_LABELS for c in cells[: name_col + 1])

    _check_headers(table, _header_texts(raw, is_data)[name_col + 1 :], measures)
    previous: Record | None = None
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_column_index_row(cells) or not is_data(cells):
            if previous is not None and previous.page == page and _is_name_tail(cells, code_cols, name_col):
                previous.keys["name"] += clean_name(cells[name_col])  # a wrapped name's second line
            continue
        code, inline_name = _row_code(cells, code_cols)
        name = inline_name or clean_name(cells[name_col])
        if code is None:
            name = "合计"
        where = f"{raw.title} page {page} row {row_number}"
        keys = {"code": code, "name": name, "level": code_level(code) if code else 0}
        previous = Record(keys, _amounts(cells[name_col + 1 :], measures, table.unit, where), page, row_number)
        table.records.append(previous)


# --- two-sided summaries: 收入 | 支出 -----------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    name: str
    label_col: int
    line_col: int | None
    measure_cols: list[int]
    measures: tuple[Measure, ...]


def _sides(raw: RawTable, kind: TableKind) -> list[_Side]:
    for row in raw.parts[0].rows[:6]:
        cells = [clean_name(c) for c in row]
        starts = [i for i, c in enumerate(cells) if c == "项目"]
        if len(starts) == 2:
            break
    else:
        raise TableShapeError(raw.title, "no header row with 项目 | … | 项目")
    header = cells
    bounds = [(starts[0], starts[1]), (starts[1], len(header))]
    sides = []
    for (start, stop), name, measures in zip(
        bounds, ("收入", "支出"), (kind.income_measures, kind.measures), strict=True
    ):
        line_col = start + 1 if start + 1 < stop and header[start + 1] == "行次" else None
        first_measure = start + (2 if line_col is not None else 1)
        measure_cols = list(range(first_measure, stop))
        if len(measure_cols) != len(measures):
            raise TableShapeError(
                raw.title, f"{name} side has {len(measure_cols)} amount columns, expected {len(measures)}"
            )
        sides.append(_Side(name, start, line_col, measure_cols, measures))
    return sides


HEADER_LABELS = {"项目", "栏次", "收入", "支出", "行次", "金额", "决算数"}


def _normalize_two_sided(raw: RawTable, table: NormalizedTable) -> None:
    sides = _sides(raw, table.kind)
    lines = {side.name: 0 for side in sides}
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_column_index_row(cells):
            continue
        for side in sides:
            label = clean_name(cells[side.label_col])
            if not label or label in HEADER_LABELS:
                continue
            lines[side.name] += 1
            where = f"{raw.title} page {page} row {row_number}"
            amounts = _amounts([cells[c] for c in side.measure_cols], side.measures, table.unit, where)
            keys = {"side": side.name, "line_no": lines[side.name], "item": label}
            table.records.append(Record(keys, amounts, page, row_number))
    _repair_list_numbers(table.records)


LIST_NUMBER_TAIL = re.compile(r"[一二三四五六七八九十]+$")


def _repair_list_numbers(records: list[Record]) -> None:
    """Undo camelot's shift of a list number into the cell above.

    When a label wraps (七、文化旅游体育与传媒支\n出), the next line's number 八 can land in the
    wrapped cell, leaving ``…支出八`` above and ``、社会保障和就业支出`` below.
    """
    previous: dict[str, Record] = {}
    for record in records:
        side, item = record.keys["side"], record.keys["item"]
        above = previous.get(side)
        if item.startswith("、") and above is not None and (tail := LIST_NUMBER_TAIL.search(above.keys["item"])):
            above.keys["item"] = above.keys["item"][: tail.start()]
            record.keys["item"] = tail.group() + item
        previous[side] = record


# --- economic blocks: 人员经费 | 公用经费 side by side --------------------------------------------------

FOOTER = re.compile(r"^(人员经费|公用经费)合计$")


@dataclass(frozen=True)
class _Block:
    code_cols: list[int]  # one full-code column, or 类 | 款 columns
    name_col: int

    @property
    def amount_col(self) -> int:
        return self.name_col + 1


def _blocks(raw: RawTable) -> list[_Block]:
    """Side-by-side code | name | amount blocks, found by their 科目名称 header cells."""
    for row in raw.parts[0].rows[:6]:
        names = [i for i, c in enumerate(row) if clean_name(c) == "科目名称"]
        if len(names) >= 2:
            starts = [0] + [n + 2 for n in names[:-1]]
            return [_Block(list(range(start, name)), name) for start, name in zip(starts, names, strict=True)]
    raise TableShapeError(raw.title, "no header row with two or more 科目名称 blocks")


def _block_code(cells: list[str], block: _Block) -> str | None:
    if len(block.code_cols) == 1:
        return parse_code(cells[block.code_cols[0]])
    return join_split_code([cells[i] for i in block.code_cols])


def _normalize_economic_blocks(raw: RawTable, table: NormalizedTable) -> None:
    (measure,) = table.kind.measures
    blocks = _blocks(raw)
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_column_index_row(cells):
            continue
        where = f"{raw.title} page {page} row {row_number}"
        for index, cell in enumerate(cells):
            if FOOTER.match(clean_name(cell)):  # the footer: 人员经费合计 x | 公用经费合计 y
                amount_cell = next((c for c in cells[index + 1 :] if clean_name(c)), "")
                amounts = _amounts([amount_cell], (measure,), table.unit, where)
                name = clean_name(cell)
                keys = {"code": None, "name": name, "level": 0, "category": name[:4]}
                table.records.append(Record(keys, amounts, page, row_number))
        for block in blocks:
            code = _block_code(cells, block)
            if code is None:
                continue
            amounts = _amounts([cells[block.amount_col]], (measure,), table.unit, where)
            category = "人员经费" if code.startswith(PERSONNEL_PREFIXES) else "公用经费"
            name = clean_name(cells[block.name_col])
            keys = {"code": code, "name": name, "level": code_level(code), "category": category}
            table.records.append(Record(keys, amounts, page, row_number))


# --- single-row tables: the 三公 tables ------------------------------------------------------------------


def _normalize_single_row(raw: RawTable, table: NormalizedTable) -> None:
    measures = table.kind.measures
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        values = [c for c in cells if clean_name(c)]
        if not values or _is_column_index_row(cells):
            continue
        try:
            parsed = [parse_amount(c) for c in values]
        except ValueError:
            continue  # a header row
        if len(cells) != len(measures):
            raise TableShapeError(raw.title, f"{len(cells)} columns, expected {len(measures)}")
        where = f"{raw.title} page {page} row {row_number}"
        if parsed:
            table.records.append(Record({}, _amounts(cells, measures, table.unit, where), page, row_number))
            return


NORMALIZERS = {
    Layout.CODED: _normalize_coded,
    Layout.TWO_SIDED: _normalize_two_sided,
    Layout.ECONOMIC_BLOCKS: _normalize_economic_blocks,
    Layout.SINGLE_ROW: _normalize_single_row,
}


def normalize_table(raw: RawTable, source: str) -> NormalizedTable:
    if raw.unit is None:
        raise TableShapeError(source, f"no 单位 line for {raw.title}")
    table = NormalizedTable(raw.kind_key, raw.title, raw.unit, raw.flavor, raw.pages, raw.empty_note)
    if raw.parts:
        try:
            NORMALIZERS[table.kind.layout](raw, table)
        except TableShapeError as error:
            raise TableShapeError(source, error.detail or str(error), page=raw.pages[0]) from error
    if not table.records and not table.empty_note:
        raise TableShapeError(
            source, f"{raw.title}: no data rows and no 本表无数据 note", page=raw.pages[0] if raw.pages else None
        )
    return table


def normalize_document(raw: RawDocument, department: str, year: int) -> NormalizedDocument:
    tables = {t.kind_key: normalize_table(t, raw.path) for t in raw.tables}
    return NormalizedDocument(department, year, raw.path, raw.sha256, tables, raw.missing, raw.narrative)
