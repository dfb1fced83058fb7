"""What the real-world fixtures look like to the readers: figures for a person, not a test.

Usage: .venv/bin/python data/samples/inspect_fixtures.py [text|camelot|today] [PDF ...]

- text: per page with a unit line, pdfium's text lines (pypdfium2 get_text_range) that are a label, a
  title (or a piece of one) or a unit line, each with its index among the page's lines: what the
  locator sees, in the order it sees it.
- camelot: camelot lattice (engine vector, then combined) on every table page, counting the cells that
  hold an amount glued to other text or a second amount, with the first few of them.
- today: the current extractor (extract_document + normalize_document) on each fixture, with its error
  or its cell accuracy against the truth file.
Without PDFs, every data/fixtures/real-world/*/*/*.pdf.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import camelot
import pypdfium2 as pdfium

REPO = Path(__file__).resolve().parents[2]
REAL_WORLD = REPO / "data" / "fixtures" / "real-world"
UNIT_LINE = re.compile(r"单位\s*[:：（(]")
TITLE_HINT = re.compile(r"决算(?!数)|收支|公开\s*\d|附表|^表")
AMOUNT_TEXT = re.compile(r"\d\.\d{2}|\d,\d{3}")
AMOUNT = r"-?\d{1,3}(?:,\d{3})*(?:\.\d{2})?|-?\d+\.\d{2}"
# An amount with a label or another amount in the same cell, on either side of it.
GLUED = re.compile(rf"^(?:{AMOUNT})\s+\S|\S\s+(?:{AMOUNT})$")


def page_lines(pdf: Path) -> list[list[str]]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
        return [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]
    finally:
        document.close()


def marked_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(index, line) of every label, title and unit line, and of a one- or two-character line right after
    one (a title's tail on a line of its own)."""
    out: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        short = len(line) <= 40 and "。" not in line and not AMOUNT_TEXT.search(line)
        tail = bool(out) and out[-1][0] == index - 1 and len(line) <= 2
        if UNIT_LINE.search(line) or (short and TITLE_HINT.search(line)) or tail:
            out.append((index, line))
    return out


def show_text(pdf: Path) -> None:
    print(f"\n{pdf.relative_to(REPO)}")
    for number, lines in enumerate(page_lines(pdf), 1):
        if any(UNIT_LINE.search(line) for line in lines):
            print(f"  p{number}: " + " | ".join(f"[{i}] {line}" for i, line in marked_lines(lines)))


def table_pages(pdf: Path) -> list[int]:
    """Pages with ruled tables: every page with a unit line, and the pages after it that are not prose."""
    pages, in_table = [], False
    for number, lines in enumerate(page_lines(pdf), 1):
        if any(UNIT_LINE.search(line) for line in lines):
            in_table = True
        elif any("。" in line for line in lines[:8]):
            in_table = False
        if in_table and lines:
            pages.append(number)
    return pages


def show_camelot(pdf: Path) -> None:
    pages = ",".join(map(str, table_pages(pdf)))
    print(f"\n{pdf.relative_to(REPO)} (pages {pages})")
    for engine in ("vector", "combined"):
        tables = camelot.read_pdf(str(pdf), pages=pages, flavor="lattice", engine=engine, suppress_stdout=True)
        glued = [
            (int(t.page), cell.replace("\n", "⏎"))
            for t in tables
            for row in t.df.itertuples(index=False)
            for cell in map(str, row)
            if GLUED.search(cell.replace("\n", " "))
        ]
        shapes = sorted({f"{t.df.shape[0]}x{t.df.shape[1]}" for t in tables})
        print(f"  {engine}: {len(tables)} grids ({', '.join(shapes)}), {len(glued)} cells with glued text")
        for page, cell in glued[:6]:
            print(f"    p{page}: {cell!r}")


def show_today(pdf: Path) -> None:
    from lz_pipeline.extract.reader import extract_document
    from lz_pipeline.normalize.tables import normalize_document
    from lz_pipeline_tests.truth import actual_records, cell_score, expected_records, load_truth

    truth = load_truth(pdf)
    name = pdf.relative_to(REAL_WORLD)
    try:
        document = normalize_document(extract_document(pdf), truth["department"], truth["year"])
    except Exception as error:  # the point is to print what fails and why
        print(f"{name}: {type(error).__name__}: {error}")
        return
    right = total = 0
    wrong = []
    for key, table in truth["tables"].items():
        if key not in document.tables:
            wrong.append(f"{key} not found")
            continue
        r, t, diffs = cell_score(expected_records(key, table), actual_records(document.tables[key]))
        right, total = right + r, total + t
        wrong += [f"{key}: {len(diffs)} differences, e.g. {diffs[0]}"] if diffs else []
    print(f"{name}: {right}/{total} cells right; narrative pages {sorted(document.narrative)}")
    by_outcome: dict[str, list[str]] = {}
    for status in getattr(document, "statuses", []):  # what the self-verifying extractor says of each kind
        by_outcome.setdefault(f"{status.status} ({status.reader})", []).append(status.kind_key)
    for outcome, keys in sorted(by_outcome.items()):
        print(f"  {outcome}: {', '.join(keys)}")
    for status in getattr(document, "statuses", []):
        if status.status == "quarantined":
            print(f"  quarantined {status.kind_key}: {status.reason[:300]}")
    for line in wrong:
        print(f"  {line}")


def main(args: Sequence[str]) -> None:
    mode, *paths = args or ["text"]
    pdfs = [Path(p).resolve() for p in paths] or sorted(REAL_WORLD.glob("*/*/*.pdf"))
    show = {"text": show_text, "camelot": show_camelot, "today": show_today}[mode]
    for pdf in pdfs:
        show(pdf)


if __name__ == "__main__":
    main(sys.argv[1:])
