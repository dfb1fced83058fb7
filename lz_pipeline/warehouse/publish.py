"""One writer, many readers: the pipeline writes a working database and publishes copies of it.

Analysts open the published file (``LZ_WAREHOUSE``) read-only, with any client, for as long as they
like. Loaders write only the working database (``<warehouse>.work/<name>``) and, after each commit,
publish it: checkpoint, copy to a temporary file beside the published one, fsync, ``os.replace``. A
reader that has the file open keeps reading the old inode (its state stays whole); a new connection
opens the new file. A publisher killed at any point leaves the published file as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lz_pipeline.settings import working_path

# A path component like "ducklake:" (of ducklake:/x/catalog.sqlite) or "md:db" names a URL or a
# catalogue, not a file that can be published by renaming.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:$|^(md|motherduck):")


class WarehouseUnavailable(Exception):
    """The warehouse (or its working database) cannot be opened: the path and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot open the warehouse: {reason}")
        self.path = path
        self.reason = reason


def _temporary(published: Path, purpose: str) -> Path:
    return published.with_name(f".{published.name}.{purpose}-{os.getpid()}.tmp")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_path(published: Path) -> None:
    for part in published.parts:
        if SCHEME.match(part) and not published.exists():
            raise WarehouseUnavailable(
                published, f"{part!r} looks like a URL or catalogue; LZ_WAREHOUSE must be a DuckDB file path"
            )
    if published.is_dir():
        raise WarehouseUnavailable(published, "it is a folder, not a DuckDB file")
    try:
        published.parent.mkdir(parents=True, exist_ok=True)
        working_path(published).parent.mkdir(exist_ok=True)
    except OSError as error:
        raise WarehouseUnavailable(published, f"cannot create its folder: {error.strerror}") from error
    if not os.access(published.parent, os.W_OK):
        raise WarehouseUnavailable(published, f"folder {published.parent} is not writable (publishing renames into it)")


def _seed(published: Path, working: Path) -> None:
    """A first working database: a copy of the published file if there is one (an existing warehouse)."""
    if working.exists() or not published.exists():
        return
    temporary = _temporary(working, "seed")
    shutil.copyfile(published, temporary)
    try:
        os.link(temporary, working)  # create-if-absent: a concurrent seeder's copy is as good as ours
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)


def connect_working(published: Path, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the working database of ``published``; fails at once, never retries."""
    _check_path(published)
    working = working_path(published)
    _seed(published, working)
    try:
        return duckdb.connect(str(working), config=config or {})
    except duckdb.Error as error:
        raise WarehouseUnavailable(working, str(error)) from error


def check_warehouse(published: Path) -> None:
    """Before a run: both files open (the published one as a reader would), or say why not."""
    _check_path(published)
    if published.exists():
        try:
            duckdb.connect(str(published), read_only=True).close()
        except duckdb.IOException as error:
            if "Could not set lock" not in str(error):  # held read-write by a client: publishing still works
                raise WarehouseUnavailable(published, str(error)) from error
        except duckdb.Error as error:
            raise WarehouseUnavailable(published, str(error)) from error
    connect_working(published).close()


def publish(conn: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Replace ``published`` by a copy of the working database ``conn`` is connected to.

    Called with the working database open read-write: its lock makes publishers take turns, so any
    temporary file found here was left by a publisher that died, and is removed.
    """
    conn.execute("CHECKPOINT")  # every commit in the main file, the WAL emptied
    working = working_path(published)
    for stale in published.parent.glob(f".{published.name}.publish-*.tmp"):
        stale.unlink(missing_ok=True)
    temporary = _temporary(published, "publish")
    try:
        shutil.copyfile(working, temporary)
        _fsync(temporary)
        os.replace(temporary, published)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync(published.parent)  # the rename itself survives a power cut


def _signature(working: Path) -> tuple:
    wal = working.with_name(f"{working.name}.wal")
    stat = working.stat() if working.exists() else None
    return (stat and (stat.st_size, stat.st_mtime_ns), wal.exists())


def behind(published: Path) -> bool:
    """The working database holds commits ``published`` does not: a WAL not yet checkpointed, or a main file
    written after the published copy was made (a publish checkpoints first, then copies)."""
    working = working_path(published)
    if not working.exists():
        return False
    if not published.exists() or working.with_name(f"{working.name}.wal").exists():
        return True
    return working.stat().st_mtime_ns > published.stat().st_mtime_ns


@dataclass
class HeldWriter:
    """One working-database connection for a process that writes many times in a row (the in-process corpus
    runner), publishing at most every ``at_most_every`` seconds and once when it is released.

    Each publish is a CHECKPOINT and a copy of the whole file, so publishing after every department-year costs
    more than its load and grows with the warehouse; held, readers see whole department-years at most
    ``at_most_every`` seconds (and one run) behind the loader. Closing a connection checkpoints too, which
    is why the connection is held rather than reopened.
    """

    published: Path
    at_most_every: float
    conn: duckdb.DuckDBPyConnection
    last_published: float = float("-inf")  # the first write publishes at once

    def after_write(self) -> None:
        if time.monotonic() - self.last_published >= self.at_most_every and behind(self.published):
            self.publish()

    def publish(self) -> None:
        publish(self.conn, self.published)
        self.last_published = time.monotonic()


_HELD: dict[Path, HeldWriter] = {}


@contextmanager
def held_writer(published: Path, at_most_every: float) -> Iterator[HeldWriter]:
    """While the block runs, ``writing(published)`` in this process shares one connection (see HeldWriter);
    what is not yet published when it ends is published then, whether it ends normally or not."""
    key = published.resolve()
    if key in _HELD:
        raise RuntimeError(f"{published}: a writer is already held in this process")
    writer = HeldWriter(published, at_most_every, connect_working(published))
    _HELD[key] = writer
    try:
        yield writer
    finally:
        del _HELD[key]
        try:
            if behind(published):
                writer.publish()
        finally:
            writer.conn.close()


@contextmanager
def writing(published: Path, config: dict | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A working-database connection; publishes when the block ends normally and something changed.

    The block gets a duplicate of the connection (callers may close it, as our assets do); the
    original stays open, and keeps the working database locked, until the copy is published.
    Inside ``held_writer(published)`` the connection is the held one, published when due.
    """
    held = _HELD.get(published.resolve())
    if held is not None:
        handle = held.conn.cursor()
        try:
            yield handle
        finally:
            handle.close()
        held.after_write()
        return
    working = working_path(published)
    conn = connect_working(published, config)
    try:
        before = _signature(working)
        handle = conn.cursor()
        try:
            yield handle
        finally:
            handle.close()
        if _signature(working) != before or not published.exists():
            publish(conn, published)
    finally:
        conn.close()


def prepare_working(published: Path) -> Path:
    """The working database's path, the file there (seeded from ``published``) and closed: for a writer that
    opens it itself."""
    connect_working(published).close()
    return working_path(published)


def publish_working(published: Path) -> None:
    """Publish the working database as it is now."""
    conn = connect_working(published)
    try:
        publish(conn, published)
    finally:
        conn.close()
