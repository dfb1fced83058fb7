"""The input corpus: one PDF per department and year under ``<raw_dir>/<year>/<department>.pdf``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

YEAR_DIR = re.compile(r"^(19|20)\d{2}$")
# A department name is one path component: no separators, no parent references, no control chars.
UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f]|^\.\.?$")


class UnsafeName(ValueError):
    pass


@dataclass(frozen=True)
class DocumentFile:
    year: int
    department: str
    path: Path


def check_department_name(name: str) -> str:
    if not name or UNSAFE_NAME.search(name):
        raise UnsafeName(f"unsafe department name: {name!r}")
    return name


def document_path(raw_dir: Path, year: int, department: str) -> Path:
    """The PDF of one partition; never resolves outside ``raw_dir``."""
    check_department_name(department)
    path = (raw_dir / str(year) / f"{department}.pdf").resolve()
    if raw_dir.resolve() not in path.parents:
        raise UnsafeName(f"{department!r} points outside {raw_dir}")
    return path


def discover(raw_dir: Path) -> list[DocumentFile]:
    """Every ``<year>/<department>.pdf`` below ``raw_dir``, sorted by year then department."""
    found = []
    for year_dir in sorted(p for p in raw_dir.iterdir() if p.is_dir() and YEAR_DIR.match(p.name)):
        for pdf in sorted(year_dir.glob("*.pdf")):
            found.append(DocumentFile(int(year_dir.name), pdf.stem, pdf))
    return found


EXPECTED_LAYOUT = "<year>/<department>.pdf (e.g. 2020/泸州市财政局.pdf: one folder per year, one PDF per department)"


def outside_layout(raw_dir: Path) -> list[Path]:
    """PDFs under ``raw_dir`` that ``discover`` does not take, relative to it."""
    taken = {d.path for d in discover(raw_dir)}
    return sorted(p.relative_to(raw_dir) for p in raw_dir.rglob("*") if p.suffix.lower() == ".pdf" and p not in taken)


def layout_problem(raw_dir: Path) -> str | None:
    """Why ``raw_dir`` yields no document, saying what it holds and what was expected; None if it yields some."""
    if not raw_dir.is_dir():
        return f"{raw_dir}: no such folder (expected {EXPECTED_LAYOUT})"
    if discover(raw_dir):
        return None
    pdfs = outside_layout(raw_dir)
    folders = sorted(p.name for p in raw_dir.iterdir() if p.is_dir())
    found = f"{len(pdfs)} PDF file(s)" + (f", e.g. {', '.join(str(p) for p in pdfs[:3])}" if pdfs else "")
    found += f"; folders: {', '.join(folders[:8])}{' …' if len(folders) > 8 else ''}" if folders else "; no folders"
    hint = ""
    if any(len(p.parts) == 3 and YEAR_DIR.match(p.parts[0]) for p in pdfs):
        hint = " PDFs in <year>/<department>/ subfolders: move each to <year>/<department>.pdf."
    return (
        f"{raw_dir}: no document in a layout the pipeline understands.\n"
        f"Found {found}.\nExpected {EXPECTED_LAYOUT}.{hint}"
    )
