"""The input corpus: every department-year's files, in either of two layouts.

- ``<raw_dir>/<year>/<department>.pdf``: one PDF, the department-year's only document;
- ``<raw_dir>/<year>/<department>/``: a folder holding every file of that department-year under any name —
  its 决算 and its 预算, each as one PDF or as a text PDF and a tables PDF.

Which publication a file is (决算 or 预算) is read from the file itself by extraction, never from its name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

YEAR_DIR = re.compile(r"^(19|20)\d{2}$")
# A department name is one path component: no separators, no parent references, no control chars.
UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f]|^\.\.?$")


class UnsafeName(ValueError):
    pass


@dataclass(frozen=True)
class DepartmentYear:
    """One partition's input: the department-year and every PDF it is published in, sorted by name."""

    year: int
    department: str
    files: tuple[Path, ...]

    @property
    def key(self) -> str:
        return f"{self.department}|{self.year}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def combined_sha256(hashes: list[str] | tuple[str, ...]) -> str:
    """One digest of a department-year's files, whatever their order: a lone file's own SHA-256."""
    if len(hashes) == 1:
        return hashes[0]
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


def is_pdf(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".pdf" and not path.name.startswith(".")


def check_department_name(name: str) -> str:
    if not name or UNSAFE_NAME.search(name):
        raise UnsafeName(f"unsafe department name: {name!r}")
    return name


def _inside(raw_dir: Path, path: Path, department: str) -> Path:
    path = path.resolve()
    if raw_dir.resolve() not in path.parents:
        raise UnsafeName(f"{department!r} points outside {raw_dir}")
    return path


def document_path(raw_dir: Path, year: int, department: str) -> Path:
    """The single-file layout's PDF of one partition; never resolves outside ``raw_dir``."""
    check_department_name(department)
    return _inside(raw_dir, raw_dir / str(year) / f"{department}.pdf", department)


def department_files(raw_dir: Path, year: int, department: str) -> tuple[Path, ...]:
    """Every PDF of one department-year in either layout (both, if both are present)."""
    check_department_name(department)
    files = []
    single = document_path(raw_dir, year, department)
    if is_pdf(single):
        files.append(single)
    folder = _inside(raw_dir, raw_dir / str(year) / department, department)
    if folder.is_dir():
        files += sorted(p for p in folder.iterdir() if is_pdf(p))
    return tuple(files)


def discover(raw_dir: Path) -> list[DepartmentYear]:
    """Every department-year below ``raw_dir`` with files, sorted by year then department."""
    found = []
    for year_dir in sorted(p for p in raw_dir.iterdir() if p.is_dir() and YEAR_DIR.match(p.name)):
        names = {p.stem for p in year_dir.iterdir() if is_pdf(p)}
        names |= {p.name for p in year_dir.iterdir() if p.is_dir() and not p.name.startswith(".")}
        year = int(year_dir.name)
        for name in sorted(names):
            files = department_files(raw_dir, year, name)
            if files:
                found.append(DepartmentYear(year, name, files))
    return found


EXPECTED_LAYOUT = (
    "<year>/<department>.pdf or <year>/<department>/*.pdf (e.g. 2020/泸州市财政局.pdf, or a folder"
    " 2020/泸州市财政局/ holding its 决算 and 预算 PDFs)"
)


def outside_layout(raw_dir: Path) -> list[Path]:
    """PDFs under ``raw_dir`` that ``discover`` does not take, relative to it."""
    taken = {path for found in discover(raw_dir) for path in found.files}
    return sorted(
        p.relative_to(raw_dir) for p in raw_dir.rglob("*") if p.suffix.lower() == ".pdf" and p.resolve() not in taken
    )


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
    if any(len(p.parts) > 3 and YEAR_DIR.match(p.parts[0]) for p in pdfs):
        hint = " PDFs nested deeper than <year>/<department>/: move each department-year's files into its folder."
    return (
        f"{raw_dir}: no document in a layout the pipeline understands.\n"
        f"Found {found}.\nExpected {EXPECTED_LAYOUT}.{hint}"
    )
