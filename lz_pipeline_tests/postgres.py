"""The tests' Postgres server: ``LZ_TEST_POSTGRES`` (a libpq URL, ``.ci/postgres start`` prints one), and a fresh
database on it per test, dropped afterwards, so re-runs start clean."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

ENV = "LZ_TEST_POSTGRES"


def server_url() -> str:
    """The server's URL; without one the test skips on a developer's machine and fails in CI."""
    url = os.environ.get(ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{ENV} is unset in CI: .ci/run starts a server with .ci/postgres and exports it")
        pytest.skip(f"no Postgres server: `bash .ci/postgres start` then `export {ENV}=$(cat /tmp/lz-pg/url)`")
    return url


def with_database(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database(prefix: str = "lz_test") -> Iterator[str]:
    """A new, empty database on the test server (its URL); dropped on exit, sessions still on it or not."""
    server = server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(server)
    admin.autocommit = True  # CREATE / DROP DATABASE refuse to run in a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield with_database(server, name)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def dagster_pg_env(url: str) -> dict[str, str]:
    """The DAGSTER_PG_* variables deploy/team/dagster.yaml reads, for the database of ``url``."""
    parts = urlsplit(url)
    return {
        "DAGSTER_PG_HOST": parts.hostname or "127.0.0.1",
        "DAGSTER_PG_PORT": str(parts.port or 5432),
        "DAGSTER_PG_USER": parts.username or "postgres",
        "DAGSTER_PG_PASSWORD": parts.password or "",
        "DAGSTER_PG_DB": parts.path.lstrip("/"),
    }
