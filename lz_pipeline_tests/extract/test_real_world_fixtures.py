"""The real-world fixtures (data/fixtures/real-world, issue 10 §1) against their expect: blocks.

Each generated document reproduces one way real reports broke the extractor; its truth file says what
extraction must make of it: the kinds that load exactly (cell by cell against the truth), those
recognised as empty, those quarantined (with a reason naming why), those missing, and the figures
the narrative must yield.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from lz_pipeline.analytics.narrative import parse_claims
from lz_pipeline.catalog import expected_kinds
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline_tests.conftest import REPO
from lz_pipeline_tests.truth import actual_records, cell_score, expected_records, load_truth

REAL_WORLD = REPO / "data" / "fixtures" / "real-world"
FIXTURES = sorted(REAL_WORLD.glob("*/*/*.pdf"))
OUTCOMES = ("loads", "empty", "quarantined", "missing")


def fixture_id(pdf: Path) -> str:
    return str(pdf.relative_to(REAL_WORLD).with_suffix(""))


def expect(pdf: Path) -> dict[str, Any]:
    return load_truth(pdf)["expect"]


@cache
def _outcome(pdf: Path) -> NormalizedDocument | Exception:
    truth = load_truth(pdf)
    try:
        return normalize_document(extract_document(pdf), truth["department"], truth["year"])
    except Exception as error:  # kept, so that every test of this fixture reports it without re-extracting
        return error


def document(pdf: Path) -> NormalizedDocument:
    outcome = _outcome(pdf)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def statuses(pdf: Path) -> dict[str, Any]:
    return {status.kind_key: status for status in document(pdf).statuses}


def with_kinds(outcome: str) -> list[Path]:
    return [pdf for pdf in FIXTURES if expect(pdf)[outcome]]


def test_there_is_a_fixture_for_every_failure_class() -> None:
    cases = {pdf.relative_to(REAL_WORLD).parts[0] for pdf in FIXTURES}
    assert cases == {
        "per-cell-borders",
        "split-title",
        "empty-full-header",
        "title-variants",
        "whole-yuan",
        "national-narrative-after",
        "missing-expenditure",
        "unreadable-fund",
    }


@pytest.mark.parametrize("pdf", FIXTURES, ids=fixture_id)
def test_expect_accounts_for_every_kind_of_the_family_once(pdf: Path) -> None:
    truth = load_truth(pdf)
    listed = [kind for outcome in OUTCOMES for kind in truth["expect"][outcome]]
    assert sorted(listed) == sorted(kind.key for kind in expected_kinds(truth["family"]))
    assert set(truth["expect"]["missing"]).isdisjoint(truth["tables"])


@pytest.mark.parametrize("pdf", with_kinds("loads"), ids=fixture_id)
def test_tables_load_exactly(pdf: Path) -> None:
    truth, found = load_truth(pdf), statuses(pdf)
    right = total = 0
    problems = []
    for key in truth["expect"]["loads"]:
        if key not in found or found[key].status != "loaded":
            problems.append(f"{key}: {found[key].status if key in found else 'absent'} ({found.get(key)})")
            continue
        r, t, diffs = cell_score(expected_records(key, truth["tables"][key]), actual_records(document(pdf).tables[key]))
        right, total = right + r, total + t
        problems += [f"{key}: {d}" for d in diffs]
    print(f"\n{fixture_id(pdf)}: cell accuracy {right}/{total}")
    assert problems == []


@pytest.mark.parametrize("pdf", with_kinds("empty"), ids=fixture_id)
def test_empty_tables_are_recognised_as_empty(pdf: Path) -> None:
    found, tables = statuses(pdf), document(pdf).tables
    for key in expect(pdf)["empty"]:
        assert found[key].status == "empty", (key, found[key])
        if key in tables:
            assert tables[key].records == [], key
            assert "无数据" in (tables[key].empty_note or ""), key


@pytest.mark.parametrize("pdf", with_kinds("quarantined"), ids=fixture_id)
def test_unreadable_tables_are_quarantined_with_the_reason(pdf: Path) -> None:
    found = statuses(pdf)
    for key, why in expect(pdf)["quarantined"].items():
        assert found[key].status == "quarantined", (key, found[key])
        assert why in (found[key].reason or ""), (key, found[key].reason)
        assert key not in document(pdf).tables


@pytest.mark.parametrize("pdf", with_kinds("missing"), ids=fixture_id)
def test_absent_tables_are_missing_and_the_rest_is_there(pdf: Path) -> None:
    found = statuses(pdf)
    for key in expect(pdf)["missing"]:
        assert found[key].status == "missing", (key, found[key])
    assert {key for key, status in found.items() if status.status == "missing"} == set(expect(pdf)["missing"])


@pytest.mark.parametrize("pdf", [p for p in FIXTURES if expect(p).get("narrative_claims")], ids=fixture_id)
def test_the_narrative_yields_its_figures(pdf: Path) -> None:
    truth = load_truth(pdf)
    claims = {(c.subject, c.metric, c.value) for c in parse_claims(document(pdf).narrative, truth["year"])}
    wanted = {(c["subject"], c["metric"], Decimal(c["value"])) for c in truth["expect"]["narrative_claims"]}
    assert wanted - claims == set()
