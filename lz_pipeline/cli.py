"""``lz-pipeline run | sql | export | docs | dev``: the pipeline and the warehouse from the terminal."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import duckdb

from lz_pipeline import settings
from lz_pipeline.warehouse.publish import WarehouseUnavailable
from lz_pipeline.warehouse.target import BadWarehouse, FileWarehouse, NoWarehouse, Target, parse

if TYPE_CHECKING:
    from lz_pipeline.runner import CorpusRun

EXIT_OK = 0  # everything loaded
EXIT_ERROR = 1  # nothing ran: an input folder without documents, a warehouse that cannot be opened
EXIT_PARTIAL = 2  # some partitions or tables failed or were quarantined (the rest is loaded and published)
EXIT_BUSY = 3  # sql / export: another client holds the published file read-write
EXIT_CODES = f"""exit codes:
  {EXIT_OK}    every document loaded (run); the command did what it was asked
  {EXIT_ERROR}    nothing ran: an input folder without documents in the layout, a warehouse that cannot
       be opened (the message names the path and the reason)
  {EXIT_PARTIAL}    run: some partitions or derived tables failed, or tables were quarantined or missing
       (check tables_complete); everything else is loaded and published
  {EXIT_BUSY}    sql, export: another client holds the published file read-write
  130  run: stopped by SIGINT (Ctrl-C); 143 by SIGTERM. The warehouse holds the last published state.
"""


def rows_per_table(conn: duckdb.DuckDBPyConnection) -> str:
    """Exact counts of the fact and YoY tables (duckdb_tables().estimated_size counts a DuckLake's deleted rows)."""
    names = conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'fact_%' OR table_name LIKE 'yoy_%' ORDER BY 1"
    ).fetchall()
    return " UNION ALL ".join(f"SELECT '{name}' AS table_name, count(*) AS rows FROM {name}" for (name,) in names)


SUMMARY_QUERIES = {
    "rows per table": rows_per_table,
    "year-over-year 收、支总计 (万元)": "SELECT * FROM yoy_department_total ORDER BY department, year",
    "narrative figures against the tables": "SELECT status, count(*) AS claims FROM narrative_check GROUP BY ALL",
    "tables by status and reader": """
        SELECT status, extraction_flavor AS reader, count(*) AS tables, min(coverage) AS min_coverage
        FROM source_table GROUP BY ALL ORDER BY ALL""",
    "tables not loaded (quarantined or missing), with why": """
        SELECT department, year, document_kind, table_kind, status, left(reason, 200) AS reason
        FROM source_table WHERE status IN ('quarantined', 'missing') ORDER BY ALL""",
}


def connect_read_only(warehouse: Target) -> duckdb.DuckDBPyConnection:
    """A read-only connection; a clear 'busy' exit while a writer holds the file."""
    try:
        return warehouse.reader()
    except NoWarehouse as error:
        sys.exit(f"{error.path}: {error.reason}")
    except WarehouseUnavailable as error:
        sys.exit(str(error))
    except duckdb.IOException as error:
        if not isinstance(warehouse, FileWarehouse):
            raise
        # Loads never hold this file (they publish copies of their own); some client opened it read-write.
        print(f"{warehouse}: busy (a client holds it read-write); retry when it closes. ({error})", file=sys.stderr)
        sys.exit(EXIT_BUSY)


def show(conn: duckdb.DuckDBPyConnection, query: str) -> None:
    relation = conn.sql(query)
    if relation is None:  # a statement without a result
        return
    relation.show(max_width=100_000, max_rows=10_000, max_col_width=200)


def command_run(args: argparse.Namespace) -> int:
    from lz_pipeline.corpus import EXPECTED_LAYOUT, discover, layout_problem, outside_layout

    problem = layout_problem(args.raw_dir)
    if problem:
        print(f"lz-pipeline run: {problem}", file=sys.stderr)
        return EXIT_ERROR
    try:
        args.warehouse.check()  # at once, not after minutes of retries in every step
    except WarehouseUnavailable as error:
        print(f"lz-pipeline run: {error}", file=sys.stderr)
        return EXIT_ERROR

    import dagster as dg  # slow to import; only this command needs it

    from lz_pipeline.instance import ensure_home, reap_dead_runs
    from lz_pipeline.progress import Progress, prune_logs, stderr_to
    from lz_pipeline.runner import Stopped, materialize_corpus

    started = time.perf_counter()
    documents = discover(args.raw_dir)
    home = ensure_home(args.warehouse.base)
    log = home / "logs" / f"run-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    prune_logs(log.parent)
    print(f"lz-pipeline run: {len(documents)} department-years in {args.raw_dir} → {args.warehouse}")
    ignored = outside_layout(args.raw_dir)
    if ignored:
        examples = ", ".join(str(p) for p in ignored[:3])
        print(f"ignored {len(ignored)} PDF(s) outside the layout ({EXPECTED_LAYOUT}), e.g. {examples}")
    print(f"Dagster instance {home}; its events go to {log}" + (" and here" if args.verbose else " (-v: here)"))
    out, progress = sys.stdout, Progress(len(documents))  # taken before stdout goes to the log
    try:
        with stderr_to(log, args.verbose), dg.DagsterInstance.get() as instance:
            for note in reap_dead_runs(instance):
                print(f"cleaned up: {note}", file=out)
            outcome = materialize_corpus(instance, args.raw_dir, args.warehouse, progress)
    except KeyboardInterrupt as stop:
        signum = stop.signum if isinstance(stop, Stopped) else 2
        print(f"\nlz-pipeline run: stopped ({stop or 'SIGINT'}); {args.warehouse} holds the last published state")
        return 128 + signum
    seconds = time.perf_counter() - started
    print_summary(outcome, args, seconds)
    return EXIT_OK if outcome.complete else EXIT_PARTIAL


def print_summary(outcome: CorpusRun, args: argparse.Namespace, seconds: float) -> None:
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
                show(conn, query(conn) if callable(query) else query)


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
    from lz_pipeline.derived.project import SOURCES_YML, sources_yaml
    from lz_pipeline.dictionary import generate

    SOURCES_YML.write_text(sources_yaml(), encoding="utf-8")  # first: the models read their sources from it
    print(f"wrote {SOURCES_YML}")
    print(f"wrote {generate(args.out)}")
    return 0


def command_dbt(args: argparse.Namespace, extra: list[str]) -> int:
    """Any dbt command on the derived layer, against the pipeline's working database (then published when it
    wrote), with the catalogue's vars: ``lz-pipeline dbt build -s yoy_metric+``."""
    from lz_pipeline.derived.project import project_args
    from lz_pipeline.warehouse.publish import prepare_working, publish_working
    from lz_pipeline.warehouse.target import FileWarehouse

    target = args.warehouse
    database = prepare_working(target.path) if isinstance(target, FileWarehouse) else target
    dbt = Path(sys.executable).parent / "dbt"
    code = subprocess.run([str(dbt), *extra[:1], *project_args(database), *extra[1:]], check=False).returncode
    if code == 0 and isinstance(target, FileWarehouse) and extra[:1] and extra[0] in ("build", "run", "seed"):
        publish_working(target.path)
    return code


def command_dev(args: argparse.Namespace, extra: list[str]) -> NoReturn:
    """``dagster dev`` (webserver and daemon) on this warehouse's instance, in place of this process."""
    from lz_pipeline.instance import ensure_home

    home = ensure_home(args.warehouse.base)
    env = os.environ | {"DAGSTER_HOME": str(home), "LZ_WAREHOUSE": args.warehouse.spec}
    dagster = Path(sys.executable).parent / "dagster"
    command = [str(dagster), "dev", "-w", str(settings.REPO_ROOT / "workspace.yaml"), *extra]
    print(f"lz-pipeline dev: Dagster instance {home}, warehouse {args.warehouse}", flush=True)
    os.execve(dagster, command, env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lz-pipeline", description=__doc__, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--warehouse",
        default=settings.warehouse(),
        help="the DuckDB file analysts open, or ducklake:<catalog> (LZ_WAREHOUSE; data path: LZ_LAKE_DATA)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="extract, normalize and load every PDF, then the derived tables",
        description="Load every <year>/<department>.pdf, publishing the warehouse after each load.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--raw-dir", type=Path, default=settings.raw_dir(), help="<year>/<department>.pdf folder (env LZ_RAW_DIR)"
    )
    run.add_argument("-v", "--verbose", action="store_true", help="stream Dagster's events here too")
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
    dev = commands.add_parser(  # every option (-h HOST, -p PORT, --help) is dagster dev's
        "dev",
        help="the Dagster UI and daemon on this warehouse's instance: `dagster dev` [its options]",
        add_help=False,
    )
    dev.set_defaults(handler=command_dev)
    dbt = commands.add_parser(  # every option is dbt's
        "dbt", help="a dbt command on the derived layer (lz_pipeline/derived) and this warehouse", add_help=False
    )
    dbt.set_defaults(handler=command_dbt)
    args, extra = parser.parse_known_args(argv)
    try:  # a file's folder holds the working copy and the instance
        args.warehouse = parse(args.warehouse, os.environ.get("LZ_LAKE_DATA"))
    except BadWarehouse as error:
        print(f"lz-pipeline: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.command == "dev":
        return command_dev(args, extra)
    if args.command == "dbt":
        return command_dbt(args, extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
