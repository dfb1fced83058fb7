"""The raw-folder sensor and the daily schedule, evaluated in-process against a temporary instance."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from lz_pipeline.corpus import combined_sha256
from lz_pipeline.definitions import defs
from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.partitions import document_key
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.defs.schedules import loaded_files, stale_documents_daily, stale_reason
from lz_pipeline.defs.sensors import Cursor, Scan, raw_pdf_sensor, scan
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019, OFFICE_2020, copy_as_single_file

NEW_DEPARTMENT = "泸州市财政局"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


SETTLED = itertools.count(1_000_000_000)


def settle(*paths: Path) -> None:
    """Give files just written an mtime of the past, each its own: a file modified within the last
    seconds is hashed again at every tick until its mtime is old enough to trust."""
    for path in paths:
        seconds = next(SETTLED)
        os.utime(path, (seconds, seconds))


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """Only the two office reports: the test decides what else appears."""
    root = tmp_path / "raw"
    for source in (OFFICE_2019, OFFICE_2020):
        settle(copy_as_single_file(source, root))
    return root


def rewrite(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    settle(path)


def tick(instance: dg.DagsterInstance, raw: Path, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"corpus": RawCorpus(raw_dir=str(raw))}
    )
    return raw_pdf_sensor(context)


def apply(instance: dg.DagsterInstance, result: dg.SensorResult) -> None:
    """What the daemon does with a sensor result's partition requests."""
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.DeleteDynamicPartitionsRequest):
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
        else:
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))


def requested(result: dg.SensorResult) -> dict[str, str]:
    return {request.partition_key: request.run_key for request in result.run_requests}


def test_sensor_adds_new_partitions_and_requests_only_new_or_changed_files(raw: Path) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        first = tick(instance, raw, None)
        assert requested(first) == {
            f"{OFFICE}|2019": f"{sha256(OFFICE_2019)}#1",
            f"{OFFICE}|2020": f"{sha256(OFFICE_2020)}#2",
        }
        (add,) = first.dynamic_partitions_requests
        assert (add.partitions_def_name, list(add.partition_keys)) == ("document", [f"{OFFICE}|2019", f"{OFFICE}|2020"])
        apply(instance, first)

        # Same bytes again, even with a new mtime: nothing to do (the new mtime is remembered).
        os.utime(raw / "2020" / f"{OFFICE}.pdf", (1, 1))
        second = tick(instance, raw, first.cursor)
        assert second.run_requests == []
        assert second.skip_reason.skip_message == "no new or changed PDF among 2 department-years (1 of 2 files hashed)"

        # One changed file, one new department, one file of a year no partition had: no year range to fall out of.
        with (raw / "2019" / f"{OFFICE}.pdf").open("ab") as handle:
            handle.write(b"\n% corrected edition\n")
        shutil.copy2(OFFICE_2020, raw / "2020" / f"{NEW_DEPARTMENT}.pdf")
        with (raw / "2020" / f"{NEW_DEPARTMENT}.pdf").open("ab") as handle:
            handle.write(b"\n% another department\n")
        (raw / "2014").mkdir()
        shutil.copy2(OFFICE_2020, raw / "2014" / f"{OFFICE}.pdf")
        settle(raw / "2019" / f"{OFFICE}.pdf", raw / "2020" / f"{NEW_DEPARTMENT}.pdf")
        third = tick(instance, raw, first.cursor)
        # Changes 3, 4 and 5, in year then department order.
        assert requested(third) == {
            f"{OFFICE}|2014": f"{sha256(raw / '2014' / f'{OFFICE}.pdf')}#3",
            f"{OFFICE}|2019": f"{sha256(raw / '2019' / f'{OFFICE}.pdf')}#4",
            f"{NEW_DEPARTMENT}|2020": f"{sha256(raw / '2020' / f'{NEW_DEPARTMENT}.pdf')}#5",
        }
        (add,) = third.dynamic_partitions_requests
        assert list(add.partition_keys) == [f"{OFFICE}|2014", f"{NEW_DEPARTMENT}|2020"]  # the others are known
        assert set(json.loads(third.cursor)["department_years"]) == {
            f"2014/{OFFICE}",
            f"2019/{OFFICE}",
            f"2020/{OFFICE}",
            f"2020/{NEW_DEPARTMENT}",
        }
        apply(instance, third)
        assert sorted(instance.get_dynamic_partitions("document")) == [
            f"{OFFICE}|2014",
            f"{OFFICE}|2019",
            f"{OFFICE}|2020",
            f"{NEW_DEPARTMENT}|2020",
        ]
        fifth = tick(instance, raw, third.cursor)
        assert isinstance(fifth, dg.SkipReason)
        assert fifth.skip_message == "no new or changed PDF among 4 department-years (0 of 4 files hashed)"

        # A budget put in a folder beside the single-file 决算: the department-year runs again, on both files.
        (raw / "2020" / OFFICE).mkdir()
        (raw / "2020" / OFFICE / "预算.pdf").write_bytes(b"%PDF-1.4 a budget")
        settle(raw / "2020" / OFFICE / "预算.pdf")
        fourth = tick(instance, raw, third.cursor)
        both = combined_sha256([sha256(raw / "2020" / f"{OFFICE}.pdf"), sha256(raw / "2020" / OFFICE / "预算.pdf")])
        assert requested(fourth) == {f"{OFFICE}|2020": f"{both}#6"}
        assert json.loads(fourth.cursor)["department_years"][f"2020/{OFFICE}"][0] == both

        # The 2014 file goes: so does its partition, and nothing runs.
        (raw / "2014" / f"{OFFICE}.pdf").unlink()
        sixth = tick(instance, raw, fourth.cursor)
        (remove,) = sixth.dynamic_partitions_requests
        assert isinstance(remove, dg.DeleteDynamicPartitionsRequest)
        assert list(remove.partition_keys) == [f"{OFFICE}|2014"] and sixth.run_requests == []
        apply(instance, sixth)
        assert f"{OFFICE}|2014" not in instance.get_dynamic_partitions("document")


def test_sensor_and_schedules_are_registered_and_off_until_switched_on() -> None:
    sensor = defs.resolve_sensor_def("raw_pdf_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    for name, cron in (("stale_documents_daily", "0 2 * * *"), ("analytics_daily", "0 3 * * *")):
        schedule = defs.resolve_schedule_def(name)
        assert (schedule.cron_schedule, schedule.default_status) == (cron, dg.DefaultScheduleStatus.STOPPED)
    assert defs.resolve_schedule_def("stale_documents_daily").job_name == "document_job"
    assert defs.resolve_schedule_def("analytics_daily").job_name == "analytics_job"


def counted_scan(raw: Path, cursor: str | None) -> tuple[Scan, list[str]]:
    """A tick's scan, and the files it read (names under the year folder)."""
    read: list[str] = []

    def hash_file(path: Path) -> str:
        read.append(f"{path.parent.name}/{path.name}")
        return sha256(path)

    return scan(raw, Cursor.parse(cursor), hash_file), read


def test_a_touched_file_is_hashed_once_and_requests_nothing(raw: Path) -> None:
    office_2020 = raw / "2020" / f"{OFFICE}.pdf"
    with dg.DagsterInstance.ephemeral() as instance:
        first = tick(instance, raw, None)
        apply(instance, first)  # the daemon registers the partitions
        assert counted_scan(raw, None)[1] == [f"2019/{OFFICE}.pdf", f"2020/{OFFICE}.pdf"]  # cold: every file

        os.utime(office_2020, (1_600_000_000, 1_600_000_000))  # touched: same bytes, new mtime
        found, read = counted_scan(raw, first.cursor)
        assert (read, found.changed) == ([f"2020/{OFFICE}.pdf"], [])
        second = tick(instance, raw, first.cursor)
        assert second.run_requests == []
        assert second.skip_reason.skip_message == "no new or changed PDF among 2 department-years (1 of 2 files hashed)"
        remembered = json.loads(second.cursor)["department_years"][f"2020/{OFFICE}"]
        assert remembered == [
            sha256(OFFICE_2020),
            {f"{OFFICE}.pdf": [office_2020.stat().st_size, 1_600_000_000 * 10**9]},
        ]

        assert counted_scan(raw, second.cursor)[1] == []
        third = tick(instance, raw, second.cursor)
        assert isinstance(third, dg.SkipReason)
        assert third.skip_message == "no new or changed PDF among 2 department-years (0 of 2 files hashed)"


def test_a_file_modified_too_recently_to_trust_its_mtime_is_hashed_again(raw: Path) -> None:
    office_2020 = raw / "2020" / f"{OFFICE}.pdf"
    soon = time.time_ns() + 3600 * 10**9  # "just now" for the next scans, however slow the machine
    os.utime(office_2020, ns=(soon, soon))
    with dg.DagsterInstance.ephemeral() as instance:
        first = tick(instance, raw, None)
        apply(instance, first)  # the daemon registers the partitions
        assert json.loads(first.cursor)["department_years"][f"2020/{OFFICE}"][1] == {
            f"{OFFICE}.pdf": [office_2020.stat().st_size, None]
        }
        found, read = counted_scan(raw, first.cursor)
        assert (read, found.changed) == ([f"2020/{OFFICE}.pdf"], [])


def test_a_change_requests_one_run_and_bytes_reverted_to_an_earlier_version_run_again(raw: Path) -> None:
    office_2019 = raw / "2019" / f"{OFFICE}.pdf"
    original = office_2019.read_bytes()
    corrected = original + b"\n% corrected edition\n"
    with dg.DagsterInstance.ephemeral() as instance:
        first = tick(instance, raw, None)
        apply(instance, first)  # the daemon registers the partitions
        rewrite(office_2019, corrected)
        second = tick(instance, raw, first.cursor)
        assert requested(second) == {f"{OFFICE}|2019": f"{hashlib.sha256(corrected).hexdigest()}#3"}

        rewrite(office_2019, original)  # the correction withdrawn: the first bytes again
        third = tick(instance, raw, second.cursor)
        again = f"{sha256(OFFICE_2019)}#4"
        assert requested(third) == {f"{OFFICE}|2019": again}
        assert again != requested(first)[f"{OFFICE}|2019"]  # a new run key: Dagster does not drop it as done

        fourth = tick(instance, raw, third.cursor)  # the same bytes seen again, unchanged
        assert isinstance(fourth, dg.SkipReason)


def test_the_cursor_stays_bounded_by_the_corpus(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = raw / "2020" / f"{OFFICE}.pdf"
    path.parent.mkdir(parents=True)
    with dg.DagsterInstance.ephemeral() as instance:
        cursor = None
        sizes = []
        for version in range(1, 31):
            rewrite(path, f"%PDF-1.4 version {version:03d}".encode())
            result = tick(instance, raw, cursor)
            assert requested(result) == {f"{OFFICE}|2020": f"{sha256(path)}#{version}"}
            cursor = result.cursor
            sizes.append(len(cursor))
        stat = path.stat()
        assert json.loads(cursor) == {
            "version": 2,
            "changes": 30,
            "department_years": {f"2020/{OFFICE}": [sha256(path), {f"{OFFICE}.pdf": [stat.st_size, stat.st_mtime_ns]}]},
        }
        # Thirty changes later, only the counter's digits have grown.
        assert sizes[-1] == sizes[0] + 1
        assert " " not in cursor  # compact JSON


def test_a_cursor_of_the_first_format_is_read_and_upgraded(raw: Path) -> None:
    old = json.dumps({f"2019/{OFFICE}": sha256(OFFICE_2019), f"2020/{OFFICE}": "0" * 64}, ensure_ascii=False)
    with dg.DagsterInstance.ephemeral() as instance:
        upgraded = tick(instance, raw, old)
        assert requested(upgraded) == {f"{OFFICE}|2020": f"{sha256(OFFICE_2020)}#1"}  # its digest differs
        assert json.loads(upgraded.cursor)["version"] == 2
        apply(instance, upgraded)
        unchanged = tick(instance, raw, upgraded.cursor)
        assert unchanged.skip_message == "no new or changed PDF among 2 department-years (0 of 2 files hashed)"
        # A cursor that is none of ours: every department-year is new again, no crash.
        assert set(requested(tick(instance, raw, "not json"))) == {f"{OFFICE}|2019", f"{OFFICE}|2020"}


def evaluate_schedule(instance: dg.DagsterInstance, raw: Path, warehouse: Path) -> list[dg.RunRequest] | dg.SkipReason:
    resources = {"corpus": RawCorpus(raw_dir=str(raw)), "duckdb": DuckDBResource(database=str(warehouse))}
    # As a context manager: otherwise the context leaves Dagster's defs-state storage pointing at
    # this instance after it is gone, and later in-process materializations in this process fail.
    with dg.build_schedule_context(instance=instance, resources=resources) as context:
        return stale_documents_daily(context)


def test_schedule_requests_what_the_warehouse_did_not_load_from_the_current_files(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    resources = {"corpus": RawCorpus(raw_dir=str(raw)), "duckdb": DuckDBResource(database=str(warehouse))}

    def stale(instance: dg.DagsterInstance) -> dict[str, str]:
        requests = evaluate_schedule(instance, raw, warehouse)
        duckdb.connect(str(warehouse)).close()  # the schedule let go of the file: a writer opens it at once
        return {request.partition_key: request.tags["lz/stale"] for request in requests}

    def load(year: str) -> None:
        loaded = dg.materialize(
            [*DOCUMENT_ASSETS],
            partition_key=document_key(int(year), OFFICE),
            instance=instance,
            resources=resources,
        )
        assert loaded.success

    with dg.instance_for_test() as instance:  # a schedule context needs an instance ref
        requests = evaluate_schedule(instance, raw, warehouse)  # no warehouse yet: everything
        assert [(r.partition_key, r.tags["lz/stale"], r.tags["lz/source_sha256"]) for r in requests] == [
            (f"{OFFICE}|2019", "never loaded", sha256(OFFICE_2019)),
            (f"{OFFICE}|2020", "never loaded", sha256(OFFICE_2020)),
        ]
        assert instance.get_dynamic_partitions("document") == [f"{OFFICE}|2019", f"{OFFICE}|2020"]  # by the schedule
        load("2019")
        assert stale(instance) == {f"{OFFICE}|2020": "never loaded"}
        load("2020")
        assert stale(instance) == {}
        (raw / "2020" / OFFICE).mkdir()  # the same bytes under another name, in the folder layout: nothing to do
        (raw / "2020" / f"{OFFICE}.pdf").rename(raw / "2020" / OFFICE / "决算.pdf")
        assert stale(instance) == {}
        with (raw / "2019" / f"{OFFICE}.pdf").open("ab") as handle:
            handle.write(b"\n% corrected edition\n")
        assert stale(instance) == {f"{OFFICE}|2019": "a file is new or changed since its load"}


def test_schedule_skips_while_the_warehouse_is_held_by_a_writer(raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()
    holder = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"
    with subprocess.Popen(
        [sys.executable, "-c", holder, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as writer:
        try:
            assert writer.stdout.readline() == "held\n"
            with dg.instance_for_test() as instance:
                result = evaluate_schedule(instance, raw, warehouse)
        finally:
            writer.stdin.close()
    assert isinstance(result, dg.SkipReason)
    assert result.skip_message.startswith(f"nothing requested, the warehouse cannot be read now: {warehouse}:")
    assert "Could not set lock" in result.skip_message


def test_stale_reasons() -> None:
    assert stale_reason({"a"}, None) == "never loaded"
    assert stale_reason({"a", "b"}, frozenset({"a", "b"})) is None
    assert stale_reason({"a", "c"}, frozenset({"a", "b"})) == "a file is new or changed since its load"
    assert stale_reason({"a"}, frozenset({"a", "b"})) == "a file it was loaded from is gone"  # e.g. its 预算 deleted


def test_a_warehouse_from_before_multi_file_department_years_is_read(tmp_path: Path) -> None:
    warehouse = tmp_path / "old.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        columns = "department VARCHAR, year INTEGER, source_file VARCHAR, source_sha256 VARCHAR"
        conn.execute(f"CREATE TABLE source_document ({columns})")
        conn.execute("INSERT INTO source_document VALUES (?, 2019, '/x/a.pdf', 'aa')", [OFFICE])
    assert loaded_files(warehouse) == {f"2019/{OFFICE}": frozenset({"aa"})}
    assert loaded_files(tmp_path / "absent.duckdb") == {}
