"""The sample 部门预算 truth files add up, agree with each other, with their 决算 and with their narrative.

Reads only the truth files (data/raw/<year>/<department>/…年部门预算.truth.yaml and the 决算 truths beside them),
never a PDF or an extractor: the budget identities are checked here on the figures the PDFs were rendered from,
exactly (every budget figure is a whole number of 分 of 万元, derived from the 项, so no rounding is allowed).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from lz_pipeline_tests.conftest import OFFICE, RAW

TRUTHS = sorted(RAW.glob("*/*/*年部门预算.truth.yaml"))
CODED = (
    "sichuan_budget_income",
    "sichuan_budget_expenditure",
    "budget_general_expenditure",
    "budget_general_basic",
    "budget_general_project",
)
LIST_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
# Every figure of a narrative: an amount in 万元 or a percentage.
FIGURE = re.compile(r"(\d+(?:\.\d+)?)(万元|%)")
CENT = Decimal("0.01")
ids = {"ids": lambda p: p.stem.removesuffix(".truth")}


def d(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


@cache
def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def final_truth(year: int, department: str) -> dict | None:
    """The 决算 truth of a department-year in either corpus layout, or None (no 决算 of that year)."""
    for path in (
        RAW / str(year) / department / f"{department}{year}年部门决算.truth.yaml",
        RAW / str(year) / f"{department}.truth.yaml",
    ):
        if path.exists():
            return load(path)
    return None


def wan(text: str, unit: str) -> Decimal:
    return d(text) / 10000 if unit == "元" else d(text)


def coded(truth: dict, key: str) -> dict[str, list[Decimal]]:
    return {r[0]: [d(v) for v in r[2:]] for r in truth["tables"][key]["rows"]}


def lines(truth: dict, key: str, side: str) -> dict[str, list[Decimal]]:
    return {r[0]: [d(v) for v in r[1:]] for r in truth["tables"][key][side]}


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def test_the_budgets_are_here() -> None:
    assert len(TRUTHS) == 17
    assert all(load(p)["family"] == "sichuan_budget" and load(p)["document_kind"] == "budget" for p in TRUTHS)


@pytest.mark.parametrize("path", TRUTHS, **ids)
def test_coded_tables_add_up_from_项_to_合计_and_across(path: Path) -> None:
    truth = load(path)
    for key in CODED:
        rows = coded(truth, key)
        for code, amounts in rows.items():
            children = [v for c, v in rows.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if code == "":
                children = [v for c, v in rows.items() if len(c) == 3]
            if children:
                assert [sum(col, Decimal(0)) for col in zip(*children, strict=True)] == amounts, (key, code)
            else:
                assert len(code) == (7 if key in CODED[:3] else 5), (key, code)  # a leaf: 项, or 经济分类 款
            if len(amounts) > 1:
                assert amounts[0] == sum(amounts[1:], Decimal(0)), (key, code)  # 合计 = the columns right of it


@pytest.mark.parametrize("path", TRUTHS, **ids)
def test_the_two_总表_balance(path: Path) -> None:
    truth = load(path)
    for key in ("budget_summary", "fiscal_budget_summary"):
        income, spending = lines(truth, key, "income"), lines(truth, key, "expenditure")
        numbered = [v[0] for label, v in income.items() if LIST_NUMBER.match(label)]
        assert sum(numbered, Decimal(0)) == income["本年收入合计"][0]
        assert income["本年收入合计"][0] + income["上年结转"][0] == income["收入总计"][0]
        classes = [v for label, v in spending.items() if LIST_NUMBER.match(label)]
        assert [sum(col, Decimal(0)) for col in zip(*classes, strict=True)] == spending["本年支出合计"]
        assert [a + b for a, b in zip(spending["本年支出合计"], spending["结转下年"], strict=True)] == spending[
            "支出总计"
        ]
        assert income["收入总计"][0] == spending["支出总计"][0]
        for amounts in spending.values():
            if len(amounts) > 1:  # 财政拨款: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营
                assert amounts[0] == sum(amounts[1:], Decimal(0))


@pytest.mark.parametrize("path", TRUTHS, **ids)
def test_the_tables_print_the_same_figures(path: Path) -> None:
    truth = load(path)
    income, spending = lines(truth, "budget_summary", "income"), lines(truth, "budget_summary", "expenditure")
    fiscal_in = lines(truth, "fiscal_budget_summary", "income")
    fiscal_out = lines(truth, "fiscal_budget_summary", "expenditure")
    received, spent = coded(truth, "sichuan_budget_income"), coded(truth, "sichuan_budget_expenditure")
    general, basic, project = (coded(truth, k) for k in CODED[2:])
    # 部门收入总表 合计 by source = the 总表's income lines; 部门支出总表 合计 = 本年支出合计.
    total, carried, gb, fund, state, business, operating, superior, affiliated, other = received[""]
    assert (total, carried) == (income["收入总计"][0], income["上年结转"][0])
    assert [gb, fund, state, business, operating, superior, affiliated, other] == [
        v[0] for label, v in income.items() if LIST_NUMBER.match(label)
    ]
    assert spent[""][0] == spending["本年支出合计"][0]
    names = {r[1]: r[0] for r in truth["tables"]["sichuan_budget_expenditure"]["rows"] if len(r[0]) == 3}
    for label, (amount,) in spending.items():
        if LIST_NUMBER.match(label):
            code = names.get(LIST_NUMBER.sub("", label))
            assert amount == (spent[code][0] if code else 0), label
    # 财政拨款: its income is the 总表's fiscal lines; each 类 spends its 财政拨款 income and what was carried
    # over (部门收入总表); 表3 is the year's 一般公共预算 拨款, 类 by 类.
    assert fiscal_in["一、一般公共预算拨款收入"] == income["一、一般公共预算拨款收入"] == [general[""][0]]
    assert fiscal_in["二、政府性基金预算拨款收入"] == income["二、政府性基金预算拨款收入"]
    assert fiscal_in["上年结转"] == income["上年结转"]  # only 财政拨款 is carried over in these budgets
    for label, amounts in fiscal_out.items():
        if LIST_NUMBER.match(label) and (code := names.get(LIST_NUMBER.sub("", label))):
            _, carried, gb, fund, state, *_ = received[code]
            assert amounts[0] == carried + gb + fund + state, label
            assert gb == general.get(code, [Decimal(0)])[0], label
    # 表3 基本支出 = 表3-1 合计; 表3 项目支出 = 表3-2 合计.
    assert (general[""][1], general[""][2]) == (basic[""][0], project[""][0])
    # "三公": 合计 = 出国 + 车辆 + 接待, 车辆 = 购置 + 运行; 表3-1 holds them under their economic codes.
    three_total, overseas, vehicle, purchase, operation, reception = (
        d(v) for v in truth["tables"]["budget_general_three_public"]["rows"][0]
    )
    assert (three_total, vehicle) == (overseas + vehicle + reception, purchase + operation)
    public = {code: amounts[2] for code, amounts in basic.items()}
    assert [public.get(c, Decimal(0)) for c in ("30212", "30217", "30231")] == [overseas, reception, operation]


@pytest.mark.parametrize("path", TRUTHS, **ids)
def test_a_budget_plans_the_项_its_决算_spends_and_its_三公_预算数(path: Path) -> None:
    truth = load(path)
    year, department = truth["year"], truth["department"]
    final = final_truth(year, department)
    grown = final is None  # a budget a year ahead of its 决算: planned from the year before
    final = final or final_truth(year - 1, department)
    assert final is not None
    leaves = {r[0] for r in final["tables"]["expenditure"]["rows"] if len(r[0]) == 7}
    assert {c for c in coded(truth, "sichuan_budget_expenditure") if len(c) == 7} == leaves
    three = truth["tables"]["budget_general_three_public"]["rows"][0]
    final_three = final["tables"]["three_public"]
    budget_stage = [wan(v, final_three["unit"]) for v in final_three["rows"][0][:6]]
    assert grown or [d(v) for v in three] == budget_stage  # the 预算数 its 决算's 三公 table prints
    # 上年结转: what the previous year's 决算 carries into this one (年末财政拨款结转和结余).
    before = final_truth(year - 1, department)
    closing = Decimal(0)
    if before is not None:
        fiscal = before["tables"]["fiscal_summary"]
        (line,) = [r for r in fiscal["expenditure"] if r[0] == "年末财政拨款结转和结余"]
        closing = wan(line[1], fiscal["unit"])
    assert lines(truth, "budget_summary", "income")["上年结转"] == [closing]


def test_carried_over_money_and_its_项() -> None:
    """The two budgets with 上年结转: the 决算 before them end with a balance on one 项."""
    finance = coded(
        load(RAW / "2021" / "泸州市财政局" / "泸州市财政局2021年部门预算.truth.yaml"), "sichuan_budget_income"
    )
    assert finance["2010608"][1] == Decimal("12.35")
    education = RAW / "2022" / "泸州市教育和体育局" / "泸州市教育和体育局2022年部门预算.truth.yaml"
    assert coded(load(education), "sichuan_budget_income")["2296003"][1] == Decimal("45.60")


def test_the_office_2020_budget_is_its_final_figures_item_for_item() -> None:
    truth = load(RAW / "2020" / OFFICE / f"{OFFICE}2020年部门预算.truth.yaml")
    final = final_truth(2020, OFFICE)
    assert final is not None
    planned = {c: v for c, v in coded(truth, "budget_general_expenditure").items() if len(c) == 7}
    spent = {c: v for c, v in coded(final, "general_budget_expenditure").items() if len(c) == 7}
    assert planned == spent and len(planned) == 13
    assert coded(truth, "budget_general_basic")[""][2] == d(final["tables"]["general_budget_basic"]["public_total"])


def _previous(truth: dict, path: Path) -> dict[str, Decimal]:
    """The figures of the budget before this one that its narrative compares with."""
    before = path.parents[2] / str(truth["year"] - 1) / truth["department"]
    prior = before / f"{truth['department']}{truth['year'] - 1}年部门预算.truth.yaml"
    if not prior.exists():  # the first budget of the corpus: the year before is invented, recorded in the truth
        assert truth["previous_year"]["source"] == "invented"
        return {k: d(v) for k, v in truth["previous_year"].items() if k != "source"}
    p = load(prior)
    assert truth["previous_year"]["source"] == str(prior.relative_to(RAW.parents[1]))
    figures = {
        "total": lines(p, "budget_summary", "income")["收入总计"][0],
        "fiscal_total": lines(p, "fiscal_budget_summary", "income")["收入总计"][0],
        "general_budget": coded(p, "budget_general_expenditure")[""][0],
        "three_public": d(p["tables"]["budget_general_three_public"]["rows"][0][0]),
    }
    assert {k: d(v) for k, v in truth["previous_year"].items() if k != "source"} == figures
    return figures


def _stated(truth: dict) -> dict[str, Decimal]:
    """What each claim subject stands for in the tables."""
    income, fiscal = lines(truth, "budget_summary", "income"), lines(truth, "fiscal_budget_summary", "income")
    spent, general = coded(truth, "sichuan_budget_expenditure"), coded(truth, "budget_general_expenditure")
    basic = coded(truth, "budget_general_basic")
    three = [d(v) for v in truth["tables"]["budget_general_three_public"]["rows"][0]]
    parts = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
    sources = ("general_budget_income", "government_fund_income", "state_capital_income", "business_income")
    sources += ("operating_income", "superior_subsidy", "affiliated_remittance", "other_income")
    numbered = [v[0] for label, v in income.items() if LIST_NUMBER.match(label)]
    return {
        "total": income["收入总计"][0],
        "income_total": income["本年收入合计"][0],
        "carried_over": income["上年结转"][0],
        "expenditure_total": spent[""][0],
        "basic": spent[""][1],
        "project": spent[""][2],
        "fiscal_total": fiscal["收入总计"][0],
        "general_budget_total": general[""][0],
        "general_budget_basic": general[""][1],
        "personnel": basic[""][1],
        "public": basic[""][2],
        "government_fund_total": lines(truth, "fiscal_budget_summary", "expenditure")["本年支出合计"][2],
        **dict(zip(sources, numbered, strict=True)),
        **{f"three_public_{part}": value for part, value in zip(parts, three, strict=True)},
        **{f"function:{code}": v[0] for code, v in general.items() if code},
    }


@pytest.mark.parametrize("path", TRUTHS, **ids)
def test_every_narrative_figure_is_a_claim_that_the_tables_and_the_year_before_bear_out(path: Path) -> None:
    truth = load(path)
    stated, previous = _stated(truth), _previous(truth, path)
    compared = {"total": "total", "fiscal_total": "fiscal_total", "general_budget_total": "general_budget"}
    compared["three_public_total"] = "three_public"
    for claim in truth["claims"]:
        subject, metric, value = claim["subject"], claim["metric"], Decimal(claim["value"])
        if metric == "amount":
            assert value == stated[subject], claim
        elif metric == "share":
            assert value == half_up(stated[subject] * 100 / stated[claim["base_subject"]]), claim
        else:
            change = stated[subject] - previous[compared[subject]]
            assert claim["comparison_year"] == truth["year"] - 1
            expected = change if metric == "change" else half_up(change * 100 / previous[compared[subject]])
            assert value == expected, claim
    # The claims are the narrative's figures, all of them, in the order it prints them.
    text = "".join(truth["narrative"])
    printed = [Decimal(number) for number, _ in FIGURE.findall(text)]
    assert printed == [abs(Decimal(c["value"])) for c in truth["claims"]]
