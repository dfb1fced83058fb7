"""Asset checks: thin wrappers over the pure identities in ``lz_pipeline.checks``.

The accounting identities are BLOCKING checks on ``normalized_tables``: when one fails, the warehouse
loader of that partition does not run, so numbers that do not add up never reach DuckDB. Other
partitions are unaffected (one run per partition).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

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

normalized_tables_key = normalized_tables.key


def check_metadata(result: IdentityResult) -> dict[str, object]:
    return {
        "tolerance": f"{TOLERANCE_PER_CELL} 万元 per summed cell",
        "comparisons": result.compared,
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
def accounting_identities(normalized_tables: NormalizedDocument) -> Iterator[dg.AssetCheckResult]:
    for identity in IDENTITIES:
        result = identity(normalized_tables)
        yield dg.AssetCheckResult(
            asset_key=normalized_tables_key,
            check_name=identity.__name__,
            passed=result.passed,
            metadata=check_metadata(result),
        )


IDENTITY_CHECKS = [accounting_identities]
ALL_CHECKS = [*IDENTITY_CHECKS]
