"""The fast text pass: which pages hold which table kind, in which unit, and which are empty.

Camelot is slow compared with reading the text layer (~0.1 s per document with pdfium), so the
text pass decides where camelot runs: only on the pages of located tables. It also keeps every page's
words with their positions, which the verifier and the word-position reader use.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2 as pdfium

from lz_pipeline.catalog import (
    EMPTY_NOTE_PATTERN,
    HEADER_WORDS,
    NOTE_START,
    TableKind,
    guess_family,
    in_family,
    is_other_budget_title,
    match_title,
    unit_of,
)
from lz_pipeline.corpus import file_sha256
from lz_pipeline.errors import EncryptedPdf, NotAJuesuan, NotAPdf, NoTextLayer

# How far below a title the unit line may stand (it may share a line with 部门：…).
UNIT_SEARCH_LINES = 4
# A title split by the text layer (收入支出决算总 | 表) is joined from at most this many lines.
TITLE_JOIN_LINES = 3
# An amount as printed: 2,946.25 · 2946.25 · 164,978,640 (whole 元 with separators).
AMOUNT_TOKEN = re.compile(r"\d\.\d{2}\b|\d{1,3}(?:,\d{3})+\b")
# A row of a coded table (2010301 行政运行 …), or a row of whole-元 amounts without separators.
CODED_ROW = re.compile(r"^\d{3}(?:\d{2}){0,2}\s*[\u4e00-\u9fff]|(?:^|\s)\d{3,}\s+\d{3,}(?:\s|$)")


@dataclass(frozen=True)
class Word:
    """A run of text on one line, as pdfium groups it, in PDF points (y grows upwards)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y_mid(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based, as printed by PDF viewers and camelot
    lines: tuple[str, ...]
    words: tuple[Word, ...] = ()


@dataclass
class LocatedTable:
    kind: TableKind
    title_line: str
    title_page: int
    unit: str | None
    continuation_pages: list[int] = field(default_factory=list)
    empty_note: str | None = None
    # The text lines the title was read from (one, or several when the text layer split it).
    title_lines: tuple[str, ...] = ()
    title_index: int = 0  # the title's line on its page

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
    # page → lines titling a budget table the catalogue does not read: its grids are not ours.
    other_titles: dict[int, list[int]] = field(default_factory=dict)

    @property
    def table_pages(self) -> set[int]:
        return {p for t in self.tables for p in t.pages}

    @property
    def narrative_pages(self) -> list[int]:
        """Every page without a table: national reports put their 情况说明 after the tables."""
        return [p.number for p in self.pages if p.number not in self.table_pages]

    def page(self, number: int) -> PageText:
        if 0 < number <= len(self.pages) and self.pages[number - 1].number == number:
            return self.pages[number - 1]
        return next(page for page in self.pages if page.number == number)  # a layout of some pages only


def word_lines(words: list[Word] | tuple[Word, ...]) -> list[list[Word]]:
    """Words grouped into printed lines by position (top to bottom, left to right), whatever order the
    text layer gives them in."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: -w.y_mid):
        if lines and abs(lines[-1][0].y_mid - word.y_mid) < 0.5 * (word.y1 - word.y0):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _upright(rect: tuple[float, float, float, float], rotation: int, width: float, height: float) -> tuple:
    """A rectangle of the page's own space as the rotated page displays it (/Rotate 90: landscape tables)."""
    x0, y0, x1, y1 = rect
    if rotation == 90:
        return y0, width - x1, y1, width - x0
    if rotation == 180:
        return width - x1, height - y1, width - x0, height - y0
    if rotation == 270:
        return height - y1, x0, height - y0, x1
    return rect


def _words(textpage: pdfium.PdfTextPage, rotation: int = 0, box: tuple[float, ...] = (0, 0, 0, 0)) -> tuple[Word, ...]:
    words = []
    width, height = box[2] - box[0], box[3] - box[1]
    for index in range(textpage.count_rects()):
        x0, y0, x1, y1 = textpage.get_rect(index)
        text = textpage.get_text_bounded(x0, y0, x1, y1).strip()
        if text and _inside((x0 + x1) / 2, (y0 + y1) / 2, box):
            words.append(Word(text, *_upright((x0, y0, x1, y1), rotation, width, height)))
    return tuple(_char_runs(words)) if _per_character(words) else tuple(words)


# WPS exports give pdfium one rectangle per character (and the comma of 164,978,640 its own, lower box):
# such a page's characters are joined into the runs every other producer gives.
PER_CHARACTER_SHARE = 0.8
# A thousands group cut from its comma (``454,`` | ``100``): justified cells space it out.
_THOUSANDS_TAIL = re.compile(r".*\d,\d$")


def _per_character(words: list[Word]) -> bool:
    return len(words) >= 20 and sum(len(w.text) == 1 for w in words) >= PER_CHARACTER_SHARE * len(words)


def _char_runs(words: list[Word]) -> list[Word]:
    """Characters in text order joined while they stand on one line, next to each other.

    Measured against the page's usual character height: the boxes of 一 and 、 are thin slivers.
    """
    height = sorted(w.y1 - w.y0 for w in words)[len(words) // 2]
    runs: list[Word] = []
    for word in words:
        last = runs[-1] if runs else None
        if (
            last is not None
            and (min(last.y1, word.y1) > max(last.y0, word.y0) or abs(last.y_mid - word.y_mid) < 0.6 * height)
            and -1 <= word.x0 - last.x1 < (1.5 if _THOUSANDS_TAIL.match(last.text + word.text) else 0.6) * height
        ):
            runs[-1] = Word(last.text + word.text, last.x0, min(last.y0, word.y0), word.x1, max(last.y1, word.y1))
        else:
            runs.append(word)
    return runs


def _open(path: str | Path) -> pdfium.PdfDocument:
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdf(path, "no %PDF- header")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdf(path, str(error)) from error
        raise NotAPdf(path, str(error)) from error


def _inside(x: float, y: float, box: tuple[float, ...]) -> bool:
    return box[2] <= box[0] or (box[0] <= x <= box[2] and box[1] <= y <= box[3])  # no box: all of it


def _ink(text: str) -> int:
    return sum(not c.isspace() for c in text)


def _visible_text(page: pdfium.PdfPage) -> str:
    """The page's text, less what lies outside the page where no viewer shows it (a WPS export leaves
    the text of the next four pages below page 11 of 人大 2017)."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    box = page.get_mediabox()
    if _ink(textpage.get_text_bounded(*box)) >= _ink(text):
        return text  # the common case, one call
    kept = []
    for index, char in enumerate(text):
        x0, y0, x1, y1 = textpage.get_charbox(index)
        if char.isspace() or _inside((x0 + x1) / 2, (y0 + y1) / 2, box):
            kept.append(char)
    return "".join(kept)


def _page_lines(document: pdfium.PdfDocument, path: str | Path) -> list[PageText]:
    pages = []
    for index in range(len(document)):
        text = _visible_text(document[index])
        pages.append(PageText(index + 1, tuple(line.strip() for line in text.splitlines() if line.strip())))
    if not pages:
        raise NotAPdf(path, "the document has no pages")
    if not any(page.lines for page in pages):
        raise NoTextLayer(path, f"none of its {len(pages)} pages has any text")
    return pages


def _with_words(document: pdfium.PdfDocument, page: PageText) -> PageText:
    pdf_page = document[page.number - 1]
    words = _words(pdf_page.get_textpage(), pdf_page.get_rotation(), pdf_page.get_mediabox())
    return replace(page, words=words)


def read_pages(path: str | Path) -> list[PageText]:
    """Every page's text lines and positioned words; typed errors for files that are not readable PDFs."""
    document = _open(path)
    try:
        return [_with_words(document, page) for page in _page_lines(document, path)]
    finally:
        document.close()


def _find_unit(lines: tuple[str, ...], start: int) -> str | None:
    for line in lines[start : start + UNIT_SEARCH_LINES + 1]:
        if unit := unit_of(line):
            return unit
    return None


def _page_unit(page: PageText) -> str | None:
    """The unit line anywhere on a page that holds one title and no prose.

    Spreadsheet exports often put the title and the 单位 line last in the text layer, after the grid.
    """
    titles = [i for i in range(len(page.lines)) if title_at(page.lines, i)]
    if len(titles) != 1 or any(_is_prose(line) and not NOTE_START.match(line) for line in page.lines):
        return None
    return next((unit for line in page.lines if (unit := unit_of(line))), None)


def _is_prose(line: str) -> bool:
    return "。" in line or line.count("，") >= 2


def _looks_tabular(page: PageText) -> bool:
    """A page without a title that continues the table before it."""
    if not page.lines or any(_is_prose(line) for line in page.lines[:8]):
        return False
    return any(AMOUNT_TOKEN.search(line) or CODED_ROW.search(line) for line in page.lines) or any(
        word in line for line in page.lines[:6] for word in HEADER_WORDS if len(word) > 1
    )


def title_at(lines: tuple[str, ...], index: int) -> tuple[TableKind, int] | None:
    """The table kind titled at ``lines[index]`` and how many lines its title takes, or None.

    pdfium can split one printed title over two lines (收入支出决算总 | 表) where poppler joins them, so a
    line that is no title on its own is tried joined with the lines after it.
    """
    if (kind := match_title(lines[index])) is not None:
        return kind, 1
    for count in range(2, TITLE_JOIN_LINES + 1):
        joined = lines[index : index + count]
        if index + count > len(lines) or any(AMOUNT_TOKEN.search(line) for line in joined):
            break  # a table row is never part of a title
        if match_title(joined[-1]) is not None:
            break  # the later line is a title of its own: the earlier one is only its label
        if (kind := match_title("".join(joined))) is not None:
            return kind, count
    return None


def _unit_overleaf(following: PageText | None) -> str | None:
    """The unit line atop the next page, for a title that closes its page (人大 2017's 机关运行经费)."""
    if following is None:
        return None
    for index, line in enumerate(following.lines[: UNIT_SEARCH_LINES + 1]):
        if title_at(following.lines, index):
            return None  # the unit line below belongs to that title
        if unit := unit_of(line):
            return unit
    return None


def _titles_on_page(page: PageText, following: PageText | None = None) -> list[LocatedTable]:
    found = []
    index = 0
    while index < len(page.lines):
        titled = title_at(page.lines, index)
        if titled is None:
            index += 1
            continue
        kind, count = titled
        unit = _find_unit(page.lines, index + count - 1) or _page_unit(page)
        if unit is None and index + count == len(page.lines):
            unit = _unit_overleaf(following)
        if unit is not None:  # else a table of contents or a sentence naming a table, not a table
            title_lines = page.lines[index : index + count]
            located = LocatedTable(kind, "".join(title_lines), page.number, unit, title_lines=title_lines)
            located.title_index = index
            found.append(located)
        index += count
    return found


def other_titles(page: PageText) -> list[int]:
    """The lines titling budget tables outside the catalogue: a unit line below each, or (a spreadsheet
    export printing its title last) a page of one such title, a unit line and no prose."""
    found = [i for i, line in enumerate(page.lines) if is_other_budget_title(line)]
    alone = (
        len(found) == 1
        and any(unit_of(line) for line in page.lines)
        and not any(_is_prose(line) or title_at(page.lines, i) for i, line in enumerate(page.lines))
    )
    return [i for i in found if alone or _own_unit(page, i)]


def _own_unit(page: PageText, index: int) -> bool:
    """A unit line below the title before any other title (第二部分 …预算表 heads the next title's unit)."""
    for line in page.lines[index + 1 : index + UNIT_SEARCH_LINES + 1]:
        if is_other_budget_title(line) or match_title(line):
            return False
        if unit_of(line):
            return True
    return False


def _other_title_index(page: PageText) -> int | None:
    return next(iter(other_titles(page)), None)


# A page number as printed alone on its line: 13 · - 2 - · 第 3 页.
PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,4}[-–—\s]*$|^第\s*\d+\s*页")
# Lines above a title that carry no amount still end the open table when there are this many: the
# blank rows of 收入预算总表 (事业收入, 经营收入, …) that spill onto the next page.
BLANK_ROWS_ABOVE = 3


def _continues_above(page: PageText, title: int, blank_rows: bool = False) -> bool:
    """The open table ends on this page above another table's title (no unit line of its own before it).

    Its rows show by their amounts; with ``blank_rows`` (a table is open from the page before) by
    their number alone.
    """
    above = page.lines[:title]
    if not above or any(unit_of(line) or _is_prose(line) for line in above):
        return False
    if any(AMOUNT_TOKEN.search(line) for line in above):
        return _looks_tabular(PageText(page.number, above))
    return blank_rows and len([line for line in above if not PAGE_NUMBER.match(line)]) >= BLANK_ROWS_ABOVE


def locate_tables(pages: list[PageText]) -> list[LocatedTable]:
    """Tables in page order, each with its continuation pages and empty-table note."""
    located: list[LocatedTable] = []
    open_table: LocatedTable | None = None
    for page, following in itertools.zip_longest(pages, pages[1:]):
        titles = _titles_on_page(page, following)
        if titles:
            first = next(i for i in range(len(page.lines)) if title_at(page.lines, i))
            first = min(first, _other_title_index(page) or first)
            if open_table is not None and first and _continues_above(page, first, blank_rows=True):
                open_table.continuation_pages.append(page.number)  # it ends above the next title
            located.extend(titles)
            open_table = titles[-1]
            last = max(i for i in range(len(page.lines)) if title_at(page.lines, i))
            if any(is_other_budget_title(line) for line in page.lines[last + 1 :]):
                open_table = None  # the page's last table is one the catalogue does not read
        elif (foreign := _other_title_index(page)) is not None:  # a table the catalogue does not read
            if open_table is not None and _continues_above(page, foreign):
                open_table.continuation_pages.append(page.number)
            open_table = None
        elif open_table is not None and _looks_tabular(page):
            open_table.continuation_pages.append(page.number)
        elif page.lines:  # prose (or anything else) closes the open table
            open_table = None
    # A title two families print for different tables (收入预算总表) is the kind of the document's family.
    family = guess_family({table.kind.key for table in located})
    for table in located:
        table.kind = in_family(table.kind, family)
    for page in pages:
        for index, note in _empty_notes(page.lines):
            if (owner := _note_owner(located, page.number, index)) is not None and owner.empty_note is None:
                owner.empty_note = note
    return located


def _note_owner(located: list[LocatedTable], page: int, index: int) -> LocatedTable | None:
    """The table a note on a page belongs to: the one titled nearest above it; else the one continued onto
    the page; else the first titled there (a spreadsheet export prints its title last in the text layer)."""
    titled = sorted((t for t in located if t.title_page == page), key=lambda t: t.title_index)
    above = [t for t in titled if t.title_index < index]
    continued = [t for t in located if page in t.continuation_pages]
    return next(iter(above[-1:] or continued or titled), None)


def _empty_notes(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """Each 本表无数据 note's line and text; a note the text layer breaks over two lines, joined."""
    if found := [(i, line) for i, line in enumerate(lines) if EMPTY_NOTE_PATTERN.search(line)]:
        return found
    joined = ((i, a + b) for i, (a, b) in enumerate(itertools.pairwise(lines)))
    return [(i, line) for i, line in joined if EMPTY_NOTE_PATTERN.search(line)][:1]


def page_slots(layout: DocumentLayout, page: int) -> list[LocatedTable | None]:
    """The tables whose grids a page prints, top to bottom; None for a table the catalogue does not read.

    A table continued from an earlier page sits above any table titled on this page; one the catalogue
    does not read may end atop the page too (its rows above the first title).
    """
    tables = [t for t in layout.tables if page in t.pages]
    continued: list[LocatedTable | None] = [t for t in tables if t.title_page != page]
    titled: list[tuple[int, LocatedTable | None]] = [(t.title_index, t) for t in tables if t.title_page == page]
    titled += [(index, None) for index in layout.other_titles.get(page, [])]
    if not continued and titled and _continues_above(layout.page(page), min(i for i, _ in titled)):
        continued = [None]
    return continued + [t for _, t in sorted(titled, key=lambda s: s[0])]


def locate(path: str | Path, require_tables: bool = True) -> DocumentLayout:
    """Every page's text lines and every table located on them; a PDF without any table title is an error
    unless ``require_tables`` is off (the text half of a document published as two PDFs)."""
    document = _open(path)
    try:
        pages = _page_lines(document, path)  # lines suffice to find the tables
        tables = locate_tables(pages)
        if not tables and require_tables:
            raise NotAJuesuan(path, f"none of its {len(pages)} pages has a table title and unit line")
        # Positioned words only where tables are proven: the verifier and the word reader read no other page.
        table_pages = {p for t in tables for p in t.pages}
        pages = [_with_words(document, page) if page.number in table_pages else page for page in pages]
    finally:
        document.close()
    others = {page.number: found for page in pages if (found := other_titles(page))}
    return DocumentLayout(str(path), file_sha256(Path(path)), pages, tables, others)
