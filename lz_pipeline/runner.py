"""Materialize the whole corpus in-process: every document partition, then the derived assets."""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from lz_pipeline import settings
from lz_pipeline.corpus import DepartmentYear, discover
from lz_pipeline.defs.analytics_assets import CORPUS_ANALYTICS_ASSETS, PARTITION_ANALYTICS_ASSETS
from lz_pipeline.defs.assets import ALL_ASSETS, DOCUMENT_ASSETS
from lz_pipeline.defs.derived_assets import DERIVED_ASSETS
from lz_pipeline.defs.partitions import document_key, document_partitions, register_documents
from lz_pipeline.defs.reference_assets import REFERENCE_ASSETS
from lz_pipeline.defs.resources import corpus_resources
from lz_pipeline.instance import ensure_home, reap_dead_runs, run_tags, size_writer_pool
from lz_pipeline.progress import Progress
from lz_pipeline.warehouse.publish import held_writer
from lz_pipeline.warehouse.target import FileWarehouse, LakeWarehouse, Target, as_target, configured

INTERRUPTED = "DagsterExecutionInterruptedError"
# Seconds between publishes while department-years load: readers see whole department-years at most this
# far (and one run) behind; each publish is a CHECKPOINT and a copy of the whole file (make bench: figures).
PUBLISH_EVERY = 5.0


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM: the corpus run stops after the step it interrupted (which Dagster failed)."""

    def __init__(self, signum: int, where: str) -> None:
        super().__init__(f"{signal.Signals(signum).name} {where}".strip())
        self.signum = signum


class StopSignals:
    """Which of SIGINT / SIGTERM arrived, whichever handler took it.

    Dagster swaps the handlers during a run: in a step the signal fails that step, between steps it is
    only noted, and ``materialize`` returns as if a document had failed. The wakeup descriptor sees
    every signal that reaches a Python handler, so the corpus loop can stop either way.
    """

    def __enter__(self) -> StopSignals:
        self.read_end, self.write_end = os.pipe()
        os.set_blocking(self.read_end, False)
        os.set_blocking(self.write_end, False)
        self.active = threading.current_thread() is threading.main_thread()
        self.where = ""  # what the corpus loop is doing, for the message
        if self.active:
            self.previous_fd = signal.set_wakeup_fd(self.write_end)
            # SIGINT too: a process started with SIGINT ignored (a shell's background job, a test worker's child)
            # would otherwise have SIGTERM ignored after the first run, as Dagster maps SIGTERM to whatever SIGINT
            # was when it restores its handlers.
            self.previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
            self.previous_term = signal.signal(signal.SIGTERM, signal.default_int_handler)  # as SIGINT
        return self

    def received(self) -> int | None:
        try:
            data = os.read(self.read_end, 64)
        except BlockingIOError:
            return None
        signals = [b for b in data if b in (signal.SIGINT, signal.SIGTERM)]
        return signals[-1] if signals else None

    def check(self, result: dg.ExecuteInProcessResult) -> None:
        signum = self.received()
        if signum is None and _interrupted(result):
            signum = signal.SIGINT
        if signum is not None:
            raise Stopped(signum, self.where)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> None:
        signum = self.received() if kind is KeyboardInterrupt else None
        if self.active:
            signal.set_wakeup_fd(self.previous_fd)
            signal.signal(signal.SIGINT, self.previous_int)
            signal.signal(signal.SIGTERM, self.previous_term)
        os.close(self.read_end)
        os.close(self.write_end)
        if signum is not None:  # a KeyboardInterrupt that escaped Dagster: say which signal it was
            raise Stopped(signum, self.where) from error


@dataclass
class CorpusRun:
    loaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)  # "partition: check" of every failed check
    # Failed ERROR checks that do not block the load (tables_complete: a table quarantined or missing).
    incomplete: list[str] = field(default_factory=list)

    def record_checks(self, key: str, result: dg.ExecuteInProcessResult) -> None:
        for evaluation in result.get_asset_check_evaluations():
            if evaluation.passed:
                self.checks_passed += 1
            else:
                self.checks_failed.append(f"{key}: {evaluation.check_name}")
                if evaluation.severity == dg.AssetCheckSeverity.ERROR and key in self.loaded:
                    self.incomplete.append(f"{key}: {evaluation.check_name}")

    @property
    def complete(self) -> bool:
        """Every partition loaded with every table: ``lz-pipeline run`` exits 0."""
        return not self.failed and not self.incomplete


def _interrupted(result: dg.ExecuteInProcessResult) -> bool:
    """Dagster turns SIGINT (and SIGTERM) inside a step into a step failure and carries on with the
    next run: seen here, it means stop."""
    return any(
        event.is_step_failure
        and event.step_failure_data
        and event.step_failure_data.error
        and event.step_failure_data.error.cls_name == INTERRUPTED
        for event in result.all_events
    )


def _failure_message(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            # Failure's message carries our typed error's text; drop the class path Dagster prefixes.
            return error.message.split(f"{error.cls_name}: ", 1)[-1].strip()
    return "run failed"


def materialize_corpus(
    instance: dg.DagsterInstance, raw_dir: Path, warehouse: Target | Path, progress: Progress | None = None
) -> CorpusRun:
    """One run per department-year (a bad PDF fails only its own), then the reference and derived tables.

    The blocking identity checks run in each department-year's run: a document whose numbers do not
    add up fails before its loader, and nothing of it reaches the warehouse. Every write goes to the
    working database, held open by this process while the department-years load; a department-year's run
    publishes it to ``warehouse`` when it ends (its facts and claims at once) if the last publish is
    PUBLISH_EVERY seconds old, the loop publishes when it ends, and so does each derived step. A SIGINT or
    SIGTERM stops the corpus (KeyboardInterrupt) after Dagster has failed the step it interrupted.
    """
    documents = discover(raw_dir)
    register_documents(instance, {document_key(d.year, d.department) for d in documents})
    resources = corpus_resources(raw_dir, warehouse)
    # A department-year's run publishes at its end (its facts and narrative claims together), when due: nothing
    # else writes beside this in-process loop. The derived runs publish per step (dbt opens the working
    # database itself, so the held connection is released first; report_charts reads the published file).
    per_run = corpus_resources(raw_dir, warehouse, publish_per="run")
    outcome = CorpusRun()
    with StopSignals() as signals, _frozen_heap():
        with _held(as_target(warehouse)):
            for index, document in enumerate(documents, 1):
                _materialize_document(instance, per_run, outcome, index, document, progress, signals)
        if outcome.loaded:
            if progress:
                progress.step("derived tables: code lists, YoY, shares, narrative check, charts")
            outcome.failed.update(materialize_derived(instance, resources, signals))
    return outcome


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """What is alive before the runs (modules, definitions, the instance) frozen out of the cyclic garbage
    collector while they run: every full collection would scan it again, and extraction allocates enough to
    trigger many (about 0.15 s per document on the sample corpus, make bench). Unfrozen afterwards, so a
    process that calls this repeatedly (the tests) collects as usual."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _held(target: Target) -> AbstractContextManager[object]:
    """A file's working database held open for the department-year runs, published at most every
    PUBLISH_EVERY seconds and when they end (a lake's commits are already what readers see)."""
    return held_writer(target.path, PUBLISH_EVERY) if isinstance(target, FileWarehouse) else nullcontext()


def _materialize_document(
    instance: dg.DagsterInstance,
    resources: dict[str, object],
    outcome: CorpusRun,
    index: int,
    document: DepartmentYear,
    progress: Progress | None,
    signals: StopSignals,
) -> None:
    key = document_key(document.year, document.department)
    label = f"{document.year}/{document.files[0].name if len(document.files) == 1 else document.department + '/'}"
    started = time.perf_counter()
    signals.where = f"while loading {label}"
    if progress:
        progress.document_started(index, label)
    result = dg.materialize(
        [*DOCUMENT_ASSETS, *PARTITION_ANALYTICS_ASSETS],
        partition_key=key,
        instance=instance,
        resources=resources,
        raise_on_error=False,
        tags=run_tags(),
    )
    signals.check(result)
    signals.where = f"after loading {label}"
    if result.success:
        outcome.loaded.append(key)
    else:
        outcome.failed[key] = _failure_message(result)
    outcome.record_checks(key, result)
    if progress:
        incomplete = next((e for e in result.get_asset_check_evaluations() if e.check_name == "tables_complete"), None)
        verdict = "FAILED" if not result.success else "ok"
        if result.success and incomplete is not None and not incomplete.passed:
            counts = {k: incomplete.metadata[k].value for k in ("quarantined", "missing")}
            verdict = "ok but " + ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        progress.document_finished(index, label, verdict, time.perf_counter() - started)


def materialize_derived(
    instance: dg.DagsterInstance, resources: dict[str, object], signals: StopSignals | None = None
) -> dict[str, str]:
    """After the loads: the code lists and departments (data/reference) that views and analytics join,
    then everything recomputed from the facts (YoY, shares, narrative checks, charts).

    Returns what failed ("reference tables" / "derived tables" → message); the loads stay published."""
    derived = [*DERIVED_ASSETS, *CORPUS_ANALYTICS_ASSETS]
    runs = {
        "reference tables": (REFERENCE_ASSETS, None),
        "derived tables": ([*ALL_ASSETS, *PARTITION_ANALYTICS_ASSETS, *REFERENCE_ASSETS, *derived], derived),
    }
    failed = {}
    for name, (assets, selection) in runs.items():
        if signals:
            signals.where = f"while computing the {name}"
        result = dg.materialize(
            assets, selection=selection, instance=instance, resources=resources, raise_on_error=False, tags=run_tags()
        )
        if signals:
            signals.check(result)
        if not result.success:
            failed[name] = _failure_message(result)
    return failed


def document_job_definition() -> dg.JobDefinition:
    """``document_job`` as ``defs`` resolves it: reconstructable by name in run-worker processes."""
    from lz_pipeline.definitions import defs  # deferred: definitions is the heavier import

    return defs.resolve_job_def("document_job")


def _run_partition(partition_key: str) -> tuple[str, str, bool]:
    """One run of ``document_job`` for one partition, against the instance of ``DAGSTER_HOME``."""
    with dg.DagsterInstance.get() as instance:
        result = dg.execute_job(
            dg.reconstructable(document_job_definition),
            instance,
            tags=document_partitions.get_tags_for_partition_key(partition_key),
            raise_on_error=False,
        )
        return partition_key, result.run_id, result.success


def backfill(partition_keys: list[str], parallel_runs: int = 2) -> dict[str, tuple[str, bool]]:
    """Partition key → (run id, success): one run per partition, ``parallel_runs`` at a time.

    What the daemon does with a multi-run backfill, without a daemon: each run is a process of its
    own, executes its steps with the multiprocess executor, and claims a slot of pool ``duckdb`` (limit
    1 in ``DAGSTER_HOME/dagster.yaml``) for its warehouse write, so extraction runs in parallel and
    loads run one after another.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(parallel_runs, mp_context=context) as pool:
        return {key: (run_id, ok) for key, run_id, ok in pool.map(_run_partition, partition_keys)}


def partition_keys(
    raw_dir: Path, years: tuple[int, int] | None = None, departments: list[str] | None = None
) -> list[str]:
    """Partition keys of the department-years under ``raw_dir`` (either layout) in a year range and among
    some departments."""
    return [
        document_key(d.year, d.department)
        for d in discover(raw_dir)
        if (years is None or years[0] <= d.year <= years[1]) and (not departments or d.department in departments)
    ]


def _year_range(text: str) -> tuple[int, int]:
    first, _, last = text.partition("...")  # Dagster's range syntax: 2019...2023
    return int(first), int(last or first)


def main(argv: list[str] | None = None) -> int:
    """``python -m lz_pipeline.runner keys|backfill --years 2019...2023 [--department NAME]…``"""
    parser = argparse.ArgumentParser(prog="python -m lz_pipeline.runner", description=main.__doc__)
    parser.add_argument("command", choices=["keys", "backfill"])
    parser.add_argument("--years", type=_year_range, help="a year or a range: 2019...2023")
    parser.add_argument("--department", action="append", help="repeat for several; default: all")
    parser.add_argument("--parallel-runs", type=int, default=2)
    args = parser.parse_args(argv)
    keys = partition_keys(settings.raw_dir(), args.years, args.department)
    if args.command == "keys":  # for `dagster job backfill --partitions "$(…)"`
        print(",".join(keys))
        return 0
    target = configured()
    ensure_home(target.base)  # DAGSTER_HOME, inherited by the run processes
    with dg.DagsterInstance.get() as instance:
        for note in reap_dead_runs(instance):
            print(note)
        register_documents(instance, keys)
        slots = size_writer_pool(instance, isinstance(target, LakeWarehouse), args.parallel_runs)
    print(f"{len(keys)} partitions, {args.parallel_runs} runs at once, {slots} writer slot(s) into {target}")
    started = time.perf_counter()
    outcome = backfill(keys, args.parallel_runs)
    failed = sorted(key for key, (_, ok) in outcome.items() if not ok)
    print(f"{len(keys) - len(failed)} of {len(keys)} partitions loaded in {time.perf_counter() - started:.1f} s")
    for key in failed:
        print(f"failed: {key} (run {outcome[key][0]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
