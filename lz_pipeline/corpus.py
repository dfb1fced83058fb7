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
