"""Publishing the working database: atomic under SIGKILL, and a warehouse that cannot be opened says why at once."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import lz_pipeline.warehouse.publish as publish_module
from lz_pipeline.settings import working_path
from lz_pipeline.warehouse.publish import (
    WarehouseUnavailable,
    check_warehouse,
    connect_working,
    held_writer,
    publish,
    writing,
)

PUBLISHER = """
import sys
from pathlib import Path
from lz_pipeline.warehouse.publish import connect_working, publish
published = Path(sys.argv[1])
conn = connect_working(published)
publish(conn, published)
"""
READER = "import sys, duckdb; print(duckdb.connect(sys.argv[1], read_only=True).sql('FROM marker').fetchall()[0][0])"
HOLDER = "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); input()"
# About 100 MB of incompressible doubles: copying and fsyncing it takes long enough to be caught mid-way.
BIG_ROWS = 12_000_000


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(published: Path) -> tuple:
    with duckdb.connect(str(published), read_only=True) as conn:
        tables = conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
        return conn.execute("SELECT state FROM marker").fetchall(), tables


def test_sigkill_mid_publish_leaves_the_published_file_as_it_was(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    with writing(published) as conn:
        conn.execute("CREATE TABLE marker AS SELECT 'old' AS state")
    assert _state(published) == ([("old",)], [("marker",)])
    before = _sha256(published)

    with duckdb.connect(str(working_path(published))) as conn:  # the next load, committed, not yet published
        conn.execute("UPDATE marker SET state = 'new'")
        conn.execute(f"CREATE TABLE big AS SELECT random() AS r, random() AS s FROM range({BIG_ROWS})")
    publisher = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(published)])
    temporary = published.with_name(f".{published.name}.publish-{publisher.pid}.tmp")
    deadline = time.monotonic() + 60
    while not temporary.exists():
        assert publisher.poll() is None, "the publisher finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.001)
    publisher.send_signal(signal.SIGKILL)
    assert publisher.wait() == -signal.SIGKILL

    assert temporary.exists()  # killed mid-copy: the rename that would consume it never happened
    assert _sha256(published) == before
    assert _state(published) == ([("old",)], [("marker",)])

    conn = connect_working(published)  # the next publisher removes the dead one's leftovers
    try:
        publish(conn, published)
    finally:
        conn.close()
    assert not temporary.exists()
    assert _state(published) == ([("new",)], [("big",), ("marker",)])


def test_a_reader_keeps_its_state_across_a_publish(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    with writing(published) as conn:
        conn.execute("CREATE TABLE marker AS SELECT 'old' AS state")
    with duckdb.connect(str(published), read_only=True) as reader:
        with writing(published) as conn:
            conn.execute("UPDATE marker SET state = 'new'")
        # Another process (in this one, DuckDB would hand out the database already open under that path).
        later = subprocess.run([sys.executable, "-c", READER, str(published)], capture_output=True, text=True)
        assert later.stdout.strip() == "new"
        assert reader.execute("SELECT state FROM marker").fetchall() == [("old",)]


def test_a_block_that_raises_publishes_nothing(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    with writing(published) as conn:
        conn.execute("CREATE TABLE marker AS SELECT 'old' AS state")
    before = _sha256(published)
    with pytest.raises(RuntimeError, match="mid-load"), writing(published) as conn:
        conn.execute("UPDATE marker SET state = 'new'")
        raise RuntimeError("mid-load")
    assert _sha256(published) == before


def test_an_existing_warehouse_seeds_the_working_database(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    with duckdb.connect(str(published)) as conn:  # a warehouse from before working databases
        conn.execute("CREATE TABLE marker AS SELECT 'published' AS state")
    with writing(published) as conn:
        assert conn.execute("SELECT state FROM marker").fetchall() == [("published",)]


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (
            "ducklake:/x/catalog.sqlite",
            "'ducklake:' looks like a URL or catalogue; LZ_WAREHOUSE must be a DuckDB file path",
        ),
        ("folder", "it is a folder, not a DuckDB file"),
        ("notes.txt", "not a valid DuckDB database file"),
    ],
)
def test_a_warehouse_that_cannot_be_opened_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("not a database\n" * 1000, encoding="utf-8")
    path = Path(given).resolve()
    with pytest.raises(WarehouseUnavailable) as raised:
        check_warehouse(path)
    assert str(raised.value).startswith(f"{path}: cannot open the warehouse: ")
    assert reason in raised.value.reason
    assert not (tmp_path / "ducklake:").exists()  # nothing created on the way


def test_a_working_database_held_by_another_process_fails_at_once(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    working = working_path(published)
    working.parent.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(working)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseUnavailable) as raised:
            check_warehouse(published)  # no retries: DuckDBResource would try for about 100 s
    finally:
        holder.kill()
        holder.wait()
    assert raised.value.path == working
    assert "Could not set lock" in raised.value.reason


def test_a_held_writer_publishes_at_most_every_interval_and_when_released(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = tmp_path / "w.duckdb"
    copies: list[str] = []
    real = publish_module.publish
    monkeypatch.setattr(publish_module, "publish", lambda conn, path: (copies.append(path.name), real(conn, path)))
    with held_writer(published, at_most_every=3600) as held:
        with writing(published) as conn:  # the first write publishes at once: readers need a file
            conn.execute("CREATE TABLE marker AS SELECT 'first' AS state")
        assert copies == ["w.duckdb"] and _state(published)[0] == [("first",)]
        for state in ("second", "third"):  # within the interval: committed, not yet published
            with writing(published) as conn:
                conn.execute("UPDATE marker SET state = ?", [state])
        assert copies == ["w.duckdb"] and _state(published)[0] == [("first",)]
        assert held.conn.execute("SELECT state FROM marker").fetchall() == [("third",)]
        with writing(published) as conn:  # a block that writes nothing publishes nothing either
            conn.execute("SELECT 1")
        assert copies == ["w.duckdb"]
    assert copies == ["w.duckdb"] * 2  # released: what was left, published
    assert _state(published)[0] == [("third",)]
    with held_writer(published, at_most_every=3600):  # nothing written: nothing to publish
        pass
    assert copies == ["w.duckdb"] * 2


def test_a_held_writer_publishes_what_was_committed_when_its_block_raises(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    with pytest.raises(KeyboardInterrupt), held_writer(published, at_most_every=3600):
        with writing(published) as conn:
            conn.execute("CREATE TABLE marker AS SELECT 'first' AS state")
        with writing(published) as conn:
            conn.execute("UPDATE marker SET state = 'second'")
        raise KeyboardInterrupt  # a Ctrl-C between two department-years
    assert _state(published)[0] == [("second",)]
    with writing(published) as conn:  # released: the working database opens again
        assert conn.execute("SELECT state FROM marker").fetchall() == [("second",)]
