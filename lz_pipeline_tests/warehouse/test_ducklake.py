"""The warehouse as a DuckLake (``LZ_WAREHOUSE=ducklake:<catalog>``): what the value may say, and that the sample
corpus loads into a lake on a SQLite catalog with the same values, table by table, as into one DuckDB file."""

from __future__ import annotations

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

from lz_pipeline.extract.reader import extract_files
from lz_pipeline.normalize.documents import normalize_department_year
from lz_pipeline.runner import materialize_corpus
from lz_pipeline.warehouse.lake import connection_settings, ensure_extensions, without_keys
from lz_pipeline.warehouse.load import load_department_year
from lz_pipeline.warehouse.target import BadWarehouse, FileWarehouse, LakeWarehouse, parse
from lz_pipeline_tests.conftest import OFFICE, RAW, REPO
from lz_pipeline_tests.derived.baseline import relation_digests

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

BIN = REPO / ".venv" / "bin"


@pytest.mark.parametrize(
    ("value", "catalog", "location"),
    [
        ("ducklake:/x/catalog.sqlite", "sqlite", "/x/catalog.sqlite"),
        ("ducklake:sqlite:/x/catalog.sqlite", "sqlite", "/x/catalog.sqlite"),
        ("ducklake:sqlite:/x/catalog", "sqlite", "/x/catalog"),
        ("ducklake:/x/catalog.ducklake", "duckdb", "/x/catalog.ducklake"),
        ("ducklake:duckdb:/x/catalog.ducklake", "duckdb", "/x/catalog.ducklake"),
        (
            "ducklake:postgres:dbname=lake host=127.0.0.1 port=55433",
            "postgres",
            "dbname=lake host=127.0.0.1 port=55433",
        ),
        ("ducklake:postgres:postgresql://lz@127.0.0.1:55433/lake", "postgres", "postgresql://lz@127.0.0.1:55433/lake"),
    ],
)
def test_a_ducklake_value_names_its_catalog(value: str, catalog: str, location: str) -> None:
    assert parse(value, "/data/lake") == LakeWarehouse(catalog, location, "/data/lake")


def test_a_relative_catalog_is_made_absolute_and_a_file_path_stays_a_file(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    assert parse("ducklake:lakes/c.sqlite") == LakeWarehouse("sqlite", str(tmp_path / "lakes" / "c.sqlite"))
    assert parse("w.duckdb") == FileWarehouse(tmp_path / "w.duckdb")


def test_the_data_path_defaults_beside_a_file_catalog_only() -> None:
    assert parse("ducklake:/x/c.sqlite").data() == "/x/c.sqlite.files/"
    assert parse("ducklake:/x/c.sqlite", "/y/lake").data() == "/y/lake/"
    assert parse("ducklake:/x/c.sqlite", "s3://bucket/lake/").data() == "s3://bucket/lake/"
    assert parse("ducklake:postgres:dbname=lake").data() is None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "empty"),
        ("ducklake:", "say which catalog"),
        ("ducklake:/x/catalog", "say which catalog"),
        ("ducklake:mysql:host=x", "unknown DuckLake catalog 'mysql'"),
        ("ducklake:postgres:", "the postgres catalog is not named"),
        ("ducklake:sqlite:", "the sqlite catalog is not named"),
    ],
)
def test_a_bad_value_is_refused_naming_it(value: str, says: str) -> None:
    with pytest.raises(BadWarehouse, match=says) as refused:
        parse(value)
    assert f"LZ_WAREHOUSE={value!r}" in str(refused.value)


def test_a_lake_holds_no_keys_but_keeps_their_columns_not_null() -> None:
    ddl = """CREATE TABLE t (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    code VARCHAR NOT NULL,
    PRIMARY KEY (code, name)
)"""
    assert (
        without_keys(ddl)
        == "CREATE TABLE t (\n    id INTEGER NOT NULL,\n    name VARCHAR NOT NULL,\n    code VARCHAR NOT NULL\n)"
    )


def test_the_cli_names_a_bad_value(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "lz-pipeline"), "--warehouse", "ducklake:mysql:x", "sql", "select 1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "LZ_WAREHOUSE='ducklake:mysql:x': unknown DuckLake catalog 'mysql'" in result.stderr


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LakeWarehouse]:
    """The office's 2019 and 2020 (决算 and 预算 each): `lz-pipeline run` (a real process, as `make run` does)
    into a DuckLake on a SQLite catalog, and in-process into one DuckDB file. The whole corpus into a lake is
    lz_pipeline_tests/deploy/test_lake_backfill.py's."""
    root = tmp_path_factory.mktemp("ducklake")
    raw = root / "raw"
    for year in ("2019", "2020"):
        shutil.copytree(RAW / year / OFFICE, raw / year / OFFICE, ignore=shutil.ignore_patterns("*.yaml"))
    file = root / "warehouse.duckdb"
    with dg.DagsterInstance.ephemeral() as instance:
        assert materialize_corpus(instance, raw, file).failed == {}
    lake = parse(f"ducklake:{root / 'catalog.sqlite'}", str(root / "lake"))
    env = os.environ | {"LZ_LAKE_DATA": str(root / "lake"), "DAGSTER_HOME": str(root / "home")}
    (root / "home").mkdir()
    shutil.copyfile(REPO / "deploy" / "dagster.yaml", root / "home" / "dagster.yaml")
    command = [str(BIN / "lz-pipeline"), "--warehouse", lake.spec, "run", "--raw-dir", str(raw)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return file, lake


def test_the_corpus_in_a_lake_equals_the_corpus_in_a_file_table_by_table(runs: tuple[Path, LakeWarehouse]) -> None:
    file, lake = runs
    with duckdb.connect(str(file), read_only=True) as conn:
        expected = relation_digests(conn)
    with lake.reader() as conn:
        actual = relation_digests(conn)
    assert sorted(actual) == sorted(expected)
    assert len(expected) >= 72  # every fact, bookkeeping, code-list and derived table and view
    assert {name: d for name, d in actual.items() if d != expected[name]} == {}


def test_lz_pipeline_sql_prints_the_published_change_from_the_lake(runs: tuple[Path, LakeWarehouse]) -> None:
    _, lake = runs
    query = "SELECT department, year, change, change_pct FROM yoy_department_total WHERE year = 2020"
    done = subprocess.run(
        [str(BIN / "lz-pipeline"), "--warehouse", lake.spec, "sql", query],
        env=os.environ | {"LZ_LAKE_DATA": lake.data_path},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "-645.06" in done.stdout and "-15.41" in done.stdout and OFFICE in done.stdout


def test_the_lake_holds_parquet_files_and_the_published_figure(runs: tuple[Path, LakeWarehouse]) -> None:
    _, lake = runs
    files = list(Path(lake.data()).rglob("*.parquet"))
    assert len(files) > 50
    with lake.reader() as conn:
        # 泸州市人民政府办公室 2020: 收、支总计 3542.28 against 4187.34 in 2019, −15.41 % (its 决算's 说明)
        row = conn.execute(
            "SELECT total, prev_total, change_pct FROM yoy_department_total WHERE department = ? AND year = 2020",
            [OFFICE],
        ).fetchone()
        assert [str(v) for v in row] == ["3542.280000", "4187.340000", "-15.41"]
        inlined = conn.execute("SELECT count(*) FROM __ducklake_metadata_lake.ducklake_inlined_data_tables").fetchone()[
            0
        ]
    assert inlined == 0


READER = """
import json, sys, time
from lz_pipeline.warehouse.target import parse
lake = parse(sys.argv[1])
counts, errors, deadline = [], [], time.monotonic() + float(sys.argv[2])
print("reading", flush=True)
while time.monotonic() < deadline:
    try:
        with lake.reader() as conn:
            counts.append(conn.execute("SELECT count(*) FROM fact_summary WHERE year = 2020").fetchone()[0])
    except Exception as error:
        errors.append(repr(error))
print(json.dumps({"counts": sorted(set(counts)), "queries": len(counts), "errors": errors}))
"""


def test_a_reader_queries_while_loads_commit(runs: tuple[Path, LakeWarehouse]) -> None:
    _, lake = runs
    folder = RAW / "2020" / OFFICE
    publications = normalize_department_year(extract_files(sorted(folder.glob("*.pdf"))), OFFICE, 2020)
    with lake.reader() as conn:
        before = conn.execute("SELECT count(*) FROM fact_summary WHERE year = 2020").fetchone()[0]
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, lake.spec, "20"], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert reader.stdout.readline().strip() == "reading"
    loads = 0
    started = time.monotonic()
    with lake.writing() as conn:
        while time.monotonic() - started < 15:  # the same department-year reloaded: delete, insert, commit
            load_department_year(conn, publications)
            loads += 1
    out, _ = reader.communicate(timeout=60)
    read = json.loads(out.strip().splitlines()[-1])
    assert read["errors"] == []
    assert read["counts"] == [before]  # every snapshot whole: never a half-replaced department-year
    assert read["queries"] > 10 and loads >= 2


LOADER = """
import sys
from pathlib import Path
from lz_pipeline.extract.reader import extract_files
from lz_pipeline.normalize.documents import normalize_department_year
from lz_pipeline.warehouse.load import load_department_year
from lz_pipeline.warehouse.target import as_target
target, folder, department, year = as_target(sys.argv[1], sys.argv[2]), Path(sys.argv[3]), sys.argv[4], int(sys.argv[5])
publications = normalize_department_year(extract_files(sorted(folder.glob("*.pdf"))), department, year)
print("extracted", flush=True)
sys.stdin.readline()  # every loader starts its loads at once
with target.writing() as conn:
    for _ in range(3):
        load_department_year(conn, publications)
print("loaded", flush=True)
"""


def postgres_url() -> str:
    url = os.environ.get("LZ_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("LZ_TEST_POSTGRES is not set in CI: .ci/run starts a Postgres server and exports it")
        pytest.skip("no Postgres server: set LZ_TEST_POSTGRES=postgresql://user@host:port/database to run this")
    return url


def fresh_schema(url: str, name: str) -> str:
    """A Postgres schema of its own for one test's lake catalog (LZ_LAKE_SCHEMA), never another's tables."""
    ensure_extensions()
    with duckdb.connect(config=connection_settings()) as conn:
        conn.execute(f"ATTACH '{url}' AS pg (TYPE postgres)")
        conn.execute(f"CALL postgres_execute('pg', 'DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}')")
    return name


def test_concurrent_loaders_into_a_lake_on_postgres_equal_a_serial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_url()
    monkeypatch.setenv("LZ_LAKE_SCHEMA", fresh_schema(url, f"lz_test_lake_{os.getpid()}"))  # the loaders inherit it
    lake = parse(f"ducklake:postgres:{url}", str(tmp_path / "lake"))
    years = (2019, 2020)
    loaders = [
        subprocess.Popen(
            [sys.executable, "-c", LOADER, lake.spec, lake.data_path, str(RAW / str(year) / OFFICE), OFFICE, str(year)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for year in years
    ]
    for loader in loaders:
        assert loader.stdout.readline().strip() == "extracted"
    for loader in loaders:
        loader.stdin.write("go\n")
        loader.stdin.flush()
    outputs = [loader.communicate(timeout=300)[0] for loader in loaders]
    assert [loader.returncode for loader in loaders] == [0, 0], outputs

    file = tmp_path / "serial.duckdb"
    with duckdb.connect(str(file)) as conn:
        for year in years:
            files = sorted((RAW / str(year) / OFFICE).glob("*.pdf"))
            publications = normalize_department_year(extract_files(files), OFFICE, year)
            for _ in range(3):  # as each loader did: load_run keeps every load
                load_department_year(conn, publications)
        expected = relation_digests(conn)
    with lake.reader() as conn:
        actual = relation_digests(conn)
    assert expected["fact_summary"]["rows"] > 0
    assert {name: d for name, d in actual.items() if d != expected.get(name)} == {}
    assert sorted(actual) == sorted(expected)
    assert list(Path(lake.data()).rglob("*.parquet"))
