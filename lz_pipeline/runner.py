"""Materialize the whole corpus in-process: every document partition, then the derived assets."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from lz_pipeline import settings
from lz_pipeline.corpus import discover
from lz_pipeline.defs.analytics_assets import CORPUS_ANALYTICS_ASSETS, PARTITION_ANALYTICS_ASSETS
from lz_pipeline.defs.assets import ALL_ASSETS, DOCUMENT_ASSETS, yoy_department_total
from lz_pipeline.defs.checks import ALL_CHECKS
from lz_pipeline.defs.partitions import document_key, document_partitions, register_departments
from lz_pipeline.defs.reference_assets import REFERENCE_ASSETS
from lz_pipeline.defs.resources import RawCorpus


@dataclass
class CorpusRun:
    loaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)  # "partition: check" of every failed check

    def record_checks(self, key: str, result: dg.ExecuteInProcessResult) -> None:
        for evaluation in result.get_asset_check_evaluations():
            if evaluation.passed:
                self.checks_passed += 1
            else:
                self.checks_failed.append(f"{key}: {evaluation.check_name}")


def _failure_message(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            # Failure's message carries our typed error's text; drop the class path Dagster prefixes.
            return error.message.split(f"{error.cls_name}: ", 1)[-1].strip()
    return "run failed"


def materialize_corpus(instance: dg.DagsterInstance, raw_dir: Path, warehouse: Path) -> CorpusRun:
    """One run per department-year (a bad PDF fails only its own), then one for the YoY table.

    The blocking identity checks run in each department-year's run: a document whose numbers do not
    add up fails before its loader, and nothing of it reaches the warehouse.
    """
    documents = discover(raw_dir)
    register_departments(instance, {d.department for d in documents})
    resources = {"corpus": RawCorpus(raw_dir=str(raw_dir)), "duckdb": DuckDBResource(database=str(warehouse))}
    outcome = CorpusRun()
    for document in documents:
        key = document_key(document.year, document.department)
        result = dg.materialize(
            [*DOCUMENT_ASSETS, *PARTITION_ANALYTICS_ASSETS, *ALL_CHECKS],
            partition_key=key,
            instance=instance,
            resources=resources,
            raise_on_error=False,
        )
        outcome.record_checks(key, result)
        if result.success:
            outcome.loaded.append(key)
        else:
            outcome.failed[key] = _failure_message(result)
    if outcome.loaded:
        materialize_derived(instance, resources)
    return outcome


def materialize_derived(instance: dg.DagsterInstance, resources: dict[str, object]) -> None:
    """After the loads: the code lists and departments (data/reference) that views and analytics join,
    then everything recomputed from the facts (YoY, shares, narrative checks, charts)."""
    dg.materialize(REFERENCE_ASSETS, instance=instance, resources=resources)
    derived = [yoy_department_total, *CORPUS_ANALYTICS_ASSETS]
    assets = [*ALL_ASSETS, *PARTITION_ANALYTICS_ASSETS, *CORPUS_ANALYTICS_ASSETS]
    dg.materialize(assets, selection=derived, instance=instance, resources=resources)


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
    """Partition keys of the PDFs under ``raw_dir`` in a year range and among some departments."""
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
    with dg.DagsterInstance.get() as instance:
        departments = {document_partitions.get_partition_key_from_str(k).keys_by_dimension["department"] for k in keys}
        register_departments(instance, departments)
    started = time.perf_counter()
    outcome = backfill(keys, args.parallel_runs)
    failed = sorted(key for key, (_, ok) in outcome.items() if not ok)
    print(f"{len(keys) - len(failed)} of {len(keys)} partitions loaded in {time.perf_counter() - started:.1f} s")
    for key in failed:
        print(f"failed: {key} (run {outcome[key][0]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
