"""Markdown previews of extracted tables for the Dagster UI."""

from __future__ import annotations

import dagster as dg

from lz_pipeline.extract.reader import RawDocument
from lz_pipeline.normalize.documents import Publications
from lz_pipeline.normalize.tables import NormalizedTable


def records_markdown(table: NormalizedTable, limit: int = 30) -> str:
    """The first rows of a normalized table as a markdown table (keys, then non-zero amounts)."""
    if not table.records:
        return f"*{table.title}: {table.empty_note or 'no rows'}*"
    # Two-sided tables have different measures on each side: take the union, in printed order.
    keys = list(dict.fromkeys(k for r in table.records for k in r.keys))
    measures = list(dict.fromkeys(m for r in table.records for m in r.amounts))
    header = [*keys, *measures, "page"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for record in table.records[:limit]:
        cells = [str(record.keys.get(k) or "") for k in keys]
        cells += [str(record.amounts[m]) if record.amounts.get(m) else "" for m in measures]
        lines.append("| " + " | ".join([*cells, str(record.page)]) + " |")
    if len(table.records) > limit:
        lines.append(f"\n… {len(table.records) - limit} more rows ({table.unit} as printed; stored in 万元)")
    return "\n".join(lines)


def pages_markdown(document: RawDocument) -> str:
    """One line per located table: where it was printed, which reader proved it, coverage, status."""
    lines = [
        "| table | pages | status | reader | coverage | unit | raw rows | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for table in document.tables:
        pages = ", ".join(str(p) for p in table.pages) or "—"
        rows = sum(len(part.rows) for part in table.parts)
        note = (table.reason or table.empty_note or "").replace("|", "/")
        coverage = f"{table.coverage:.0%}" if table.coverage is not None else "—"
        lines.append(
            f"| {table.title} | {pages} | {table.status} | {table.flavor} | {coverage} | {table.unit or '?'} "
            f"| {rows} | {note} |"
        )
    for key in document.missing:
        lines.append(f"| {key} | — | missing | — | — | — | 0 | not found in this PDF |")
    return "\n".join(lines)


def normalized_metadata(result: Publications, preview_rows: int = 25) -> dict[str, object]:
    """Row counts, units and a markdown preview of every table kind of every publication, for the
    normalized_tables asset (table kinds are unique across publications)."""
    tables = {key: t for document in result.documents for key, t in document.tables.items()}
    metadata: dict[str, object] = {f"rows_{key}": len(t.records) for key, t in tables.items()}
    metadata["rows_total"] = sum(len(t.records) for t in tables.values())
    metadata["units"] = ", ".join(sorted({t.unit for t in tables.values()}))
    metadata["publications"] = ", ".join(
        f"{d.document_kind.value} ({len(d.tables)} tables from {len(d.files)} PDF)" for d in result.documents
    )
    for key, table in tables.items():
        metadata[f"preview_{key}"] = dg.MetadataValue.md(
            f"**{table.title}** ({table.unit})\n\n" + records_markdown(table, preview_rows)
        )
    warnings = [f"{t.title}: {w}" for t in tables.values() for w in t.warnings] + result.notes
    metadata["warnings"] = dg.MetadataValue.md("\n".join(f"- {w}" for w in warnings) or "none")
    return metadata
