"""A department-year's PDFs → its publications: the 决算 and the 预算, each typed and keyed.

A publication may come as one PDF or as several (Jiangsu departments publish the 说明 text and the tables
apart). Files are grouped by the publication they are (read from their tables, or from their text where
they hold none); each table kind may come from one file only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lz_pipeline.catalog import DocumentKind, expected_kinds, guess_family
from lz_pipeline.errors import ExtractionError, NotAJuesuan
from lz_pipeline.normalize.tables import (
    NormalizedDocument,
    SourceFile,
    TableStatus,
    check_identity,
    normalize_document,
)
from lz_pipeline.raw import RawDocument


class DuplicateTable(ExtractionError):
    reason = "two files of one department-year claim the same table"


@dataclass
class Publications:
    """What one partition loads: each publication found, 决算 first, and what could not be loaded."""

    department: str
    year: int
    documents: list[NormalizedDocument]
    notes: list[str] = field(default_factory=list)
    files: tuple[SourceFile, ...] = ()  # every PDF of the department-year, loaded or not

    def document(self, kind: DocumentKind) -> NormalizedDocument | None:
        return next((d for d in self.documents if d.document_kind is kind), None)


def _narrative_chars(raw: RawDocument) -> int:
    return sum(len(line) for lines in raw.narrative.values() for line in lines)


def _refuse_duplicates(kind: DocumentKind, raws: list[RawDocument], department: str, year: int) -> None:
    owner: dict[str, str] = {}
    for raw in raws:
        for table in raw.tables:
            if table.kind_key in owner:
                raise DuplicateTable(
                    raw.path,
                    f"{department} {year} {kind.value}: {table.title} is also in {owner[table.kind_key]};"
                    " keep one of the two files",
                )
            owner[table.kind_key] = raw.path


def _merge(kind: DocumentKind, group: list[RawDocument], parts: list[NormalizedDocument]) -> NormalizedDocument:
    """One publication from the documents its files make; the text comes from the file with most of it."""
    if len(group) == 1:
        return parts[0]
    tables = {key: table for part in parts for key, table in part.tables.items()}
    statuses = [s for part in parts for s in part.statuses if s.status != "missing"]
    found = {s.kind_key for s in statuses}
    family = guess_family(found)
    missing = [k.key for k in expected_kinds(family) if k.key not in found]
    statuses += [TableStatus(key, "missing", "not found in any PDF of this department-year") for key in missing]
    text = max(group, key=_narrative_chars)
    first = parts[0]
    files = tuple(SourceFile(p.source_file, p.source_sha256) for p in parts)
    files += tuple(SourceFile(r.path, r.sha256) for r in group if r.is_text_only)
    return NormalizedDocument(
        first.department,
        first.year,
        first.source_file,
        first.source_sha256,
        tables,
        missing,
        text.narrative,
        statuses=statuses,
        document_kind=kind,
        files=files,
        narrative_file=text.path,
    )


def normalize_department_year(
    raws: list[RawDocument], department: str, year: int, aliases: tuple[str, ...] = ()
) -> Publications:
    """Every publication in the department-year's files, each with its tables' statuses.

    Raises DocumentMismatch (a file names another department or year), DuplicateTable (two files carry one
    table) or NotAJuesuan (no file holds a table).
    """
    groups: dict[DocumentKind, list[RawDocument]] = defaultdict(list)
    for raw in raws:
        check_identity(raw, department, year, aliases)
        groups[raw.document_kind].append(raw)
    result = Publications(department, year, [], files=tuple(SourceFile(r.path, r.sha256) for r in raws))
    for kind in DocumentKind:  # 决算 first
        group = groups.get(kind, [])
        with_tables = [r for r in group if not r.is_text_only]
        if not with_tables:
            if group:
                names = ", ".join(r.path for r in group)
                result.notes.append(f"{kind.value}: text only ({names}), its tables are in no PDF: nothing to load")
            continue
        _refuse_duplicates(kind, with_tables, department, year)
        parts = [normalize_document(r, department, year, aliases) for r in with_tables]
        result.documents.append(_merge(kind, group, parts))
    if not result.documents:
        raise NotAJuesuan(raws[0].path, f"no PDF of {department} {year} holds a table: {'; '.join(result.notes)}")
    return result
