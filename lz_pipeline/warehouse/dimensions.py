"""Code-list and department dimensions, read from the versioned files in ``data/reference/``.

Reading is pure (CSV → validated rows); loading replaces one dimension table in one transaction, so
a dimension is always exactly the file it was read from.
"""

from __future__ import annotations

import csv
import itertools
import os
from dataclasses import dataclass
from pathlib import Path

from lz_pipeline.settings import REPO_ROOT
from lz_pipeline.warehouse.code_changes import refresh_code_map
from lz_pipeline.warehouse.database import create_schema
from lz_pipeline.warehouse.transaction import transaction

REFERENCE_DIR = REPO_ROOT / "data" / "reference"


def reference_dir() -> Path:
    """The code lists and department list in use: ``LZ_REFERENCE_DIR``, else the versioned ones."""
    return Path(os.environ.get("LZ_REFERENCE_DIR", REFERENCE_DIR))


LEVELS = {"类": 1, "款": 2, "项": 3}
# Digits per level: 功能分类 3/5/7 (类/款/项), 经济分类 3/5 (类/款).
CODE_LENGTHS = {"function": {1: 3, 2: 5, 3: 7}, "economic": {1: 3, 2: 5}}
DEPARTMENT_LEVELS = {"市", "区县"}


class ReferenceError(ValueError):
    """A reference file that contradicts itself; names the file and line."""


@dataclass(frozen=True)
class CodeEdition:
    """One name of a code over a span of edition years (valid_to None: still current)."""

    code: str
    name: str
    level: int
    parent_code: str | None
    valid_from: int
    valid_to: int | None
    evidence: str
    note: str

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


@dataclass(frozen=True)
class Department:
    department_id: int
    name: str
    level: str
    region: str
    aliases: tuple[str, ...]
    note: str


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]


def _year(text: str, where: str) -> int | None:
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        raise ReferenceError(f"{where}: {text!r} is not a year")
    return int(text)


def read_code_list(path: Path, kind: str) -> list[CodeEdition]:
    """Every edition row of a code list, checked: code length fits the level, parents exist, and one
    code's editions never overlap."""
    lengths = CODE_LENGTHS[kind]
    editions: list[CodeEdition] = []
    for number, row in _rows(path):
        where = f"{path}:{number}"
        code, level_name = row["code"].strip(), row["level"].strip()
        level = LEVELS.get(level_name)
        if level not in lengths or not code.isdigit() or len(code) != lengths[level]:
            raise ReferenceError(f"{where}: code {code!r} does not fit level {level_name!r}")
        parent = row["parent_code"].strip() or None
        expected_parent = code[: lengths[level - 1]] if level > 1 else None
        if parent != expected_parent:
            raise ReferenceError(f"{where}: parent of {code} must be {expected_parent}, not {parent}")
        valid_from = _year(row["valid_from"].strip(), where)
        if valid_from is None:
            raise ReferenceError(f"{where}: valid_from is required")
        valid_to = _year(row["valid_to"].strip(), where)
        if valid_to is not None and valid_to < valid_from:
            raise ReferenceError(f"{where}: valid_to {valid_to} before valid_from {valid_from}")
        name = row["name"].strip()
        if not name:
            raise ReferenceError(f"{where}: code {code} has no name")
        editions.append(
            CodeEdition(code, name, level, parent, valid_from, valid_to, row["evidence"].strip(), row["note"].strip())
        )
    _check_editions(path, editions)
    return editions


def _check_editions(path: Path, editions: list[CodeEdition]) -> None:
    by_code: dict[str, list[CodeEdition]] = {}
    for edition in editions:
        by_code.setdefault(edition.code, []).append(edition)
    for code, spans in by_code.items():
        spans.sort(key=lambda e: e.valid_from)
        for earlier, later in itertools.pairwise(spans):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ReferenceError(f"{path}: editions of {code} overlap ({earlier.name} / {later.name})")
    for edition in editions:
        if edition.parent_code and not any(
            p.valid_in(edition.valid_from) for p in by_code.get(edition.parent_code, [])
        ):
            raise ReferenceError(
                f"{path}: parent {edition.parent_code} of {edition.code} not valid in {edition.valid_from}"
            )


def read_departments(path: Path) -> list[Department]:
    """The department list; every name and alias must point at one department only."""
    departments: list[Department] = []
    seen: dict[str, int] = {}
    for number, row in _rows(path):
        where = f"{path}:{number}"
        level = row["level"].strip()
        if level not in DEPARTMENT_LEVELS:
            raise ReferenceError(f"{where}: level {level!r} is not one of {sorted(DEPARTMENT_LEVELS)}")
        department = Department(
            department_id=int(row["department_id"]),
            name=row["name"].strip(),
            level=level,
            region=row["region"].strip(),
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            note=row["note"].strip(),
        )
        for name in (department.name, *department.aliases):
            if seen.setdefault(name, department.department_id) != department.department_id:
                raise ReferenceError(f"{where}: {name!r} already names department {seen[name]}")
        departments.append(department)
    return departments


def _replace(conn, table: str, columns: list[str], rows: list[tuple]) -> int:
    """Replace a dimension's rows in one transaction (the table itself comes from create_schema)."""
    placeholders = ", ".join("?" for _ in columns)
    with transaction(conn):
        conn.execute(f"DELETE FROM {table}")
        if rows:
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
    return len(rows)


CODE_COLUMNS = ["code", "name", "level", "level_name", "parent_code", "valid_from", "valid_to", "evidence", "note"]
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}


def load_code_list(conn, table: str, editions: list[CodeEdition]) -> int:
    rows = [
        (e.code, e.name, e.level, LEVEL_NAMES[e.level], e.parent_code, e.valid_from, e.valid_to, e.evidence, e.note)
        for e in editions
    ]
    return _replace(conn, table, CODE_COLUMNS, rows)


def load_departments(conn, departments: list[Department]) -> int:
    columns = ["department_id", "name", "level", "region", "aliases", "note"]
    rows = [(d.department_id, d.name, d.level, d.region, list(d.aliases), d.note) for d in departments]
    return _replace(conn, "dim_department", columns, rows)


def load_function_codes(conn, reference_dir: Path = REFERENCE_DIR) -> int:
    """dim_function_code, and function_code_map (the renames and merges between its editions) with it."""
    refresh_code_map(conn, reference_dir=reference_dir)
    return load_code_list(conn, "dim_function_code", read_code_list(reference_dir / "function_codes.csv", "function"))


def load_economic_codes(conn, reference_dir: Path = REFERENCE_DIR) -> int:
    return load_code_list(conn, "dim_economic_code", read_code_list(reference_dir / "economic_codes.csv", "economic"))


def load_department_list(conn, reference_dir: Path = REFERENCE_DIR) -> int:
    return load_departments(conn, read_departments(reference_dir / "departments.csv"))


def load_all_dimensions(conn, reference_dir: Path = REFERENCE_DIR) -> dict[str, int]:
    """All three dimensions (the schema created first); rows per table."""
    create_schema(conn)
    return {
        "dim_function_code": load_function_codes(conn, reference_dir),
        "dim_economic_code": load_economic_codes(conn, reference_dir),
        "dim_department": load_department_list(conn, reference_dir),
    }
