"""A reader that needs no ruling lines: the page's words placed under the header's columns by position.

Amount columns are found where the numbers stand (the x-extents of the number words, merged where they
overlap) and where a header word stands over no number (a column left blank in every row); each column's
header text is every header word above it, so a spanning 本年支出 heads each of 小计 | 基本支出 | 项目支出.
What a missed rule or a per-cell rectangle does to camelot does not matter here: only positions count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lz_pipeline.catalog import INDEX_LABEL, ITEM_LABEL, TOTAL_LABELS, Layout
from lz_pipeline.extract.coverage import region_words
from lz_pipeline.extract.locate import DocumentLayout, LocatedTable, Word, page_slots, word_lines
from lz_pipeline.raw import RawPart

_NUMBER_WORD = re.compile(r"^[-−(（]?\d[\d,]*(?:\.\d+)?[)）]?$")
_CODE_WORD = re.compile(r"^\d{2,7}$")
_LIST_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_SLACK = 2.0  # points: number words of one column overlap within this


@dataclass
class _Column:
    x0: float
    x1: float
    header: list[str] = field(default_factory=list)

    def overlap(self, word: Word) -> float:
        return max(0.0, min(self.x1, word.x1) - max(self.x0, word.x0))

    def distance(self, word: Word) -> float:
        return abs((self.x0 + self.x1) / 2 - word.x_mid)


def _is_number(word: Word) -> bool:
    return bool(_NUMBER_WORD.match(word.text.replace(" ", "")))


def _key_edge(lines: list[list[Word]], layout: Layout) -> float:
    """Where the key columns (codes, names, labels) end: right of the last label before a line's amounts.

    Not the first amount's left edge: a column that is blank in every row may stand between them.
    """
    if layout is Layout.SINGLE_ROW:
        return float("-inf")
    edges = []
    for line in lines:
        texts = [w for w in line if not _is_number(w)]
        if texts and any(_is_number(w) and w.x0 > texts[0].x1 for w in line):
            first_amount = min(w.x0 for w in line if _is_number(w) and w.x0 > texts[0].x1)
            edges.append(max(w.x1 for w in texts if w.x1 <= first_amount))
    return max(edges) + 1 if edges else float("inf")


def _join_touching(line: list[Word]) -> list[Word]:
    """Words of one line that touch (决算 | 数: the text layer split a label) as one word."""
    joined: list[Word] = []
    for word in line:
        last = joined[-1] if joined else None
        if last is not None and word.x0 - last.x1 < 0.3 * (word.y1 - word.y0):
            joined[-1] = Word(last.text + word.text, last.x0, min(last.y0, word.y0), word.x1, max(last.y1, word.y1))
        else:
            joined.append(word)
    return joined


def _header_cells(header: list[list[Word]]) -> list[Word]:
    """Header words joined with the lines they wrap onto (年初结转和结 | 余): one word per printed cell."""
    cells: list[Word] = []
    for line in header:
        for word in _join_touching(line):
            above = next(
                (
                    c
                    for c in cells
                    if c.y0 - word.y1 < (word.y1 - word.y0)  # the next line down
                    and min(c.x1, word.x1) - max(c.x0, word.x0) >= 0.5 * min(c.x1 - c.x0, word.x1 - word.x0)
                ),
                None,
            )
            if above is None:
                cells.append(word)
            else:
                merged = Word(above.text + word.text, min(above.x0, word.x0), word.y0, max(above.x1, word.x1), above.y1)
                cells[cells.index(above)] = merged
    return cells


def _is_column_number(word: Word) -> bool:
    return word.text == INDEX_LABEL or (word.text.isdigit() and len(word.text) <= 2)


def _is_index_line(line: list[Word]) -> bool:
    """The 栏次 line (栏次 1 2 3 …): it numbers the columns and heads none."""
    return line[0].text.startswith(INDEX_LABEL) or all(w.text.isdigit() and len(w.text) <= 2 for w in line)


def _amount_columns(
    data: list[list[Word]], header: list[list[Word]], key_edge: float, label_edge: float | None = None
) -> list[_Column]:
    columns: list[_Column] = []
    for word in sorted((w for line in data for w in line if _is_number(w) and w.x0 >= key_edge), key=lambda w: w.x0):
        if columns and word.x0 <= columns[-1].x1 + _SLACK:
            columns[-1].x1 = max(columns[-1].x1, word.x1)
        else:
            columns.append(_Column(word.x0, word.x1))
    # The 栏次 line and its label number the columns; they head none.
    header = [[w for w in line if not _is_column_number(w)] for line in header if not _is_index_line(line)]
    cells = _header_cells([line for line in header if line])
    # A header cell over no number heads a column blank in every row (the narrowest first, so a spanning
    # parent does not stand in for the leaves below it).
    for cell in sorted(cells, key=lambda c: c.x1 - c.x0):
        if cell.x0 >= key_edge and not any(c.overlap(cell) > 0 for c in columns):
            columns.append(_Column(cell.x0, cell.x1))
            columns.sort(key=lambda c: c.x0)
    # Each column owns the band up to halfway to its neighbours: headers are centred, amounts right-aligned.
    bands = (
        [
            _Column(
                (columns[i - 1].x1 + c.x0) / 2 if i else min(c.x0, key_edge if key_edge > float("-inf") else c.x0),
                (c.x1 + columns[i + 1].x0) / 2
                if i + 1 < len(columns)
                else max([c.x1] + [w.x1 for ln in header for w in ln]),
            )
            for i, c in enumerate(columns)
        ]
        if columns
        else []
    )
    for cell in sorted(cells, key=lambda c: -c.y1):
        for column, band in zip(columns, bands, strict=True):
            if band.overlap(cell) > 0.5 * min(cell.x1 - cell.x0, band.x1 - band.x0):
                column.header.append(cell.text)
    if columns and not columns[0].header and label_edge is not None:
        # A wide cell's amount stands right-aligned, its header centred left of it: the band reaches back
        # to the labels (Jiangsu's 金额 over a 200-point cell).
        band = _Column(label_edge, bands[0].x1)
        columns[0].header += [
            c.text for c in sorted(cells, key=lambda c: -c.y1) if band.overlap(c) > 0.5 * (c.x1 - c.x0)
        ]
    return columns


def _is_amount(word: Word) -> bool:
    return _is_number(word) and ("." in word.text or "," in word.text)


def _is_data_line(line: list[Word]) -> bool:
    """A line of a table row: an amount in it, or a code, total or numbered label followed by a number."""
    if any(_is_amount(w) for w in line):
        return True
    first, rest = line[0].text, line[1:]
    keyed = bool(_LIST_NUMBER.match(first) or first in TOTAL_LABELS or re.match(r"^\d{3}(\d{2}){0,2}$", first))
    return keyed and any(_is_number(w) for w in rest)


def _first_data_line(lines: list[list[Word]]) -> int:
    return next((i for i, line in enumerate(lines) if _is_data_line(line)), len(lines))


def _attach_wrapped_text(data: list[list[Word]]) -> list[list[Word]]:
    """A cell's text wrapped onto lines of its own (above and below its row's amounts, when the cell is
    centred) joins the nearest line that holds numbers."""
    rows = [line for line in data if any(_is_number(w) for w in line)]
    if not rows:
        return data
    merged: dict[int, list[Word]] = {id(r): list(r) for r in rows}
    for line in data:
        if any(_is_number(w) for w in line):
            continue
        nearest = min(rows, key=lambda r: abs(r[0].y_mid - line[0].y_mid))
        height = max(w.y1 - w.y0 for w in line)
        if abs(nearest[0].y_mid - line[0].y_mid) <= 1.5 * height:
            merged[id(nearest)] += line
        else:
            rows.append(line)  # a label line of its own (二、外交支出 with no amount)
            merged[id(line)] = list(line)
    out = sorted(merged.values(), key=lambda ws: -max(w.y_mid for w in ws))
    return [sorted(ws, key=lambda w: (w.x0, -w.y_mid)) for ws in out]


def _split_keys(line: list[Word], key_edge: float, split: bool) -> list[str]:
    """Code cell(s) and name cell: 类 | 款 | 项 kept apart when printed apart, so each number has its cell."""
    # Names may run past the first page's key edge on a continuation page: every word that is no amount.
    keys = [w for w in line if not _is_number(w) or w.x1 <= key_edge + _SLACK]
    codes = [w.text for w in keys if _CODE_WORD.match(w.text)]
    name = "".join(w.text for w in keys if not _CODE_WORD.match(w.text))
    if split:
        return [*[*codes, "", "", ""][:3], name]
    return ["".join(codes), name]


def _splits_codes(data: list[list[Word]], key_edge: float) -> bool:
    return any(len([w for w in line if w.x1 <= key_edge + _SLACK and _CODE_WORD.match(w.text)]) >= 2 for line in data)


@dataclass
class _Layout:
    """What a table's first page says about its columns, for the continuation pages."""

    key_edge: float
    columns: list[_Column]
    split: bool
    key_names: list[str]


def _table_part(
    layout: DocumentLayout, table: LocatedTable, page: int, template: _Layout | None
) -> tuple[RawPart | None, _Layout | None]:
    kind = table.kind
    if kind.layout is Layout.ECONOMIC_BLOCKS:
        return None, None  # side-by-side blocks: left to the grid readers
    lines = word_lines(region_words(layout, table, page))
    if not lines:
        return None, template
    start = _first_data_line(lines)
    header, data = lines[:start], lines[start:]
    if kind.layout is Layout.CODED:
        data = _attach_wrapped_text(data)
    if kind.layout is Layout.TWO_SIDED:
        most = len([measures for _, measures in kind.side_measures if measures])
        return _two_sided_part(header, data, page, most), None
    if template is None or page == table.title_page:
        key_edge = _key_edge(data, kind.layout)
        split = kind.layout is Layout.CODED and _splits_codes(data, key_edge)
        coded = ["类", "款", "项", "科目名称"] if split else ["科目编码", "科目名称"]
        names = coded if kind.layout is Layout.CODED else []
        template = _Layout(key_edge, _amount_columns(data, header, key_edge), split, names)
    key_edge, columns, key_names = template.key_edge, template.columns, template.key_names
    rows = [tuple(key_names + ["".join(c.header) for c in columns])]
    for line in (ln for ln in header if _is_index_line(ln)):  # the 栏次 row: its numbers are printed too
        label = INDEX_LABEL if key_names else None
        numbers = [w for w in line if w.text != INDEX_LABEL]
        rows.append(
            tuple(([label] + [""] * (len(key_names) - 1) if label else []) + _place(numbers, columns, key_edge))
        )
    for line in data:
        cells = _split_keys(line, key_edge, template.split) if key_names else []
        rows.append(tuple(cells + _place(line, columns, key_edge)))
    return RawPart(page, tuple(rows)), template


def _place(line: list[Word], columns: list[_Column], key_edge: float) -> list[str]:
    """The line's numbers right of the key columns, each in the column it stands in (or nearest)."""
    cells = [""] * len(columns)
    for word in line:
        if not _is_number(word) or word.x1 <= key_edge + _SLACK:
            continue
        if not columns:
            break
        # The column it overlaps most, else the nearest: a 栏次 number is centred, amounts right-aligned.
        best = max(range(len(columns)), key=lambda i: (columns[i].overlap(word), -columns[i].distance(word)))
        cells[best] = f"{cells[best]} {word.text}".strip()
    return cells


def _side_splits(data: list[list[Word]], most: int) -> list[float]:
    """Where each side's labels begin: the next side's labels begin right of this side's amounts."""
    labels = [w for line in data for w in line if not _is_number(w)]
    if not labels:
        return []
    splits = [float("-inf")]
    left = min(w.x0 for w in labels)
    while len(splits) < most:
        amounts = [w for line in data for w in line if _is_number(w) and w.x0 > left]
        if not amounts:
            break
        first_amount_x = min(w.x0 for w in amounts)
        beyond = [w for w in labels if w.x0 > first_amount_x]
        if not beyond:
            break
        left = min(w.x0 for w in beyond)
        splits.append(left)
    return splits if len(splits) >= 2 else []


def _two_sided_part(header: list[list[Word]], data: list[list[Word]], page: int, most: int) -> RawPart | None:
    """收入 | 支出 (| 支出用途): each further side's labels begin right of the side before's amounts."""
    splits = _side_splits(data, most)
    if not splits:
        return None
    ranges = list(zip(splits, [*splits[1:], float("inf")], strict=True))
    sides = []
    for x_from, x_to in ranges:
        side_data = [[w for w in line if x_from <= w.x0 < x_to] for line in data]
        side_header = [[w for w in line if x_from <= w.x_mid < x_to] for line in header]
        side_labels = [w for line in side_data for w in line if not _is_number(w)]
        edge = min(
            (w.x0 for line in side_data for w in line if _is_number(w) and side_labels and w.x0 > side_labels[0].x0),
            default=float("inf"),
        )
        label_edge = max((w.x1 for w in side_labels if w.x1 < edge), default=None)
        columns = _amount_columns(side_data, [h for h in side_header if h], edge - 1, label_edge)
        sides.append((side_data, edge, columns))
    rows = [tuple(cell for _, _, cols in sides for cell in [ITEM_LABEL, *("".join(c.header) for c in cols)])]
    for line in (ln for ln in header if _is_index_line(ln)):  # 栏次 1 栏次 2: printed, so it has its cells
        row = []
        for (x_from, x_to), (_, edge, cols) in zip(ranges, sides, strict=True):
            numbers = [w for w in line if x_from <= w.x0 < x_to and w.text != INDEX_LABEL]
            row += [INDEX_LABEL, *_place(numbers, cols, edge - 2 * _SLACK)]
        rows.append(tuple(row))
    for index in range(len(data)):
        row: list[str] = []
        for side_data, edge, cols in sides:
            line = side_data[index]
            keys = "".join(w.text for w in line if not _is_number(w) or w.x1 < edge)
            row += [keys, *_place(line, cols, edge - 2 * _SLACK)]
        rows.append(tuple(row))
    return RawPart(page, tuple(rows))


def read_words(layout: DocumentLayout, pages: list[int]) -> dict[int, list[RawPart]]:
    """For every table located on ``pages``, one part per page from the words of its region; a
    continuation page is read with the columns of its table's first page."""
    parts: dict[tuple[int, int], RawPart] = {}
    for table in layout.tables:
        template = None
        for page in table.pages:
            part, template = _table_part(layout, table, page, template)
            parts[(id(table), page)] = part if part is not None else RawPart(page, ())
    grids: dict[int, list[RawPart]] = {}
    for page in pages:  # in the grid readers' order, an empty part for a table the catalogue does not read
        grids[page] = [RawPart(page, ()) if t is None else parts[(id(t), page)] for t in page_slots(layout, page)]
    return grids
