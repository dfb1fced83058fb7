"""Assets: thin wrappers that call the pure functions and describe their results in the UI.

extraction (any executor, files between steps) → normalization → the warehouse loader (the one
DuckDB writer, in pool ``duckdb``) → derived tables.
"""

import time
from contextlib import closing

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline.analytics.yoy import refresh_yoy
from lz_pipeline.catalog import DocumentKind
from lz_pipeline.corpus import document_path
from lz_pipeline.defs.partitions import document_partitions, split_key
from lz_pipeline.defs.preview import normalized_metadata, pages_markdown
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.extract.errors import ExtractionError
from lz_pipeline.extract.reader import RawDocument, extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline.warehouse.dimensions import read_departments, reference_dir
from lz_pipeline.warehouse.load import DuplicateDocument, load_document

DUCKDB_POOL = "duckdb"


@dg.asset(partitions_def=document_partitions, group_name="extraction", kinds={"pdf", "camelot"})
def raw_tables(context: dg.AssetExecutionContext, corpus: RawCorpus) -> dg.Output[RawDocument]:
    """Every appendix table of one 部门决算 PDF, located by title and read by camelot."""
    year, department = split_key(context)
    path = document_path(corpus.root, year, department)
    if not path.exists():
        raise dg.Failure(f"{path}: no such file for partition {department} {year}")
    started = time.perf_counter()
    try:
        document = extract_document(path)
    except ExtractionError as error:
        raise dg.Failure(str(error)) from error
    seconds = time.perf_counter() - started
    return dg.Output(
        document,
        metadata={
            "source_file": dg.MetadataValue.path(str(path)),
            "source_sha256": document.sha256,
            "pages": document.page_count,
            "tables_found": len(document.tables),
            "tables_missing": ", ".join(document.missing) or "none",
            "seconds": round(seconds, 3),
            "source_link": dg.MetadataValue.url(path.as_uri()),
            "family": document.family,
            "department_printed": document.department or "not printed",
            "year_printed": document.year or 0,
            "tables_quarantined": len(document.quarantined),
            "table_pages": dg.MetadataValue.md(pages_markdown(document)),
        },
    )


def department_aliases(department: str) -> tuple[str, ...]:
    """The other names dim_department knows ``department`` by (none when it is not listed)."""
    path = reference_dir() / "departments.csv"
    if not path.exists():
        return ()
    for entry in read_departments(path):
        if department in (entry.name, *entry.aliases):
            return tuple(n for n in (entry.name, *entry.aliases) if n != department)
    return ()


@dg.asset(partitions_def=document_partitions, group_name="normalization", kinds={"pandas"})
def normalized_tables(context: dg.AssetExecutionContext, raw_tables: RawDocument) -> dg.Output[NormalizedDocument]:
    """Typed, keyed rows (Decimal 万元) with provenance, one set per table kind."""
    year, department = split_key(context)
    if raw_tables.document_kind is DocumentKind.BUDGET:
        # Its tables are read and proven (extract_document), but budget and final accounts of one
        # department-year do not share the warehouse's keys yet: loading it would replace the 决算.
        raise dg.Failure(
            f"{raw_tables.path}: a 部门预算 (budget): its tables are read and proven, but loading budgets"
            " beside the final accounts is not built yet; keep budget PDFs out of the 决算 corpus for now"
        )
    try:
        document = normalize_document(raw_tables, department, year, department_aliases(department))
    except ExtractionError as error:
        raise dg.Failure(str(error)) from error
    return dg.Output(document, metadata=normalized_metadata(document))


@dg.asset(partitions_def=document_partitions, group_name="warehouse", kinds={"duckdb"}, pool=DUCKDB_POOL)
def warehouse_facts(
    context: dg.AssetExecutionContext, normalized_tables: NormalizedDocument, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The department-year's fact rows, replaced in one DuckDB transaction."""
    # closing(): DuckDBResource.get_connection() does not close the connection when the body raises,
    # and an open read-write handle in this process would block the read-only readers that follow.
    with duckdb.get_connection() as conn, closing(conn):
        try:
            counts = load_document(conn, normalized_tables, run_id=context.run.run_id)
        except DuplicateDocument as error:
            raise dg.Failure(str(error)) from error
    provenance = {
        # The schedule compares this hash with the file's to find stale partitions.
        "source_sha256": normalized_tables.source_sha256,
        "source_file": dg.MetadataValue.path(normalized_tables.source_file),
    }
    return dg.MaterializeResult(
        metadata={f"rows_{table}": n for table, n in counts.items()} | {"rows_total": sum(counts.values())} | provenance
    )


@dg.asset(deps=[warehouse_facts], group_name="analytics", kinds={"duckdb"}, pool=DUCKDB_POOL)
def yoy_department_total(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """收、支总计 of every department-year against the year before."""
    with duckdb.get_connection() as conn, closing(conn):
        rows = refresh_yoy(conn)
        preview = conn.execute("SELECT * FROM yoy_department_total ORDER BY department, year").fetchall()
    lines = ["| department | year | total | prev_total | change | change_pct |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in preview[:50]]
    return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.md("\n".join(lines))})


DOCUMENT_ASSETS = [raw_tables, normalized_tables, warehouse_facts]
ALL_ASSETS = [*DOCUMENT_ASSETS, yoy_department_total]
