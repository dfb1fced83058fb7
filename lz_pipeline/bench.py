"""``make bench``: extraction speed, memory and scaling, measured against camelot and pdftotext.

Prints figures; asserts nothing (a benchmark, not a timed test). Interpreter start-up is excluded:
every figure is measured inside this process after the imports.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import camelot
import pypdfium2 as pdfium

from lz_pipeline import settings
from lz_pipeline.corpus import DepartmentYear, discover
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import normalize_document

if TYPE_CHECKING:
    import dagster as dg

REAL = settings.REPO_ROOT / "data" / "real"
SHANGHAI = REAL / "shanghai-2024" / "putuo-caizhengju-2024-juesuan.pdf"
# Generated documents for each failure class met in real reports (per-cell rectangles, split titles, …).
FIXTURES = settings.REPO_ROOT / "data" / "fixtures"


def page_count(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Best wall time of ``repeat`` runs: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def pipeline(path: Path) -> None:
    """What one partition costs before the warehouse: locate, camelot, normalize."""
    raw = extract_document(path)
    normalize_document(raw, raw.department or path.stem, raw.year or 2000)


def camelot_every_page(path: Path, engine: str) -> None:
    camelot.read_pdf(str(path), pages="all", flavor="lattice", engine=engine, suppress_stdout=True)


def pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pipeline_many(paths: list[Path]) -> None:
    for path in paths:
        pipeline(path)


def parallel_speedup(paths: list[Path], workers: int) -> tuple[float, float]:
    serial = timed(lambda: _pipeline_many(paths))
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(pipeline, paths[:workers])  # warm the workers' imports outside the measurement
        parallel = timed(lambda: pool.map(pipeline, paths, chunksize=1))
    return serial, parallel


def replicated_corpus(source: list[DepartmentYear], copies: int, root: Path) -> Path:
    """The corpus ``copies`` times over, under new department names (as a province's would grow): each
    department-year's PDFs in a folder of its own, ``<year>/<department>-NN/``.

    Each copy's name is listed as an alias of the department its documents name themselves by (a
    department list of the bench's own, through LZ_REFERENCE_DIR), so the identity check passes.
    """
    raw = root / f"x{copies}"
    aliases: dict[str, set[str]] = {}
    for copy in range(copies):
        for found in source:
            name = f"{found.department}-{copy:02d}"
            for path in found.files:
                target = raw / str(found.year) / name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                # A trailing PDF comment makes each copy's bytes (and SHA-256) its own: the loader refuses
                # the same file under two names.
                target.write_bytes(path.read_bytes() + f"\n% lz-bench copy {copy}\n".encode())
            aliases.setdefault(found.department, set()).add(name)
    reference = root / f"reference-x{copies}"
    reference.mkdir(exist_ok=True)
    rows = ["department_id,name,level,region,aliases,note"]
    rows += [
        f"{i},{name},市,bench,{'|'.join(sorted(names))},bench copies"
        for i, (name, names) in enumerate(aliases.items(), 1)
    ]
    (reference / "departments.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    os.environ["LZ_REFERENCE_DIR"] = str(reference)
    return raw


class _DerivedClock:
    """A silent Progress for ``materialize_corpus``: notes when the derived tables start."""

    def __init__(self) -> None:
        self.derived_started: float | None = None

    def document_started(self, index: int, label: str) -> None:
        pass

    def document_finished(self, index: int, label: str, outcome: str, seconds: float) -> None:
        pass

    def step(self, text: str) -> None:
        self.derived_started = time.perf_counter()


def backfill_seconds(raw: Path, root: Path) -> tuple[float, float, int]:
    """(wall seconds, of which the derived tables' runs, partitions loaded)."""
    import dagster as dg

    from lz_pipeline.progress import stderr_to
    from lz_pipeline.runner import materialize_corpus

    warehouse = root / f"{raw.name}.duckdb"
    clock = _DerivedClock()
    with dg.DagsterInstance.ephemeral() as instance, stderr_to(root / f"{raw.name}.log"):
        started = time.perf_counter()
        outcome = materialize_corpus(instance, raw, warehouse, progress=clock)  # type: ignore[arg-type]
        ended = time.perf_counter()
    derived = ended - clock.derived_started if clock.derived_started else 0.0
    return ended - started, derived, len(outcome.loaded)


def _lake_backfill(raw: Path, lake_spec: str, lake_data: Path, home: Path, parallel_runs: int) -> tuple[float, int]:
    """A multi-run backfill (``parallel_runs`` processes) into a lake, then its derived tables: (seconds, loaded)."""
    import dagster as dg

    from lz_pipeline.defs.partitions import register_documents
    from lz_pipeline.defs.resources import corpus_resources
    from lz_pipeline.instance import size_writer_pool
    from lz_pipeline.progress import stderr_to
    from lz_pipeline.runner import backfill, materialize_derived, partition_keys
    from lz_pipeline.warehouse.target import parse

    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(settings.DAGSTER_YAML, home / "dagster.yaml")
    env = {"DAGSTER_HOME": str(home), "LZ_RAW_DIR": str(raw), "LZ_WAREHOUSE": lake_spec}
    env["LZ_LAKE_DATA"] = str(lake_data)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        keys = partition_keys(raw)
        with stderr_to(home / "backfill.log"):
            started = time.perf_counter()
            with dg.DagsterInstance.get() as instance:
                register_documents(instance, keys)
                size_writer_pool(instance, lake=True, parallel_runs=parallel_runs)
                outcome = backfill(keys, parallel_runs)
                materialize_derived(instance, corpus_resources(raw, parse(lake_spec, str(lake_data))))
            seconds = time.perf_counter() - started
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return seconds, sum(ok for _, ok in outcome.values())


def report_engines(raw: Path, documents: int, root: Path, parallel_runs: int) -> None:
    """Throughput of the whole corpus into each warehouse engine: one DuckDB file (serial, the in-process
    runner), a DuckLake on SQLite serial, and a DuckLake parallel (``parallel_runs`` runs at once, the writers'
    pool lifted) on SQLite and, with ``LZ_BENCH_POSTGRES`` (a libpq URL), on Postgres."""
    import dagster as dg

    from lz_pipeline.progress import stderr_to
    from lz_pipeline.runner import materialize_corpus
    from lz_pipeline.warehouse.target import parse

    print(f"\nwarehouse engines, the corpus ({documents} PDFs) each time, derived tables included:")
    runs: list[tuple[str, Callable[[], tuple[float, int]]]] = []

    def serial(target: object, name: str) -> tuple[float, int]:
        with dg.DagsterInstance.ephemeral() as instance, stderr_to(root / f"{name}.log"):
            started = time.perf_counter()
            outcome = materialize_corpus(instance, raw, target)  # type: ignore[arg-type]
            return time.perf_counter() - started, len(outcome.loaded)

    runs.append(("DuckDB file, serial", lambda: serial(root / "file.duckdb", "file")))
    serial_lake = parse(f"ducklake:{root / 'serial.sqlite'}", str(root / "serial-data"))
    runs.append(("DuckLake on SQLite, serial", lambda: serial(serial_lake, "serial-lake")))

    def parallel(spec: str, name: str) -> tuple[float, int]:
        return _lake_backfill(raw, spec, root / f"{name}-data", root / f"{name}-home", parallel_runs)

    parallel_sqlite = f"ducklake:{root / 'p.sqlite'}"
    runs.append((f"DuckLake on SQLite, {parallel_runs} runs at once", lambda: parallel(parallel_sqlite, "p")))
    if os.environ.get("LZ_BENCH_POSTGRES"):
        url = os.environ["LZ_BENCH_POSTGRES"]
        runs.append(
            (
                f"DuckLake on Postgres, {parallel_runs} runs at once",
                lambda: parallel(f"ducklake:postgres:{url}", "pg"),
            )
        )
    else:
        print("  (DuckLake on Postgres: set LZ_BENCH_POSTGRES=postgresql://… to measure it)")
    baseline = None
    for label, run in runs:
        seconds, loaded = run()
        baseline = baseline or seconds
        print(
            f"  {label:<36} {seconds:7.1f} s, {documents / seconds:.3f} PDFs/s, {loaded} partitions loaded,"
            f" {baseline / seconds:.2f}x the file's throughput"
        )


def sensor_tree(source: list[Path], files: int, root: Path) -> list[Path]:
    """``files`` PDFs as a province's corpus would lie: ten years of departments, every fourth one a folder
    holding its 决算 and 预算. Hard links of the sample PDFs (no disk), so bytes repeat across department-years:
    the sensor does not mind, it only reads them."""
    made: list[Path] = []
    department = 0
    while len(made) < files:
        year, name = 2015 + department % 10, f"部门{department // 10:05d}"
        if department % 4 == 0 and files - len(made) >= 2:
            targets = [root / str(year) / name / "决算.pdf", root / str(year) / name / "预算.pdf"]
        else:
            targets = [root / str(year) / f"{name}.pdf"]
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source[len(made) % len(source)], target)
            made.append(target)
        department += 1
    return made


def sensor_tick(raw: Path, cursor: str | None) -> tuple[dg.SensorResult | dg.SkipReason, int]:
    """What ``raw_pdf_sensor`` does in one tick (without the instance's department list), and the files it read."""
    from lz_pipeline.corpus import file_sha256
    from lz_pipeline.defs.sensors import Cursor, scan, sensor_result

    hashed: list[Path] = []

    def counting(path: Path) -> str:
        hashed.append(path)
        return file_sha256(path)

    found = scan(raw, Cursor.parse(cursor), counting)
    return sensor_result(found, cursor, known_departments=set()), len(hashed)


def report_sensor(source: list[Path], files: int, root: Path, repeat: int) -> None:
    """Three sensor ticks, each the best of ``repeat`` evaluations from the same cursor: cold (empty cursor),
    nothing changed, 10 files changed. The files are in the page cache in every tick (they were just linked):
    cold is about the cursor, not the disk."""
    raw = root / "sensor"
    made = sensor_tree(source, files, raw)
    megabytes = sum(p.stat().st_size for p in made) / 2**20
    print(f"\nsensor tick on {len(made)} PDFs ({megabytes:.0f} MiB) in {len(discover(raw))} department-years:")
    cursor: str | None = None
    for label in ("cold (empty cursor)", "nothing changed", "10 files changed"):
        if label == "10 files changed":
            for path in random.Random(0).sample(made, 10):  # single files and folders' files alike
                data = path.read_bytes() + b"\n% lz-bench edit\n"
                path.unlink()  # a new inode: the other links keep their bytes
                path.write_bytes(data)
            time.sleep(2.1)  # older than the sensor's racy window: their new mtimes are trusted
        seconds = timed(functools.partial(sensor_tick, raw, cursor), repeat)
        result, hashed = sensor_tick(raw, cursor)
        runs = len(getattr(result, "run_requests", None) or [])
        cursor = getattr(result, "cursor", None) or cursor
        print(
            f"  {label:<20} {seconds:7.3f} s  {hashed:5d} files hashed, {runs:5d} runs requested,"
            f" cursor {len(cursor.encode()) / 1024:.0f} KiB"
        )
    listing = timed(lambda: discover(raw), repeat)
    print(f"  of which listing the department-years (corpus.discover): {listing:.3f} s a tick")


def report_document(label: str, path: Path, repeat: int) -> None:
    pages = page_count(path)
    ours = timed(lambda: pipeline(path), repeat)
    combined = timed(lambda: camelot_every_page(path, "combined"))
    vector = timed(lambda: camelot_every_page(path, "vector"), repeat)
    text = timed(lambda: pdftotext(path), repeat) if shutil.which("pdftotext") else float("nan")
    print(f"\n{label}: {path.name}, {pages} pages")
    rows = [
        ("lz-pipeline (locate, readers until proven, normalize)", ours, f"{pages / ours:.1f} pages/s"),
        ("camelot lattice default engine, every page", combined, f"{combined / ours:.1f}x ours"),
        ("camelot lattice vector engine, every page", vector, f"{vector / ours:.1f}x ours"),
        ("pdftotext -layout (the text-layer floor)", text, f"ours is {ours / text:.1f}x it"),
    ]
    for name, seconds, ratio in rows:
        print(f"  {name:<58} {seconds:7.3f} s  ({ratio})")


def report_readers(paths: list[Path]) -> None:
    """Per document: seconds, and per table its status, the reader that proved it and its coverage;
    where fallbacks ran, what each reader cost."""
    print("\nreaders per table (status reader coverage), real and failure-class documents:")
    for path in paths:
        started = time.perf_counter()
        try:
            raw = extract_document(path)
        except Exception as error:  # a benchmark reports, it does not stop
            print(f"  {path.relative_to(settings.REPO_ROOT)}: failed: {error}")
            continue
        seconds = time.perf_counter() - started
        costs = ", ".join(f"{name} {s:.3f} s" for name, s in raw.reader_seconds.items())
        print(f"  {path.relative_to(settings.REPO_ROOT)}: {seconds:.3f} s ({raw.page_count} pages; {costs})")
        for table in raw.tables:
            coverage = f"{table.coverage:.0%}" if table.coverage is not None else "—"
            print(f"    {table.kind_key:<36} {table.status:<11} {table.flavor:<16} {coverage}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw-dir", type=Path, default=settings.raw_dir())
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 4, 16])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sensor-files", type=int, default=5000, help="PDFs in the sensor's tree (0: no sensor)")
    parser.add_argument("--sensor-only", action="store_true", help="only the sensor ticks")
    parser.add_argument("--engines-runs", type=int, default=4, help="parallel runs into a lake (0: no engines part)")
    args = parser.parse_args(argv)

    department_years = discover(args.raw_dir)
    corpus = [path for d in department_years for path in d.files]
    if not corpus:
        sys.exit(f"no PDFs under {args.raw_dir}")
    pages = sum(page_count(p) for p in corpus)
    print(f"corpus: {len(corpus)} documents, {pages} pages under {args.raw_dir}; {multiprocessing.cpu_count()} cores")
    if args.sensor_files:
        with tempfile.TemporaryDirectory(prefix="lz-bench-sensor-") as tmp:
            report_sensor(corpus, args.sensor_files, Path(tmp), args.repeat)
    if args.sensor_only:
        return 0

    if SHANGHAI.exists():
        report_document("real document", SHANGHAI, args.repeat)
    real = sorted(REAL.rglob("*.pdf")) if REAL.exists() else []
    report_readers([p for p in real if "template" not in p.name and "budgets" not in p.parts])
    report_readers(sorted(FIXTURES.rglob("*.pdf")))
    report_document("sample document", corpus[-1], args.repeat)

    serial, parallel = parallel_speedup(corpus, workers=2)
    per_document = serial / len(corpus)
    print(f"\ncorpus extraction, 1 process: {serial:.2f} s, {pages / serial:.1f} pages/s, {per_document:.3f} s/doc")
    speedup = serial / parallel
    print(f"corpus extraction, 2 processes: {parallel:.2f} s, {pages / parallel:.1f} pages/s, speed-up {speedup:.2f}x")

    with tempfile.TemporaryDirectory(prefix="lz-bench-") as tmp:
        root = Path(tmp)
        print("\nfull backfill (Dagster in-process, one run per partition, DuckDB load, YoY):")
        for copies in args.scales:
            raw = replicated_corpus(department_years, copies, root)
            seconds, derived, loaded = backfill_seconds(raw, root)
            documents = len(corpus) * copies
            share = serial * copies / seconds
            partitions = len(department_years) * copies
            outside = seconds - serial * copies  # runs, checks, step files, loads, derived tables
            runs = outside - derived  # the department-year runs alone: what grows with the corpus
            print(
                f"  x{copies:<3} {documents:4d} documents in {partitions} partitions: {seconds:7.1f} s wall,"
                f" {seconds / documents:.3f} s/document, {loaded} partitions loaded; extraction ~{100 * share:.0f}%"
                f" of the wall time; overhead outside extraction {outside / documents:.3f} s per document,"
                f" {outside / partitions:.3f} s per partition"
            )
            print(
                f"        of which the department-year runs {runs / documents:.3f} s per document"
                f" ({runs / partitions:.3f} s per partition), the derived tables once {derived:.1f} s"
            )
            shutil.rmtree(raw)
        if args.engines_runs:
            report_engines(args.raw_dir, len(corpus), root / "engines", args.engines_runs)
    print(f"\npeak RSS of this process: {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
