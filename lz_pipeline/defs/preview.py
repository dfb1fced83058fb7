"""Markdown previews of extracted tables for the Dagster UI."""

from __future__ import annotations

from lz_pipeline.normalize.tables import NormalizedTable


def records_markdown(table: NormalizedTable, limit: int = 30) -> str:
    """The first rows of a normalized table as a markdown table (keys, then non-zero amounts)."""
    if not table.records:
        return f"*{table.title}: {table.empty_note or 'no rows'}*"
    keys = list(table.records[0].keys)
    measures = list(table.records[0].amounts)
    header = [*keys, *measures, "page"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for record in table.records[:limit]:
        cells = [str(record.keys.get(k) or "") for k in keys]
        cells += [str(record.amounts[m]) if record.amounts[m] else "" for m in measures]
        lines.append("| " + " | ".join([*cells, str(record.page)]) + " |")
    if len(table.records) > limit:
        lines.append(f"\n… {len(table.records) - limit} more rows ({table.unit} as printed; stored in 万元)")
    return "\n".join(lines)
