"""Sensor: a new or changed PDF under the raw folder → its department partition and one run.

Changes are detected by content (SHA-256), never by mtime: a file copied over with the same bytes, or
touched, requests nothing. A department-year is every PDF of it (either layout, see ``corpus``): its
digest is that of its files, so a budget added beside a 决算 re-runs the department-year. The cursor holds
the last seen digest of every department-year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from lz_pipeline.corpus import DepartmentYear, combined_sha256, discover, file_sha256
from lz_pipeline.defs.jobs import document_job
from lz_pipeline.defs.partitions import department_partitions, document_key, year_partitions
from lz_pipeline.defs.resources import RawCorpus


@dataclass(frozen=True)
class ChangedDocument:
    document: DepartmentYear
    sha256: str

    @property
    def tags(self) -> dict[str, str]:
        files = "; ".join(str(path) for path in self.document.files)
        return {"lz/source_file": files[:4000], "lz/source_sha256": self.sha256}


def fingerprint(raw_dir: Path) -> dict[str, tuple[DepartmentYear, str]]:
    """Every department-year by ``<year>/<department>``, with the digest of its files."""
    return {
        f"{d.year}/{d.department}": (d, combined_sha256([file_sha256(path) for path in d.files]))
        for d in discover(raw_dir)
    }


def changed_documents(
    current: dict[str, tuple[DepartmentYear, str]], seen: dict[str, str]
) -> tuple[list[ChangedDocument], dict[str, str]]:
    """The department-years whose bytes are new or differ from ``seen``, and the digests to remember next."""
    changed = [ChangedDocument(doc, sha) for name, (doc, sha) in sorted(current.items()) if seen.get(name) != sha]
    return changed, {name: sha for name, (_, sha) in current.items()}


@dg.sensor(
    target=document_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="New or changed PDF (by SHA-256) under the raw folder: add its department, run its partition.",
)
def raw_pdf_sensor(context: dg.SensorEvaluationContext, corpus: RawCorpus) -> dg.SensorResult | dg.SkipReason:
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    changed, remembered = changed_documents(fingerprint(corpus.root), seen)
    years = set(year_partitions.get_partition_keys())
    runnable = []
    for change in changed:
        if str(change.document.year) in years:
            runnable.append(change)
        else:  # outside the year partitions (before FIRST_YEAR): nothing to run it in
            context.log.warning(f"{change.document.key}: year {change.document.year} is not a partition")
    known = set(context.instance.get_dynamic_partitions(department_partitions.name))
    new_departments = sorted({c.document.department for c in runnable} - known)
    if not runnable and remembered == seen:
        return dg.SkipReason(f"no new or changed PDF among {len(remembered)} department-years")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                partition_key=document_key(c.document.year, c.document.department),
                run_key=c.sha256,  # the same bytes are the same document: never run twice
                tags=c.tags,
            )
            for c in runnable
        ],
        dynamic_partitions_requests=[department_partitions.build_add_request(new_departments)]
        if new_departments
        else [],
        cursor=json.dumps(remembered, ensure_ascii=False, sort_keys=True),
    )


ALL_SENSORS = [raw_pdf_sensor]
