"""Budget narratives (预算 情况说明): every figure of four real ones, and how each reconciles with its own tables
and with the year before's budget.

The expected claims and statuses are transcribed by hand (budget_narratives.py). Seven department-years of
data/real/budgets are loaded as the pipeline loads a partition (every PDF of the folder, the folder's name for the
department): the four read here and the 2017 / 2023 budgets they compare with.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml
from dagster_duckdb import DuckDBResource

from lz_pipeline.analytics.narrative import parse_claims
from lz_pipeline.analytics.reconcile import CLAIM_TABLE, document_claims, load_claims
from lz_pipeline.catalog import DocumentKind
from lz_pipeline.defs.analytics_assets import narrative_claims
from lz_pipeline.defs.assets import DOCUMENT_ASSETS
from lz_pipeline.defs.partitions import document_key, register_documents
from lz_pipeline.defs.resources import RawCorpus
from lz_pipeline.derived.project import build
from lz_pipeline.extract.reader import extract_document, extract_files
from lz_pipeline.normalize.documents import normalize_department_year
from lz_pipeline.normalize.tables import normalize_document
from lz_pipeline.warehouse.database import create_schema
from lz_pipeline.warehouse.load import load_document
from lz_pipeline_tests.analytics.budget_narratives import FULIYUAN_2024, WANLI_2024, WEIBAN_2018, ZHENGXIE_2018
from lz_pipeline_tests.conftest import REAL

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)

D = Decimal
BUDGETS = REAL / "budgets"
ZHENGXIE, WEIBAN = "江苏省政协办公厅", "江苏省委办公厅"
WANLI, FULIYUAN = "上海市普陀区万里街道办事处", "上海市普陀区社会福利院"
LOADED = [
    ("jiangsu", 2017, ZHENGXIE),
    ("jiangsu", 2018, ZHENGXIE),
    ("jiangsu", 2017, WEIBAN),
    ("jiangsu", 2018, WEIBAN),
    ("shanghai", 2023, WANLI),
    ("shanghai", 2024, WANLI),
    ("shanghai", 2024, FULIYUAN),
]
EXPECTED = {
    (ZHENGXIE, 2018): ZHENGXIE_2018,
    (WEIBAN, 2018): WEIBAN_2018,
    (FULIYUAN, 2024): FULIYUAN_2024,
    (WANLI, 2024): WANLI_2024,
}
# (claims, agree, disagree, not checkable) per document, counted from the lists.
COUNTS = {
    (ZHENGXIE, 2018): (119, 106, 0, 13),
    (WEIBAN, 2018): (101, 86, 3, 12),
    (FULIYUAN, 2024): (50, 26, 2, 22),
    (WANLI, 2024): (163, 87, 1, 75),
}


def _load(conn, region: str, year: int, department: str) -> None:
    folder = BUDGETS / region / str(year) / department
    printed = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))["department"]
    publications = normalize_department_year(extract_files(sorted(folder.glob("*.pdf"))), department, year, (printed,))
    for document in publications.documents:
        load_document(conn, document)
        load_claims(conn, department, year, document_claims(document), document.narrative_file, document.document_kind)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = tmp_path_factory.mktemp("budget_narratives") / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        for region, year, department in LOADED:
            _load(conn, region, year, department)
    build(path, tests=False)
    with duckdb.connect(str(path), read_only=True) as conn:
        yield conn


@pytest.mark.parametrize(("department", "year"), list(EXPECTED), ids=lambda v: str(v))
def test_every_claim_and_how_it_reconciles(checked: duckdb.DuckDBPyConnection, department: str, year: int) -> None:
    got = checked.execute(
        """SELECT subject, metric, narrative_value, comparison_year, status FROM narrative_check
           WHERE department = ? AND year = ? AND document_kind = '预算' ORDER BY claim_no""",
        [department, year],
    ).fetchall()
    assert got == EXPECTED[(department, year)]
    statuses = [s for *_, s in got]
    counts = (len(got), statuses.count("agree"), statuses.count("disagree"), statuses.count("not_checkable"))
    assert counts == COUNTS[(department, year)]


def test_the_disagreements_are_the_documents_slips(checked: duckdb.DuckDBPyConnection) -> None:
    rows = checked.execute(
        """SELECT department, year, subject, metric, narrative_value, table_value, sentence FROM narrative_check
           WHERE status = 'disagree' AND (department, year) IN (SELECT * FROM (VALUES
               ('江苏省政协办公厅', 2018), ('江苏省委办公厅', 2018), ('上海市普陀区社会福利院', 2024),
               ('上海市普陀区万里街道办事处', 2024)))
           ORDER BY department, year, claim_no"""
    ).fetchall()
    fuliyuan = "4.“社会保障和就业支出(类)社会福利(款)社会福利事业单位(项)”738.66万元，主要用于人员经费及公用经费。"
    fuliyuan_planned = "2023年当年预算执行数为711.34万元，2024年预算安排738.66万元，比2023年预算执行数增加3.84%。"
    wanli = "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。"
    weiban = "与上年相比收、支预算总计各增加3756.18万元，增长18.14%。"
    weiban_three_public = (
        "情况说明江苏省委办公厅2018年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国(境)费支出70万元，"
        "占“三公”经费的13.77%；公务用车购置及运行费支出411.20万元，占“三公”经费的80.92%；公务接待费支出27万元，"
        "占“三公”经费的5.31%。"
    )
    assert rows == [
        (WANLI, 2024, "function:2210201", "amount", D("352.67"), D("350.3499"), wanli),  # 3,503,499 元
        (FULIYUAN, 2024, "function:2081005", "amount", D("738.66"), D("696.4796"), fuliyuan),  # 6,964,796 元
        (FULIYUAN, 2024, "function:2081005", "amount", D("738.66"), D("696.4796"), fuliyuan_planned),
        (WEIBAN, 2018, "total", "change", D("3756.18"), D("3608.98"), weiban),  # 24458.43 − 20849.45
        (WEIBAN, 2018, "total", "percent", D("18.14"), D("17.31"), weiban),
        # 411.20 / 508.20 = 80.913%: the text's three shares are forced to add up to 100.00
        (WEIBAN, 2018, "three_public_vehicle", "share", D("80.92"), D("80.91"), weiban_three_public),
    ]


def test_why_a_figure_cannot_be_checked(checked: duckdb.DuckDBPyConnection) -> None:
    def reasons(department: str, year: int, subject: str) -> list[tuple]:
        return checked.execute(
            """SELECT metric, reason FROM narrative_check
               WHERE department = ? AND year = ? AND subject = ? AND status = 'not_checkable' ORDER BY claim_no""",
            [department, year, subject],
        ).fetchall()

    # no 2023 budget of the 社会福利院 is loaded
    assert reasons(FULIYUAN, 2024, "fiscal_total") == [("change", "no 预算 table for 2023")] * 2
    # a budget's estimate of last year's execution is in no table
    assert reasons(WANLI, 2024, "function:2010507") == [
        ("execution", "against 2023's 预算执行数, which no table holds"),
        ("percent", "against 2023's 预算执行数, which no table holds"),
    ]
    # 会议费 is printed in the "三公"经费、会议费、培训费 table but is no budget figure of the warehouse yet
    assert reasons(ZHENGXIE, 2018, "meeting") == [
        ("amount", "not in this year's tables"),
        ("change", "not in this year's tables"),
    ]
    assert reasons(ZHENGXIE, 2018, "procurement") == [("amount", "not in this year's tables")]


def test_the_year_before_is_the_budget_of_the_year_before(checked: duckdb.DuckDBPyConnection) -> None:
    # 政协 2018: 与上年相比收、支预算总计各增加 1,003.69 万元 — against the 2017 budget's 收入合计 9,146.79
    assert checked.execute(
        """SELECT table_value FROM narrative_check
           WHERE department = ? AND year = 2018 AND subject = 'total' AND metric = 'change'""",
        [ZHENGXIE],
    ).fetchall() == [(D("1003.69"),)]
    prior = checked.execute(
        "SELECT amount FROM budget_metric_value WHERE department = ? AND year = 2017 AND metric = 'total'", [ZHENGXIE]
    ).fetchall()
    assert prior == [(D("9146.79"),)]


def test_every_publication_has_its_own_claims(checked: duckdb.DuckDBPyConnection) -> None:
    kinds = checked.execute(f"SELECT DISTINCT document_kind FROM {CLAIM_TABLE}").fetchall()
    assert kinds == [("预算",)]
    per_year = checked.execute(
        f"SELECT department, year, count(*) FROM {CLAIM_TABLE} GROUP BY ALL ORDER BY department, year"
    ).fetchall()
    assert {(d, y) for d, y, _ in per_year} == {(d, y) for _, y, d in LOADED}


def test_an_older_warehouse_keeps_its_claims_as_the_final_accounts(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as conn:
        create_schema(conn)
        # the claims table as the version before document kinds wrote it, which predates the schema fingerprint
        conn.execute("DROP TABLE warehouse_meta")
        conn.execute("DROP TABLE fact_narrative_claim")
        conn.execute(
            """CREATE TABLE fact_narrative_claim (department VARCHAR NOT NULL, year INTEGER NOT NULL,
               claim_no INTEGER NOT NULL, page INTEGER, sentence VARCHAR NOT NULL, subject VARCHAR,
               subject_text VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DECIMAL(20, 6) NOT NULL,
               decimals INTEGER NOT NULL, unit VARCHAR NOT NULL, comparison_year INTEGER, base_subject VARCHAR,
               base_text VARCHAR, implied_prior DECIMAL(20, 6), source_file VARCHAR,
               PRIMARY KEY (department, year, claim_no))"""
        )
        conn.execute(
            "INSERT INTO fact_narrative_claim VALUES ('某局', 2020, 1, 3, '收、支总计100万元。', 'total', '收、支总计',"
            " 'amount', 100, 0, '万元', NULL, NULL, NULL, NULL, 'a.pdf')"
        )
        budget = parse_claims({1: ("收入预算总计120万元。",)}, 2020, document_kind=DocumentKind.BUDGET)
        load_claims(conn, "某局", 2020, budget, "b.pdf", DocumentKind.BUDGET)
        rows = conn.execute(
            "SELECT document_kind, claim_no, subject, value, comparison_basis, source_file FROM fact_narrative_claim "
            "ORDER BY document_kind"
        ).fetchall()
        # loading the 决算's claims again replaces them only
        load_claims(conn, "某局", 2020, [], "a.pdf", DocumentKind.FINAL)
        left = conn.execute("SELECT document_kind, count(*) FROM fact_narrative_claim GROUP BY ALL").fetchall()
    assert rows == [
        ("决算", 1, "total", D("100"), None, "a.pdf"),
        ("预算", 1, "total", D("120"), None, "b.pdf"),
    ]
    assert left == [("预算", 1)]


def test_amounts_printed_in_yuan_are_claims_in_wan_yuan() -> None:
    claims = parse_claims(
        {1: ("收入预算总计156,211,123元，比上年预算减少8,767,517元。",)}, 2024, document_kind=DocumentKind.BUDGET
    )
    assert [(c.subject, c.metric, c.value, c.decimals) for c in claims] == [
        ("total", "amount", D("15621.1123"), 4),
        ("total", "change", D("-876.7517"), 4),
    ]


def test_a_budget_figure_is_a_budget_not_a_final_accounts_budget_column() -> None:
    # in a 决算 "预算数为" is the 年初预算 column; in a 预算 every figure is a budget figure
    text = {1: ("基本支出预算数为5,678.17万元。",)}
    assert [c.metric for c in parse_claims(text, 2018)] == ["budget"]
    assert [c.metric for c in parse_claims(text, 2018, document_kind=DocumentKind.BUDGET)] == ["amount"]


def test_the_asset_loads_the_budgets_claims_and_keeps_the_final_accounts(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "2018" / ZHENGXIE
    shutil.copytree(BUDGETS / "jiangsu" / "2018" / ZHENGXIE, folder, ignore=shutil.ignore_patterns("*.yaml"))
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as conn:  # the 决算's claims, loaded by an earlier partition run
        load_claims(conn, ZHENGXIE, 2018, parse_claims({1: ("收、支总计100万元。",)}, 2018), "final.pdf")
    resources = {"corpus": RawCorpus(raw_dir=str(tmp_path / "raw")), "duckdb": DuckDBResource(database=str(warehouse))}
    with dg.DagsterInstance.ephemeral() as instance:
        register_documents(instance, [document_key(2018, ZHENGXIE)])
        result = dg.materialize(
            [*DOCUMENT_ASSETS, narrative_claims],
            partition_key=document_key(2018, ZHENGXIE),
            instance=instance,
            resources=resources,
        )
    metadata = result.asset_materializations_for_node("narrative_claims")[0].metadata
    assert (metadata["claims"].value, metadata["claims_预算"].value) == (len(ZHENGXIE_2018), len(ZHENGXIE_2018))
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        kinds = conn.execute(
            f"SELECT document_kind, count(*), any_value(source_file) FROM {CLAIM_TABLE} GROUP BY ALL ORDER BY 1"
        ).fetchall()
    assert [(kind, n) for kind, n, _ in kinds] == [("决算", 1), ("预算", len(ZHENGXIE_2018))]
    assert kinds[1][2].endswith("江苏省政协办公厅2018年度部门预算.pdf")  # the text PDF, not the tables'


# The generated 泸州 budgets (data/raw, Sichuan layout): their truth lists every figure its narrative prints.
SAMPLE_TRUTHS = sorted((REAL.parent / "raw").glob("*/*/*部门预算.truth.yaml"))


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, duckdb.DuckDBPyConnection]]:
    parsed = {}
    path = tmp_path_factory.mktemp("sample_budgets") / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        for truth_path in SAMPLE_TRUTHS:
            truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
            pdf = truth_path.with_name(truth_path.name.replace(".truth.yaml", ".pdf"))
            document = normalize_document(extract_document(pdf), truth["department"], truth["year"])
            parsed[truth_path] = document_claims(document)
            load_document(conn, document)
            load_claims(conn, document.department, document.year, parsed[truth_path], str(pdf), DocumentKind.BUDGET)
    build(path, tests=False)
    with duckdb.connect(str(path), read_only=True) as conn:
        yield parsed, conn


def test_every_sample_budget_narrative_figure_is_its_truths_claim(
    samples: tuple[dict, duckdb.DuckDBPyConnection],
) -> None:
    parsed, _ = samples
    assert len(parsed) == 17
    for truth_path, claims in parsed.items():
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
        expected = [(c["subject"], c["metric"], D(c["value"])) for c in truth["claims"]]
        assert [(c.subject, c.metric, c.value) for c in claims] == expected, truth_path.name


def test_the_sample_budgets_reconcile_but_for_2019s_comparisons_with_2018(
    samples: tuple[dict, duckdb.DuckDBPyConnection],
) -> None:
    _, conn = samples
    statuses = conn.execute(
        "SELECT year = 2019, status, reason, count(*) FROM narrative_check GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    total = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["claims"]) for p in SAMPLE_TRUTHS)
    assert [(first, status, reason) for first, status, reason, _ in statuses] == [
        (False, "agree", None),
        (True, "agree", None),
        (True, "not_checkable", "no 预算 table for 2018"),
    ]
    assert sum(n for *_, n in statuses) == total
