"""The sample 部门预算 (Sichuan template) against the truth files they were rendered from: every cell, exactly.

data/raw/<year>/<department>/<department><year>年部门预算.pdf, written by data/samples/build_truth.py from the
决算 truth of the same department-year. Expected figures come from the truth files, or from the published text
of the office's 2020 决算 as its hand-made truth transcribes it; never from the extractor.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from lz_pipeline.catalog import BUDGET_AGREEMENTS, SICHUAN_BUDGET_SET, DocumentKind, expected_kinds
from lz_pipeline.checks.identities import check_document
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline_tests.conftest import OFFICE, RAW
from lz_pipeline_tests.truth import actual_records, cell_score, expected_records, figure_line

BUDGETS = sorted(RAW.glob("*/*/*年部门预算.pdf"))
DEPARTMENTS = (
    "泸州市人民政府办公室",
    "泸州市教育和体育局",
    "泸州市财政局",
    "泸州市卫生健康委员会",
    "泸州市龙马潭区农业农村局",
)


def _truth(pdf: Path) -> dict:
    return yaml.safe_load(pdf.with_name(pdf.name.removesuffix(".pdf") + ".truth.yaml").read_text(encoding="utf-8"))


def _budget(year: int, department: str) -> Path:
    return RAW / str(year) / department / f"{department}{year}年部门预算.pdf"


def _final(year: int, department: str, suffix: str = ".pdf") -> Path:
    """The 决算 of a department-year, in either corpus layout (one folder per department-year, or not)."""
    beside = RAW / str(year) / department / f"{department}{year}年部门决算{suffix}"
    return beside if beside.exists() else RAW / str(year) / f"{department}{suffix}"


@cache
def _document(pdf: Path) -> NormalizedDocument:
    truth = _truth(pdf)
    return normalize_document(extract_document(pdf), truth["department"], truth["year"])


def _rows(document: NormalizedDocument, key: str) -> dict[str | None, dict[str, Decimal]]:
    return {r.keys["code"]: r.amounts for r in document.tables[key].records}


def test_every_department_has_a_budget_for_each_year_and_two_a_year_ahead() -> None:
    found = {(int(p.parent.parent.name), p.parent.name) for p in BUDGETS}
    assert {(y, d) for d in DEPARTMENTS for y in (2019, 2020, 2021)} <= found
    assert {d for y, d in found if y == 2022} == {OFFICE, "泸州市教育和体育局"}
    assert len(BUDGETS) == 17
    assert all(p.with_name(p.name.removesuffix(".pdf") + ".truth.yaml").exists() for p in BUDGETS)


@pytest.mark.parametrize("pdf", BUDGETS, ids=lambda p: p.stem)
def test_every_budget_table_is_read_exactly_and_adds_up(pdf: Path) -> None:
    truth = _truth(pdf)
    raw = extract_document(pdf)
    assert (raw.family, raw.document_kind, raw.missing) == ("sichuan_budget", DocumentKind.BUDGET, [])
    assert (raw.department, raw.year) == (truth["department"], truth["year"])
    assert [t.kind_key for t in raw.tables] == [key for _, key in SICHUAN_BUDGET_SET]  # in printed order
    assert {key for _, key in SICHUAN_BUDGET_SET} == {kind.key for kind in expected_kinds("sichuan_budget")}
    assert {(t.status, t.flavor, t.coverage) for t in raw.tables} == {("loaded", "lattice-vector", 1.0)}
    document = _document(pdf)
    right = total = 0
    for kind_key, table in truth["tables"].items():
        r, t, diffs = cell_score(expected_records(kind_key, table), actual_records(document.tables[kind_key]))
        assert diffs == [], kind_key
        right, total = right + r, total + t
    print(f"\n{pdf.name}: cell accuracy {right}/{total}")
    assert right == total > 800
    results = check_document(document)
    assert [name for name, result in results.items() if not result.passed] == []
    compared = {name: result.compared for name, result in results.items()}
    # 收入总计 = 支出总计, and each side's 总计 = 本年…合计 + the line below it (per measure: 1 in 表1, 1 + 4 in 表2).
    assert compared["summary_totals_balance"] == (1 + 1 + 1) + (1 + 1 + 4)
    assert compared["three_public_sums"] == 2
    # 本年支出合计 = 部门支出总表 合计; 表2 一般公共预算 = 表3 合计; 表3 基本/项目 = 表3-1 / 表3-2 合计.
    assert compared["cross_table_totals"] == 4
    assert compared["code_hierarchy_sums"] > 100 and compared["row_columns_add_up"] > 100


def test_each_cross_table_agreement_a_sichuan_budget_prints_catches_a_planted_fault() -> None:
    document = _document(_budget(2020, OFFICE))
    printed = [a for a in BUDGET_AGREEMENTS if all(figure_line(document, f) for f in (a.left, a.right))]
    assert {(a.left.kind, a.right.kind) for a in printed} == {
        ("budget_summary", "sichuan_budget_expenditure"),
        ("fiscal_budget_summary", "budget_general_expenditure"),
        ("budget_general_expenditure", "budget_general_basic"),
        ("budget_general_expenditure", "budget_general_project"),
    }
    clean = check_document(document)["cross_table_totals"]
    for agreement in printed:
        planted = copy.deepcopy(document)
        figure_line(planted, agreement.left).amounts[agreement.left.measure] += Decimal(1)
        result = check_document(planted)["cross_table_totals"]
        assert result.compared == clean.compared
        relation = f"({agreement.left.measure}) = {planted.tables[agreement.right.kind].title}"
        assert [d.difference for d in result.discrepancies if relation in d.where] == [Decimal(1)], agreement


# The 项 of 第二部分 五(三) of the office's published 2020 决算, each "完成预算100%".
PUBLISHED_ITEM = re.compile(r"\(款\)(?P<name>[^(]+)\(项\)：(?:支出决算为)?(?P<amount>[\d.]+)万元，完成预算100%")


def _published_items() -> dict[str, Decimal]:
    """项 code → the final figure the 2020 决算 narrative states, matched to its code by the 决算's own rows."""
    final = yaml.safe_load(_final(2020, OFFICE, ".truth.yaml").read_text(encoding="utf-8"))
    codes = {name: code for code, name, *_ in final["tables"]["expenditure"]["rows"] if len(code) == 7}
    items = {}
    for line in final["narrative"]:
        if found := PUBLISHED_ITEM.search(line):
            (code,) = [c for name, c in codes.items() if name.startswith(found["name"])]
            items[code] = Decimal(found["amount"])
    return items


def test_the_office_2020_budget_carries_the_final_figures_its_决算_says_it_completed() -> None:
    published = _published_items()
    assert len(published) == 13  # the report numbers them 1-14 and skips 3
    budget = _rows(_document(_budget(2020, OFFICE)), "budget_general_expenditure")
    assert {code: budget[code]["total"] for code in published} == published
    assert budget["201"]["total"] == Decimal("2647.05")  # 一般公共服务 as the 决算 prints it: executed 100.00%
    # The 决算 prints 208 = 535.29 and 210 = 127.57 over 项 adding up to 535.30 and 127.58: the budget adds up.
    assert (budget["208"]["total"], budget["210"]["total"], budget[None]["total"]) == (
        Decimal("535.30"),
        Decimal("127.58"),
        Decimal("3542.30"),
    )
    (three_public,) = _document(_budget(2020, OFFICE)).tables["budget_general_three_public"].records
    assert three_public.amounts["budget_total"] == Decimal("79.84")  # "三公" 79.84, 完成预算100%


def test_a_budget_that_was_not_executed_exactly() -> None:
    """The office's 2021 budget against its 2021 决算 (both read from their PDFs; figures from the truths)."""
    budget = _rows(_document(_budget(2021, OFFICE)), "budget_general_expenditure")
    final = normalize_document(extract_document(_final(2021, OFFICE)), OFFICE, 2021)
    spent = _rows(final, "general_budget_expenditure")
    assert (budget["201"]["total"], spent["201"]["total"]) == (Decimal("2556.77"), Decimal("2587.93"))
    assert (budget["2010301"]["total"], spent["2010301"]["total"]) == (Decimal("1472.93"), Decimal("1512.56"))
    assert (budget[None]["total"], spent[None]["total"]) == (Decimal("3422.89"), Decimal("3432.08"))
    assert round(spent["201"]["total"] * 100 / budget["201"]["total"], 2) == Decimal("101.22")
