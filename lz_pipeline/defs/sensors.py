"""Sensor: a new or changed PDF under the raw folder → its department partition and one run.

A change is a change of bytes (SHA-256 of a department-year's files, see ``corpus``); size and mtime only
decide what must be read: a department-year whose files all have the (size, mtime_ns) the cursor remembers
is not hashed at all. A touched file (new mtime, same bytes) is hashed once and requests nothing.

The cursor is bounded by the corpus, not by its history: per department-year its digest and its files'
(size, mtime_ns), plus one change counter. The run key is the digest and the change's number, so the same
bytes seen again request nothing, but bytes reverted to an earlier version are a new change and run again.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from lz_pipeline.corpus import DepartmentYear, combined_sha256, discover, file_sha256
from lz_pipeline.defs.jobs import document_job
from lz_pipeline.defs.partitions import document_key, document_partitions
from lz_pipeline.defs.resources import RawCorpus

CURSOR_VERSION = 2
# A file modified this close to the scan may be modified again within the filesystem's mtime granularity
# without its (size, mtime) changing ("racy git"): its mtime is not remembered, so the next tick hashes it again.
RACY_NS = 2_000_000_000
LOG = logging.getLogger(__name__)

FileStat = tuple[int, int | None]  # size, mtime_ns (None: not to be trusted, hash again)


@dataclass(frozen=True)
class ChangedDocument:
    document: DepartmentYear
    sha256: str

    @property
    def tags(self) -> dict[str, str]:
        files = "; ".join(str(path) for path in self.document.files)
        return {"lz/source_file": files[:4000], "lz/source_sha256": self.sha256}


@dataclass(frozen=True)
class Change(ChangedDocument):
    number: int  # the cursor's change counter: bytes reverted to an earlier version get a new number

    @property
    def run_key(self) -> str:
        return f"{self.sha256}#{self.number}"


@dataclass(frozen=True)
class Seen:
    digest: str
    files: dict[str, FileStat] | None  # name under the year folder → stat; None: from a cursor without stats


@dataclass
class Cursor:
    changes: int = 0
    department_years: dict[str, Seen] = field(default_factory=dict)  # "<year>/<department>" → what was seen

    @classmethod
    def parse(cls, text: str | None) -> Cursor:
        """A cursor of this version, or of the first ({"<year>/<department>": digest}); ValueError otherwise."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            if isinstance(data, dict) and data.get("version") == CURSOR_VERSION:
                return cls(
                    int(data["changes"]),
                    {
                        name: Seen(digest, {file: (size, mtime) for file, (size, mtime) in files.items()})
                        for name, (digest, files) in data["department_years"].items()
                    },
                )
        except (KeyError, TypeError, ValueError) as error:  # json.JSONDecodeError is a ValueError
            raise ValueError(f"not a raw_pdf_sensor cursor ({error}): {text[:80]!r}") from error
        if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()):
            return cls(0, {name: Seen(digest, None) for name, digest in data.items()})
        raise ValueError(f"not a raw_pdf_sensor cursor: {text[:80]!r}")

    def dumps(self) -> str:
        years = {name: [seen.digest, seen.files] for name, seen in self.department_years.items()}
        data = {"version": CURSOR_VERSION, "changes": self.changes, "department_years": years}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class Scan:
    changed: list[Change]
    cursor: Cursor
    hashed: int  # files read this tick
    files: int
    unreadable: list[str] = field(default_factory=list)  # department-years skipped this tick, and why


def _stats(root: Path, document: DepartmentYear, now_ns: int) -> dict[str, FileStat]:
    year_dir = root / str(document.year)
    stats: dict[str, FileStat] = {}
    for path in document.files:
        stat = os.stat(path)
        mtime = stat.st_mtime_ns if stat.st_mtime_ns < now_ns - RACY_NS else None
        stats[os.path.relpath(path, year_dir)] = (stat.st_size, mtime)
    return stats


def scan(raw_dir: Path, previous: Cursor, hash_file: Callable[[Path], str] = file_sha256) -> Scan:
    """The department-years whose bytes differ from ``previous``, hashing only those whose files' stats do."""
    root = raw_dir.resolve()
    now_ns = time.time_ns()
    changes, hashed, files = previous.changes, 0, 0
    changed: list[Change] = []
    remembered: dict[str, Seen] = {}
    unreadable: list[str] = []
    for document in discover(root):
        name = f"{document.year}/{document.department}"
        before = previous.department_years.get(name)
        files += len(document.files)
        try:
            stats = _stats(root, document, now_ns)
            if before is not None and before.files == stats and None not in (m for _, m in stats.values()):
                remembered[name] = before
                continue
            digest = combined_sha256([hash_file(path) for path in document.files])
            hashed += len(document.files)
        except OSError as error:  # removed while scanned, unreadable: looked at again next tick
            unreadable.append(f"{name}: {error}")
            if before is not None:
                remembered[name] = before
            continue
        if before is None or before.digest != digest:
            changes += 1
            changed.append(Change(document, digest, changes))
        remembered[name] = Seen(digest, stats)
    return Scan(changed, Cursor(changes, remembered), hashed, files, unreadable)


def sensor_result(
    found: Scan,
    previous: str | None,
    known: set[str],
    log: logging.Logger | logging.LoggerAdapter = LOG,
) -> dg.SensorResult | dg.SkipReason:
    """What one tick asks of Dagster: runs for the changes, the department-years to add as partitions and
    those whose PDFs are all gone to remove, the cursor."""
    for problem in found.unreadable:
        log.warning(problem)
    runnable = found.changed
    present = {document_key(*_year_department(name)) for name in found.cursor.department_years}
    # An empty corpus (a folder not mounted yet, say) removes nothing: only files that went do.
    new, gone = sorted(present - known), sorted(known - present) if present else []
    requests = [document_partitions.build_add_request(new)] if new else []
    requests += [document_partitions.build_delete_request(gone)] if gone else []
    cursor = found.cursor.dumps()
    hashed = f"{found.hashed} of {found.files} files hashed"
    if not runnable and not requests:
        skip = f"no new or changed PDF among {len(found.cursor.department_years)} department-years ({hashed})"
        # A touched file's new mtime is still worth remembering: it is not hashed again.
        return dg.SkipReason(skip) if cursor == previous else dg.SensorResult(skip_reason=skip, cursor=cursor)
    log.info(f"{len(runnable)} changed department-year(s), {hashed}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                partition_key=document_key(c.document.year, c.document.department),
                run_key=c.run_key,
                tags=c.tags,
            )
            for c in runnable
        ],
        dynamic_partitions_requests=requests,
        cursor=cursor,
    )


def _year_department(name: str) -> tuple[int, str]:
    year, _, department = name.partition("/")  # the cursor's "<year>/<department>"
    return int(year), department


@dg.sensor(
    target=document_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="New or changed PDF (by SHA-256) under the raw folder: add its department-year, run its partition.",
)
def raw_pdf_sensor(context: dg.SensorEvaluationContext, corpus: RawCorpus) -> dg.SensorResult | dg.SkipReason:
    try:
        previous = Cursor.parse(context.cursor)
    except ValueError as error:  # json.JSONDecodeError is one
        context.log.warning(f"cursor unreadable, every department-year is new again: {error}")
        previous = Cursor()
    known = set(context.instance.get_dynamic_partitions(document_partitions.name))
    return sensor_result(scan(corpus.root, previous), context.cursor, known, context.log)


ALL_SENSORS = [raw_pdf_sensor]
