"""Camelot on the located pages only: PDF → raw tables of cell text, with pages and flavour.

A stateless function of one PDF, so it runs on any Dagster executor.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import camelot

from lz_pipeline.catalog import KINDS_BY_KEY, REQUIRED_KINDS, expected_kinds, guess_family
from lz_pipeline.extract.errors import MissingTables, TableShapeError
from lz_pipeline.extract.locate import UNIT_PATTERN, DocumentLayout, LocatedTable, locate
from lz_pipeline.normalize.cells import parse_code

log = logging.getLogger(__name__)

# Lattice reading the ruling lines from the PDF first (7x faster, same tables on real 决算 PDFs),
# then the rendering engine for PDFs whose rules vector reading misses.
FLAVORS: tuple[tuple[str, dict], ...] = (
    ("lattice-vector", {"flavor": "lattice", "engine": "vector"}),
    ("lattice-combined", {"flavor": "lattice", "engine": "combined"}),
)


@dataclass(frozen=True)
class RawPart:
    page: int
    rows: tuple[tuple[str, ...], ...]

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass
class RawTable:
    kind_key: str
    title: str
    unit: str | None
    empty_note: str | None
    flavor: str
    parts: list[RawPart] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return [part.page for part in self.parts]


@dataclass
class RawDocument:
    path: str
    sha256: str
    page_count: int
    narrative: dict[int, tuple[str, ...]]  # page → text lines, for narrative parsing downstream
    tables: list[RawTable]
    family: str  # sichuan or national: which set of tables the document is expected to have
    missing: list[str] = field(default_factory=list)


def _read_grids(path: str, pages: list[int], options: dict) -> dict[int, list[RawPart]]:
    """Every lattice grid on the pages, top to bottom per page."""
    found = camelot.read_pdf(path, pages=",".join(map(str, pages)), suppress_stdout=True, **options)
    by_page: dict[int, list[tuple[float, RawPart]]] = {}
    for table in found:
        rows = tuple(tuple(str(cell) for cell in row) for row in table.df.itertuples(index=False))
        top = table._bbox[3]  # PDF y grows upwards: the larger y2, the higher on the page
        by_page.setdefault(int(table.page), []).append((-top, RawPart(int(table.page), rows)))
    return {page: [part for _, part in sorted(grids, key=lambda g: g[0])] for page, grids in by_page.items()}


def _assign(layout: DocumentLayout, grids: dict[int, list[RawPart]], flavor: str) -> list[RawTable]:
    """Give each located table its grids: on a page, a continued table's grid comes first."""
    owners: dict[int, list[LocatedTable]] = {}
    for table in layout.tables:
        for page in table.pages:
            owners.setdefault(page, []).append(table)
    raw = {id(t): RawTable(t.kind.key, t.title_line, t.unit, t.empty_note, flavor) for t in layout.tables}
    for page, tables in owners.items():
        # A table continued from an earlier page sits above any table whose title is on this page.
        tables.sort(key=lambda t: t.title_page == page)
        for table, part in zip(tables, grids.get(page, []), strict=False):
            raw[id(table)].parts.append(part)
    return [raw[id(t)] for t in layout.tables]


def _read_grids_pdfplumber(path: str, pages: list[int]) -> dict[int, list[RawPart]]:
    """pdfplumber's ruled-table reader: slower, but it places text by its glyph boxes, so it reads
    PDFs whose embedded CJK font has zero ascent/descent, where camelot shifts text a row down."""
    import pdfplumber  # only the rare broken PDF pays for the import

    grids: dict[int, list[RawPart]] = {}
    with pdfplumber.open(path) as pdf:
        for number in pages:
            found = sorted(pdf.pages[number - 1].find_tables(), key=lambda t: t.bbox[1])
            grids[number] = [
                RawPart(number, tuple(tuple(cell or "" for cell in row) for row in table.extract())) for table in found
            ]
    return grids


_AMOUNT_TEXT = re.compile(r"^-?[\d,]+\.\d{2}$")
_STACKED_AMOUNTS = re.compile(r"^\s*-?[\d,]+\.\d{2}\s*\n\s*-?[\d,]+\.\d{2}\s*$")
_NOT_A_NAME = {"", "合计", "总计", "栏次", "项目", "科目名称", "科目编码"}


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
            if "栏次" in cells and any(_AMOUNT_TEXT.match(c) for c in cells):
                return f"page {part.page}: the 栏次 row holds amounts"
            codes = [i for i, c in enumerate(cells) if parse_code(c)]
            if codes and any(_AMOUNT_TEXT.match(c) for c in cells):
                name = next((c for c in cells[codes[0] + 1 :] if c and not c.isdigit()), "")
                if name in _NOT_A_NAME or _AMOUNT_TEXT.match(name):
                    return f"page {part.page}: code {cells[codes[0]]} has no name ({name!r})"
    return None


def _drop_stray_continuations(tables: list[RawTable]) -> None:
    """A continuation grid must have the first grid's columns; anything else was not this table."""
    for table in tables:
        if table.parts:
            width = table.parts[0].n_cols
            table.parts = [table.parts[0]] + [p for p in table.parts[1:] if p.n_cols == width]


def _recover_broken_grids(path: str, layout: DocumentLayout, tables: list[RawTable]) -> None:
    """Re-read with pdfplumber the tables whose camelot grid cannot be right."""
    broken = [(located, table) for located, table in zip(layout.tables, tables, strict=True) if grid_problem(table)]
    if not broken:
        return
    pages = sorted({page for located, _ in broken for page in located.pages})
    reread = _assign(layout, _read_grids_pdfplumber(path, pages), "pdfplumber")
    for located, table in broken:
        replacement = reread[layout.tables.index(located)]
        if replacement.parts and grid_problem(replacement) is None:
            log.info("%s: %s re-read with pdfplumber (%s)", path, table.title, grid_problem(table))
            table.parts, table.flavor = replacement.parts, replacement.flavor


def extract_document(path: str | Path) -> RawDocument:
    """Locate every table by its title, then read its grids with the first flavour that finds them."""
    path = str(path)
    layout = locate(path)
    pages = sorted(layout.table_pages)
    tables: list[RawTable] = []
    for flavor, options in FLAVORS:
        tables = _assign(layout, _read_grids(path, pages, options), flavor)
        if all(t.parts or t.empty_note for t in tables):
            break
        log.info("%s: %s found no grid for some tables, trying the next flavour", path, flavor)
    _drop_stray_continuations(tables)
    _recover_broken_grids(path, layout, tables)
    for table in tables:
        if not table.parts and not table.empty_note:
            raise TableShapeError(path, f"no ruled table found for {table.title}")
    narrative = {p.number: p.lines for p in layout.pages if p.number in layout.narrative_pages}
    found = {t.kind_key for t in tables}
    family = guess_family(found)
    missing = [kind.key for kind in expected_kinds(family) if kind.key not in found]
    if absent := [KINDS_BY_KEY[key].title for key in REQUIRED_KINDS if key not in found]:
        raise MissingTables(path, "、".join(absent))
    return RawDocument(path, layout.sha256, len(layout.pages), narrative, tables, family, missing)
