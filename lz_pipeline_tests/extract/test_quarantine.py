"""A table no reader can prove is quarantined with its reason; the document's other tables still load."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lz_pipeline.extract.reader import RawDocument, extract_document
from lz_pipeline.normalize.tables import normalize_document
from lz_pipeline.warehouse.load import load_document
from lz_pipeline_tests.conftest import EDUCATION, EDUCATION_2020, stray_figure_in_fund_table


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory) -> RawDocument:
    return extract_document(stray_figure_in_fund_table(tmp_path_factory.mktemp("stamped") / f"{EDUCATION}.pdf"))


def test_the_unprovable_table_is_quarantined_with_file_page_and_every_readers_reason(stamped: RawDocument) -> None:
    (fund,) = stamped.quarantined
    assert fund.kind_key == "government_fund"
    assert fund.reason.startswith(
        f"{stamped.path} page 21: 政府性基金预算财政拨款收入支出决算表: no reader proves it: "
    )
    readers = [attempt.split(":", 1)[0] for attempt in fund.attempts]
    assert readers == [
        "lattice-vector",
        "words",
        "pdfplumber",
        "lattice-combined",
        "hybrid",
        "lattice-split",
        "lattice-split-left",
    ]
    assert "8.88" in fund.reason


def test_the_other_tables_load_exactly_as_before(stamped: RawDocument) -> None:
    clean = extract_document(EDUCATION_2020)
    others = {t.kind_key: t.parts for t in clean.tables if t.kind_key != "government_fund"}
    assert {t.kind_key: t.parts for t in stamped.tables if t.kind_key != "government_fund"} == others
    assert [t.status for t in stamped.tables if t.kind_key != "government_fund"].count("quarantined") == 0


def test_the_warehouse_records_the_quarantine_and_holds_no_fund_rows(stamped: RawDocument, tmp_path: Path) -> None:
    document = normalize_document(stamped, EDUCATION, 2020)
    assert "government_fund" not in document.tables
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        counts = load_document(conn, document)
        statuses = conn.execute(
            "SELECT table_kind, status, reason IS NOT NULL FROM source_table WHERE status <> 'loaded' ORDER BY 1"
        ).fetchall()
    assert counts["fact_government_fund"] == 0
    assert counts["fact_expenditure"] > 0
    assert statuses == [
        ("government_fund", "quarantined", True),
        ("government_fund_three_public", "empty", False),
        ("state_capital", "empty", False),
        ("state_capital_expenditure", "empty", False),
    ]
