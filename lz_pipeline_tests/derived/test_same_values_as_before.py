"""The derived layer's move to dbt changed no value: the bundled corpus's warehouse, built by the dbt models,
equals relation by relation (columns, types, every row) the one the Python layer built (``baseline.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from lz_pipeline.derived.project import RunOutcome, build
from lz_pipeline_tests.conftest import RAW
from lz_pipeline_tests.derived.baseline import BASELINE, load_corpus, relation_digests

pytestmark = pytest.mark.slow  # started first under pytest-xdist (conftest.py)


@pytest.fixture(scope="module")
def corpus_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunOutcome]:
    path = tmp_path_factory.mktemp("derived") / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        load_corpus(conn, RAW)
    return path, build(path)  # with the dbt tests


def test_every_relation_has_the_values_it_had_before_dbt(corpus_warehouse: tuple[Path, RunOutcome]) -> None:
    path, _ = corpus_warehouse
    before = json.loads(BASELINE.read_text(encoding="utf-8"))
    with duckdb.connect(str(path), read_only=True) as conn:
        after = relation_digests(conn, list(before), RAW)
    assert {name: after[name] for name in before if after[name] != before[name]} == {}
    assert len(before) == 72 and before["yoy_department_total"]["rows"] == 17


def test_the_dbt_tests_pass_on_the_bundled_corpus(corpus_warehouse: tuple[Path, RunOutcome]) -> None:
    _, outcome = corpus_warehouse
    tests = {name: status for name, status in outcome.statuses.items() if not name.endswith(("-0", "-1"))}
    # two warnings, shown as such: the generated 2020 narrative's 4 figures that disagree with its tables, and
    # the 16 rounding gaps the sample 支出决算表 print between 项 and 款 (v_hierarchy_gaps)
    assert {name: status for name, status in tests.items() if status not in ("pass", "success")} == {
        "narrative_agrees_with_tables": "warn",
        "hierarchy_adds_up": "warn",
    }
    assert sum(status == "pass" for status in tests.values()) >= 50  # keys, relationships, accepted values, figures
    assert outcome.statuses["published_office_yoy"] == "pass"
