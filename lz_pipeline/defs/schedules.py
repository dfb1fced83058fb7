"""Schedules: daily, stopped until an operator turns them on in the UI (Automation tab).

``stale_documents_daily`` runs every department-year whose PDFs' bytes differ from the bytes its last
successful load came from (or that was never loaded); ``analytics_daily`` recomputes the derived tables
an hour later.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from lz_pipeline.defs.assets import warehouse_facts
from lz_pipeline.defs.jobs import analytics_job, document_job
from lz_pipeline.defs.partitions import document_key, register_departments, year_partitions
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.defs.sensors import ChangedDocument, fingerprint


def loaded_hashes(instance: dg.DagsterInstance, asset_key: dg.AssetKey = warehouse_facts.key) -> dict[str, str]:
    """Partition key → ``source_sha256`` of its latest successful load."""
    latest: dict[str, str] = {}
    cursor = None
    while True:
        page = instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=asset_key), limit=1000, cursor=cursor, ascending=False
        )
        for record in page.records:
            materialization = record.asset_materialization
            sha = materialization.metadata.get("source_sha256") if materialization else None
            if record.partition_key and sha is not None:
                latest.setdefault(record.partition_key, sha.value)
        if not page.has_more:
            return latest
        cursor = page.cursor


def stale_documents(raw_dir: Path, loaded: dict[str, str]) -> list[ChangedDocument]:
    """The documents whose file hash differs from the hash of their last load, oldest year first."""
    years = set(year_partitions.get_partition_keys())
    stale = []
    for document, sha in fingerprint(raw_dir).values():
        key = document_key(document.year, document.department)
        if str(document.year) in years and loaded.get(key) != sha:
            stale.append(ChangedDocument(document, sha))
    return sorted(stale, key=lambda c: (c.document.year, c.document.department))


@dg.schedule(
    cron_schedule="0 2 * * *",
    target=document_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Load every department-year whose PDF changed since its last load (or was never loaded).",
)
def stale_documents_daily(context: dg.ScheduleEvaluationContext, corpus: RawCorpus) -> list[dg.RunRequest]:
    stale = stale_documents(corpus.root, loaded_hashes(context.instance))
    # Departments the sensor has not registered yet (it may be off): the schedule registers them.
    register_departments(context.instance, {c.document.department for c in stale})
    return [
        dg.RunRequest(
            partition_key=document_key(c.document.year, c.document.department),
            tags=c.tags,
        )
        for c in stale
    ]


analytics_daily = dg.ScheduleDefinition(
    name="analytics_daily",
    cron_schedule="0 3 * * *",
    target=analytics_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Recompute the derived tables (YoY, views) from the warehouse facts.",
)

ALL_SCHEDULES = [stale_documents_daily, analytics_daily]
