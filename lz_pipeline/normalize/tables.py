"""Raw grids → typed, keyed records, driven by the catalogue's layout and measures.

Header rows, the 栏次 row and repeated headers on continuation pages are recognised by content,
not by position, so the same code reads generated, Sichuan and national PDFs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from lz_pipeline.catalog import (
    HEADER_WORDS,
    INDEX_LABEL,
    ITEM_LABELS,
    KINDS_BY_KEY,
    TOTAL_LABELS,
    TOTAL_ROW_LABEL,
    USE_SIDE,
    DocumentKind,
    Layout,
    TableKind,
)
from lz_pipeline.errors import DocumentMismatch, TableShapeError
from lz_pipeline.normalize.cells import (
    CellError,
    clean_name,
    code_level,
    join_split_code,
    parse_amount,
    parse_code,
    split_code_and_name,
    to_wanyuan,
)
from lz_pipeline.normalize.headers import MeasureColumn, header_texts, map_measures, measure_score
from lz_pipeline.raw import RawDocument, RawTable

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
    decimals: int = 0  # the most decimal places printed in any amount cell
    # How the table was proven: the reader that won, its coverage, what earlier readers failed on.
    coverage: float | None = None
    attempts: list[str] = field(default_factory=list)
    # The PDF it was printed in (a document may come as a text PDF and a tables PDF).
    source_file: str = ""
    source_sha256: str = ""

    @property
    def kind(self) -> TableKind:
        return KINDS_BY_KEY[self.kind_key]

    @property
    def quantum(self) -> Decimal:
        """One unit of the last printed decimal place, in 万元: 0.01 for 万元 with cents, 0.0001 for whole 元."""
        return to_wanyuan(Decimal(1).scaleb(-self.decimals), self.unit)


@dataclass(frozen=True)
class TableStatus:
    """What became of one expected table kind: loaded, empty, quarantined (with why) or missing."""

    kind_key: str
    status: str  # loaded | empty | quarantined | missing
    reason: str | None = None
    title: str | None = None
    pages: tuple[int, ...] = ()
    reader: str | None = None
    coverage: float | None = None


@dataclass(frozen=True)
class SourceFile:
    path: str
    sha256: str


@dataclass
class NormalizedDocument:
    """One publication (决算 or 预算) of one department-year, from one PDF or from several."""

    department: str
    year: int
    source_file: str  # the PDF holding its tables (the first, if they are spread over several)
    source_sha256: str
    tables: dict[str, NormalizedTable]
    missing: list[str]
    narrative: dict[int, tuple[str, ...]]  # page → lines of ``narrative_file``
    statuses: list[TableStatus] = field(default_factory=list)
    document_kind: DocumentKind = DocumentKind.FINAL
    files: tuple[SourceFile, ...] = ()  # every PDF it was read from, tables first
    narrative_file: str | None = None  # the PDF whose narrative pages ``narrative`` holds

    @property
    def quarantined(self) -> list[TableStatus]:
        return [s for s in self.statuses if s.status == "quarantined"]


def _is_column_index_row(cells: list[str]) -> bool:
    """The 栏次 row (1 2 3 …): never amounts."""
    texts = [clean_name(c) for c in cells if clean_name(c)]
    if any(t == INDEX_LABEL for t in texts):
        return True
    numbers = [t for t in texts if t.isdigit()]
    return (
        len(numbers) >= 2
        and len(numbers) == len(texts)
        and numbers == [str(i) for i in range(int(numbers[0]), int(numbers[0]) + len(numbers))]
    )


def _amounts(cells: list[str], columns: list[MeasureColumn], table: NormalizedTable, where: str) -> dict[str, Decimal]:
    out = {}
    for column in columns:
        cell = cells[column.index] if column.index < len(cells) else ""
        try:
            value = parse_amount(cell)
        except ValueError as error:
            raise TableShapeError(where, f"column {column.header or column.measure.label}: {error}") from error
        if value is not None:
            exponent = value.as_tuple().exponent
            table.decimals = max(table.decimals, -exponent if isinstance(exponent, int) else 0)
        out[column.measure.name] = to_wanyuan(value, table.unit) if value is not None else Decimal(0)
    return out


def _rows(table: RawTable) -> Iterator[tuple[int, list[str]]]:
    for part in table.parts:
        for row in part.rows:
            yield part.page, list(row)


def _header_rows(table: RawTable, is_data) -> list[list[str]]:
    """The header rows of the first grid: every row above the first data row but the 栏次 row."""
    rows = []
    for row in table.parts[0].rows:
        if is_data(list(row)):
            break
        if not _is_column_index_row(list(row)):
            rows.append(list(row))
    return rows


# --- coded tables: one row per classification code ------------------------------------------------


def _code_columns(table: RawTable) -> tuple[list[int], int]:
    """Indices of the code column(s) and of the name column: 类 | 款 | 项, 类 | 款 (经济分类), or one."""
    for row in table.parts[0].rows[:6]:
        cells = [clean_name(c) for c in row]
        if "类" in cells and "款" in cells and cells.index("款") == cells.index("类") + 1:
            start = cells.index("类")
            width = 3 if start + 2 < len(cells) and cells[start + 2] == "项" else 2
            return list(range(start, start + width)), start + width
    return [0], 1


def _row_code(cells: list[str], code_cols: list[int]) -> tuple[str | None, str | None]:
    """The code of a row and, when the code cell also holds the name, that name."""
    if len(code_cols) > 1:
        return join_split_code([cells[i] for i in code_cols]), None
    code = parse_code(cells[code_cols[0]])
    if code is not None:
        return code, None
    code, name = split_code_and_name(cells[code_cols[0]])
    return code, name if code else None


def _repaired_code(cells: list[str], code_cols: list[int], previous: Record | None) -> str | None:
    """A split code with a misprinted cell; the hierarchy sums then prove or refute the repair.

    A 款 or 项 printed without its leading zero (万里街道's ``301 | 2`` for 30102) is read with it; a 类
    misprinted (社会福利院's ``7 | 11 | 02`` under 210 11) is the 类 of the row above when the 款 is the same.
    """
    parts = [clean_name(cells[i]) for i in code_cols]
    if len(parts) > 1 and re.fullmatch(r"\d{3}", parts[0]) and any(re.fullmatch(r"\d", p) for p in parts[1:]):
        return join_split_code([parts[0], *(p.zfill(2) if len(p) == 1 else p for p in parts[1:])])
    if len(code_cols) != 3 or previous is None or not previous.keys.get("code"):
        return None
    lei, kuan, xiang = parts
    above = str(previous.keys["code"])
    if not (lei.isdigit() and len(lei) != 3 and re.fullmatch(r"\d{2}", kuan) and re.fullmatch(r"\d{2}", xiang)):
        return None
    return above[:3] + kuan + xiang if len(above) >= 5 and above[3:5] == kuan else None


def _is_name_tail(cells: list[str], code_cols: list[int], name_col: int) -> bool:
    """A row holding only the rest of the name above it (camelot split a wrapped cell)."""
    name = clean_name(cells[name_col])
    others = [clean_name(c) for i, c in enumerate(cells) if i != name_col]
    return bool(name) and name not in HEADER_WORDS and not any(others)


def _normalize_coded(raw: RawTable, table: NormalizedTable) -> None:
    kind = table.kind
    code_cols, name_col = _code_columns(raw)

    def is_data(cells: list[str]) -> bool:
        code, _ = _row_code(cells, code_cols)
        if code is not None:
            return True
        keys = [clean_name(c) for c in cells[: name_col + 1]]
        # A total row names itself in the key columns and prints no header word among the amounts.
        rest = {clean_name(c) for c in cells[name_col + 1 :]}
        return any(k in TOTAL_LABELS for k in keys) and not rest & (HEADER_WORDS | {"基本支出", "项目支出", "小计"})

    headers = header_texts(_header_rows(raw, is_data))
    columns = map_measures(kind, headers, first_measure_col=name_col + 1, data=_data_columns(raw, is_data))
    previous: Record | None = None
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        repaired = _repaired_code(cells, code_cols, previous)
        if repaired is None and (_is_column_index_row(cells) or not is_data(cells)):
            if previous is not None and previous.page == page and _is_name_tail(cells, code_cols, name_col):
                previous.keys["name"] += clean_name(cells[name_col])  # a wrapped name's second line
            continue
        code, inline_name = (repaired, None) if repaired else _row_code(cells, code_cols)
        if repaired:
            printed = " ".join(clean_name(cells[i]) for i in code_cols)
            table.warnings.append(f"{repaired} printed as {printed!r}: read as the code it stands for")
        name = inline_name or clean_name(cells[name_col])
        if code is None:
            name = TOTAL_ROW_LABEL
        where = f"{raw.title} page {page} row {row_number}"
        keys = {"code": code, "name": name, "level": code_level(code) if code else 0}
        previous = Record(keys, _amounts(cells, columns, table, where), page, row_number)
        table.records.append(previous)


def _data_columns(raw: RawTable, is_data) -> set[int]:
    """Columns holding any non-blank cell in a data row: a column with amounts must have a header."""
    found = set()
    for _, cells in _rows(raw):
        if is_data(cells) and not _is_column_index_row(cells):
            found |= {i for i, c in enumerate(cells) if clean_name(c)}
    return found


# --- two-sided summaries: 收入 | 支出 -----------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    name: str
    label_col: int
    columns: list[MeasureColumn]
    header_rows: int = 0  # rows of the first grid that are its header (财政拨款收入 | 财政拨款支出 above 项目)


def _label_starts(rows: list[list[str]]) -> tuple[int, list[int]]:
    """The last header row naming a side's label column (项目, 项目名称, 功能科目名称) and those columns.

    Jiangsu's three sides name them on different header rows (收入's 项目名称 spans two), so the columns
    are collected over the header rows above the first amount.
    """
    found: dict[int, int] = {}
    for r, row in enumerate(rows[:8]):
        cells = [clean_name(c) for c in row]
        if any(_is_amount_text(c) for c in cells):
            break
        for c, cell in enumerate(cells):
            if cell in ITEM_LABELS:
                found.setdefault(c, r)
    if len(found) < 2:
        raise TableShapeError("", "no header row with 项目 | … | 项目")
    return max(found.values()), sorted(found)


def _is_amount_text(cell: str) -> bool:
    try:
        return parse_amount(cell) is not None
    except ValueError:
        return False


def _sides(raw: RawTable, kind: TableKind) -> list[_Side]:
    rows = [list(r) for r in raw.parts[0].rows]
    try:
        index, starts = _label_starts(rows)
    except TableShapeError as error:
        raise TableShapeError(raw.title, error.detail) from error
    named = [(name, measures) for name, measures in kind.side_measures if measures]
    if len(starts) > len(named):
        raise TableShapeError(raw.title, f"{len(starts)} label columns, {kind.title} has {len(named)} sides")

    def is_label_row(cells: list[str]) -> bool:
        return any((label := clean_name(cells[s])) and label not in HEADER_WORDS for s in starts)

    header_rows = [r for r in rows[: index + 1] if not _is_column_index_row(r)]
    header_end = index + 1
    for row in rows[index + 1 :]:
        if is_label_row(row):
            break
        header_end += 1
        if not _is_column_index_row(row):
            header_rows.append(row)
    headers = header_texts(header_rows)
    data = _data_columns(raw, is_label_row)
    bounds = list(zip(starts, [*starts[1:], len(headers)], strict=True))
    sides = []
    for (start, stop), (name, measures) in zip(bounds, named, strict=False):
        columns = map_measures(kind, headers, start + 1, data, measures=measures, last_col=stop)
        sides.append(_Side(name, start, columns, header_end))
    return sides


def _blank(cells: list[str], columns: list[MeasureColumn]) -> bool:
    return not any(clean_name(cells[c.index]) for c in columns if c.index < len(cells))


def _normalize_two_sided(raw: RawTable, table: NormalizedTable) -> None:
    sides = _sides(raw, table.kind)
    lines = {side.name: 0 for side in sides}
    last: dict[str, Record] = {}
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_column_index_row(cells) or row_number <= sides[0].header_rows:
            continue
        for at, side in enumerate(sides):
            label = _side_label(cells[side.label_col])
            if not label or label in HEADER_WORDS:
                continue
            columns = side.columns
            # Jiangsu's bottom lines (当年支出小计, 支出合计) span both 支出 sides: their amount stands under
            # the next side, whose label cell is blank.
            after = sides[at + 1] if at + 1 < len(sides) else None
            if after and after.name == USE_SIDE and _blank(cells, columns) and not clean_name(cells[after.label_col]):
                spans = zip(columns, after.columns, strict=False)
                columns = [MeasureColumn(c.measure, n.index, n.header) for c, n in spans]
            above = last.get(side.name)
            pattern = table.kind.item_pattern
            wrapped = pattern and not pattern.match(label) and not WRAPPED_TAIL_HEAD.match(label)
            if wrapped and above is not None and _blank(cells, columns):
                above.keys["item"] += label  # the end of the label above, wrapped over a page break
                continue
            lines[side.name] += 1
            where = f"{raw.title} page {page} row {row_number}"
            amounts = _amounts(cells, columns, table, where)
            keys = {"side": side.name, "line_no": lines[side.name], "item": label}
            last[side.name] = Record(keys, amounts, page, row_number)
            table.records.append(last[side.name])
    _repair_list_numbers(table.records)


def _side_label(cell: str) -> str:
    """A 总表 line's label; a list number the PDF draws on a line of its own inside the wrapped cell
    (``、单位预留机动经`` | ``三`` | ``费``) goes back in front."""
    lines = [line.strip() for line in cell.split("\n")]
    if len(lines) > 2 and lines[0].startswith("、"):
        numbers = [i for i, line in enumerate(lines) if LIST_NUMBER_ONLY.match(line)]
        if len(numbers) == 1:
            number = lines.pop(numbers[0])
            return clean_name(number + "".join(lines))
    return clean_name(cell)


LIST_NUMBER_ONLY = re.compile(r"^[一二三四五六七八九十]+$")
LIST_NUMBER_TAIL = re.compile(r"[一二三四五六七八九十]+$")
WRAPPED_TAIL_HEAD = re.compile(r"^([^一二三四五六七八九十\d]{1,2})[一二三四五六七八九十]+、")


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
        elif above is not None and (head := WRAPPED_TAIL_HEAD.match(item)):
            # The other way round: the wrapped end of the label above (…计划生育支 | 出) opens this one.
            above.keys["item"] += head.group(1)
            record.keys["item"] = item[head.end(1) :]
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

    def is_data(cells: list[str]) -> bool:
        return any(_block_code(cells, b) for b in blocks) or any(FOOTER.match(clean_name(c)) for c in cells)

    headers = header_texts(_header_rows(raw, is_data))
    for block in blocks:
        header = headers[block.amount_col] if block.amount_col < len(headers) else ""
        if not measure_score(measure, header):
            raise TableShapeError(raw.title, f"block amount column headed {header!r}, expected {measure.label}")
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_column_index_row(cells):
            continue
        where = f"{raw.title} page {page} row {row_number}"
        for index, cell in enumerate(cells):
            if FOOTER.match(clean_name(cell)):  # the footer: 人员经费合计 x | 公用经费合计 y
                amount_col = next((i for i in range(index + 1, len(cells)) if clean_name(cells[i])), index + 1)
                amounts = _amounts(cells, [MeasureColumn(measure, amount_col, "")], table, where)
                name = clean_name(cell)
                keys = {"code": None, "name": name, "level": 0, "category": name[:4]}
                table.records.append(Record(keys, amounts, page, row_number))
        for block in blocks:
            code = _block_code(cells, block)
            if code is None:
                continue
            amounts = _amounts(cells, [MeasureColumn(measure, block.amount_col, "")], table, where)
            category = "人员经费" if code.startswith(PERSONNEL_PREFIXES) else "公用经费"
            name = clean_name(cells[block.name_col])
            keys = {"code": code, "name": name, "level": code_level(code), "category": category}
            table.records.append(Record(keys, amounts, page, row_number))


# --- single-row tables: the 三公 tables ------------------------------------------------------------------


def _is_amount_row(cells: list[str]) -> bool:
    values = [c for c in cells if clean_name(c)]
    if not values or _is_column_index_row(cells):
        return False
    try:
        return all(parse_amount(c) is not None or clean_name(c) in {"-", "—"} for c in values)
    except ValueError:
        return False


def _normalize_single_row(raw: RawTable, table: NormalizedTable) -> None:
    headers = header_texts(_header_rows(raw, _is_amount_row))
    data = _data_columns(raw, _is_amount_row)
    columns = map_measures(table.kind, headers, first_measure_col=0, data=data)
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_amount_row(cells):
            where = f"{raw.title} page {page} row {row_number}"
            table.records.append(Record({}, _amounts(cells, columns, table, where), page, row_number))
            return


# --- grouped lists: group | item | amount (Jiangsu's 收入预算总表) -----------------------------------------


def _normalize_grouped(raw: RawTable, table: NormalizedTable) -> None:
    """A merged group cell prints its name once: the rows below it, to the next name, are its items. A
    line whose label spans the key columns (收入总计) belongs to no group.

    The key columns are those left of the first amount column (a merged cell may leave a blank one).
    """
    kind = table.kind

    def is_data(cells: list[str]) -> bool:
        return any((k := clean_name(c)) and k not in HEADER_WORDS and not _is_amount_text(k) for c in cells)

    headers = header_texts(_header_rows(raw, is_data))
    first = next((c for c, h in enumerate(headers) if any(measure_score(m, h) for m in kind.measures)), None)
    if not first:
        raise TableShapeError(raw.title, f"no column headed {kind.measures[0].label} right of the labels")
    columns = map_measures(kind, headers, first_measure_col=first, data=_data_columns(raw, is_data))
    group, line_no = "", 0
    for row_number, (page, cells) in enumerate(_rows(raw), start=1):
        if _is_column_index_row(cells) or not is_data(cells[:first]):
            continue
        named, item = clean_name(cells[0]), "".join(clean_name(c) for c in cells[1:first])
        if named and not item:
            group, item = "", named
        elif named:
            group = named
        line_no += 1
        where = f"{raw.title} page {page} row {row_number}"
        keys = {"group_name": group, "line_no": line_no, "item": item}
        table.records.append(Record(keys, _amounts(cells, columns, table, where), page, row_number))


NORMALIZERS = {
    Layout.CODED: _normalize_coded,
    Layout.TWO_SIDED: _normalize_two_sided,
    Layout.ECONOMIC_BLOCKS: _normalize_economic_blocks,
    Layout.SINGLE_ROW: _normalize_single_row,
    Layout.GROUPED: _normalize_grouped,
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
    if not table.records and not table.empty_note and raw.status != "empty":
        raise TableShapeError(
            source, f"{raw.title}: no data rows and no 本表无数据 note", page=raw.pages[0] if raw.pages else None
        )
    return table


def check_identity(raw: RawDocument, department: str, year: int, aliases: tuple[str, ...] = ()) -> None:
    """The department and year the document prints agree with its path (or a known alias of it)."""
    said = raw.department
    if said is not None and clean_name(said) not in {clean_name(n) for n in (department, *aliases)}:
        known = f" (known aliases: {'、'.join(aliases)})" if aliases else " (no alias in dim_department)"
        raise DocumentMismatch(raw.path, f"it names itself {said!r}, its path says {department!r}{known}")
    if raw.year is not None and raw.year != year:
        raise DocumentMismatch(raw.path, f"it is the {raw.year} report, its path says {year}")


def normalize_document(
    raw: RawDocument, department: str, year: int, aliases: tuple[str, ...] = ()
) -> NormalizedDocument:
    """The tables that extraction proved, typed; the others are kept as statuses with their reasons.

    ``aliases`` are the other names ``department`` is known by (dim_department); a document naming
    itself otherwise fails with DocumentMismatch.
    """
    check_identity(raw, department, year, aliases)
    tables: dict[str, NormalizedTable] = {}
    statuses = []
    for table in raw.tables:
        status = TableStatus(
            table.kind_key, table.status, table.reason, table.title, tuple(table.pages), table.flavor, table.coverage
        )
        if table.status in ("loaded", "empty"):
            try:
                normalized = normalize_table(table, raw.path)
            except (TableShapeError, CellError) as error:  # extraction verified it: should not happen
                status = TableStatus(table.kind_key, "quarantined", str(error), table.title, tuple(table.pages))
            else:
                normalized.coverage, normalized.attempts = table.coverage, list(table.attempts)
                normalized.source_file, normalized.source_sha256 = raw.path, raw.sha256
                tables[table.kind_key] = normalized
        statuses.append(status)
    statuses += [TableStatus(key, "missing", "not found in this PDF") for key in raw.missing]
    return NormalizedDocument(
        department,
        year,
        raw.path,
        raw.sha256,
        tables,
        raw.missing,
        raw.narrative,
        statuses=statuses,
        document_kind=raw.document_kind,
        files=(SourceFile(raw.path, raw.sha256),),
        narrative_file=raw.path,
    )
