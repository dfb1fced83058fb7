"""``lz-pipeline run | sql | export | docs``: the pipeline and the warehouse from the terminal."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from lz_pipeline import settings

EXIT_BUSY = 3
SUMMARY_QUERIES = {
    "rows per table": """
        SELECT table_name, estimated_size AS rows FROM duckdb_tables()
        WHERE table_name LIKE 'fact_%' OR table_name LIKE 'yoy_%' ORDER BY table_name""",
    "year-over-year 收、支总计 (万元)": "SELECT * FROM yoy_department_total ORDER BY department, year",
    "narrative figures against the tables": "SELECT status, count(*) AS claims FROM narrative_check GROUP BY ALL",
    "tables by status and reader": """
        SELECT status, extraction_flavor AS reader, count(*) AS tables, min(coverage) AS min_coverage
        FROM source_table GROUP BY ALL ORDER BY ALL""",
    "tables not loaded (quarantined or missing), with why": """
        SELECT department, year, table_kind, status, left(reason, 200) AS reason
        FROM source_table WHERE status IN ('quarantined', 'missing') ORDER BY ALL""",
}


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; a clear 'busy' exit while a writer holds the file."""
    if not warehouse.exists():
        sys.exit(f"{warehouse}: no warehouse yet; run `lz-pipeline run` (or `make run`) first")
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as error:
        print(f"{warehouse}: busy (a load is writing it); retry in a moment. ({error})", file=sys.stderr)
        sys.exit(EXIT_BUSY)


def show(conn: duckdb.DuckDBPyConnection, query: str) -> None:
    relation = conn.sql(query)
    if relation is None:  # a statement without a result
        return
    relation.show(max_width=100_000, max_rows=10_000, max_col_width=200)


def command_run(args: argparse.Namespace) -> int:
    import dagster as dg  # slow to import; only this command needs it

    from lz_pipeline.runner import materialize_corpus

    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        outcome = materialize_corpus(instance, args.raw_dir, args.warehouse)
    seconds = time.perf_counter() - started
    print(f"\nlz-pipeline: {len(outcome.loaded)} partitions loaded, {len(outcome.failed)} failed, in {seconds:.1f} s")
    print(f"corpus: {args.raw_dir}\nwarehouse: {args.warehouse}")
    for key, message in outcome.failed.items():
        print(f"FAILED {key}: {message}")
    checks = len(outcome.checks_failed) + outcome.checks_passed
    print(f"asset checks: {outcome.checks_passed} of {checks} passed")
    for failed in outcome.checks_failed:
        print(f"CHECK FAILED {failed}")
    if outcome.loaded:
        with connect_read_only(args.warehouse) as conn:
            for title, query in SUMMARY_QUERIES.items():
                print(f"\n{title}:")
                show(conn, query)
    return 1 if outcome.failed else 0


def command_sql(args: argparse.Namespace) -> int:
    with connect_read_only(args.warehouse) as conn:
        if args.query:
            show(conn, args.query)
            return 0
        print(f"{args.warehouse} (read-only). End statements with ';'. Ctrl-D quits.")
        buffer = ""
        while True:
            try:
                line = input("lz> " if not buffer else "..> ")
            except EOFError:
                print()
                return 0
            buffer += line + "\n"
            if buffer.rstrip().endswith(";"):
                try:
                    show(conn, buffer)
                except duckdb.Error as error:
                    print(f"error: {error}")
                buffer = ""


def command_export(args: argparse.Namespace) -> int:
    from lz_pipeline.warehouse.export import FORMATS, export_warehouse

    formats = tuple(args.format) if args.format else FORMATS
    with connect_read_only(args.warehouse) as conn:
        written = export_warehouse(conn, args.out, formats)
    print(f"{len(written)} tables and views × {', '.join(formats)} → {args.out}")
    return 0


def command_docs(args: argparse.Namespace) -> int:
    from lz_pipeline.warehouse.dictionary import generate

    print(f"wrote {generate(args.out)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lz-pipeline", description=__doc__)
    parser.add_argument(
        "--warehouse", type=Path, default=settings.warehouse_path(), help="DuckDB file (env LZ_WAREHOUSE)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="extract, normalize and load every PDF, then the derived tables")
    run.add_argument(
        "--raw-dir", type=Path, default=settings.raw_dir(), help="<year>/<department>.pdf folder (env LZ_RAW_DIR)"
    )
    run.set_defaults(handler=command_run)
    sql = commands.add_parser("sql", help="query the warehouse read-only; no query opens a prompt")
    sql.add_argument("query", nargs="?")
    sql.set_defaults(handler=command_sql)
    export = commands.add_parser(
        "export", help="every table and view to Parquet, CSV (UTF-8 with BOM) or one Excel workbook"
    )
    export.add_argument(
        "--format", action="append", choices=["parquet", "csv", "xlsx"], help="repeatable; default parquet and csv"
    )
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder; files go to <out>/<format>/<name>.<format>, the workbook to <out>/xlsx/warehouse.xlsx",
    )
    export.set_defaults(handler=command_export)
    docs = commands.add_parser("docs", help="regenerate the data dictionary (docs/warehouse.md) from the schema")
    docs.add_argument("--out", type=Path, default=settings.REPO_ROOT / "docs" / "warehouse.md")
    docs.set_defaults(handler=command_docs)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
