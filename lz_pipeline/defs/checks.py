"""Asset checks: thin wrappers over the pure identities in ``lz_pipeline.checks``.

The accounting identities are BLOCKING checks on ``normalized_tables``: when one fails, the warehouse
loader of that partition does not run, so numbers that do not add up never reach DuckDB. Other
partitions are unaffected (one run per partition).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import dagster as dg

from lz_pipeline.checks.identities import (
    IDENTITIES,
    TOLERANCE_PER_CELL,
    IdentityResult,
    discrepancies_markdown,
)
from lz_pipeline.defs.assets import normalized_tables
from lz_pipeline.defs.partitions import document_partitions
from lz_pipeline.normalize.tables import NormalizedDocument


def check_metadata(result: IdentityResult) -> dict[str, object]:
    return {
        "tolerance": f"{TOLERANCE_PER_CELL} 万元 per summed cell",
        "comparisons": result.compared,
        "discrepancies": len(result.discrepancies),
        "offending_rows": dg.MetadataValue.md(discrepancies_markdown(result)),
    }


def _identity_check(identity: Callable[[NormalizedDocument], IdentityResult]) -> dg.AssetChecksDefinition:
    # Partitioned checks are "preview" in Dagster 1.13, but an unpartitioned check cannot load one
    # partition of its asset, and per-partition check status is what the operator needs to see.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return _partitioned_check(identity)


def _partitioned_check(identity: Callable[[NormalizedDocument], IdentityResult]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=normalized_tables,
        name=identity.__name__,
        description=(identity.__doc__ or "").strip().splitlines()[0],
        blocking=True,
        partitions_def=document_partitions,
    )
    def _check(normalized_tables: NormalizedDocument) -> dg.AssetCheckResult:
        result = identity(normalized_tables)
        return dg.AssetCheckResult(passed=result.passed, metadata=check_metadata(result))

    return _check


IDENTITY_CHECKS = [_identity_check(identity) for identity in IDENTITIES]
ALL_CHECKS = [*IDENTITY_CHECKS]
