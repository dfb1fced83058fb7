"""Does a reader's grid prove itself? It parses, adds up, and accounts for the text layer."""

from __future__ import annotations

import re

from lz_pipeline.catalog import INDEX_LABEL, ITEM_LABEL, TOTAL_LABELS, UNIT_PATTERN
from lz_pipeline.checks.identities import table_problem
from lz_pipeline.errors import TableShapeError
from lz_pipeline.extract.coverage import Coverage, coverage, joined_numbers, region_words
from lz_pipeline.extract.locate import DocumentLayout, LocatedTable
from lz_pipeline.normalize.cells import CellError, parse_code
from lz_pipeline.normalize.tables import normalize_table
from lz_pipeline.raw import RawTable

_AMOUNT_TEXT = re.compile(r"^-?[\d,]+\.\d{2}$")
_STACKED_AMOUNTS = re.compile(r"^\s*-?[\d,]+\.\d{2}\s*\n\s*-?[\d,]+\.\d{2}\s*$")
_NOT_A_NAME = {"", *TOTAL_LABELS, INDEX_LABEL, ITEM_LABEL, "科目名称", "科目编码"}


def grid_problem(table: RawTable) -> str | None:
    """Why a grid cannot be right, judged from its cells alone, or None.

    Catches what broken font metrics do to camelot: text placed a row off, so the 栏次 label lands on
    a row of amounts, a code's row carries 合计 or a header word as its name, two rows' amounts share a
    cell, or the 部门/单位 line above the table falls into its first row.
    """
    for part in table.parts:
        for row in part.rows:
            if any(_STACKED_AMOUNTS.match(c) for c in row):
                return f"page {part.page}: two rows' amounts in one cell"
            if any(UNIT_PATTERN.search(c) for c in row):
                return f"page {part.page}: the unit line above the table inside its grid"
            cells = [c.replace("\n", "").replace(" ", "") for c in row]
            if INDEX_LABEL in cells and any(_AMOUNT_TEXT.match(c) for c in cells):
                return f"page {part.page}: the 栏次 row holds amounts"
            codes = [i for i, c in enumerate(cells) if parse_code(c)]
            if codes and any(_AMOUNT_TEXT.match(c) for c in cells):
                name = next((c for c in cells[codes[0] + 1 :] if c and not c.isdigit()), "")
                if name in _NOT_A_NAME or _AMOUNT_TEXT.match(name):
                    return f"page {part.page}: code {cells[codes[0]]} has no name ({name!r})"
    return None


def table_coverage(layout: DocumentLayout, located: LocatedTable, candidate: RawTable) -> Coverage:
    """The region's printed numbers against the candidate's cells, page by page."""
    total = Coverage()
    for page in located.pages:
        printed = [w.text for w in joined_numbers(region_words(layout, located, page))]
        cells = [c for part in candidate.parts if part.page == page for row in part.rows for c in row]
        found = coverage(printed, cells)
        total.printed += found.printed
        total.matched += found.matched
        total.dropped += [f"p{page}:{n}" for n in found.dropped]
        total.duplicated += [f"p{page}:{n}" for n in found.duplicated]
        total.glued += found.glued
    return total


def verify(layout: DocumentLayout, located: LocatedTable, candidate: RawTable) -> tuple[str | None, float | None]:
    """(None, coverage) when the candidate proves itself, else (why not, None)."""
    if not candidate.parts:
        return "found no grid", None
    if problem := grid_problem(candidate):
        return problem, None
    try:
        table = normalize_table(candidate, layout.path)
    except (TableShapeError, CellError) as error:
        return f"does not parse: {getattr(error, 'detail', '') or error}", None
    if problem := table_problem(table):
        return problem, None
    pattern = table.kind.item_pattern
    items = [str(r.keys["item"]) for r in table.records if "item" in r.keys]
    if broken := [i for i in items if i.startswith("、") or (pattern and not pattern.match(i))]:
        return f"a line's label is broken ({broken[0]!r})", None
    found = table_coverage(layout, located, candidate)
    if problem := found.problem():
        return problem, None
    return None, found.ratio
