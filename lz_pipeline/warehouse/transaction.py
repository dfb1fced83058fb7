"""One DuckDB transaction for a block: all of it lands, or none of it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn) -> Iterator[None]:
    """Commit when the block ends; roll back if it raises (BaseException too: a Ctrl-C mid-load)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
