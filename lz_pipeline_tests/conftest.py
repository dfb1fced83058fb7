"""Shared fixtures: the sample corpus in data/raw, the real documents in data/real, the material in ../shared."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from lz_pipeline.extract.reader import RawDocument, extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "data" / "raw"
REAL = REPO / "data" / "real"
SHARED = REPO.parent / "shared"  # beside the checkout only in CI and on developers' machines
OFFICE = "泸州市人民政府办公室"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules marked ``slow`` (a minute or more of processes: backfills, the UI, whole-corpus runs) first: under
    pytest-xdist a module runs on one worker, and a long one started last leaves the other worker idle."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def sample_pdf(year: int, department: str) -> Path:
    """The 决算 of a department-year of the sample corpus, in whichever layout it is kept: the 泸州 ones in
    ``<year>/<department>/`` beside their 预算, the others as ``<year>/<department>.pdf``."""
    single = RAW / str(year) / f"{department}.pdf"
    return single if single.exists() else RAW / str(year) / department / f"{department}{year}年部门决算.pdf"


OFFICE_2020 = sample_pdf(2020, OFFICE)
OFFICE_2019 = sample_pdf(2019, OFFICE)
SHANGHAI = REAL / "shanghai-2024" / "putuo-caizhengju-2024-juesuan.pdf"


# Run bookkeeping legitimately differs between runs (load_run is the append-only history of loads);
# every other table and column must not.
VOLATILE_COLUMNS = {
    "load_run": ("run_id", "started_at"),
    "source_document": ("run_id",),
    "department_year_file": ("run_id",),
}


def table_checksums(warehouse: Path) -> dict[str, tuple]:
    """Table → (rows, order-independent hash of its rows without the volatile columns)."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        sums = {}
        for table in tables:
            columns = conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
            ).fetchall()
            kept = [f'"{c}"' for (c,) in columns if c not in VOLATILE_COLUMNS.get(table, ())]
            row = f"hash(row({', '.join(kept)}))"
            sums[table] = conn.execute(f'SELECT count(*), sum({row})::VARCHAR FROM "{table}"').fetchone()
        return sums


EDUCATION = "泸州市教育和体育局"
EDUCATION_2020 = sample_pdf(2020, EDUCATION)


def stray_figure_in_fund_table(target: Path) -> Path:
    """泸州市教育和体育局 2020 with a stray 8.88 beside 合计 in its 政府性基金 table (page 21, 科目名称 column)."""
    from lz_pipeline_tests.fixtures import bad_pdfs

    return bad_pdfs.stamp_text(EDUCATION_2020, target, page_number=21, x=230, y=404, text="8.88")


def sample_identity(pdf: Path) -> tuple[int, str]:
    """(year, department) of a sample 决算 by where it lies: <year>/<department>.pdf or <year>/<department>/…"""
    parts = pdf.relative_to(RAW).parts
    return int(parts[0]), parts[1] if len(parts) == 3 else Path(parts[1]).stem


def copy_as_single_file(pdf: Path, raw: Path) -> Path:
    """A sample 决算 copied into ``raw`` in the single-file layout, <year>/<department>.pdf."""
    year, department = sample_identity(pdf)
    target = raw / str(year) / f"{department}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(pdf, target)
    return target


def _is_final(pdf: Path) -> bool:
    truth = pdf.with_suffix(".truth.yaml")
    return not truth.exists() or "document_kind: budget" not in truth.read_text(encoding="utf-8")


def sample_pdfs() -> list[Path]:
    """Every 决算 PDF of the sample corpus (either layout), by path."""
    return sorted(p for p in [*RAW.glob("*/*.pdf"), *RAW.glob("*/*/*.pdf")] if _is_final(p))


@pytest.fixture(scope="session")
def raw_2020() -> RawDocument:
    return extract_document(OFFICE_2020)


@pytest.fixture(scope="session")
def normalized_2020(raw_2020: RawDocument) -> NormalizedDocument:
    return normalize_document(raw_2020, OFFICE, 2020)


@pytest.fixture(scope="session")
def shanghai_pdf() -> Path:
    return SHANGHAI


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """The folder of a costly session fixture, built by the first test process that asks for it and reused by the
    others (``make test``'s pytest-xdist workers share the parent of their temporary folders). Its users only
    read what is in it."""
    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent
    folder = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here while one builds
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


TWO_YEARS = ("2019", "2020")


def _copy_two_years(folder: Path) -> None:
    for year in TWO_YEARS:
        shutil.copytree(RAW / year, folder / "raw" / year, ignore=shutil.ignore_patterns("*.yaml"))


@pytest.fixture(scope="session")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus's 2019 and 2020 (both layouts, as kept): every department of those years."""
    return built_once(tmp_path_factory, "two-years", _copy_two_years) / "raw"


@pytest.fixture(scope="session")
def two_years_serial(two_years: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``two_years`` loaded as ``lz-pipeline run`` loads a corpus (in-process, one run per department-year, then
    the derived layer) into a file: what every parallel backfill of the same files must equal."""

    def load(folder: Path) -> None:
        import dagster as dg

        from lz_pipeline.runner import materialize_corpus

        with dg.DagsterInstance.ephemeral() as instance:
            outcome = materialize_corpus(instance, two_years, folder / "serial.duckdb")
        assert outcome.failed == {} and len(outcome.loaded) == 10

    return built_once(tmp_path_factory, "two-years-serial", load) / "serial.duckdb"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the sample corpus (both layouts, as kept) that a test may add bad files to."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns("*.yaml"))
    return target


BUDGETS = REAL / "budgets"
# Real 部门预算 (data/real/budgets): two years of two departments, whose totals ../shared checked by hand,
# and 社会福利院, whose 收支预算总表 splits its 支出 side into 人员经费 | 公用经费 | 项目支出.
REAL_BUDGETS = (
    "jiangsu/2017/江苏省政协办公厅",
    "jiangsu/2018/江苏省政协办公厅",
    "shanghai/2023/上海市普陀区万里街道办事处",
    "shanghai/2024/上海市普陀区万里街道办事处",
    "shanghai/2024/上海市普陀区社会福利院",
)
CPPCC, WANLI, WELFARE = "江苏省政协办公厅", "上海市普陀区人民政府万里街道办事处", "上海市普陀区社会福利院"
# Sample department-years of the office: 决算 and 预算 (2019, 2020), a 预算 a year ahead of its 决算 (2022).
OFFICE_BUDGET_YEARS = (2019, 2020, 2022)


def budget_truth(folder: str) -> dict:
    return yaml.safe_load((BUDGETS / folder / "truth.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def budget_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real budgets of REAL_BUDGETS and the office's OFFICE_BUDGET_YEARS, loaded as the pipeline loads a
    department-year, every derived table refreshed."""

    def load(folder: Path) -> None:
        from lz_pipeline.derived.project import build
        from lz_pipeline.extract.reader import extract_files
        from lz_pipeline.normalize.documents import normalize_department_year
        from lz_pipeline.warehouse.load import load_department_year

        department_years = [(BUDGETS / f, budget_truth(f)["department"], budget_truth(f)["year"]) for f in REAL_BUDGETS]
        department_years += [(RAW / str(year) / OFFICE, OFFICE, year) for year in OFFICE_BUDGET_YEARS]
        with duckdb.connect(str(folder / "w.duckdb")) as conn:
            for source, department, year in department_years:
                raws = extract_files(sorted(source.glob("*.pdf")))
                load_department_year(conn, normalize_department_year(raws, department, year))
        build(folder / "w.duckdb", tests=False)

    return built_once(tmp_path_factory, "budgets", load) / "w.duckdb"


@pytest.fixture(scope="session")
def budget_warehouse(budget_warehouse_file: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(budget_warehouse_file), read_only=True) as conn:
        yield conn
