"""What extraction hands on: located tables as raw cell text, with how each was proven (or why not)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lz_pipeline.catalog import DocumentKind, document_kind_of
from lz_pipeline.errors import NotAJuesuan


@dataclass(frozen=True)
class RawPart:
    page: int
    rows: tuple[tuple[str, ...], ...]
    # The x of each column's left rule, and of the last one's right rule, where the reader knows them.
    edges: tuple[float, ...] = ()

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass
class RawTable:
    kind_key: str
    title: str
    unit: str | None
    empty_note: str | None
    flavor: str  # the reader whose grid was accepted
    parts: list[RawPart] = field(default_factory=list)
    status: str = "loaded"  # loaded | empty | quarantined
    reason: str | None = None  # why quarantined
    coverage: float | None = None  # share of the region's printed numbers found in the cells
    attempts: list[str] = field(default_factory=list)  # what each earlier reader failed on
    located_pages: list[int] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return [part.page for part in self.parts] or self.located_pages


@dataclass
class RawDocument:
    path: str
    sha256: str
    page_count: int
    narrative: dict[int, tuple[str, ...]]  # page → text lines, for narrative parsing downstream
    tables: list[RawTable]
    family: str  # sichuan or national: which set of tables the document is expected to have
    missing: list[str] = field(default_factory=list)
    department: str | None = None  # as the document names itself (cover, 部门：… lines)
    year: int | None = None
    reader_seconds: dict[str, float] = field(default_factory=dict)  # what each reader that ran cost
    printed_kind: DocumentKind | None = None  # the publication its cover and headings name

    @property
    def quarantined(self) -> list[RawTable]:
        return [t for t in self.tables if t.status == "quarantined"]

    @property
    def is_text_only(self) -> bool:
        """The text half of a document published as two PDFs: narrative, no table."""
        return not self.tables

    @property
    def document_kind(self) -> DocumentKind:
        """决算 or 预算, as the tables found say (through their family), or the text where there is no
        table; never the path."""
        if self.tables:
            return document_kind_of(self.family)
        if self.printed_kind is None:
            raise NotAJuesuan(self.path, "no table, and its text names neither a 部门决算 nor a 部门预算")
        return self.printed_kind
