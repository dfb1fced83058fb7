"""The raw-folder sensor and the daily schedule, evaluated in-process against a temporary instance."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import dagster as dg
import pytest
from dagster_duckdb import DuckDBResource

from lz_pipeline.corpus import combined_sha256
from lz_pipeline.definitions import defs
from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.checks import IDENTITY_CHECKS
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.defs.schedules import stale_documents_daily
from lz_pipeline.defs.sensors import raw_pdf_sensor
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019, OFFICE_2020, copy_as_single_file

NEW_DEPARTMENT = "泸州市财政局"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """Only the two office reports: the test decides what else appears."""
    root = tmp_path / "raw"
    for source in (OFFICE_2019, OFFICE_2020):
        copy_as_single_file(source, root)
    return root


def tick(instance: dg.DagsterInstance, raw: Path, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"corpus": RawCorpus(raw_dir=str(raw))}
    )
    return raw_pdf_sensor(context)


def apply(instance: dg.DagsterInstance, result: dg.SensorResult) -> None:
    """What the daemon does with a sensor result's partition requests."""
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))


def requested(result: dg.SensorResult) -> dict[str, str]:
    return {request.partition_key: request.run_key for request in result.run_requests}


def test_sensor_adds_new_partitions_and_requests_only_new_or_changed_files(raw: Path) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        first = tick(instance, raw, None)
        assert requested(first) == {
            f"{OFFICE}|2019": sha256(OFFICE_2019),
            f"{OFFICE}|2020": sha256(OFFICE_2020),
        }
        (add,) = first.dynamic_partitions_requests
        assert (add.partitions_def_name, list(add.partition_keys)) == ("department", [OFFICE])
        apply(instance, first)

        # Same bytes again, even with a new mtime: nothing to do.
        os.utime(raw / "2020" / f"{OFFICE}.pdf", (1, 1))
        second = tick(instance, raw, first.cursor)
        assert isinstance(second, dg.SkipReason)
        assert second.skip_message == "no new or changed PDF among 2 department-years"

        # One changed file, one new department, one file in a year outside the partitions.
        with (raw / "2019" / f"{OFFICE}.pdf").open("ab") as handle:
            handle.write(b"\n% corrected edition\n")
        shutil.copy2(OFFICE_2020, raw / "2020" / f"{NEW_DEPARTMENT}.pdf")
        with (raw / "2020" / f"{NEW_DEPARTMENT}.pdf").open("ab") as handle:
            handle.write(b"\n% another department\n")
        (raw / "2014").mkdir()
        shutil.copy2(OFFICE_2020, raw / "2014" / f"{OFFICE}.pdf")
        third = tick(instance, raw, first.cursor)
        assert requested(third) == {
            f"{OFFICE}|2019": sha256(raw / "2019" / f"{OFFICE}.pdf"),
            f"{NEW_DEPARTMENT}|2020": sha256(raw / "2020" / f"{NEW_DEPARTMENT}.pdf"),
        }
        (add,) = third.dynamic_partitions_requests
        assert list(add.partition_keys) == [NEW_DEPARTMENT]  # the office is known already
        assert set(json.loads(third.cursor)) == {
            f"2014/{OFFICE}",
            f"2019/{OFFICE}",
            f"2020/{OFFICE}",
            f"2020/{NEW_DEPARTMENT}",
        }
        apply(instance, third)
        assert sorted(instance.get_dynamic_partitions("department")) == sorted([OFFICE, NEW_DEPARTMENT])
        assert isinstance(tick(instance, raw, third.cursor), dg.SkipReason)

        # A budget put in a folder beside the single-file 决算: the department-year runs again, on both files.
        (raw / "2020" / OFFICE).mkdir()
        (raw / "2020" / OFFICE / "预算.pdf").write_bytes(b"%PDF-1.4 a budget")
        fourth = tick(instance, raw, third.cursor)
        both = combined_sha256([sha256(raw / "2020" / f"{OFFICE}.pdf"), sha256(raw / "2020" / OFFICE / "预算.pdf")])
        assert requested(fourth) == {f"{OFFICE}|2020": both}
        assert json.loads(fourth.cursor)[f"2020/{OFFICE}"] == both


def test_sensor_and_schedules_are_registered_and_off_until_switched_on() -> None:
    sensor = defs.resolve_sensor_def("raw_pdf_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    for name, cron in (("stale_documents_daily", "0 2 * * *"), ("analytics_daily", "0 3 * * *")):
        schedule = defs.resolve_schedule_def(name)
        assert (schedule.cron_schedule, schedule.default_status) == (cron, dg.DefaultScheduleStatus.STOPPED)
    assert defs.resolve_schedule_def("stale_documents_daily").job_name == "document_job"
    assert defs.resolve_schedule_def("analytics_daily").job_name == "analytics_job"


def test_schedule_requests_what_is_not_loaded_from_the_current_bytes(raw: Path, tmp_path: Path) -> None:
    resources = {"corpus": RawCorpus(raw_dir=str(raw)), "duckdb": DuckDBResource(database=str(tmp_path / "w.duckdb"))}

    def stale(instance: dg.DagsterInstance) -> list[str]:
        # As a context manager: otherwise the context leaves Dagster's defs-state storage pointing at
        # this instance after it is gone, and later in-process materializations in this process fail.
        with dg.build_schedule_context(instance=instance, resources={"corpus": resources["corpus"]}) as context:
            return sorted(request.partition_key for request in stale_documents_daily(context))

    with dg.instance_for_test() as instance:  # a schedule context needs an instance ref
        assert stale(instance) == [f"{OFFICE}|2019", f"{OFFICE}|2020"]  # never loaded
        assert instance.get_dynamic_partitions("department") == [OFFICE]  # registered by the schedule
        loaded = dg.materialize(
            [*DOCUMENT_ASSETS, *IDENTITY_CHECKS],
            partition_key=dg.MultiPartitionKey({"department": OFFICE, "year": "2019"}),
            instance=instance,
            resources=resources,
        )
        assert loaded.success
        assert stale(instance) == [f"{OFFICE}|2020"]
        with (raw / "2019" / f"{OFFICE}.pdf").open("ab") as handle:
            handle.write(b"\n% corrected edition\n")
        assert stale(instance) == [f"{OFFICE}|2019", f"{OFFICE}|2020"]  # loaded, but from other bytes
