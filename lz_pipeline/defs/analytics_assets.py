"""Derived analytics as Dagster assets: thin wrappers over ``lz_pipeline.analytics``.

normalized_tables ─► narrative_claims (per department-year: each publication's narrative figures → fact_narrative_claim)
the dbt models (derived_assets) ─► report_charts (PNG per department, shown in the UI)

Every writer sits in pool ``duckdb`` (limit 1). ``narrative_claims`` takes the ``normalized_tables``
output as its input, so the narrative reaches it without the loader; it does not depend on
``warehouse_facts``, which keeps it out of the unpartitioned ``analytics_job`` selection.
"""

import base64
from collections import Counter
from contextlib import closing

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline.analytics.charts import CJKFontMissing, chart_data, cjk_font, render_charts, write_charts
from lz_pipeline.analytics.reconcile import document_claims, load_claims
from lz_pipeline.defs.assets import DUCKDB_POOL
from lz_pipeline.defs.partitions import document_partitions, split_key
from lz_pipeline.normalize.documents import Publications
from lz_pipeline.warehouse.target import as_target

EMBEDDED_DEPARTMENTS = 3  # charts inlined in the UI metadata (base64); every chart is also a file path
PREVIEW_ROWS = 60  # rows of a markdown preview in the UI metadata (the warehouse has them all)


def _markdown_table(header: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


@dg.asset(partitions_def=document_partitions, group_name="analytics", kinds={"duckdb"}, pool=DUCKDB_POOL)
def narrative_claims(
    context: dg.AssetExecutionContext, normalized_tables: Publications, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """Every numeric claim of the narrative pages (情况说明) of each publication of the department-year, its 决算
    and its 预算; a publication the partition does not bring keeps the claims it had."""
    year, department = split_key(context)
    claims = {document.document_kind: document_claims(document) for document in normalized_tables.documents}
    with duckdb.get_connection() as conn, closing(conn):
        for document in normalized_tables.documents:
            source = document.narrative_file or document.source_file
            load_claims(conn, department, year, claims[document.document_kind], source, document.document_kind)
    every = [c for found in claims.values() for c in found]
    metrics = Counter(c.metric for c in every)
    rows = [
        (kind.value, c.page, c.subject or f"({c.subject_text})", c.metric, c.value, c.comparison_year)
        for kind, found in claims.items()
        for c in found
    ]
    return dg.MaterializeResult(
        metadata={
            "claims": len(every),
            **{f"claims_{kind.value}": len(found) for kind, found in claims.items()},
            "claims_without_subject": sum(1 for c in every if c.subject is None),
            **{f"claims_{metric}": n for metric, n in sorted(metrics.items())},
            "preview": dg.MetadataValue.md(
                _markdown_table(["publication", "page", "subject", "metric", "value", "vs year"], rows[:60])
            ),
        }
    )


# The models the charts read (the dbt assets of lz_pipeline/defs/derived_assets.py).
CHART_INPUTS = [
    dg.AssetKey(name) for name in ("metric_value", "share_function_class", "share_three_public", "v_budget_vs_final")
]


@dg.asset(deps=CHART_INPUTS, group_name="analytics", kinds={"python"}, pool=DUCKDB_POOL)
def report_charts(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """收支决算总计变动 (bar), 支出决算结构 and “三公”经费结构 (pies) per department, as PNG files.

    Charts are a by-product of the warehouse: one that cannot be drawn (no CJK font, a glyph missing)
    is a warning in the log and the metadata, never a failed run."""
    target = as_target(duckdb.database)
    folder = target.base.parent / "charts"
    with closing(target.reader()) as conn:
        departments = [d for (d,) in conn.execute("SELECT DISTINCT department FROM metric_value ORDER BY 1").fetchall()]
        data = [chart_data(conn, d) for d in departments]
    metadata: dict[str, object] = {"folder": dg.MetadataValue.path(str(folder)), "departments": len(departments)}
    preview: list[str] = []
    not_drawn: list[str] = []
    drawn = 0
    try:
        metadata["font"] = dg.MetadataValue.path(str(cjk_font()))
    except CJKFontMissing as error:
        data, not_drawn = [], [f"every department: {error}"]
    for item in data:
        try:
            charts = render_charts(item)
        except Exception as error:  # a by-product: say why, draw the other departments
            not_drawn.append(f"{item.department}: {type(error).__name__}: {error}")
            continue
        paths = write_charts(charts, folder / item.department)
        metadata.update({f"{item.department}/{name}": dg.MetadataValue.path(str(p)) for name, p in paths.items()})
        drawn += 1
        if drawn <= EMBEDDED_DEPARTMENTS:
            preview.append(f"### {item.department}")
            preview += [
                f"![{name}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"
                for name, png in charts.items()
            ]
    metadata["drawn"] = drawn
    for reason in not_drawn:
        context.log.warning(f"chart not drawn: {reason}")
    metadata["not_drawn"] = dg.MetadataValue.md("\n".join(f"- {reason}" for reason in not_drawn) or "none")
    metadata["charts"] = dg.MetadataValue.md("\n\n".join(preview) or "no charts drawn")
    return dg.MaterializeResult(metadata=metadata)


# For a runner: the first runs with each document partition, the others once over the whole warehouse.
PARTITION_ANALYTICS_ASSETS = [narrative_claims]
CORPUS_ANALYTICS_ASSETS = [report_charts]
ANALYTICS_ASSETS = [*PARTITION_ANALYTICS_ASSETS, *CORPUS_ANALYTICS_ASSETS]
