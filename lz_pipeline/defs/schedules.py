"""Schedules: daily, stopped until an operator turns them on in the UI (Automation tab).

``stale_documents_daily`` runs every department-year whose files differ from those the published warehouse
says it loaded (``source_document``: the SHA-256 of every file of each publication), or that was never
loaded; ``analytics_daily`` recomputes the derived tables an hour later.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from lz_pipeline.corpus import combined_sha256, discover, file_sha256
from lz_pipeline.defs.jobs import analytics_job, document_job
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.defs.sensors import ChangedDocument
from lz_pipeline.warehouse.publish import WarehouseUnavailable
from lz_pipeline.warehouse.schema import UPGRADE_FILL
from lz_pipeline.warehouse.target import Target, as_target


def loaded_files(database: Target | Path | str) -> dict[str, frozenset[str]]:
    """``<year>/<department>`` → the SHA-256 of every file its loaded publications came from.

    Reads the published file read-only, which never blocks the loaders: they write the working database and
    replace the published file by renaming. Empty when there is no warehouse yet; WarehouseUnavailable when
    it cannot be opened (held read-write by some client, not a DuckDB file, …).
    """
    target = as_target(database)
    if not target.exists():
        return {}
    try:
        conn = target.reader()
    except duckdb.Error as error:
        raise WarehouseUnavailable(Path(target.spec), str(error)) from error
    with closing(conn):
        tables = {name for (name,) in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        columns = {
            name
            for (name,) in conn.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'main' AND table_name = 'source_document'"
            ).fetchall()
        }
        if not columns:
            return {}
        # A warehouse from before multi-file department-years, not yet upgraded by a load: one file each.
        hashes = "file_sha256" if "file_sha256" in columns else UPGRADE_FILL[("source_document", "file_sha256")]
        query = f"SELECT year, department, {hashes} FROM source_document"
        if "department_year_file" in tables:  # every file the last load saw, the unloaded text PDFs too
            query += " UNION ALL SELECT year, department, list(sha256) FROM department_year_file GROUP BY ALL"
        rows = conn.execute(query).fetchall()
    loaded: dict[str, set[str]] = defaultdict(set)
    for year, department, shas in rows:
        loaded[f"{year}/{department}"].update(shas)
    return {name: frozenset(shas) for name, shas in loaded.items()}


@dataclass(frozen=True)
class StaleDocument(ChangedDocument):
    reason: str

    @property
    def tags(self) -> dict[str, str]:
        return super().tags | {"lz/stale": self.reason}


def stale_reason(current: set[str], loaded: frozenset[str] | None) -> str | None:
    """Why a department-year with files of hashes ``current`` must be loaded again; None when it need not."""
    if loaded is None:
        return "never loaded"
    if current - loaded:
        return "a file is new or changed since its load"
    if loaded - current:
        return "a file it was loaded from is gone"
    return None


def stale_documents(raw_dir: Path, loaded: dict[str, frozenset[str]]) -> list[StaleDocument]:
    """The department-years whose files are not those loaded, oldest year first."""
    stale = []
    for document in discover(raw_dir):  # sorted by year, then department
        hashes = [file_sha256(path) for path in document.files]
        reason = stale_reason(set(hashes), loaded.get(f"{document.year}/{document.department}"))
        if reason:
            stale.append(StaleDocument(document, combined_sha256(hashes), reason))
    return stale


@dg.schedule(
    cron_schedule="0 2 * * *",
    target=document_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Load every department-year whose PDFs differ from those the warehouse loaded (or never loaded).",
)
def stale_documents_daily(
    context: dg.ScheduleEvaluationContext, corpus: RawCorpus, duckdb: DuckDBResource
) -> list[dg.RunRequest] | dg.SkipReason:
    try:
        loaded = loaded_files(duckdb.database)
    except WarehouseUnavailable as error:
        return dg.SkipReason(f"nothing requested, the warehouse cannot be read now: {error}")
    stale = stale_documents(corpus.root, loaded)
    # Department-years the sensor has not registered yet (it may be off): the schedule registers them.
    register_documents(context.instance, {document_key(c.document.year, c.document.department) for c in stale})
    return [
        dg.RunRequest(partition_key=document_key(c.document.year, c.document.department), tags=c.tags) for c in stale
    ]


analytics_daily = dg.ScheduleDefinition(
    name="analytics_daily",
    cron_schedule="0 3 * * *",
    target=analytics_job,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Recompute the derived tables (YoY, views) from the warehouse facts.",
)

ALL_SCHEDULES = [stale_documents_daily, analytics_daily]
