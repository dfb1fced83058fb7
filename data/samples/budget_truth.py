"""Ground truth of the sample 部门预算 (Sichuan template), derived from the 决算 truth of the same department.

A budget of year Y is planned before its 决算 of Y: here it is made the other way round, from the 决算 truth
files, so the two agree where they must. Each 项's budget is its final figure times a seeded factor (the
execution rate, per funding source and 基本/项目), except where a published 决算 says 完成预算100%: the
budget then carries the final figures exactly. The "三公" budget is the 预算数 the 决算's 三公 table prints. A
budget of a year without a 决算 (2022) grows the last one. Money carried over from the year before (上年结转)
is the 年末结转和结余 the previous 决算 ends with. Everything above the 项 (款, 类, 合计, the 总表s, the
economic tables, the narrative and its claims) is derived here, so every identity holds exactly.

Written by build_truth.py after the 决算 truths; data/samples/generate.py renders the PDFs.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml
from build_truth import (
    CENT,
    ECONOMIC_NAMES,
    FUNCTION_NAMES,
    RAW,
    REPO,
    ZERO,
    _FlowRows,
    allocate,
    coded_rows,
    expenditure_lines,
    final_truth_path,
    half_up,
    percent,
    printed,
    roll_up,
)

UNIT = "万元"  # every sample budget prints 万元 with two decimals, as Sichuan departments do
YUAN_PER_WAN = Decimal(10000)
# The non-fiscal income columns of the 决算 收入决算表 (after 合计 and 财政拨款收入) → the budget's names.
NON_FISCAL = ("superior_subsidy", "business_income", "operating_income", "affiliated_remittance", "other_income")
# The amount columns of 部门收入总表 after 合计, in the catalogue's order.
INCOME_COLUMNS = ("carried_over", "general_budget", "government_fund", "state_capital", "business_income")
INCOME_COLUMNS += ("operating_income", "superior_subsidy", "affiliated_remittance", "other_income")
# The 三公 codes of 公用经费 whose budget is the 三公 table's (因公出国, 公务接待, 公务用车运行维护).
THREE_PUBLIC_CODES = {"30212": "overseas", "30217": "reception", "30231": "operation"}
THREE_PUBLIC_PARTS = ("total", "overseas", "vehicle", "purchase", "operation", "reception")
DEPARTMENTS = (
    "泸州市人民政府办公室",
    "泸州市教育和体育局",
    "泸州市财政局",
    "泸州市卫生健康委员会",
    "泸州市龙马潭区农业农村局",
)


@dataclass(frozen=True)
class BudgetEdition:
    department: str
    year: int
    exact: bool = False  # the 决算 says 完成预算100% everywhere: budget = final
    notes: tuple[str, ...] = ()


BUDGET_EDITIONS: tuple[BudgetEdition, ...] = (
    *(BudgetEdition(d, y) for d in DEPARTMENTS for y in (2019, 2020, 2021) if (d, y) != (DEPARTMENTS[0], 2020)),
    BudgetEdition(
        "泸州市人民政府办公室",
        2020,
        exact=True,
        notes=("the published 2020 决算 says 完成预算100% for every 项: each budget figure is the final one",),
    ),
    BudgetEdition("泸州市人民政府办公室", 2022, notes=("a budget a year before its 决算: grown from the 2021 决算",)),
    BudgetEdition(
        "泸州市教育和体育局",
        2022,
        notes=("grown from the 2021 决算", "上年结转: the 政府性基金 the 2021 决算 carries into 2022"),
    ),
)


def D(text: str) -> Decimal:
    return Decimal(text) if text else ZERO


def final_truth(year: int, department: str) -> Path | None:
    """The 决算 truth of a department-year, None for a year without one."""
    path = final_truth_path(year, department)
    return path if path.exists() else None


def budget_truth_path(year: int, department: str) -> Path:
    return RAW / str(year) / department / f"{department}{year}年部门预算.truth.yaml"


# --- what a 决算 truth says, in 万元 ---------------------------------------------------------------------


@dataclass
class Leaf:
    """One 项's spending (万元) by source, as planned or as spent."""

    code: str
    gb_basic: Decimal = ZERO
    gb_project: Decimal = ZERO
    fund_basic: Decimal = ZERO
    fund_project: Decimal = ZERO
    nf_basic: Decimal = ZERO
    nf_project: Decimal = ZERO
    nf_source: str = "business_income"
    gb_carry: Decimal = ZERO  # 上年结转 spent here (budget only)
    fund_carry: Decimal = ZERO

    @property
    def gb(self) -> Decimal:
        return self.gb_basic + self.gb_project

    @property
    def fund(self) -> Decimal:
        return self.fund_basic + self.fund_project

    @property
    def nf(self) -> Decimal:
        return self.nf_basic + self.nf_project

    @property
    def total(self) -> Decimal:
        return self.gb + self.fund + self.nf


@dataclass
class Final:
    """The figures of a 决算 truth that a budget derives from."""

    truth: dict[str, Any]
    leaves: dict[str, Leaf]
    names: dict[str, str]  # function code → name, as the 决算 prints it
    economic_names: dict[str, str]
    personnel: dict[str, Decimal]  # 5-digit economic code → 基本支出 (一般公共预算)
    public: dict[str, Decimal]
    project: dict[str, Decimal]
    three_public_budget: list[Decimal]  # the 预算数 half: 合计, 出国, 车辆, 购置, 运行, 接待
    closing: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # code → (一般公共预算, 基金) 年末


def _wan(text: str, unit: str) -> Decimal:
    value = D(text)
    return value / YUAN_PER_WAN if unit == "元" else value


def _rows(truth: dict[str, Any], key: str) -> dict[str, list[Decimal]]:
    table = truth["tables"].get(key) or {}
    if table.get("empty"):
        return {}
    return {r[0]: [_wan(v, table["unit"]) for v in r[2:]] for r in table.get("rows", [])}


def read_final(path: Path) -> Final:
    truth = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables = truth["tables"]
    names = {r[0]: r[1] for key in ("income", "expenditure") for r in tables[key]["rows"] if r[0]}
    general, spent, income = (
        _rows(truth, "general_budget_expenditure"),
        _rows(truth, "expenditure"),
        _rows(truth, "income"),
    )
    fund = _rows(truth, "government_fund")  # 年初, 本年收入, 本年支出 小计 / 基本 / 项目, 年末
    leaves: dict[str, Leaf] = {}
    for code, (total, basic, project, *_) in spent.items():
        if len(code) != 7:
            continue
        gb = general.get(code, [ZERO] * 3)
        fb = fund.get(code, [ZERO] * 6)
        leaf = Leaf(code, gb[1], gb[2], fb[3], fb[4])
        leaf.nf_basic, leaf.nf_project = basic - gb[1] - fb[3], project - gb[2] - fb[4]
        sources = dict(zip(NON_FISCAL, income.get(code, [ZERO] * 7)[2:], strict=True))
        if leaf.nf:
            leaf.nf_source = max(sources, key=lambda s: (sources[s], s == "business_income"))
        assert leaf.total == total and min(leaf.nf_basic, leaf.nf_project) >= 0, (path, code)
        leaves[code] = leaf
    basic = tables["general_budget_basic"]
    unit = basic["unit"]
    economic_names = {r[0]: r[1] for r in basic["personnel"] + basic["public"]}
    project_rows = _rows(truth, "general_budget_project")
    economic_names |= {r[0]: r[1] for r in tables["general_budget_project"]["rows"] if r[0]}
    three = tables["three_public"]
    budget_stage = [_wan(v, three["unit"]) for v in three["rows"][0][:6]]
    final = Final(
        truth,
        leaves,
        names,
        economic_names,
        personnel={r[0]: _wan(r[2], unit) for r in basic["personnel"] if len(r[0]) == 5},
        public={r[0]: _wan(r[2], unit) for r in basic["public"] if len(r[0]) == 5},
        project={c: v[0] for c, v in project_rows.items() if len(c) == 5},
        three_public_budget=budget_stage,
    )
    final.closing = _closing(truth, leaves, income)
    return final


def _closing(truth: dict[str, Any], leaves: dict[str, Leaf], income: dict[str, list[Decimal]]) -> dict:
    """Where the 年末财政拨款结转和结余 of the 财政拨款 总表 stays: on the 项 whose 财政拨款收入 differs from what it
    spent of 财政拨款 (the 决算 prints the balance as a total only)."""
    fiscal = truth["tables"]["fiscal_summary"]
    closing_line = next(r for r in fiscal["expenditure"] if r[0] == "年末财政拨款结转和结余")
    gb_close, fund_close = (_wan(v, fiscal["unit"]) for v in closing_line[2:4])
    if not gb_close and not fund_close:
        return {}
    moved = [c for c, leaf in leaves.items() if income.get(c, [ZERO] * 2)[1] != leaf.gb + leaf.fund]
    if len(moved) != 1:
        raise ValueError(f"{truth['department']} {truth['year']}: 年末结转 over {moved}, expected one 项")
    return {moved[0]: (gb_close, fund_close)}


# --- the budget -------------------------------------------------------------------------------------------


def factor(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 4)))


def scaled(value: Decimal, by: Decimal) -> Decimal:
    return (value * by).quantize(CENT, ROUND_HALF_UP) if value else ZERO


def plan_leaves(final: Final, edition: BudgetEdition, grow: bool, carry: dict, rng: random.Random) -> list[Leaf]:
    """Each 项's budget: the final figure (exact), times an execution factor, or grown a year (no 决算 yet)."""
    low, high = (0.96, 1.09) if grow else (0.91, 1.08)

    def one(value: Decimal) -> Decimal:
        return value if edition.exact else scaled(value, factor(rng, low, high))

    out = []
    for code, spent in sorted(final.leaves.items()):
        leaf = Leaf(code, *(one(getattr(spent, f)) for f in ("gb_basic", "gb_project", "fund_basic", "fund_project")))
        leaf.nf_basic, leaf.nf_project, leaf.nf_source = one(spent.nf_basic), one(spent.nf_project), spent.nf_source
        gb_carry, fund_carry = carry.get(code, (ZERO, ZERO))
        # Carried money is spent on projects: at least as much is planned as was carried in.
        leaf.gb_project, leaf.fund_project = max(leaf.gb_project, gb_carry), max(leaf.fund_project, fund_carry)
        leaf.gb_carry, leaf.fund_carry = gb_carry, fund_carry
        out.append(leaf)
    return out


def economic(final: Final, leaves: list[Leaf], three_public: list[Decimal], exact: bool) -> tuple[dict, dict, dict]:
    """一般公共预算 基本支出 into 人员经费 and 公用经费 (the 三公 codes at the 三公 budget), 项目支出 by economic code,
    both in the proportions of the 决算. Exact: 公用经费 is the final one, 人员经费 the rest (a published 决算
    may print totals its 项 do not add up to: the budget adds up)."""
    basic = sum((leaf.gb_basic for leaf in leaves), ZERO)
    project = sum((leaf.gb_project - leaf.gb_carry for leaf in leaves), ZERO)  # this year's 拨款 (表3-2)
    final_personnel, final_public = sum(final.personnel.values(), ZERO), sum(final.public.values(), ZERO)
    personnel_total = half_up(final_personnel * basic / (final_personnel + final_public))
    if exact:
        personnel_total = basic - final_public
    parts = dict(zip(THREE_PUBLIC_PARTS, three_public, strict=True))
    if parts["purchase"]:
        raise ValueError(f"{final.truth['department']}: a 公务用车购置 budget has no place in 公用经费")
    fixed = {code: parts[part] for code, part in THREE_PUBLIC_CODES.items() if parts[part]}
    rest = basic - personnel_total - sum(fixed.values(), ZERO)
    weights = {c: int(v / CENT) for c, v in final.public.items() if c not in THREE_PUBLIC_CODES and v}
    public = allocate(rest, weights or {"30299": 1}, CENT) | fixed
    personnel = allocate(personnel_total, {c: int(v / CENT) for c, v in final.personnel.items() if v}, CENT)
    projects = allocate(project, {c: int(v / CENT) for c, v in final.project.items() if v}, CENT)
    if rest < 0 or min([*public.values(), *personnel.values(), *projects.values()], default=ZERO) < 0:
        raise ValueError(f"{final.truth['department']}: 基本支出 too small for its 人员经费 and 三公")
    return personnel, public, projects


@dataclass
class Previous:
    """The previous year's budget figures the narrative compares with."""

    total: Decimal
    fiscal_total: Decimal
    general_budget: Decimal
    three_public: Decimal
    source: str  # the budget truth file they come from, or "invented"

    def as_dict(self) -> dict[str, str]:
        figures = {k: str(getattr(self, k)) for k in ("total", "fiscal_total", "general_budget", "three_public")}
        return figures | {"source": self.source}


def build_budget(edition: BudgetEdition, final: Final, carry: dict, previous: Previous | None) -> dict[str, Any]:
    year, department = edition.year, edition.department
    rng = random.Random(f"{department}/{year}/预算")  # a string seed hashes the same on every run
    grow = final.truth["year"] < year
    leaves = plan_leaves(final, edition, grow, carry, rng)
    three_public = [scaled(v, factor(rng, 0.95, 1.05)) for v in final.three_public_budget] if grow else None
    if three_public is not None:  # grown parts: the totals are their sums again
        three_public[2] = three_public[3] + three_public[4]
        three_public[0] = three_public[1] + three_public[2] + three_public[5]
    three_public = [half_up(v) for v in three_public or final.three_public_budget]  # printed with two decimals
    personnel, public, projects = economic(final, leaves, three_public, edition.exact)
    names = FUNCTION_NAMES | final.names
    econ_names = ECONOMIC_NAMES | final.economic_names

    # 部门收入总表 and 部门支出总表 by 项.
    income: dict[str, list[Decimal]] = {}
    for leaf in leaves:
        cols = dict.fromkeys(INCOME_COLUMNS, ZERO)
        cols["carried_over"] = leaf.gb_carry + leaf.fund_carry
        cols["general_budget"] = leaf.gb - leaf.gb_carry
        cols["government_fund"] = leaf.fund - leaf.fund_carry
        cols[leaf.nf_source] += leaf.nf
        income[leaf.code] = [sum(cols.values(), ZERO), *cols.values()]
    spending = {leaf.code: [leaf.total, leaf.gb_basic + leaf.fund_basic + leaf.nf_basic,
                            leaf.gb_project + leaf.fund_project + leaf.nf_project, ZERO, ZERO, ZERO]
                for leaf in leaves}  # fmt: skip
    fiscal = {leaf.code: [leaf.gb + leaf.fund, leaf.gb, leaf.fund, ZERO] for leaf in leaves}
    # 表3 is the year's 一般公共预算 拨款 (当年拨款): what was carried over is spent beside it, in 表1-2 and 表2.
    general = {leaf.code: [leaf.gb - leaf.gb_carry, leaf.gb_basic, leaf.gb_project - leaf.gb_carry] for leaf in leaves}

    column = lambda rows, i: sum((r[i] for r in rows.values()), ZERO)  # noqa: E731
    by_source = dict(zip(INCOME_COLUMNS, (column(income, i) for i in range(1, len(INCOME_COLUMNS) + 1)), strict=True))
    carried = by_source["carried_over"]
    year_income = column(income, 0) - carried
    spent = column(spending, 0)
    total = year_income + carried
    assert total == spent, (department, year)
    u = lambda v: printed(v, UNIT)  # noqa: E731
    lines = expenditure_lines(min(year, 2020))
    by_class = roll_up(spending)
    summary = {
        "unit": UNIT,
        "measures": {"income": ["amount"], "expenditure": ["amount"]},
        "income": [
            ["一、一般公共预算拨款收入", u(by_source["general_budget"])],
            ["二、政府性基金预算拨款收入", u(by_source["government_fund"])],
            ["三、国有资本经营预算拨款收入", ""],
            ["四、事业收入", u(by_source["business_income"])],
            ["五、事业单位经营收入", u(by_source["operating_income"])],
            ["六、上级补助收入", u(by_source["superior_subsidy"])],
            ["七、附属单位上缴收入", u(by_source["affiliated_remittance"])],
            ["八、其他收入", u(by_source["other_income"])],
            ["本年收入合计", u(year_income)],
            ["上年结转", u(carried)],
            ["收入总计", u(total)],
        ],
        "expenditure": [[label, u(by_class.get(code, [ZERO])[0])] for code, label in lines]
        + [["本年支出合计", u(spent)], ["结转下年", ""], ["支出总计", u(total)]],
    }
    gb_in, fund_in = by_source["general_budget"], by_source["government_fund"]
    fiscal_carry = sum((leaf.gb_carry + leaf.fund_carry for leaf in leaves), ZERO)
    fiscal_spent = [column(fiscal, i) for i in range(4)]
    fiscal_total = gb_in + fund_in + fiscal_carry
    fiscal_by_class = roll_up(fiscal)
    fiscal_summary = {
        "unit": UNIT,
        "measures": {
            "income": ["amount"],
            "expenditure": ["amount", "general_budget", "government_fund", "state_capital"],
        },
        "income": [
            ["一、一般公共预算拨款收入", u(gb_in)],
            ["二、政府性基金预算拨款收入", u(fund_in)],
            ["三、国有资本经营预算拨款收入", ""],
            ["本年收入合计", u(gb_in + fund_in)],
            ["上年结转", u(fiscal_carry)],
            ["收入总计", u(fiscal_total)],
        ],
        "expenditure": [[label, *map(u, fiscal_by_class.get(code, [ZERO] * 4))] for code, label in lines]
        + [
            ["本年支出合计", *map(u, fiscal_spent)],
            ["结转下年", "", "", "", ""],
            ["支出总计", *map(u, fiscal_spent)],
        ],
    }
    assert fiscal_spent[0] == fiscal_total
    econ_rows = {c: [v, v, ZERO] for c, v in personnel.items()} | {c: [v, ZERO, v] for c, v in public.items()}
    tables = {
        "budget_summary": summary,
        "sichuan_budget_income": {"unit": UNIT, "rows": coded_rows(income, names, UNIT)},
        "sichuan_budget_expenditure": {"unit": UNIT, "rows": coded_rows(spending, names, UNIT)},
        "fiscal_budget_summary": fiscal_summary,
        "budget_general_expenditure": {
            "unit": UNIT,
            "measures": ["total", "basic", "project"],
            "rows": coded_rows(general, names, UNIT),
        },
        "budget_general_basic": {
            "unit": UNIT,
            "measures": ["total", "personnel", "public"],
            "rows": coded_rows(dict(sorted(econ_rows.items())), econ_names, UNIT),
        },
        "budget_general_project": {
            "unit": UNIT,
            "rows": coded_rows({c: [v] for c, v in sorted(projects.items())}, econ_names, UNIT),
        },
        "budget_general_three_public": {"unit": UNIT, "rows": [[u(v) for v in three_public]]},
    }
    figures = Figures(
        total=total,
        year_income=year_income,
        carried=carried,
        sources=by_source,
        spent=spent,
        basic=column(spending, 1),
        project=column(spending, 2),
        fiscal_total=fiscal_total,
        general_budget=gb_in,
        government_fund=fiscal_spent[2],
        gb_basic=sum((leaf.gb_basic for leaf in leaves), ZERO),
        personnel=sum(personnel.values(), ZERO),
        public=sum(public.values(), ZERO),
        three_public=three_public,
        classes={c: v[0] for c, v in roll_up(general).items() if len(c) == 3 and v[0]},  # what 表3 prints
        items={c: v[0] for c, v in roll_up(general).items() if len(c) == 7 and v[0]},
    )
    previous = previous or invented_previous(figures, rng)
    narrative, claims = narrative_and_claims(edition, figures, previous, names, econ_names, personnel, public)
    truth = {
        "department": department,
        "region": final.truth["region"],
        "level": final.truth["level"],
        "year": year,
        "family": "sichuan_budget",
        "document_kind": "budget",
        "code_style": final.truth.get("code_style", "full"),
        "published": f"{year}-0{rng.randint(2, 3)}-{rng.randint(10, 28)}",
        "final_accounts": str(final_path_of(final).relative_to(REPO)),
        "previous_year": previous.as_dict(),
        "narrative": narrative,
        "claims": claims,
        "tables": tables,
    }
    return truth


def final_path_of(final: Final) -> Path:
    path = final_truth(final.truth["year"], final.truth["department"])
    assert path is not None
    return path


@dataclass
class Figures:
    """A budget's totals, as its narrative states them."""

    total: Decimal
    year_income: Decimal
    carried: Decimal
    sources: dict[str, Decimal]
    spent: Decimal
    basic: Decimal
    project: Decimal
    fiscal_total: Decimal
    general_budget: Decimal
    government_fund: Decimal
    gb_basic: Decimal
    personnel: Decimal
    public: Decimal
    three_public: list[Decimal]
    classes: dict[str, Decimal]
    items: dict[str, Decimal]


def invented_previous(figures: Figures, rng: random.Random) -> Previous:
    """The year before the first budget of the corpus: its figures are invented (seeded), no truth has them."""
    f = factor(rng, 0.9, 1.06)
    scale = lambda v: half_up(v * f)  # noqa: E731
    return Previous(
        scale(figures.total),
        scale(figures.fiscal_total),
        scale(figures.general_budget),
        scale(figures.three_public[0]),
        "invented",
    )


def previous_of(truth: dict[str, Any], path: Path) -> Previous:
    totals = {r[0]: D(r[1]) for r in truth["tables"]["budget_summary"]["income"]}
    fiscal = {r[0]: D(r[1]) for r in truth["tables"]["fiscal_budget_summary"]["income"]}
    general = next(D(r[2]) for r in truth["tables"]["budget_general_expenditure"]["rows"] if r[1] == "合计")
    three = D(truth["tables"]["budget_general_three_public"]["rows"][0][0])
    return Previous(totals["收入总计"], fiscal["收入总计"], general, three, str(path.relative_to(REPO)))


# --- the narrative --------------------------------------------------------------------------------------

SOURCE_NAMES = {
    "general_budget": ("一般公共预算拨款收入", "general_budget_income"),
    "government_fund": ("政府性基金预算拨款收入", "government_fund_income"),
    "business_income": ("事业收入", "business_income"),
    "operating_income": ("事业单位经营收入", "operating_income"),
    "superior_subsidy": ("上级补助收入", "superior_subsidy"),
    "affiliated_remittance": ("附属单位上缴收入", "affiliated_remittance"),
    "other_income": ("其他收入", "other_income"),
}


def claim(subject: str, metric: str, value: Decimal, **extra: Any) -> dict[str, Any]:
    return {"subject": subject, "metric": metric, "value": str(half_up(value)), **extra}


def change_words(change: Decimal, whole: Decimal) -> tuple[str, str, Decimal]:
    """(增加/减少 clause, 增长/下降 clause, signed percent) of a change against the previous figure."""
    pct = Decimal(percent(abs(change), whole))
    if change >= 0:
        return f"增加{change}万元", f"增长{pct}%", pct
    return f"减少{-change}万元", f"下降{pct}%", -pct


def function_phrase(code: str, names: dict[str, str]) -> str:
    """一般公共服务(类)政府办公厅（室）及相关机构事务(款)行政运行(项), as the 决算 narratives write it."""
    parts = [names[code[:3]].removesuffix("支出"), names[code[:5]], names[code]]
    return "".join(f"{name}({level})" for name, level in zip(parts, "类款项", strict=True))


def narrative_and_claims(
    edition: BudgetEdition,
    f: Figures,
    previous: Previous,
    names: dict[str, str],
    econ_names: dict[str, str],
    personnel: dict[str, Decimal],
    public: dict[str, Decimal],
) -> tuple[list[str], list[dict[str, Any]]]:
    """The 情况说明 in the Sichuan wording and the claims it makes, from the same figures."""
    y, before = edition.year, edition.year - 1
    text: list[str] = [f"# 第二部分 {y}年部门预算情况说明", "## 一、收支预算情况的总体说明"]
    claims: list[dict[str, Any]] = []
    change = f.total - previous.total
    more, growth, pct = change_words(change, previous.total)
    text.append(
        f"按照综合预算的原则，本部门所有收入和支出均纳入部门预算管理。{y}年收入预算总计{f.total}万元，"
        f"支出预算总计{f.total}万元。与{before}年相比，收、支预算总计各{more}，{growth}。"
    )
    claims += [
        claim("total", "amount", f.total),
        claim("total", "amount", f.total),
        claim("total", "change", change, comparison_year=before),
        claim("total", "percent", pct, comparison_year=before),
    ]

    text.append("## 二、收入预算情况说明")
    shares = []
    for key, (label, subject) in SOURCE_NAMES.items():
        if value := f.sources[key]:
            share = percent(value, f.year_income)
            shares.append(f"{label}{value}万元，占{share}%")
            claims += [
                claim(subject, "amount", value),
                claim(subject, "share", Decimal(share), base_subject="income_total"),
            ]
    carried = f"此外，上年结转{f.carried}万元。" if f.carried else ""
    text.append(f"{y}年本年收入预算{f.year_income}万元，其中：{'；'.join(shares)}。{carried}")
    claims.insert(len(claims) - 2 * len(shares), claim("income_total", "amount", f.year_income))
    if f.carried:
        claims.append(claim("carried_over", "amount", f.carried))

    text.append("## 三、支出预算情况说明")
    basic_share, project_share = percent(f.basic, f.spent), percent(f.project, f.spent)
    text.append(
        f"{y}年本年支出预算{f.spent}万元，其中：基本支出{f.basic}万元，占{basic_share}%；"
        f"项目支出{f.project}万元，占{project_share}%。"
    )
    claims += [
        claim("expenditure_total", "amount", f.spent),
        claim("basic", "amount", f.basic),
        claim("basic", "share", Decimal(basic_share), base_subject="expenditure_total"),
        claim("project", "amount", f.project),
        claim("project", "share", Decimal(project_share), base_subject="expenditure_total"),
    ]

    text.append("## 四、财政拨款收支预算情况的总体说明")
    fiscal_change = f.fiscal_total - previous.fiscal_total
    more, growth, pct = change_words(fiscal_change, previous.fiscal_total)
    parts = [f"一般公共预算拨款收入{f.sources['general_budget']}万元"]
    claims += [
        claim("fiscal_total", "amount", f.fiscal_total),
        claim("general_budget_income", "amount", f.sources["general_budget"]),
    ]
    if f.sources["government_fund"]:
        parts.append(f"政府性基金预算拨款收入{f.sources['government_fund']}万元")
        claims.append(claim("government_fund_income", "amount", f.sources["government_fund"]))
    if f.carried:
        parts.append(f"上年结转{f.carried}万元")
        claims.append(claim("carried_over", "amount", f.carried))
    text.append(
        f"{y}年财政拨款收入预算总计{f.fiscal_total}万元，其中：{'，'.join(parts)}。"
        f"财政拨款支出预算总计{f.fiscal_total}万元。与{before}年相比，财政拨款支出{more}，{growth}。"
    )
    claims += [
        claim("fiscal_total", "amount", f.fiscal_total),
        claim("fiscal_total", "change", fiscal_change, comparison_year=before),
        claim("fiscal_total", "percent", pct, comparison_year=before),
    ]

    text.append("## 五、一般公共预算当年拨款情况说明")
    text.append("（一）一般公共预算当年拨款规模变化情况")
    gb_change = f.general_budget - previous.general_budget
    more, growth, pct = change_words(gb_change, previous.general_budget)
    text.append(f"{y}年一般公共预算当年拨款{f.general_budget}万元，比{before}年预算{more}，{growth}。")
    claims += [
        claim("general_budget_total", "amount", f.general_budget),
        claim("general_budget_total", "change", gb_change, comparison_year=before),
        claim("general_budget_total", "percent", pct, comparison_year=before),
    ]
    text.append("（二）一般公共预算当年拨款结构情况")
    structure = []
    for code, value in f.classes.items():
        share = percent(value, f.general_budget)
        structure.append(f"{names[code].removesuffix('支出')}(类)支出{value}万元，占{share}%")
        claims += [claim(f"function:{code}", "amount", value),
                   claim(f"function:{code}", "share", Decimal(share), base_subject="general_budget_total")]  # fmt: skip
    text.append(f"{y}年一般公共预算当年拨款{f.general_budget}万元，主要用于以下方面：{'；'.join(structure)}。")
    claims.insert(len(claims) - 2 * len(structure), claim("general_budget_total", "amount", f.general_budget))
    text.append("（三）一般公共预算当年拨款具体使用情况")
    for number, (code, value) in enumerate(f.items.items(), 1):
        end = "。" if number == len(f.items) else "；"
        text.append(f"{number}.{function_phrase(code, names)}：{y}年预算数为{value}万元{end}")
        claims.append(claim(f"function:{code}", "amount", value))

    text.append("## 六、一般公共预算基本支出情况说明")
    personnel_items = "、".join(econ_names[c] for c in sorted(personnel))
    public_items = "、".join(econ_names[c] for c in sorted(public))
    text.append(
        f"{y}年一般公共预算基本支出{f.gb_basic}万元，其中：人员经费{f.personnel}万元，主要包括：{personnel_items}；"
        f"公用经费{f.public}万元，主要包括：{public_items}。"
    )
    claims += [
        claim("general_budget_basic", "amount", f.gb_basic),
        claim("personnel", "amount", f.personnel),
        claim("public", "amount", f.public),
    ]

    text.append("## 七、一般公共预算“三公”经费预算情况说明")
    total, overseas, vehicle, purchase, operation, reception = f.three_public
    three_change = total - previous.three_public
    compared = f"比上年预算{change_words(three_change, previous.three_public)[0]}" if three_change else "与上年预算持平"
    text.append(
        f"{y}年一般公共预算“三公”经费预算{total}万元，{compared}。其中：因公出国（境）费{overseas}万元；"
        f"公务用车购置及运行费{vehicle}万元（其中：公务用车购置费{purchase}万元，公务用车运行费{operation}万元）；"
        f"公务接待费{reception}万元。"
    )
    claims += [claim("three_public_total", "amount", total)]
    if three_change:
        claims.append(claim("three_public_total", "change", three_change, comparison_year=before))
    claims += [
        claim("three_public_overseas", "amount", overseas),
        claim("three_public_vehicle", "amount", vehicle),
        claim("three_public_vehicle_purchase", "amount", purchase),
        claim("three_public_vehicle_operation", "amount", operation),
        claim("three_public_reception", "amount", reception),
    ]

    text.append("## 八、政府性基金预算支出情况说明")
    if f.government_fund:
        text.append(f"{y}年政府性基金预算拨款支出预算{f.government_fund}万元。")
        claims.append(claim("government_fund_total", "amount", f.government_fund))
    else:
        text.append(f"本部门{y}年无政府性基金预算拨款安排的支出。")
    text.append("## 九、国有资本经营预算支出情况说明")
    text.append(f"本部门{y}年无国有资本经营预算拨款安排的支出。")
    return text, claims


# --- writing ---------------------------------------------------------------------------------------------


def dump(truth: dict[str, Any], edition: BudgetEdition, target: Path) -> None:
    pdf = target.with_name(target.name.removesuffix(".truth.yaml") + ".pdf")
    header = [
        f"# Ground truth of {pdf.relative_to(REPO)} (a sample 部门预算, Sichuan template).",
        "# Written by data/samples/build_truth.py (budget_truth.py) from the 决算 truth named in final_accounts:",
        '# edit the rules there, not this file. Amounts are strings as printed, in 万元; "" is a blank cell.',
        "# measures: the columns a table prints where the catalogue kind has more (budget kinds shared with",
        "# other provinces). claims: every figure of the narrative, in order: subject, metric, value.",
        *(f"# Exercises: {note}." for note in edition.notes),
    ]
    body = yaml.dump(truth, Dumper=_FlowRows, allow_unicode=True, sort_keys=False, width=10_000)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(header) + "\n" + body, encoding="utf-8")


def build_budgets(editions: Iterable[BudgetEdition] = BUDGET_EDITIONS) -> list[Path]:
    """Every budget truth, each department's in year order (a narrative compares with the year before)."""
    written = []
    previous: dict[str, tuple[dict[str, Any], Path]] = {}
    for edition in sorted(editions, key=lambda e: (DEPARTMENTS.index(e.department), e.year)):
        source = final_truth(edition.year, edition.department)
        grow = source is None
        source = source or final_truth(edition.year - 1, edition.department)
        if source is None:
            raise FileNotFoundError(f"no 决算 truth of {edition.department} {edition.year} or the year before")
        final = read_final(source)
        before = final_truth(edition.year - 1, edition.department)
        carry = final.closing if grow else (read_final(before).closing if before else {})
        prior = previous.get(edition.department)
        truth = build_budget(edition, final, carry, previous_of(*prior) if prior else None)
        target = budget_truth_path(edition.year, edition.department)
        dump(truth, edition, target)
        previous[edition.department] = (truth, target)
        written.append(target)
    return written
