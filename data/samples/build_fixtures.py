"""Write the truth files of the real-world fixtures: one document per failure class of issue 10 §1.

Usage: .venv/bin/python data/samples/build_fixtures.py   (then data/samples/generate.py renders the PDFs)

Each fixture is a sample-corpus truth file (or a department-year built by build_truth.py) copied and
adjusted to print the way a real report does, at data/fixtures/real-world/<case>/<year>/<department>.
The copy gets a ``render:`` block (how generate.py prints it) and an ``expect:`` block (what extraction
must make of it: the kinds that load exactly, are empty, are quarantined and why, are missing, and the
narrative's figures). Every fixture's figures are checked with the tables' own arithmetic before it is
written; the one whose 政府性基金 table is wrong on purpose is checked to be wrong exactly there.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from build_truth import (
    ALL_YUAN,
    CIVIL_AFFAIRS,
    HEALTH,
    RAW,
    REPO,
    Edition,
    _FlowRows,
    build,
    check_identities,
    spec_for,
)

from lz_pipeline.catalog import KINDS_BY_KEY, Layout, expected_kinds

REAL_WORLD = REPO / "data" / "fixtures" / "real-world"
ZERO = Decimal(0)
Truth = dict[str, Any]


@dataclass(frozen=True)
class Fixture:
    case: str
    make: Callable[[], Truth]  # the adjusted truth, render block included
    notes: tuple[str, ...]  # what the document exercises (the truth file's header)
    base: str  # what it was copied from
    quarantined: dict[str, str] = field(default_factory=dict)  # kind → substring of the reason
    claims: Callable[[Truth], list[dict[str, str]]] | None = None  # the narrative's figures

    def target(self, truth: Truth) -> Path:
        return REAL_WORLD / self.case / str(truth["year"]) / f"{truth['department']}.truth.yaml"


def copy_of(year: int, department: str) -> Truth:
    folder = RAW / str(year) / department  # the 泸州 决算 sit in their department-year's folder
    path = (
        folder / f"{department}{year}年部门决算.truth.yaml"
        if folder.is_dir()
        else RAW / str(year) / f"{department}.truth.yaml"
    )
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def num(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else ZERO


# --- the cases ------------------------------------------------------------------------------------------

# Word's way of drawing a table: every cell its own rectangle, Writer's default 0.1 cm padding, no indent.
PER_CELL = {"tables_in": "writer", "cell_borders": "separate", "cell_padding": "0.1cm", "cell_indent": "0cm"}


def per_cell_borders() -> Truth:
    truth = copy_of(2023, "上海市普陀区民政局")
    truth["render"] = dict(PER_CELL)
    return truth


def split_title() -> Truth:
    truth = copy_of(2021, "泸州市龙马潭区农业农村局")
    truth["render"] = {
        "tables_in": "writer",  # collapsed borders and the default padding: camelot reads the grids right
        "tables": {
            "summary": {"split_title": 7},  # 收入支出决算总 | 表
            "general_budget_project": {"split_title": 16},  # 一般公共预算财政拨款项目支出决算 | 表
        },
    }
    return truth


def empty_full_header() -> Truth:
    truth = copy_of(2023, "上海市普陀区体育局")
    who = truth["department"]
    for key, fund in (("government_fund", "政府性基金"), ("state_capital", "国有资本经营")):
        truth["tables"][key]["note"] = f"说明：{who}本年度没有{fund}预算财政拨款收入和支出，故本表无数据。"
    full = {"headers": {"expenditure": ["本年支出", "合计"]}, "blank_rows": 3, "note_heading": "注："}
    truth["render"] = {"tables": {"government_fund": dict(full), "state_capital": dict(full)}}
    return truth


def title_variants_sichuan() -> Truth:
    truth = copy_of(2021, "泸州市财政局")
    truth["render"] = {
        "tables": {
            "summary": {"title": "泸州市财政局收入支出决算总表", "unit": "单位: 万 元"},
            "income": {"title": "收入决算表（公开02表）", "label": None, "unit": "金额单位：万元"},
            "expenditure": {"title": "表三 支出决算表", "label": None, "unit": "单位（万元）"},
            "fiscal_summary": {"title": "财政拨款收支决算总表", "unit": "单位: 万 元"},
            "fiscal_expenditure_detail": {"title": "附表5：财政拨款支出决算明细表", "unit": "金额单位：万元"},
        }
    }
    return truth


def title_variants_national() -> Truth:
    truth = copy_of(2023, "上海市普陀区民政局")
    truth["render"] = {
        "tables": {
            "summary": {"title": "收支决算总表", "unit": "单位（万元）"},
            "income": {"title": "附表2：收入决算表", "unit": "单位: 万 元"},
            "expenditure": {"title": "上海市普陀区民政局支出决算表", "unit": "金额单位：万元"},
            "fiscal_summary": {"title": "财政拨款收入支出决算总表（表四）", "unit": "单位（万元）"},
            "general_budget_expenditure": {"title": "表五 一般公共预算财政拨款支出决算表", "unit": "单位: 万 元"},
        }
    }
    return truth


WHOLE_YUAN_HEALTH = replace(HEALTH, department="泸州市江阳区卫生健康局", region="泸州市江阳区", level="区县")


def whole_yuan() -> Truth:
    """Built, not copied: whole 元 need leaves in whole 元 (the corpus' 元 documents are 万元 × 10000)."""
    edition = Edition(WHOLE_YUAN_HEALTH, 2021, units=ALL_YUAN, whole_yuan=True)
    truth = build(spec_for(edition, WHOLE_YUAN_HEALTH.total_before_first))
    for rows in amount_rows(truth):
        for row, start in rows:
            row[start:] = [text.removesuffix(".00") if text.endswith(".00") else text for text in row[start:]]
    for table in truth["tables"].values():
        for key in ("personnel_total", "public_total"):
            if key in table:
                table[key] = table[key].removesuffix(".00")
    truth["render"] = {"repeat_header": False}  # continuation pages hold nothing but rows of whole numbers
    return truth


def national_narrative_after() -> Truth:
    """Built, not copied: a year with carry-overs and 事业收入, so that 收入支出总计, 本年收入合计, 本年支出合计
    and 财政拨款收入支出总计 are four different figures (in the corpus' national documents they are one)."""
    overrides = {"2081004": {"nf_basic": "150"}, "2080208": {"gb_carry": "40.00 12.50"}}
    edition = Edition(CIVIL_AFFAIRS, 2024, "split", overrides=overrides, nf_opening="35.20")
    previous = copy_of(2023, CIVIL_AFFAIRS.department)["tables"]["summary"]
    truth = build(spec_for(edition, num(line(previous, "income", "总计"))))
    tables = truth["tables"]
    income_total = line(tables["summary"], "income", "本年收入合计")
    fiscal = next(row for row in tables["income"]["rows"] if row[1] == "合计")[3]  # its 财政拨款收入
    # 收、支总计 → 收入支出总计 (and 财政拨款收、支总计 → 财政拨款收入支出总计); 3039.13万元 → 3,039.13万元.
    thousands = partial(re.sub, r"(?<![\d.])\d{4,}\.\d{2}", lambda m: f"{Decimal(m.group()):,}")
    text = [thousands(item.replace("收、支总计", "收入支出总计")) for item in truth["narrative"]]
    # The 收入 section the corpus leaves out, its first words spaced out as justified text comes out.
    spaced = " ".join("本年收入合计") + f" {income_total} " + " ".join("万元")
    share = (num(fiscal) * 100 / num(income_total)).quantize(Decimal("0.01"))
    sentence = f"{truth['year']}年度{spaced}，其中：财政拨款收入{num(fiscal):,}万元，占{share}%。"
    section = ["## 二、收入决算情况说明", sentence]
    after_first = next(i for i, item in enumerate(text) if item.startswith("## 一、")) + 2  # its heading and paragraph
    text[after_first:after_first] = section
    truth["narrative"] = text
    truth["render"] = {"narrative": "after"}
    return truth


def national_claims(truth: Truth) -> list[dict[str, str]]:
    summary, fiscal = truth["tables"]["summary"], truth["tables"]["fiscal_summary"]
    figures = [
        ("total", "收入支出总计", line(summary, "income", "总计")),
        ("income_total", "本年收入合计", line(summary, "income", "本年收入合计")),
        ("expenditure_total", "本年支出合计", line(summary, "expenditure", "本年支出合计")),
        ("fiscal_total", "财政拨款收入支出总计", line(fiscal, "income", "总计")),
    ]
    return [{"subject": s, "metric": "amount", "value": v, "wording": w} for s, w, v in figures]


def missing_expenditure() -> Truth:
    truth = copy_of(2020, "泸州市卫生健康委员会")
    del truth["tables"]["expenditure"]
    return truth


# A transposed-digits typo in 2296004's 本年收入 (174.89 printed 174.98): its row no longer balances
# (年初 + 本年收入 − 本年支出 ≠ 年末) and 22960 / 229 / 合计 no longer add up to it.
FUND_TYPO = ("2296004", 3, "174.89", "174.98")


def unreadable_fund() -> Truth:
    truth = copy_of(2021, "泸州市教育和体育局")
    code, column, printed, typo = FUND_TYPO
    row = next(r for r in truth["tables"]["government_fund"]["rows"] if r[0] == code)
    assert row[column] == printed, row
    row[column] = typo
    return truth


FIXTURES: tuple[Fixture, ...] = (
    Fixture(
        "per-cell-borders",
        per_cell_borders,
        (
            "every table a Writer table in the separating border model: each cell drawn as its own rectangle",
            "Writer's default cell padding (0.1 cm) and no indent, so an amount comes within ~6 pt of the "
            "next cell's text, as in Word exports",
        ),
        "data/raw/2023/上海市普陀区民政局.truth.yaml",
    ),
    Fixture(
        "split-title",
        split_title,
        (
            "the tables as Writer tables (collapsed borders, padding and indent that camelot reads right)",
            "two titles whose last characters sit 3% higher: pdfium returns 收入支出决算总 + 表 and "
            "一般公共预算财政拨款 + 支出决算表 on separate lines (poppler joins them)",
        ),
        "data/raw/2021/泸州市龙马潭区农业农村局/泸州市龙马潭区农业农村局2021年部门决算.truth.yaml",
    ),
    Fixture(
        "empty-full-header",
        empty_full_header,
        (
            "empty 政府性基金 and 国有资本经营 tables with the full header: 本年支出 over 合计 / 基本支出 / "
            "项目支出 on a header row of its own, three blank rows and a 合计 row without amounts",
            "a 注： line, then 说明：…本年度没有…收入和支出，故本表无数据。",
        ),
        "data/raw/2023/上海市普陀区体育局.truth.yaml",
    ),
    Fixture(
        "title-variants",
        title_variants_sichuan,
        (
            "titles with a department prefix and no year, a label after the title, 表三 and 附表5： before it, "
            "the national 财政拨款收支决算总表",
            "unit lines 单位: 万 元, 金额单位：万元, 单位（万元）",
        ),
        "data/raw/2021/泸州市财政局/泸州市财政局2021年部门决算.truth.yaml",
    ),
    Fixture(
        "title-variants",
        title_variants_national,
        (
            "titles 收支决算总表, 附表2：…, a department prefix without a year, （表四） after the title, "
            "表五 before it",
            "unit lines 单位（万元）, 单位: 万 元, 金额单位：万元",
        ),
        "data/raw/2023/上海市普陀区民政局.truth.yaml",
    ),
    Fixture(
        "whole-yuan",
        whole_yuan,
        (
            "every table in whole 元 (#,##0: thousands separators, no decimals)",
            "coded tables over three pages whose continuation pages repeat no header",
        ),
        "build_truth.py's 泸州市卫生健康委员会 profile as a 区县 department, 2021",
    ),
    Fixture(
        "national-narrative-after",
        national_narrative_after,
        (
            "the national format with its narrative (第三部分 情况说明) after the tables",
            "收入支出总计 and 财政拨款收入支出总计 for 收、支总计, thousands separators (8,740.58万元), "
            "a spaced-out sentence (本 年 收 入 合 计 8665.38 万 元)",
        ),
        "build_truth.py's 上海市普陀区民政局 profile, 2024, with carry-overs and 事业收入",
        claims=national_claims,
    ),
    Fixture(
        "missing-expenditure",
        missing_expenditure,
        ("a Sichuan document without its 支出决算表 (公开03表): the other 13 tables are there",),
        "data/raw/2020/泸州市卫生健康委员会/泸州市卫生健康委员会2020年部门决算.truth.yaml",
    ),
    Fixture(
        "unreadable-fund",
        unreadable_fund,
        (
            "a 政府性基金预算财政拨款收入支出决算表 whose amounts do not add up: 2296004's 本年收入 printed "
            "174.98 for 174.89 (transposed digits), so its row and 22960 / 229 / 合计 fail; every other table is sound",
        ),
        "data/raw/2021/泸州市教育和体育局/泸州市教育和体育局2021年部门决算.truth.yaml",
        quarantined={"government_fund": "22960"},
    ),
)


# --- checks: the tables' own arithmetic ---------------------------------------------------------------


def line(table: dict[str, Any], side: str, item: str) -> str:
    return next(row[1] for row in table[side] if row[0] == item)


def amount_rows(truth: Truth) -> list[list[tuple[list[str], int]]]:
    """Per table, (row, index of its first amount) of every row."""
    out = []
    for key, table in truth["tables"].items():
        kind = KINDS_BY_KEY[key]
        first = 0 if kind.layout is Layout.SINGLE_ROW else 2
        parts = {"rows": first, "income": 1, "expenditure": 1, "personnel": 2, "public": 2}
        out.append([(row, start) for part, start in parts.items() for row in table.get(part, [])])
    return out


# Per coded kind: the measure that is the sum of the others (index among the amounts, then the parts).
ROW_SUMS = {
    "income": (0, (1, 2, 3, 4, 5, 6)),
    "expenditure": (0, (1, 2, 3, 4, 5)),
    "fiscal_expenditure_detail": (0, (1, 2, 3)),
    "general_budget_expenditure": (0, (1, 2)),
    "general_budget_expenditure_detail": (0, (1, 2)),
    "state_capital_expenditure": (0, (1, 2)),
    "government_fund": (2, (3, 4)),
    "state_capital": (2, (3, 4)),
}


def row_problems(truth: Truth) -> list[str]:
    """Rows whose total is not the sum of its parts, and fund rows that do not balance."""
    problems = []
    for key, table in truth["tables"].items():
        for row in table.get("rows", []) if key in ROW_SUMS else []:
            amounts = [num(x) for x in row[2:]]
            total, parts = ROW_SUMS[key]
            if amounts[total] != sum((amounts[i] for i in parts), ZERO):
                problems.append(f"{key} {row[0] or '合计'}: column {total} is not the sum of {parts}")
            if key in ("government_fund", "state_capital") and amounts[0] + amounts[1] - amounts[2] != amounts[5]:
                problems.append(f"{key} {row[0] or '合计'}: 年初 + 本年收入 − 本年支出 ≠ 年末")
    return problems


def summary_problems(truth: Truth) -> list[str]:
    """The 总表's lines against each other and against the 收入 / 支出 tables' 合计 rows."""
    tables, problems = truth["tables"], []
    summary = {side: {row[0]: num(row[1]) for row in tables["summary"][side]} for side in ("income", "expenditure")}
    income, spent = summary["income"], summary["expenditure"]
    items = list(income)
    sources = items[: items.index("本年收入合计")]
    if income["本年收入合计"] != sum((income[i] for i in sources), ZERO):
        problems.append("summary: 本年收入合计 is not the sum of the income lines")
    classes = [i for i in spent if "、" in i]
    if spent["本年支出合计"] != sum((spent[i] for i in classes), ZERO):
        problems.append("summary: 本年支出合计 is not the sum of the 类 lines")
    if spent["总计"] != spent["本年支出合计"] + spent["结余分配"] + spent["年末结转和结余"]:
        problems.append("summary: 支出 总计 ≠ 本年支出合计 + 结余分配 + 年末结转和结余")
    if income["总计"] != income["本年收入合计"] + sum((v for i, v in income.items() if "结余" in i), ZERO):
        problems.append("summary: 收入 总计 ≠ 本年收入合计 + 结转结余")
    in_wan = {unit: Decimal(10000) if unit == "元" else Decimal(1) for unit in ("元", "万元")}
    for key, item, side in (("income", "本年收入合计", income), ("expenditure", "本年支出合计", spent)):
        if key in tables:
            total = next(r for r in tables[key]["rows"] if r[1] == "合计")
            if num(total[2]) / in_wan[tables[key]["unit"]] != side[item] / in_wan[tables["summary"]["unit"]]:
                problems.append(f"{key} 合计 ≠ summary {item}")
    return problems


def verify(fixture: Fixture, truth: Truth) -> None:
    """The fixture's figures obey every identity, except where the case breaks one on purpose."""
    sound = {**truth, "tables": {k: v for k, v in truth["tables"].items() if k not in fixture.quarantined}}
    check_identities(sound)
    problems = row_problems(sound) + summary_problems(sound)
    assert not problems, (fixture.case, problems)
    if fixture.quarantined:  # and the broken table is broken exactly where the case says
        broken = {**truth, "tables": {k: truth["tables"][k] for k in ("summary", *fixture.quarantined)}}
        found = row_problems(broken)
        try:
            check_identities(broken)
        except AssertionError as error:
            found.append(str(error))
        assert found and all(any(r in p for r in fixture.quarantined.values()) for p in found), found
    if fixture.case == "whole-yuan":
        texts = [x for rows in amount_rows(truth) for row, start in rows for x in row[start:] if x]
        assert texts and all(re.fullmatch(r"-?\d+", x) for x in texts), "whole 元 amounts only"
    if fixture.claims:
        said = re.sub(r"[\s,]", "", "".join(truth["narrative"]))
        for claim in fixture.claims(truth):
            assert claim["wording"] + claim["value"] + "万元" in said, claim


def expect(fixture: Fixture, truth: Truth) -> dict[str, Any]:
    kinds = [kind.key for kind in expected_kinds(truth["family"])]
    tables = truth["tables"]
    out: dict[str, Any] = {
        "loads": [k for k in kinds if k in tables and not tables[k].get("empty") and k not in fixture.quarantined],
        "empty": [k for k in kinds if tables.get(k, {}).get("empty")],
        "quarantined": dict(fixture.quarantined),
        "missing": [k for k in kinds if k not in tables],
    }
    if fixture.claims:
        out["narrative_claims"] = [{k: v for k, v in c.items() if k != "wording"} for c in fixture.claims(truth)]
    return out


def write(fixture: Fixture) -> Path:
    truth = fixture.make()
    verify(fixture, truth)
    truth["expect"] = expect(fixture, truth)
    target = fixture.target(truth)
    pdf = target.with_name(target.name.removesuffix(".truth.yaml") + ".pdf")
    header = [
        f"# Ground truth of {pdf.relative_to(REPO)}: issue 10's failure class {fixture.case!r}.",
        f"# Written by data/samples/build_fixtures.py from {fixture.base}: edit it there, not here.",
        "# render: tells data/samples/generate.py how to print it; expect: what extraction must make of it.",
        *(f"# Exercises: {note}." for note in fixture.notes),
    ]
    body = yaml.dump(truth, Dumper=_FlowRows, allow_unicode=True, sort_keys=False, width=10_000)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    return target


def main(args: Sequence[str]) -> None:
    for fixture in FIXTURES:
        print(write(fixture).relative_to(REPO))


if __name__ == "__main__":
    main(sys.argv[1:])
