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
from lz_pipeline.defs.partitions import document_partitions
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


def _identity_specs() -> list[dg.AssetCheckSpec]:
    # Partitioned checks are "preview" in Dagster 1.13, but an unpartitioned check cannot load one
    # partition of its asset, and per-partition check status is what the operator needs to see.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return [
            dg.AssetCheckSpec(
                identity.__name__,
                asset=normalized_tables,
                description=(identity.__doc__ or "").strip().splitlines()[0],
                blocking=True,
                partitions_def=document_partitions,
            )
            for identity in IDENTITIES
        ]


# One step for all seven identities: the document is loaded once, and under the multiprocess executor
# every step is a process of its own.
@dg.multi_asset_check(specs=_identity_specs(), name="accounting_identities")
def accounting_identities(normalized_tables: Publications) -> Iterator[dg.AssetCheckResult]:
    for identity in IDENTITIES:
        result = combined(identity, normalized_tables.documents)
        yield dg.AssetCheckResult(
            asset_key=normalized_tables_key,
            check_name=identity.__name__,
            passed=result.passed,
            metadata=check_metadata(result),
        )


def _partitioned(**kwargs: object) -> Callable[[Callable[..., dg.AssetCheckResult]], dg.AssetChecksDefinition]:
    """``@dg.asset_check`` per document partition, non-blocking (see ``_identity_specs`` on preview)."""

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


@_partitioned(
    asset=normalized_tables, name="codes_in_code_lists", description="Every printed code is in its code list."
)
def codes_in_code_lists(normalized_tables: Publications) -> dg.AssetCheckResult:
    known = code_lists_for(normalized_tables.year)
    unknown = [code for doc in normalized_tables.documents for code in unknown_codes(doc, known)]
    return dg.AssetCheckResult(
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
    keys = document_partitions.get_partition_key_from_str(context.partition_key).keys_by_dimension
    department, year = keys["department"], int(keys["year"])
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


@_partitioned(
    asset=normalized_tables,
    name="tables_complete",
    description="Every table the document's family expects was found and proven; lists the quarantined and missing.",
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
        passed=not problems,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "quarantined": len([s for _, s in problems if s.status == "quarantined"]),
            "missing": len([s for _, s in problems if s.status == "missing"]),
            "tables": dg.MetadataValue.md("\n".join(lines) if problems else "all found and proven"),
        },
    )


IDENTITY_CHECKS = [accounting_identities]
ADVISORY_CHECKS = [codes_in_code_lists, yoy_swings_check, tables_complete]
ALL_CHECKS = [*IDENTITY_CHECKS, *ADVISORY_CHECKS]
