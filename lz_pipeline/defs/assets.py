"""Assets: thin wrappers that call the pure functions and describe their results in the UI.

extraction (any executor, files between steps) → normalization (and its checks) → the warehouse loader (the one
DuckDB writer, in pool ``duckdb``) → the derived layer (dbt models, ``derived_assets``). A partition is a
department-year: every PDF of it, 决算 and 预算 alike.
"""

import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline.corpus import EXPECTED_LAYOUT, combined_sha256, department_files
from lz_pipeline.defs.checks import (
    YOY_SWINGS_SPEC,
    normalized_check_results,
    normalized_check_specs,
    yoy_swings_result,
)
from lz_pipeline.defs.partitions import document_partitions, split_key
from lz_pipeline.defs.preview import normalized_metadata, pages_markdown
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.errors import ExtractionError
from lz_pipeline.extract.reader import RawDocument, extract_files
from lz_pipeline.normalize.documents import Publications, normalize_department_year
from lz_pipeline.warehouse.dimensions import read_departments, reference_dir
from lz_pipeline.warehouse.load import DuplicateDocument, load_department_year

DUCKDB_POOL = "duckdb"


@dg.asset(partitions_def=document_partitions, group_name="extraction", kinds={"pdf", "camelot"})
def raw_tables(context: dg.AssetExecutionContext, corpus: RawCorpus) -> dg.Output[list[RawDocument]]:
    """Every appendix table of the department-year's PDFs (its 决算 and its 预算, one PDF or several
    each), located by title and proven by the cheapest reader whose result adds up."""
    year, department = split_key(context)
    files = department_files(corpus.root, year, department)
    if not files:
        raise dg.Failure(f"{corpus.root / str(year)}: no PDF of {department} {year} (expected {EXPECTED_LAYOUT})")
    started = time.perf_counter()
    try:
        documents = extract_files(files)
    except ExtractionError as error:
        raise dg.Failure(str(error)) from error
    seconds = time.perf_counter() - started
    return dg.Output(
        documents,
        metadata={
            "source_files": dg.MetadataValue.md("\n".join(f"- {path}" for path in files)),
            "source_sha256": combined_sha256([d.sha256 for d in documents]),
            "pages": sum(d.page_count for d in documents),
            "tables_found": sum(len(d.tables) for d in documents),
            "tables_missing": ", ".join(key for d in documents for key in d.missing) or "none",
            "tables_quarantined": sum(len(d.quarantined) for d in documents),
            "seconds": round(seconds, 3),
            "source_link": dg.MetadataValue.url(files[0].as_uri()),
            "publications": ", ".join(f"{Path(d.path).name}: {describe(d)}" for d in documents),
            "department_printed": ", ".join(sorted({d.department for d in documents if d.department})) or "not printed",
            "year_printed": next((d.year for d in documents if d.year), 0),
            "table_pages": dg.MetadataValue.md("\n\n".join(pages_markdown(d) for d in documents if d.tables)),
        },
    )


def describe(document: RawDocument) -> str:
    kind = document.document_kind.value
    return f"{kind} text" if document.is_text_only else f"{kind} tables ({document.family})"


def department_aliases(department: str) -> tuple[str, ...]:
    """The other names dim_department knows ``department`` by (none when it is not listed)."""
    path = reference_dir() / "departments.csv"
    if not path.exists():
        return ()
    for entry in read_departments(path):
        if department in (entry.name, *entry.aliases):
            return tuple(n for n in (entry.name, *entry.aliases) if n != department)
    return ()


@dg.asset(
    partitions_def=document_partitions,
    group_name="normalization",
    kinds={"pandas"},
    check_specs=normalized_check_specs(),
)
def normalized_tables(
    context: dg.AssetExecutionContext, raw_tables: list[RawDocument]
) -> Iterator[dg.Output[Publications] | dg.AssetCheckResult]:
    """Typed, keyed rows (Decimal 万元) with provenance, one set per table kind of each publication; its
    identities are checked here, and a failed one keeps the loader from running."""
    year, department = split_key(context)
    try:
        result = normalize_department_year(raw_tables, department, year, department_aliases(department))
    except ExtractionError as error:
        raise dg.Failure(str(error)) from error
    for note in result.notes:
        context.log.warning(note)
    yield dg.Output(result, metadata=normalized_metadata(result))
    yield from normalized_check_results(result)


@dg.asset(
    partitions_def=document_partitions,
    group_name="warehouse",
    kinds={"duckdb"},
    pool=DUCKDB_POOL,
    check_specs=[YOY_SWINGS_SPEC],
)
def warehouse_facts(
    context: dg.AssetExecutionContext, normalized_tables: Publications, duckdb: DuckDBResource
) -> dg.MaterializeResult:
    """The department-year's fact rows, each publication it brings replaced, all in one DuckDB transaction;
    then its headline figures against the year before (``yoy_swings``, on the same connection)."""
    # closing(): DuckDBResource.get_connection() does not close the connection when the body raises,
    # and an open read-write handle in this process would block the read-only readers that follow.
    with duckdb.get_connection() as conn, closing(conn):
        try:
            counts = load_department_year(conn, normalized_tables, run_id=context.run.run_id)
        except DuplicateDocument as error:
            raise dg.Failure(str(error)) from error
        swings = yoy_swings_result(conn, normalized_tables.department, normalized_tables.year)
    files = normalized_tables.files
    provenance = {
        # The schedule compares this digest of the department-year's files with the files' own.
        "source_sha256": combined_sha256([f.sha256 for f in files]),
        "source_files": dg.MetadataValue.md("\n".join(f"- {f.path}" for f in files)),
        "publications": ", ".join(d.document_kind.value for d in normalized_tables.documents),
    }
    rows = {f"rows_{table}": n for table, n in counts.items()} | {"rows_total": sum(counts.values())}
    return dg.MaterializeResult(metadata=rows | provenance, check_results=[swings])


DOCUMENT_ASSETS = [raw_tables, normalized_tables, warehouse_facts]
ALL_ASSETS = DOCUMENT_ASSETS
