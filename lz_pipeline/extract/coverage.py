"""Does a reader's grid account for the text layer? Every number printed in the table's region of the
page must land in exactly one cell: none dropped, none duplicated, none glued to a label.

The region is read from the text layer alone, independently of any reader: on the title page it starts
below the 单位 line, on a continuation page at the top; it ends at a note (注：, 说明：), at the next
table's title, or at the page number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from lz_pipeline.catalog import NOTE_START, is_other_budget_title, is_table_label, match_title, unit_of
from lz_pipeline.extract.locate import (
    PAGE_NUMBER,
    UNIT_SEARCH_LINES,
    DocumentLayout,
    LocatedTable,
    Word,
    title_at,
    word_lines,
)

# A number as printed: 2,946.25 · 2946.25 · 164,978,640 · 201 · 06 · (12.50) · -3.00. Not a year (2024年),
# a date, or a percentage.
_NUMBER = re.compile(r"(?<![\d.,])-?\d[\d,]*(?:\.\d+)?(?![\d年月日%％])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEADING_CODE = re.compile(r"^\s*\d{3}(?:\d{2}){0,2}(?=\s*[\u4e00-\u9fff])")


def numbers(text: str) -> list[str]:
    """The numbers in a text, thousands separators removed, so 2,940.05 and 2940.05 compare equal."""
    folded = unicodedata.normalize("NFKC", text).replace("−", "-")
    return [match.group().lstrip("-").replace(",", "") for match in _NUMBER.finditer(folded)]


def glued(cell: str) -> bool:
    """A cell holding an amount and a label at once (a missed column rule): ``9746.50 一、一般公共服务支出``.

    A leading code (2010301 行政运行), a year (2024年) and a small number inside a name ((1), 5G) are not.
    """
    folded = unicodedata.normalize("NFKC", cell)
    if not _CJK.search(folded):
        return False
    rest = _LEADING_CODE.sub("", folded)
    return any("." in n or "," in n or len(n) >= 3 for n in (m.group() for m in _NUMBER.finditer(rest)))


def _text(line: list[Word]) -> str:
    return "".join(w.text for w in line)


def _is_title(lines: list[list[Word]], index: int) -> bool:
    """A title begins on this line, by the locator's own rule (a split title joined over lines)."""
    if title_at(tuple(_text(line) for line in lines), index) is not None:
        return True
    # The 、 of 一、收支预算总表 sits low enough to make a line of its own: the two lines read left to right.
    if index + 1 < len(lines) and all(w.text in "、.．" for w in lines[index + 1]):
        return (
            match_title("".join(w.text for w in sorted(lines[index] + lines[index + 1], key=lambda w: w.x0)))
            is not None
        )
    return False


def _is_page_number(line: list[Word]) -> bool:
    return all(PAGE_NUMBER.match(w.text) for w in line)


def region_words(layout: DocumentLayout, table: LocatedTable, page_number: int) -> list[Word]:
    """The words printed inside ``table``'s region of one of its pages, top to bottom.

    Read by position: the lines below the table's 单位 line (or below its title), down to the first note,
    the next title or the page number.
    """
    page = layout.page(page_number)
    lines = word_lines(page.words)
    start = 0
    if table.title_page == page_number:
        titled_here = [t for t in layout.tables if t.title_page == page_number]
        titles = [i for i in range(len(lines)) if _is_title(lines, i)]
        position = titled_here.index(table)
        if position >= len(titles):
            return []  # the text layer does not show this title where the locator saw it
        first = titles[position]
        units = [j for j in range(first, min(first + UNIT_SEARCH_LINES + 2, len(lines))) if unit_of(_text(lines[j]))]
        start = (units[0] if units else first + 1) + (1 if units else 0)
    inside: list[Word] = []
    for index in range(start, len(lines)):
        line = lines[index]
        text = _text(line)
        if NOTE_START.match(line[0].text) or _is_title(lines, index) or is_other_budget_title(text):
            break
        if is_table_label(text) and index + 1 < len(lines) and _is_title(lines, index + 1):  # 公开04表 above a title
            break
        if index == len(lines) - 1 and _is_page_number(line):
            break
        inside += line
    return inside


def _cut_number(left: Word, right: Word) -> bool:
    """Two words of one line that are one number the text layer cut: touching, or a decimal part spaced
    off its point (``7,968.`` | ``14``: a justified cell)."""
    if not (re.match(r"[\d.,]", left.text[-1:]) and re.match(r"[.,]?\d", right.text)):
        return False
    gap, height = right.x0 - left.x1, right.y1 - right.y0
    return gap < 0.3 * height or (bool(re.search(r"\d\.$", left.text)) and right.text.isdigit() and gap < height)


def joined_numbers(words: list[Word]) -> list[Word]:
    """Digits the text layer cut in two (``2040`` | ``5`` of 20405, ``1895`` | ``.00``) joined."""
    out: list[Word] = []
    for line in word_lines(words):
        for word in line:
            last = out[-1] if out and out[-1] in line else None
            if last is not None and _cut_number(last, word):
                out[-1] = Word(last.text + word.text, last.x0, min(last.y0, word.y0), word.x1, max(last.y1, word.y1))
            else:
                out.append(word)
    return out


@dataclass
class Coverage:
    """How the numbers printed in a table's region compare with the numbers in a reader's cells."""

    printed: int = 0
    matched: int = 0
    dropped: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    glued: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.matched / self.printed if self.printed else 1.0

    @property
    def complete(self) -> bool:
        return not (self.dropped or self.duplicated or self.glued)

    def problem(self) -> str | None:
        if self.complete:
            return None
        parts = []
        for what, items in (("not in any cell", self.dropped), ("in two cells", self.duplicated)):
            if items:
                parts.append(f"{len(items)} printed number(s) {what} ({', '.join(items[:5])})")
        if self.glued:
            parts.append(f"{len(self.glued)} cell(s) with an amount glued to a label ({self.glued[0]!r})")
        return f"coverage {self.matched}/{self.printed}: " + "; ".join(parts)


def coverage(printed_text: list[str], cells: list[str]) -> Coverage:
    """Compare the region's words with a reader's cells of the same page(s)."""
    printed = Counter(n for text in printed_text for n in numbers(text))
    found = Counter(n for cell in cells for n in numbers(cell))
    result = Coverage(printed=sum(printed.values()))
    result.matched = sum((printed & found).values())
    result.dropped = sorted((printed - found).elements())
    result.duplicated = sorted((found - printed).elements())
    result.glued = [cell.replace("\n", " ") for cell in cells if glued(cell)]
    return result
