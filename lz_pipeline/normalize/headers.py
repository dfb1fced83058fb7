"""Columns mapped to measures by their header text, never by position.

A header is read over all its rows: a cell spanning several columns (本年支出 over 小计 | 基本支出 | 项目支出)
prints its text in its first column only, so that text is carried right to every column under the span.
Each column's joined text is then matched against the catalogue's measures and their aliases.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lz_pipeline.catalog import HEADER_WORDS, INDEX_LABEL, LINE_NUMBER_LABEL, Measure, TableKind
from lz_pipeline.errors import TableShapeError
from lz_pipeline.normalize.cells import clean_name


@dataclass(frozen=True)
class MeasureColumn:
    measure: Measure
    index: int
    header: str


def fold(text: str) -> str:
    """Header text compared without spaces, quotes and full-/half-width differences."""
    folded = unicodedata.normalize("NFKC", clean_name(text))
    return "".join(c for c in folded if not c.isspace() and c not in "\"'“”‘’「」")


def header_texts(rows: list[list[str]]) -> list[str]:
    """Per column, the folded text of every header row, top first, with spans carried right.

    An empty cell takes its left neighbour's text when the column has header text below it (it sits
    under a span) and the two columns share every header above (the same parent span).
    """
    if not rows:
        return []
    width = max(len(r) for r in rows)
    grid = [[fold(r[i]) if i < len(r) else "" for i in range(width)] for r in rows]
    for r, row in enumerate(grid):
        for c in range(1, width):
            below = any(grid[k][c] for k in range(r + 1, len(grid)))
            same_parent = all(grid[k][c] == grid[k][c - 1] for k in range(r))
            if not row[c] and row[c - 1] and below and same_parent:
                row[c] = row[c - 1]
    return ["".join(grid[r][c] for r in range(len(grid))) for c in range(width)]


def measure_score(measure: Measure, header: str) -> int:
    """How much of the header the measure explains (0: it is not this measure)."""
    best = 0
    for parts in measure.header_variants:
        folded = [fold(p) for p in parts]
        if all(p in header for p in folded):
            best = max(best, sum(len(p) for p in folded))
    return best


def map_measures(
    kind: TableKind,
    headers: list[str],
    first_measure_col: int,
    data: set[int],
    measures: tuple[Measure, ...] | None = None,
    last_col: int | None = None,
) -> list[MeasureColumn]:
    """Each measure's column, by header text; a TableShapeError when the header cannot say.

    Raised for a required measure with no column and for a column with amounts whose header is no measure.
    """
    measures = kind.measures if measures is None else measures
    stop = len(headers) if last_col is None else last_col
    candidates = range(first_measure_col, stop)
    order = {m.name: i for i, m in enumerate(measures)}
    scored = sorted(
        ((score, c, m) for m in measures for c in candidates if (score := measure_score(m, headers[c]))),
        key=lambda t: (-t[0], t[1], order[t[2].name]),
    )
    chosen: dict[str, MeasureColumn] = {}
    taken: set[int] = set()
    for _, column, measure in scored:  # the best-explained headers first
        if measure.name not in chosen and column not in taken:
            chosen[measure.name] = MeasureColumn(measure, column, headers[column])
            taken.add(column)
    missing = [m.label for m in measures if m.name not in chosen and not m.optional]
    if missing:
        printed = [h for h in headers[first_measure_col:stop] if h]
        raise TableShapeError(kind.title, f"no column headed {'、'.join(missing)} (headers: {' | '.join(printed)})")
    for column in candidates:
        header = headers[column]
        numbering = header.endswith((LINE_NUMBER_LABEL, INDEX_LABEL))  # 行次: the lines' numbers, not amounts
        if column not in taken and column in data and header not in HEADER_WORDS and not numbering:
            what = f"headed {header!r}" if header else "without a header"
            raise TableShapeError(kind.title, f"a column {what} holds amounts but is no measure of this table")
    return sorted(chosen.values(), key=lambda c: c.index)
