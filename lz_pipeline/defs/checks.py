"""Asset checks: thin wrappers over the pure identities in ``lz_pipeline.checks``, evaluated in the step of
the asset they check (``check_specs``): a step costs a process under the multiprocess executor and its
bookkeeping under any executor, and the value checked is already in memory there.

The accounting identities are BLOCKING checks on ``normalized_tables``: when one fails, the warehouse
loader of that partition does not run, so numbers that do not add up never reach DuckDB. Other
partitions are unaffected (one run per partition). The advisory checks (unknown codes, YoY swings) only
warn. Every result carries the tolerance or threshold used and a markdown table of the offending rows.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg

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
from lz_pipeline.normalize.documents import Publications
from lz_pipeline.warehouse.dimensions import REFERENCE_DIR, read_code_list

normalized_tables_key = dg.AssetKey("normalized_tables")
warehouse_facts_key = dg.AssetKey("warehouse_facts")


def check_metadata(result: IdentityResult) -> dict[str, object]:
    return {
        "tolerance": "one unit of the last printed decimal place per summed cell (0.01 万元, or 1 元)",
        "comparisons": result.compared,
        "not_applicable": result.not_applicable or "",
        "unpaired": len(result.unpaired),
        "discrepancies": len(result.discrepancies),
        "offending_rows": dg.MetadataValue.md(discrepancies_markdown(result)),
    }


def normalized_check_specs() -> list[dg.AssetCheckSpec]:
    """The checks of ``normalized_tables``: the seven identities (blocking), then the two that only
    report (``codes_in_code_lists`` warns, ``tables_complete`` is an ERROR that does not block)."""
    identities = [
        dg.AssetCheckSpec(
            identity.__name__,
            asset=normalized_tables_key,
            description=(identity.__doc__ or "").strip().splitlines()[0],
            blocking=True,
        )
        for identity in IDENTITIES
    ]
    reports = [
        dg.AssetCheckSpec(name, asset=normalized_tables_key, description=description, blocking=False)
        for name, description in (
            ("codes_in_code_lists", "Every printed code is in its code list."),
            (
                "tables_complete",
                "Every table the document's family expects was found and proven; lists the quarantined and missing.",
            ),
        )
    ]
    return identities + reports


def normalized_check_results(normalized_tables: Publications) -> Iterator[dg.AssetCheckResult]:
    """Every check of ``normalized_tables``, each reported whatever the others found (blocking is per check:
    only a failed identity stops the loader)."""
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


YOY_SWINGS_SPEC = dg.AssetCheckSpec(
    "yoy_swings",
    asset=warehouse_facts_key,
    description=f"收、支总计, 类, 基本 and 项目 moved by at most {YOY_SWING_THRESHOLD:%} against the year before.",
    blocking=False,
)


def yoy_swings_result(conn, department: str, year: int) -> dg.AssetCheckResult:
    """WARN when a headline figure of the loaded department-year moved by more than the threshold."""
    current = headline_figures(conn, department, year)
    previous = headline_figures(conn, department, year - 1)
    swings = yoy_swings(current, previous)
    return dg.AssetCheckResult(
        asset_key=warehouse_facts_key,
        check_name=YOY_SWINGS_SPEC.name,
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
