"""One DuckDB transaction for a block: all of it lands, or none of it; retried when a DuckLake commit conflicts."""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb

T = TypeVar("T")
ATTEMPTS = 6  # the first try and 5 retries, about 0.2 + 0.4 + 0.8 + 1.6 + 3.2 s apart (with jitter)
FIRST_WAIT = 0.2
# What a DuckLake commit that lost a race says: a logical conflict DuckLake could not retry itself (two
# deletes from one table, …), or a SQLite catalog another writer's commit holds ("database is locked").
CONFLICTS = ("Failed to commit DuckLake transaction", "Transaction conflict", "database is locked", "conflict")


class WarehouseConflict(RuntimeError):
    """A transaction that still conflicted with other writers' commits after every retry."""


@contextmanager
def transaction(conn) -> Iterator[None]:
    """Commit when the block ends; roll back if it raises (BaseException too: a Ctrl-C mid-load)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        # A COMMIT that failed has already ended the transaction: nothing is left to roll back.
        with contextlib.suppress(duckdb.TransactionException):
            conn.execute("ROLLBACK")
        raise


def conflicted(error: duckdb.Error) -> bool:
    return isinstance(error, duckdb.TransactionException) and any(c in str(error) for c in CONFLICTS)


def in_transaction(conn, work: Callable[[], T], what: str = "transaction", attempts: int = ATTEMPTS) -> T:
    """``work()`` in one transaction; run again from the start (a fresh snapshot) when its commit conflicts
    with another writer's, ``attempts`` times at most, then WarehouseConflict saying what and why."""
    for attempt in range(1, attempts + 1):
        try:
            with transaction(conn):
                return work()
        except duckdb.Error as error:
            if not conflicted(error):
                raise
            if attempt == attempts:
                raise WarehouseConflict(
                    f"{what}: its commit conflicted with other writers' {attempts} times; last: {error}"
                ) from error
            time.sleep(FIRST_WAIT * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")
