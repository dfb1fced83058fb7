"""The fast text pass: which pages hold which table kind, in which unit, and which are empty.

Camelot is slow compared with reading the text layer (~0.1 s per document with pdfium), so the
text pass decides where camelot runs: only on the pages of located tables.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from lz_pipeline.catalog import TableKind, match_title
from lz_pipeline.extract.errors import EncryptedPdf, NotAJuesuan, NotAPdf, NoTextLayer

UNIT_PATTERN = re.compile(r"单位\s*[:：]\s*(万元|元)")
EMPTY_NOTE_PATTERN = re.compile(r"本表无数据|无数据")
# How far below a title the unit line may stand (it may share a line with 部门：…).
UNIT_SEARCH_LINES = 4
AMOUNT_TOKEN = re.compile(r"\d\.\d{2}\b")
HEADER_WORDS = ("项目", "科目编码", "栏次", "科目名称", "经济分类", "功能分类")


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based, as printed by PDF viewers and camelot
    lines: tuple[str, ...]


@dataclass
class LocatedTable:
    kind: TableKind
    title_line: str
    title_page: int
    unit: str | None
    continuation_pages: list[int] = field(default_factory=list)
    empty_note: str | None = None

    @property
    def pages(self) -> list[int]:
        return [self.title_page, *self.continuation_pages]

    @property
    def is_empty(self) -> bool:
        return self.empty_note is not None


@dataclass
class DocumentLayout:
    path: str
    sha256: str
    pages: list[PageText]
    tables: list[LocatedTable]

    @property
    def table_pages(self) -> set[int]:
        return {p for t in self.tables for p in t.pages}

    @property
    def narrative_pages(self) -> list[int]:
        first_table_page = min((t.title_page for t in self.tables), default=len(self.pages) + 1)
        return [p.number for p in self.pages if p.number < first_table_page]


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pages(path: str | Path) -> list[PageText]:
    """Every page's text lines; typed errors for files that are not readable PDFs."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdf(path, "no %PDF- header")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdf(path, str(error)) from error
        raise NotAPdf(path, str(error)) from error
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_range()
            lines = tuple(line.strip() for line in text.splitlines() if line.strip())
            pages.append(PageText(index + 1, lines))
    finally:
        document.close()
    if not pages:
        raise NotAPdf(path, "the document has no pages")
    if not any(page.lines for page in pages):
        raise NoTextLayer(path, f"none of its {len(pages)} pages has any text")
    return pages


def _find_unit(lines: tuple[str, ...], start: int) -> str | None:
    for line in lines[start : start + UNIT_SEARCH_LINES + 1]:
        if found := UNIT_PATTERN.search(line):
            return found.group(1)
    return None


def _is_prose(line: str) -> bool:
    return "。" in line or line.count("，") >= 2


def _looks_tabular(page: PageText) -> bool:
    """A page without a title that continues the table before it."""
    if not page.lines or any(_is_prose(line) for line in page.lines[:8]):
        return False
    return any(AMOUNT_TOKEN.search(line) for line in page.lines) or any(
        word in line for line in page.lines[:6] for word in HEADER_WORDS
    )


def _titles_on_page(page: PageText) -> list[LocatedTable]:
    found = []
    for index, line in enumerate(page.lines):
        kind = match_title(line)
        if kind is None:
            continue
        unit = _find_unit(page.lines, index)
        if unit is None:  # a table of contents or a sentence naming a table, not a table
            continue
        found.append(LocatedTable(kind=kind, title_line=line, title_page=page.number, unit=unit))
    return found


def locate_tables(pages: list[PageText]) -> list[LocatedTable]:
    """Tables in page order, each with its continuation pages and empty-table note."""
    located: list[LocatedTable] = []
    open_table: LocatedTable | None = None
    for page in pages:
        titles = _titles_on_page(page)
        if titles:
            located.extend(titles)
            open_table = titles[-1]
        elif open_table is not None and _looks_tabular(page):
            open_table.continuation_pages.append(page.number)
        elif page.lines:  # prose (or anything else) closes the open table
            open_table = None
    by_page = {page.number: page for page in pages}
    for table in located:
        for number in table.pages:
            note = next((ln for ln in by_page[number].lines if EMPTY_NOTE_PATTERN.search(ln)), None)
            if note is not None:
                table.empty_note = note
    return located


def locate(path: str | Path) -> DocumentLayout:
    pages = read_pages(path)
    tables = locate_tables(pages)
    if not tables:
        raise NotAJuesuan(path, f"none of its {len(pages)} pages has a 决算 table title and unit line")
    return DocumentLayout(path=str(path), sha256=file_sha256(path), pages=pages, tables=tables)
