"""Every located table read by the cheapest reader whose result proves itself.

A table is accepted from the first reader whose grid (1) parses, (2) satisfies the table's own
identities and (3) accounts for the text layer: every number printed in the table's region of the page
lands in exactly one cell. Readers, cheapest first: camelot lattice on the PDF's ruling lines; the page's
words placed under the header's columns (the text layer is already read); pdfplumber on lines and
rectangles; camelot lattice on the rendered page; camelot hybrid. A table no reader proves is quarantined
with every reader's reason; the rest of the document still loads.

A stateless function of one PDF, so it runs on any Dagster executor.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import camelot

from lz_pipeline.catalog import TOTAL_LABELS, document_kind_in_text, expected_kinds, guess_family
from lz_pipeline.errors import NotAJuesuan
from lz_pipeline.extract.coverage import region_words
from lz_pipeline.extract.identity import document_identity
from lz_pipeline.extract.locate import AMOUNT_TOKEN, DocumentLayout, LocatedTable, locate, page_slots
from lz_pipeline.extract.verify import grid_problem, verify
from lz_pipeline.extract.words import read_words
from lz_pipeline.normalize.cells import clean_name
from lz_pipeline.raw import RawDocument, RawPart, RawTable

__all__ = [
    "READERS",
    "RawDocument",
    "RawPart",
    "RawTable",
    "Reader",
    "extract_document",
    "extract_files",
    "grid_problem",
]

log = logging.getLogger(__name__)


def _read_grids(path: str, pages: list[int], options: dict) -> dict[int, list[RawPart]]:
    """Every lattice grid on the pages, top to bottom per page."""
    found = camelot.read_pdf(path, pages=",".join(map(str, pages)), suppress_stdout=True, **options)
    by_page: dict[int, list[tuple[float, RawPart]]] = {}
    for table in found:
        rows = tuple(tuple(str(cell) for cell in row) for row in table.df.itertuples(index=False))
        top = table._bbox[3]  # PDF y grows upwards: the larger y2, the higher on the page
        edges = (*(x0 for x0, _ in table.cols), table.cols[-1][1]) if table.cols else ()
        by_page.setdefault(int(table.page), []).append((-top, RawPart(int(table.page), rows, edges)))
    return {page: [part for _, part in sorted(grids, key=lambda g: g[0])] for page, grids in by_page.items()}


def _assign(layout: DocumentLayout, grids: dict[int, list[RawPart]], flavor: str) -> list[RawTable]:
    """Give each located table its grids: on a page, a continued table's grid comes first."""
    owners: dict[int, list[LocatedTable]] = {}
    for table in layout.tables:
        for page in table.pages:
            owners.setdefault(page, []).append(table)
    raw = {
        id(t): RawTable(t.kind.key, t.title_line, t.unit, t.empty_note, flavor, located_pages=t.pages)
        for t in layout.tables
    }
    for page in owners:
        for table, part in zip(page_slots(layout, page), grids.get(page, []), strict=False):
            if table is not None:  # a grid of a table the catalogue does not read takes its place
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


def _drop_stray_continuations(tables: list[RawTable]) -> None:
    """A continuation grid must have the first grid's columns; anything else was not this table.

    A narrower one whose rules stand where the first grid's do is the same table with cells merged (a
    合计 line alone atop the last page; Jiangsu's bottom lines across both 支出 sides): each cell goes
    under the first grid's column its left rule begins.
    """
    for table in tables:
        # A title page whose grid is the header's top row alone (收入 | 支出): the table starts overleaf,
        # its header repeated in full there.
        while len(table.parts) > 1 and table.parts[1].page > table.parts[0].page and not _holds_amounts(table.parts[0]):
            table.parts = table.parts[1:]
        if table.parts:
            fitted = (_fitted(part, table.parts[0]) for part in table.parts[1:])
            table.parts = [table.parts[0]] + [part for part in fitted if part is not None]


def _holds_amounts(part: RawPart) -> bool:
    return any(AMOUNT_TOKEN.search(cell) for row in part.rows for cell in row)


RULE_SLACK = 2.0  # points: the same rule drawn on two pages


def _fitted(part: RawPart, first: RawPart) -> RawPart | None:
    if part.n_cols == first.n_cols:
        return part
    if part.n_cols > first.n_cols or not (part.edges and first.edges):
        return None
    at = [next((i for i, x in enumerate(first.edges) if abs(x - left) <= RULE_SLACK), None) for left in part.edges]
    if None in at or at != sorted(set(at)) or at[-1] != len(first.edges) - 1:
        return None  # another grid, not this table's columns merged
    rows = []
    for row in part.rows:
        cells = [""] * first.n_cols
        for column, cell in zip(at, row, strict=False):
            cells[column] = cell
        rows.append(tuple(cells))
    return RawPart(part.page, tuple(rows), first.edges)


# A cell holding an amount and the next column's label (a missed vertical rule): 21,940.96  二、外交支出.
_GLUED = re.compile(r"^\s*(-?[\d,]+\.\d{2})\s+([^\d\s].*)$", re.S)


def _split_glued(grids: dict[int, list[RawPart]], toward: int) -> dict[int, list[RawPart]]:
    """Each glued cell split into two: the amount takes the blank cell on its left (``toward`` -1: the rule
    was missed left of the cell, else as +1) or the label the blank cell on its right (+1)."""
    out: dict[int, list[RawPart]] = {}
    for page, parts in grids.items():
        out[page] = []
        for part in parts:
            rows = []
            for row in part.rows:
                cells = list(row)
                for i in range(len(cells)):
                    if not (glued := _GLUED.match(cells[i])):
                        continue
                    # The blank neighbour the rule was missed towards; the left one falls back to the right.
                    blank = [
                        j for j in dict.fromkeys((i + toward, i + 1)) if 0 <= j < len(cells) and not cells[j].strip()
                    ]
                    if blank:
                        j = blank[0]
                        cells[min(i, j)], cells[max(i, j)] = glued.group(1), glued.group(2).strip()
                rows.append(tuple(cells))
            out[page].append(RawPart(part.page, tuple(rows), part.edges))
    return out


def _lattice_split(toward: int) -> Callable[[str, DocumentLayout, list[int]], dict[int, list[RawPart]]]:
    return lambda path, _layout, pages: _split_glued(_read_grids(path, pages, {"flavor": "lattice"}), toward)


@dataclass(frozen=True)
class Reader:
    name: str
    read: Callable[[str, DocumentLayout, list[int]], dict[int, list[RawPart]]]


def _camelot(options: dict) -> Callable[[str, DocumentLayout, list[int]], dict[int, list[RawPart]]]:
    return lambda path, _layout, pages: _read_grids(path, pages, options)


READERS: tuple[Reader, ...] = (
    # Ruling lines read from the PDF: 7x faster than rendering, the same tables on sound PDFs.
    Reader("lattice-vector", _camelot({"flavor": "lattice", "engine": "vector"})),
    # The text layer's words under the header's columns: whatever the rules say.
    Reader("words", lambda _path, layout, pages: read_words(layout, pages)),
    # Glyph boxes and rectangle edges: per-cell rectangles, CJK fonts with zero ascent/descent.
    Reader("pdfplumber", lambda path, _layout, pages: _read_grids_pdfplumber(path, pages)),
    Reader("lattice-combined", _camelot({"flavor": "lattice", "engine": "combined"})),
    Reader("hybrid", _camelot({"flavor": "hybrid"})),
    # Last, so what passes above is read as before: lattice with the cells a missed rule glued split apart.
    Reader("lattice-split", _lattice_split(+1)),
    Reader("lattice-split-left", _lattice_split(-1)),
)


def _printed_empty(layout: DocumentLayout, table: LocatedTable) -> bool:
    """Not a number printed in the table's region, and a note saying it is empty, or (Jiangsu's blank
    政府性基金 tables) its header above a 合计 line and nothing else."""
    words = [w for page in table.pages for w in region_words(layout, table, page)]
    if any(AMOUNT_TOKEN.search(w.text) or re.search(r"\d{3,}", w.text) for w in words):
        return False
    return table.empty_note is not None or any(clean_name(w.text) in TOTAL_LABELS for w in words)


def _prove(
    layout: DocumentLayout, readers: tuple[Reader, ...], seconds: dict[str, float] | None = None
) -> list[RawTable]:
    """Each located table from the first reader whose grid proves itself, or quarantined.

    ``seconds`` receives what each reader that ran cost, reading and proving.
    """
    seconds = {} if seconds is None else seconds
    path = layout.path
    accepted: dict[int, RawTable] = {}
    attempts: dict[int, list[str]] = {id(t): [] for t in layout.tables}
    pending = []
    for table in layout.tables:
        if _printed_empty(layout, table):
            accepted[id(table)] = RawTable(
                table.kind.key,
                table.title_line,
                table.unit,
                table.empty_note,
                "text-layer",
                status="empty",
                coverage=1.0,
                located_pages=table.pages,
            )
        else:
            pending.append(table)
    for reader in readers:
        if not pending:
            break
        pages = sorted({p for t in pending for p in t.pages})
        started = time.perf_counter()
        try:
            candidates = _assign(layout, reader.read(path, layout, pages), reader.name)
        except Exception as error:  # a reader that crashes on a page is one failed attempt, not a failed document
            for table in pending:
                attempts[id(table)].append(f"{reader.name}: failed ({type(error).__name__}: {error})")
            continue
        still = []
        for table in pending:
            candidate = candidates[layout.tables.index(table)]
            _drop_stray_continuations([candidate])
            problem, coverage = verify(layout, table, candidate)
            if problem is None:
                candidate.coverage, candidate.attempts = coverage, attempts[id(table)]
                candidate.status = "loaded"
                accepted[id(table)] = candidate
            else:
                attempts[id(table)].append(f"{reader.name}: {problem}")
                still.append(table)
        pending = still
        seconds[reader.name] = time.perf_counter() - started
    for table in pending:
        why = "; ".join(attempts[id(table)])
        reason = f"{path} page {table.title_page}: {table.title_line}: no reader proves it: {why}"
        log.warning("quarantined: %s", reason)
        accepted[id(table)] = RawTable(
            table.kind.key,
            table.title_line,
            table.unit,
            table.empty_note,
            "none",
            status="quarantined",
            reason=reason,
            attempts=attempts[id(table)],
            located_pages=table.pages,
        )
    return [accepted[id(t)] for t in layout.tables]


def extract_document(
    path: str | Path, readers: tuple[Reader, ...] = READERS, require_tables: bool = True
) -> RawDocument:
    """Locate every table by its title, then prove each with the cheapest reader that can.

    ``require_tables=False`` accepts a PDF without any table (the text half of a document published as two
    PDFs): it comes back with its narrative and the publication its text names.
    """
    path = str(path)
    layout = locate(path, require_tables=require_tables)
    seconds: dict[str, float] = {}
    tables = _prove(layout, readers, seconds)
    if tables and not any(t.status != "quarantined" for t in tables):
        reasons = "; ".join(t.reason or "" for t in tables)
        raise NotAJuesuan(path, f"none of its {len(tables)} located tables can be read: {reasons}")
    narrative = {p.number: p.lines for p in layout.pages if p.number in layout.narrative_pages}
    found = {t.kind_key for t in tables}
    family = guess_family(found) if tables else ""
    missing = [kind.key for kind in expected_kinds(family) if kind.key not in found] if tables else []
    department, year = document_identity(layout)
    return RawDocument(
        path,
        layout.sha256,
        len(layout.pages),
        narrative,
        tables,
        family,
        missing,
        department=department,
        year=year,
        reader_seconds=seconds,
        printed_kind=document_kind_in_text([line for page in layout.pages[:3] for line in page.lines]),
    )


def extract_files(paths: list[Path] | tuple[Path, ...], readers: tuple[Reader, ...] = READERS) -> list[RawDocument]:
    """Every PDF of one department-year, each on its own (a stateless function of one file).

    A lone PDF must hold tables; beside others, a PDF may be text only (its tables published apart).
    """
    return [extract_document(path, readers, require_tables=len(paths) == 1) for path in paths]
