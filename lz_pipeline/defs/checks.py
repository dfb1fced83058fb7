"""Asset checks: thin wrappers over the pure identities in ``lz_pipeline.checks``.

The accounting identities are BLOCKING checks on ``normalized_tables``: when one fails, the warehouse
loader of that partition does not run, so numbers that do not add up never reach DuckDB. Other
partitions are unaffected (one run per partition). The advisory checks (unknown codes, YoY swings) only
warn. Every result carries the tolerance or threshold used and a markdown table of the offending rows.
"""

import warnings
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline.checks.advisories import (
    YOY_SWING_THRESHOLD,
    headline_figures,
    swings_markdown,
    unknown_codes,
    unknown_markdown,
    yoy_swings,
)
from lz_pipeline.checks.identities import (
    IDENTITIES,
    IdentityResult,
    combined,
    discrepancies_markdown,
)
from lz_pipeline.defs.assets import DUCKDB_POOL, normalized_tables, warehouse_facts
from lz_pipeline.defs.partitions import document_partitions, split_key
from lz_pipeline.normalize.documents import Publications
from lz_pipeline.warehouse.dimensions import REFERENCE_DIR, read_code_list

normalized_tables_key = normalized_tables.key


def check_metadata(result: IdentityResult) -> dict[str, object]:
    return {
        "tolerance": "one unit of the last printed decimal place per summed cell (0.01 万元, or 1 元)",
        "comparisons": result.compared,
        "not_applicable": result.not_applicable or "",
        "unpaired": len(result.unpaired),
        "discrepancies": len(result.discrepancies),
        "offending_rows": dg.MetadataValue.md(discrepancies_markdown(result)),
    }


def _normalized_specs() -> list[dg.AssetCheckSpec]:
    """The checks of ``normalized_tables``: the seven identities (blocking), then the two that only
    report (``codes_in_code_lists`` warns, ``tables_complete`` is an ERROR that does not block)."""
    # Partitioned checks are "preview" in Dagster 1.13, but an unpartitioned check cannot load one
    # partition of its asset, and per-partition check status is what the operator needs to see.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        identities = [
            dg.AssetCheckSpec(
                identity.__name__,
                asset=normalized_tables,
                description=(identity.__doc__ or "").strip().splitlines()[0],
                blocking=True,
                partitions_def=document_partitions,
            )
            for identity in IDENTITIES
        ]
        reports = [
            dg.AssetCheckSpec(
                name,
                asset=normalized_tables,
                description=description,
                blocking=False,
                partitions_def=document_partitions,
            )
            for name, description in (
                ("codes_in_code_lists", "Every printed code is in its code list."),
                (
                    "tables_complete",
                    "Every table the document's family expects was found and proven;"
                    " lists the quarantined and missing.",
                ),
            )
        ]
    return identities + reports


# One step for every check of the department-year's normalized tables: the document is read once, and each
# step costs a process under the multiprocess executor and its run bookkeeping under any executor. Blocking is
# per check: only a failed identity stops the loader (Dagster fails the step after yielding every result).
@dg.multi_asset_check(specs=_normalized_specs(), name="normalized_tables_checks")
def normalized_tables_checks(normalized_tables: Publications) -> Iterator[dg.AssetCheckResult]:
    for identity in IDENTITIES:
        result = combined(identity, normalized_tables.documents)
        yield dg.AssetCheckResult(
            asset_key=normalized_tables_key,
            check_name=identity.__name__,
            passed=result.passed,
            metadata=check_metadata(result),
        )
    yield codes_in_code_lists(normalized_tables)
    yield tables_complete(normalized_tables)


def _partitioned(**kwargs: object) -> Callable[[Callable[..., dg.AssetCheckResult]], dg.AssetChecksDefinition]:
    """``@dg.asset_check`` per document partition, non-blocking (see ``_normalized_specs`` on preview)."""

    def decorate(fn: Callable[..., dg.AssetCheckResult]) -> dg.AssetChecksDefinition:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dg.PreviewWarning)
            return dg.asset_check(partitions_def=document_partitions, blocking=False, **kwargs)(fn)

    return decorate


def code_lists_for(year: int, reference_dir: Path = REFERENCE_DIR) -> dict[str, set[str]]:
    """The codes valid in ``year`` per code kind, from the versioned lists that exist."""
    known = {}
    for kind in ("function", "economic"):
        path = reference_dir / f"{kind}_codes.csv"
        if path.exists():
            known[kind] = {e.code for e in read_code_list(path, kind) if e.valid_in(year)}
    return known


def codes_in_code_lists(normalized_tables: Publications) -> dg.AssetCheckResult:
    """WARN when a printed code is in none of the code lists valid in the document's year."""
    known = code_lists_for(normalized_tables.year)
    unknown = [code for doc in normalized_tables.documents for code in unknown_codes(doc, known)]
    return dg.AssetCheckResult(
        asset_key=normalized_tables_key,
        check_name="codes_in_code_lists",
        passed=not unknown,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "code_lists": ", ".join(sorted(known)) or "none found: nothing checked",
            "unknown_codes": len(unknown),
            "offending_rows": dg.MetadataValue.md(unknown_markdown(unknown) if unknown else "none"),
        },
    )


@_partitioned(
    asset=warehouse_facts,
    name="yoy_swings",
    description=f"收、支总计, 类, 基本 and 项目 moved by at most {YOY_SWING_THRESHOLD:%} against the year before.",
    pool=DUCKDB_POOL,  # it opens the warehouse: wait for the writer slot like every other connection
)
def yoy_swings_check(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource) -> dg.AssetCheckResult:
    year, department = split_key(context)
    with duckdb.get_connection() as conn, closing(conn):
        current = headline_figures(conn, department, year)
        previous = headline_figures(conn, department, year - 1)
    swings = yoy_swings(current, previous)
    return dg.AssetCheckResult(
        passed=not swings,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "threshold": f"{YOY_SWING_THRESHOLD:%} of the previous year's figure",
            "previous_year_loaded": bool(previous),
            "figures_compared": len(current.keys() & previous.keys()),
            "offending_rows": dg.MetadataValue.md(swings_markdown(swings) if swings else "none"),
        },
    )


def tables_complete(normalized_tables: Publications) -> dg.AssetCheckResult:
    """ERROR when a table was quarantined or is missing; not blocking, so the proven tables still load."""
    problems = [
        (doc.document_kind.value, s)
        for doc in normalized_tables.documents
        for s in doc.statuses
        if s.status in ("quarantined", "missing")
    ]
    lines = ["| publication | table | status | reason |", "|---|---|---|---|"]
    lines += [
        f"| {kind} | {s.title or s.kind_key} | {s.status} | {(s.reason or '').replace('|', '/')} |"
        for kind, s in problems
    ]
    return dg.AssetCheckResult(
        asset_key=normalized_tables_key,
        check_name="tables_complete",
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "quarantined": len([s for _, s in problems if s.status == "quarantined"]),
            "missing": len([s for _, s in problems if s.status == "missing"]),
            "tables": dg.MetadataValue.md("\n".join(lines) if problems else "all found and proven"),
        },
    )


IDENTITY_CHECKS = [normalized_tables_checks]  # the identities, with the two reports on the same document
ADVISORY_CHECKS = [yoy_swings_check]
ALL_CHECKS = [*IDENTITY_CHECKS, *ADVISORY_CHECKS]
