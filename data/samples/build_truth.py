"""Write consistent ground-truth YAML for invented departments of the sample corpus.

Usage: .venv/bin/python data/samples/build_truth.py        (then data/samples/generate.py renders the PDFs)

A department-year is given as leaf items only: 项 codes with their basic / project amounts by funding source,
the economic split of basic spending, the 三公 figures. Everything printed above the leaves (款, 类, 合计,
the two summaries, the fiscal tables, the economic tables, the narrative's totals and shares) is derived
here, so every accounting identity of the tables holds exactly. Amounts are Decimal 万元 throughout; a
document printed in 元 with cents carries 万元 figures to six decimals. Year-to-year variation comes from a
seeded random.Random per department-year, so the output is the same on every run.

The two published 泸州市人民政府办公室 truth files (2019, 2020) are hand-made and never written here.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
FIXTURES = REPO / "data" / "fixtures"
ZERO = Decimal(0)
CENT = Decimal("0.01")
WANYUAN_CENT_OF_YUAN = Decimal("0.000001")  # one 分 (0.01 元) in 万元
WANYUAN_YUAN = Decimal("0.0001")  # one 元 in 万元

# --- classification names (the 2020-era 政府收支分类科目; unchanged in these codes through 2023) -------------

FUNCTION_NAMES: dict[str, str] = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "2010607": "信息化建设",
    "2010608": "财政委托业务支出",
    "2010650": "事业运行",
    "2010699": "其他财政事务支出",
    "20108": "审计事务",
    "2010801": "行政运行",
    "2010804": "审计业务",
    "2010899": "其他审计事务支出",
    "20111": "纪检监察事务",
    "2011105": "派驻派出机构",
    "205": "教育支出",
    "20501": "教育管理事务",
    "2050101": "行政运行",
    "2050102": "一般行政管理事务",
    "2050199": "其他教育管理事务支出",
    "20502": "普通教育",
    "2050201": "学前教育",
    "2050202": "小学教育",
    "2050203": "初中教育",
    "2050204": "高中教育",
    "2050299": "其他普通教育支出",
    "20503": "职业教育",
    "2050302": "中等职业教育",
    "20507": "特殊教育",
    "2050701": "特殊学校教育",
    "20508": "进修及培训",
    "2050801": "教师进修",
    "2050803": "培训支出",
    "20599": "其他教育支出",
    "2059999": "其他教育支出",
    "207": "文化旅游体育与传媒支出",
    "20703": "体育",
    "2070301": "行政运行",
    "2070302": "一般行政管理事务",
    "2070307": "体育场馆",
    "2070308": "群众体育",
    "2070399": "其他体育支出",
    "208": "社会保障和就业支出",
    "20802": "民政管理事务",
    "2080201": "行政运行",
    "2080202": "一般行政管理事务",
    "2080208": "基层政权建设和社区治理",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080504": "未归口管理的行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2080599": "其他行政事业单位养老支出",
    "20808": "抚恤",
    "2080801": "死亡抚恤",
    "20810": "社会福利",
    "2081002": "老年福利",
    "2081004": "殡葬",
    "2081006": "养老服务",
    "20820": "临时救助",
    "2082001": "临时救助支出",
    "210": "卫生健康支出",
    "21001": "卫生健康管理事务",
    "2100101": "行政运行",
    "2100102": "一般行政管理事务",
    "2100103": "机关服务",
    "2100199": "其他卫生健康管理事务支出",
    "21002": "公立医院",
    "2100201": "综合医院",
    "2100202": "中医（民族）医院",
    "2100203": "传染病医院",
    "2100204": "职业病防治医院",
    "2100205": "精神病医院",
    "2100206": "妇幼保健医院",
    "2100207": "儿童医院",
    "2100208": "其他专科医院",
    "2100299": "其他公立医院支出",
    "21003": "基层医疗卫生机构",
    "2100301": "城市社区卫生机构",
    "2100302": "乡镇卫生院",
    "2100399": "其他基层医疗卫生机构支出",
    "21004": "公共卫生",
    "2100401": "疾病预防控制机构",
    "2100402": "卫生监督机构",
    "2100403": "妇幼保健机构",
    "2100405": "精神卫生机构",
    "2100406": "应急救治机构",
    "2100407": "采供血机构",
    "2100408": "基本公共卫生服务",
    "2100409": "重大公共卫生服务",
    "2100410": "突发公共卫生事件应急处理",
    "2100499": "其他公共卫生支出",
    "21006": "中医药",
    "2100601": "中医（民族医）药专项",
    "2100699": "其他中医药支出",
    "21007": "计划生育事务",
    "2100716": "计划生育机构",
    "2100717": "计划生育服务",
    "2100799": "其他计划生育事务支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "2101199": "其他行政事业单位医疗支出",
    "21014": "优抚对象医疗",
    "2101401": "优抚对象医疗补助",
    "21016": "老龄卫生健康事务",
    "2101601": "老龄卫生健康事务",
    "21099": "其他卫生健康支出",
    "2109901": "其他卫生健康支出",
    "213": "农林水支出",
    "21301": "农业农村",
    "2130101": "行政运行",
    "2130102": "一般行政管理事务",
    "2130104": "事业运行",
    "2130106": "科技转化与推广服务",
    "2130108": "病虫害控制",
    "2130109": "农产品质量安全",
    "2130119": "防灾救灾",
    "2130122": "农业生产发展",
    "2130135": "农业资源保护修复与利用",
    "2130153": "农田建设",
    "2130199": "其他农业农村支出",
    "21307": "农村综合改革",
    "2130705": "对村民委员会和村党支部的补助",
    "2130706": "对村集体经济组织的补助",
    "2130799": "其他农村综合改革支出",
    "21308": "普惠金融发展支出",
    "2130803": "农业保险保费补贴",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "2210202": "提租补贴",
    "2210203": "购房补贴",
    "229": "其他支出",
    "22960": "彩票公益金安排的支出",
    "2296002": "用于社会福利的彩票公益金支出",
    "2296003": "用于体育事业的彩票公益金支出",
    "2296004": "用于教育事业的彩票公益金支出",
}

ECONOMIC_NAMES: dict[str, str] = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30106": "伙食补助费",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30203": "咨询费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30209": "物业管理费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修（护）费",
    "30214": "租赁费",
    "30215": "会议费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30218": "专用材料费",
    "30226": "劳务费",
    "30227": "委托业务费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30304": "抚恤金",
    "30305": "生活补助",
    "30307": "医疗费补助",
    "30309": "奖励金",
    "30399": "其他对个人和家庭的补助",
    "310": "资本性支出",
    "31002": "办公设备购置",
    "31003": "专用设备购置",
    "31007": "信息网络及软件购置更新",
    "31013": "公务用车购置",
}

# The 总表 lines of the 支出 side, by 类 code (None: a line no code of these departments reaches).
_LINES_2020 = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("234", "抗疫特别国债安排的支出"),
]
# 2019: before 抗疫特别国债, and 资源勘探信息等支出 under its older name (as in the published 2019 tables).
_LINES_2019 = [(c, "资源勘探信息等支出" if c == "215" else n) for c, n in _LINES_2020 if c != "234"]
CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMBERS[tens - 1]) + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


def expenditure_lines(year: int) -> list[tuple[str, str]]:
    lines = _LINES_2019 if year <= 2019 else _LINES_2020
    return [(code, f"{chinese_number(i)}、{name}") for i, (code, name) in enumerate(lines, 1)]


# --- the input: leaves ------------------------------------------------------------------------------------


@dataclass
class Leaf:
    """One 项 code's spending by funding source (万元) and its income beyond what it spent."""

    code: str
    gb_basic: Decimal = ZERO  # 一般公共预算财政拨款, 基本支出
    gb_project: Decimal = ZERO
    fund_project: Decimal = ZERO  # 政府性基金预算财政拨款 (project spending only)
    nf_basic: Decimal = ZERO  # non-fiscal money (事业收入 / 其他收入 …) spent
    nf_project: Decimal = ZERO
    nf_source: str = "business_income"  # which income column the non-fiscal money came from
    gb_carry: tuple[Decimal, Decimal] = (ZERO, ZERO)  # 年初 / 年末 财政拨款结转和结余 (general budget)
    fund_carry: tuple[Decimal, Decimal] = (ZERO, ZERO)
    other_income_adjust: Decimal = ZERO  # 其他收入 booked here without spending (may be a negative correction)

    @property
    def gb(self) -> Decimal:
        return self.gb_basic + self.gb_project

    @property
    def total(self) -> Decimal:
        return self.gb + self.fund_project + self.nf_basic + self.nf_project


@dataclass
class Spec:
    department: str
    year: int
    region: str
    level: str
    leaves: list[Leaf]
    previous_total: Decimal  # 收、支总计 of the year before, for the narrative's change
    personnel_share: Decimal  # of general-budget basic spending
    three_public: tuple[Decimal, Decimal, Decimal, Decimal]  # 决算: 出国, 车购置, 车运行, 接待
    three_public_budget_slack: Decimal
    personnel_weights: dict[str, int]
    public_weights: dict[str, int]
    project_weights: dict[str, int]
    family: str = "sichuan"
    code_style: str = "full"
    units: dict[str, str] = field(default_factory=dict)  # table key → 元 (default 万元)
    quantum: Decimal = CENT  # smallest amount (万元): 0.000001 when printed in 元 with cents
    nf_opening: Decimal = ZERO  # 年初结转和结余 of non-fiscal money
    published: str = ""
    notes: list[str] = field(default_factory=list)  # the header comment: what this document exercises


# --- allocation and formatting ------------------------------------------------------------------------------


def allocate(total: Decimal, weights: dict[str, int], quantum: Decimal) -> dict[str, Decimal]:
    """Split total over the weights in whole quanta, exactly (largest remainders get the spare quanta)."""
    units = int(total / quantum)
    if Decimal(units) * quantum != total:
        raise ValueError(f"{total} is not a whole number of {quantum}")
    weight_sum = sum(weights.values())
    shares = {k: units * w // weight_sum for k, w in weights.items()}
    spare = units - sum(shares.values())
    by_remainder = sorted(weights, key=lambda k: (-(units * weights[k] % weight_sum), k))
    for key in by_remainder[:spare]:
        shares[key] += 1
    return {k: v * quantum for k, v in shares.items() if v}


def vary(rng: random.Random, base: Decimal, spread: float, quantum: Decimal) -> Decimal:
    """base times a seeded factor in [1 - spread, 1 + spread], in whole quanta."""
    if base == 0:
        return ZERO
    factor = Decimal(str(round(rng.uniform(1 - spread, 1 + spread), 4)))
    extra = rng.randint(0, 99) * quantum if quantum < CENT else ZERO  # 元 cents that are not zero
    return (base * factor).quantize(CENT, ROUND_HALF_UP) + extra


def printed(value: Decimal, unit: str) -> str:
    """The cell text in the table's unit: "" for zero, two decimals otherwise (never rounded)."""
    if value == 0:
        return ""
    shown = value * 10000 if unit == "元" else value
    text = f"{shown:.2f}"
    if Decimal(text) != shown:
        raise ValueError(f"{value} 万元 does not print exactly in {unit}")
    return text


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> str:
    return f"{half_up(part * 100 / whole)}"


def wan(value: Decimal) -> str:
    """A 万元 figure as the narrative prints it (half-up to two decimals)."""
    return f"{half_up(value)}"


# --- derived tables ---------------------------------------------------------------------------------------


def parents(code: str) -> list[str]:
    return [code[:n] for n in (3, 5, 7) if n <= len(code)]


def roll_up(values: dict[str, Sequence[Decimal]]) -> dict[str, list[Decimal]]:
    """Leaf code → amounts, to every 类 / 款 / 项 code → summed amounts, in code order."""
    out: dict[str, list[Decimal]] = {}
    for code, amounts in values.items():
        for parent in parents(code):
            current = out.setdefault(parent, [ZERO] * len(amounts))
            out[parent] = [a + b for a, b in zip(current, amounts, strict=True)]
    return dict(sorted(out.items()))


def coded_rows(
    values: dict[str, Sequence[Decimal]], names: dict[str, str], unit: str, total_last: bool = False
) -> list[list[str]]:
    """合计 row and one row per code, amounts printed; codes whose amounts are all zero are left out."""
    kept = {c: a for c, a in values.items() if any(a)}
    rolled = roll_up(kept)
    width = len(next(iter(kept.values())))
    total = [sum((a[i] for c, a in kept.items()), ZERO) for i in range(width)]
    rows = [[code, names[code], *(printed(a, unit) for a in amounts)] for code, amounts in rolled.items()]
    total_row = ["", "合计", *(printed(a, unit) for a in total)]
    return [*rows, total_row] if total_last else [total_row, *rows]


def economic_rows(values: dict[str, Decimal], unit: str) -> list[list[str]]:
    rolled = roll_up({c: [v] for c, v in values.items() if v})
    return [[code, ECONOMIC_NAMES[code], printed(a[0], unit)] for code, a in rolled.items()]


@dataclass
class Economic:
    personnel: dict[str, Decimal]
    public: dict[str, Decimal]
    project: dict[str, Decimal]


def economic_split(spec: Spec) -> Economic:
    """General-budget basic spending into 人员经费 (301, 303) and 公用经费 (302, 310); project spending by weights."""
    basic = sum((leaf.gb_basic for leaf in spec.leaves), ZERO)
    project = sum((leaf.gb_project for leaf in spec.leaves), ZERO)
    personnel_total = (basic * spec.personnel_share / spec.quantum).quantize(Decimal(1)) * spec.quantum
    overseas, _purchase, operation, reception = spec.three_public
    fixed_public = {"30212": overseas, "30231": operation, "30217": reception}
    rest = basic - personnel_total - sum(fixed_public.values())
    public = allocate(rest, spec.public_weights, spec.quantum)
    for code, value in fixed_public.items():
        public[code] = public.get(code, ZERO) + value
    personnel = allocate(personnel_total, spec.personnel_weights, spec.quantum)
    return Economic(
        personnel={k: v for k, v in personnel.items() if v},
        public={k: v for k, v in public.items() if v},
        project=allocate(project, spec.project_weights, spec.quantum),
    )


def check_identities(truth: dict[str, Any]) -> None:
    """The identities a reader checks, on the printed text: a builder bug fails here, not in a test."""

    def num(text: str) -> Decimal:
        return Decimal(text) if text else ZERO

    tables = truth["tables"]
    for key, table in tables.items():
        rows = table.get("rows")
        if rows and key not in ("three_public", "fiscal_three_public"):
            by_code = {r[0]: [num(x) for x in r[2:]] for r in rows}
            for code, amounts in by_code.items():
                children = [v for c, v in by_code.items() if c and len(c) == len(code) + 2 and c.startswith(code)]
                if code and children:
                    sums = [sum(col, ZERO) for col in zip(*children, strict=True)]
                    assert sums == amounts, (key, code, sums, amounts)
            tops = [v for c, v in by_code.items() if len(c) == 3]
            assert [sum(col, ZERO) for col in zip(*tops, strict=True)] == by_code[""], (key, "合计")
    summary = {(side, r[0]): num(r[1]) for side in ("income", "expenditure") for r in tables["summary"][side]}
    assert summary[("income", "总计")] == summary[("expenditure", "总计")]


# --- one document -------------------------------------------------------------------------------------------


def build(spec: Spec) -> dict[str, Any]:
    unit = lambda key: spec.units.get(key, "万元")  # noqa: E731 - a one-line lookup
    national = spec.family == "national"
    leaves = sorted(spec.leaves, key=lambda leaf: leaf.code)
    names = FUNCTION_NAMES
    econ = economic_split(spec)

    # Income by code: money spent, plus what was carried into the next year, less what came from the last.
    income_cols = ("total", "fiscal", "superior_subsidy", "business_income", "operating_income", "affiliated", "other")
    income: dict[str, list[Decimal]] = {}
    for leaf in leaves:
        gb_in = leaf.gb + leaf.gb_carry[1] - leaf.gb_carry[0]
        fund_in = leaf.fund_project + leaf.fund_carry[1] - leaf.fund_carry[0]
        cols = dict.fromkeys(income_cols, ZERO)
        cols["fiscal"] = gb_in + fund_in
        cols[leaf.nf_source if leaf.nf_source != "other_income" else "other"] += leaf.nf_basic + leaf.nf_project
        cols["other"] += leaf.other_income_adjust
        cols["total"] = sum((v for k, v in cols.items() if k != "total"), ZERO)
        income[leaf.code] = [cols[c] for c in income_cols]
    column = lambda rows, i: sum((r[i] for r in rows.values()), ZERO)  # noqa: E731
    expenditure = {
        leaf.code: [
            leaf.total,
            leaf.gb_basic + leaf.nf_basic,
            leaf.gb_project + leaf.fund_project + leaf.nf_project,
            ZERO,
            ZERO,
            ZERO,
        ]
        for leaf in leaves
    }
    fiscal = {leaf.code: [leaf.gb + leaf.fund_project, leaf.gb, leaf.fund_project, ZERO] for leaf in leaves}
    general = {leaf.code: [leaf.gb, leaf.gb_basic, leaf.gb_project] for leaf in leaves}

    gb_income = sum((leaf.gb + leaf.gb_carry[1] - leaf.gb_carry[0] for leaf in leaves), ZERO)
    fund_income = sum((leaf.fund_project + leaf.fund_carry[1] - leaf.fund_carry[0] for leaf in leaves), ZERO)
    gb_open = sum((leaf.gb_carry[0] for leaf in leaves), ZERO)
    gb_close = sum((leaf.gb_carry[1] for leaf in leaves), ZERO)
    fund_open = sum((leaf.fund_carry[0] for leaf in leaves), ZERO)
    fund_close = sum((leaf.fund_carry[1] for leaf in leaves), ZERO)
    income_total = column(income, 0)
    spent_total = column(expenditure, 0)
    opening = gb_open + fund_open + spec.nf_opening
    closing = income_total + opening - spent_total
    if closing < 0:
        raise ValueError(f"{spec.department} {spec.year}: 年末结转和结余 would be {closing}")
    grand_total = income_total + opening

    by_class = roll_up({c: v for c, v in expenditure.items()})
    fiscal_by_class = roll_up(fiscal)
    u = unit("summary")
    summary_income = [
        ["一、一般公共预算财政拨款收入", printed(gb_income, u)],
        ["二、政府性基金预算财政拨款收入", printed(fund_income, u)],
        ["三、国有资本经营预算财政拨款收入", ""],
        ["四、上级补助收入", printed(column(income, 2), u)],
        ["五、事业收入", printed(column(income, 3), u)],
        ["六、经营收入", printed(column(income, 4), u)],
        ["七、附属单位上缴收入", printed(column(income, 5), u)],
        ["八、其他收入", printed(column(income, 6), u)],
        ["本年收入合计", printed(income_total, u)],
        ["使用非财政拨款结余（含专用结余）" if national else "使用非财政拨款结余", ""],
        ["年初结转和结余", printed(opening, u)],
        ["总计", printed(grand_total, u)],
    ]
    lines = expenditure_lines(spec.year)
    summary_expenditure = [[label, printed(by_class.get(code, [ZERO])[0], u)] for code, label in lines]
    summary_expenditure += [
        ["本年支出合计", printed(spent_total, u)],
        ["结余分配", ""],
        ["年末结转和结余", printed(closing, u)],
        ["总计", printed(grand_total, u)],
    ]

    f = unit("fiscal_summary")
    fiscal_in = gb_income + fund_income
    fiscal_spent = column(fiscal, 0)
    fiscal_close = [gb_close + fund_close, gb_close, fund_close, ZERO]
    fiscal_summary = {
        "unit": f,
        "income": [
            ["一、一般公共预算财政拨款", printed(gb_income, f)],
            ["二、政府性基金预算财政拨款", printed(fund_income, f)],
            ["三、国有资本经营预算财政拨款", ""],
            ["本年收入合计", printed(fiscal_in, f)],
            ["年初财政拨款结转和结余", printed(gb_open + fund_open, f)],
            ["总计", printed(fiscal_in + gb_open + fund_open, f)],
        ],
        "expenditure": [
            [label, *(printed(a, f) for a in fiscal_by_class.get(code, [ZERO] * 4))] for code, label in lines
        ]
        + [
            ["本年支出合计", *(printed(column(fiscal, i), f) for i in range(4))],
            ["年末财政拨款结转和结余", *(printed(a, f) for a in fiscal_close)],
            ["总计", *(printed(column(fiscal, i) + fiscal_close[i], f) for i in range(4))],
        ],
    }
    assert fiscal_spent + fiscal_close[0] == fiscal_in + gb_open + fund_open

    tables: dict[str, Any] = {
        "summary": {"unit": u, "income": summary_income, "expenditure": summary_expenditure},
        "income": {"unit": unit("income"), "rows": coded_rows(income, names, unit("income"))},
        "expenditure": {"unit": unit("expenditure"), "rows": coded_rows(expenditure, names, unit("expenditure"))},
        "fiscal_summary": fiscal_summary,
    }
    if not national:
        key = "fiscal_expenditure_detail"
        tables[key] = {"unit": unit(key), "rows": coded_rows(fiscal, names, unit(key))}
    key = "general_budget_expenditure"
    tables[key] = {"unit": unit(key), "rows": coded_rows(general, names, unit(key), total_last=national)}

    basic_econ = {**econ.personnel, **econ.public}
    if not national:
        key = "general_budget_expenditure_detail"
        detail = {c: [basic_econ.get(c, ZERO) + econ.project.get(c, ZERO), basic_econ.get(c, ZERO),
                      econ.project.get(c, ZERO)] for c in sorted(set(basic_econ) | set(econ.project))}  # fmt: skip
        tables[key] = {"unit": unit(key), "rows": coded_rows(detail, ECONOMIC_NAMES, unit(key))}
    b = unit("general_budget_basic")
    tables["general_budget_basic"] = {
        "unit": b,
        "personnel": economic_rows(econ.personnel, b),
        "public": economic_rows(econ.public, b),
        "personnel_total": printed(sum(econ.personnel.values(), ZERO), b),
        "public_total": printed(sum(econ.public.values(), ZERO), b),
    }
    if not national:
        key = "general_budget_project"
        project = {c: [v] for c, v in econ.project.items()}
        tables[key] = {"unit": unit(key), "rows": coded_rows(project, ECONOMIC_NAMES, unit(key))}

    overseas, purchase, operation, reception = spec.three_public
    actual = [overseas + purchase + operation + reception, overseas, purchase + operation, purchase, operation]
    actual.append(reception)
    slack = spec.three_public_budget_slack
    budget = [actual[0] + slack, overseas, purchase + operation + slack, purchase, operation + slack, reception]
    t = unit("three_public")
    if national:
        interleaved = [printed(x, t) for pair in zip(budget, actual, strict=True) for x in pair]
        tables["fiscal_three_public"] = {"unit": t, "rows": [interleaved]}
    else:
        tables["three_public"] = {"unit": t, "rows": [[printed(x, t) for x in budget + actual]]}

    who = spec.department if national else "本单位"
    year = spec.year
    fund = {
        leaf.code: [
            leaf.fund_carry[0],
            leaf.fund_project + leaf.fund_carry[1] - leaf.fund_carry[0],
            leaf.fund_project,
            ZERO,
            leaf.fund_project,
            leaf.fund_carry[1],
        ]
        for leaf in leaves
        if leaf.fund_project or any(leaf.fund_carry)
    }
    g = unit("government_fund")
    if fund:
        tables["government_fund"] = {"unit": g, "rows": coded_rows(fund, names, g, total_last=national)}
    else:
        note = (
            f"{who}{'' if national else f'{year}年度'}无政府性基金预算财政拨款收入，"
            "也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"
        )
        tables["government_fund"] = {"unit": g, "empty": True, "note": note}
    if not national:
        tables["government_fund_three_public"] = {
            "unit": unit("government_fund_three_public"),
            "empty": True,
            "note": f"本单位{year}年度无政府性基金预算财政拨款安排的“三公”经费支出，故本表无数据。",
        }
    note = (
        f"{who}无国有资本经营预算财政拨款支出，故本表无数据。"
        if national
        else f"本单位{year}年度无国有资本经营预算财政拨款收入，"
        "也没有使用国有资本经营预算财政拨款安排的支出，故本表无数据。"
    )
    tables["state_capital"] = {"unit": unit("state_capital"), "empty": True, "note": note}
    if not national:
        tables["state_capital_expenditure"] = {
            "unit": unit("state_capital_expenditure"),
            "empty": True,
            "note": f"本单位{year}年度无国有资本经营预算财政拨款支出，故本表无数据。",
        }
    # Sichuan order of the catalogue; national order likewise (the generator prints by the catalogue anyway).
    truth = {
        "department": spec.department,
        "region": spec.region,
        "level": spec.level,
        "year": spec.year,
        "family": spec.family,
        "code_style": spec.code_style,
        "published": spec.published,
        "narrative": narrative(spec, leaves, grand_total, spent_total, fiscal_in + gb_open + fund_open, actual),
        "tables": tables,
    }
    check_identities(truth)
    return truth


def narrative(
    spec: Spec,
    leaves: list[Leaf],
    grand_total: Decimal,
    spent_total: Decimal,
    fiscal_total: Decimal,
    three_public: list[Decimal],
) -> list[str]:
    """A few sentences of the 情况说明, every figure computed from the tables (half-up to two decimals)."""
    y = spec.year
    change = half_up(grand_total) - half_up(spec.previous_total)
    direction = ("增加", "增长") if change >= 0 else ("减少", "下降")
    basic = sum((leaf.gb_basic + leaf.nf_basic for leaf in leaves), ZERO)
    project = spent_total - basic
    gb = {code: v[0] for code, v in roll_up({leaf.code: [leaf.gb] for leaf in leaves}).items() if len(code) == 3}
    gb_total = sum(gb.values(), ZERO)
    class_names = dict(expenditure_lines(y))
    shares = "；".join(
        f"{class_names[c].split('、')[1].removesuffix('支出')}(类)支出{wan(v)}万元，占{percent(v, gb_total)}%"
        for c, v in gb.items()
    )
    pct = percent(abs(change), half_up(spec.previous_total))
    part = "第三部分" if spec.family == "national" else "第二部分"
    return [
        f"# {part} {y}年度部门决算情况说明",
        "## 一、收入支出决算总体情况说明",
        f"{y}年度收、支总计{wan(grand_total)}万元。与{y - 1}年相比，收、支总计各{direction[0]}"
        f"{abs(change)}万元，{direction[1]}{pct}%。",
        "## 三、支出决算情况说明",
        f"{y}年本年支出合计{wan(spent_total)}万元，其中：基本支出{wan(basic)}万元，占{percent(basic, spent_total)}%；"
        f"项目支出{wan(project)}万元，占{percent(project, spent_total)}%。",
        "## 四、财政拨款收入支出决算总体情况说明",
        f"{y}年财政拨款收、支总计{wan(fiscal_total)}万元。",
        "## 五、一般公共预算财政拨款支出决算情况说明",
        f"{y}年一般公共预算财政拨款支出{wan(gb_total)}万元，主要用于以下方面：{shares}。",
        "## 七、“三公”经费财政拨款支出决算情况说明",
        f"{y}年“三公”经费财政拨款支出决算为{wan(three_public[0])}万元，其中：因公出国（境）费{wan(three_public[1])}"
        f"万元，公务用车购置及运行维护费{wan(three_public[2])}万元，公务接待费{wan(three_public[5])}万元。",
    ]


# --- the departments -----------------------------------------------------------------------------------------

D = Decimal
PERSONNEL = {"30101": 20, "30102": 24, "30103": 3, "30107": 11, "30108": 8, "30109": 4, "30110": 5, "30111": 1}
PERSONNEL |= {"30112": 1, "30113": 7, "30199": 2, "30302": 8, "30305": 1, "30399": 1}
PUBLIC = {"30201": 6, "30205": 1, "30206": 3, "30207": 2, "30211": 3, "30213": 2, "30215": 1, "30216": 1}
PUBLIC |= {"30228": 3, "30229": 2, "30239": 5, "30299": 4}
PROJECT = {"30201": 3, "30202": 4, "30213": 6, "30226": 8, "30227": 12, "30299": 10, "31002": 3, "31007": 4}
FARM_PROJECT = {"30218": 9, "30226": 5, "30227": 14, "30299": 6, "30399": 8, "31003": 4}


@dataclass(frozen=True)
class Profile:
    """A department across years: base leaves (code, 基本, 项目, extra Leaf fields) varied per year."""

    department: str
    region: str
    level: str
    base: tuple[tuple[str, str, str, dict[str, Any]], ...]
    total_before_first: Decimal  # 收、支总计 of the year before the first one built
    personnel_share: str
    three_public: tuple[str, str, str, str]
    project_weights: dict[str, int] = field(default_factory=lambda: PROJECT)
    family: str = "sichuan"


def leaf(code: str, basic: str = "0", project: str = "0", **extra: Any) -> tuple[str, str, str, dict[str, Any]]:
    return code, basic, project, extra


OFFICE = Profile(  # 2021 continues the published 2020 leaves
    "泸州市人民政府办公室",
    "泸州市",
    "市",
    (
        leaf("2010301", "1630.09"),
        leaf("2010302", project="847.75"),
        leaf("2010350", "164.46"),
        leaf("2011105", project="4.75"),
        leaf("2080504", "345.15"),
        leaf("2080505", "126.98"),
        leaf("2080506", "63.17"),
        leaf("2101101", "92.98"),
        leaf("2101102", "8.48"),
        leaf("2101103", "20.88"),
        leaf("2101199", "5.24"),
        leaf("2210201", "173.92"),
        leaf("2210203", "58.45"),
    ),
    D("3542.28"),
    "0.86",
    ("0", "0", "76.50", "1.20"),
)
EDUCATION = Profile(
    "泸州市教育和体育局",
    "泸州市",
    "市",
    (
        leaf("2050101", "1280"),
        leaf("2050102", project="320"),
        leaf("2050199", project="85"),
        leaf("2050201", project="410"),
        leaf("2050202", project="560"),
        leaf("2050203", project="730"),
        leaf("2050204", "2150", "690"),
        leaf("2050299", project="240"),
        leaf("2050302", "1860", "310", nf_basic="420"),
        leaf("2050701", "520", "60"),
        leaf("2050801", "210", "45"),
        leaf("2050803", project="130"),
        leaf("2059999", project="95"),
        leaf("2070301", "380"),
        leaf("2070307", "260", "180"),
        leaf("2070308", project="210"),
        leaf("2070399", project="75"),
        leaf("2080502", "460"),
        leaf("2080504", "310"),
        leaf("2080505", "720"),
        leaf("2080506", "360"),
        leaf("2080801", "45"),
        leaf("2101101", "120"),
        leaf("2101102", "260"),
        leaf("2101103", "60"),
        leaf("2210201", "650"),
        leaf("2210203", "140"),
        leaf("2296003", fund_project="320"),
        leaf("2296004", fund_project="180"),
    ),
    D("17320.45"),
    "0.82",
    ("0", "0", "18.60", "4.35"),
)
FINANCE = Profile(
    "泸州市财政局",
    "泸州市",
    "市",
    (
        leaf("2010601", "2150"),
        leaf("2010602", project="640"),
        leaf("2010607", project="380"),
        leaf("2010608", project="920"),
        leaf("2010650", "310"),
        leaf("2010699", project="150"),
        leaf("2080501", "180"),
        leaf("2080505", "260"),
        leaf("2080506", "130"),
        leaf("2101101", "95"),
        leaf("2101103", "22"),
        leaf("2210201", "210"),
        leaf("2210203", "75"),
    ),
    D("5198.36"),
    "0.84",
    ("3.20", "0", "12.80", "2.65"),
)
HEALTH = Profile(
    "泸州市卫生健康委员会",
    "泸州市",
    "市",
    (
        leaf("2100101", "1650"),
        leaf("2100102", project="420"),
        leaf("2100103", "240"),
        leaf("2100199", project="160"),
        leaf("2100201", project="2400", nf_basic="850"),
        leaf("2100202", project="980", nf_basic="310"),
        leaf("2100203", project="380"),
        leaf("2100204", project="120"),
        leaf("2100205", project="260"),
        leaf("2100206", project="460"),
        leaf("2100207", project="310"),
        leaf("2100208", project="140"),
        leaf("2100299", project="220"),
        leaf("2100301", project="290"),
        leaf("2100302", project="640"),
        leaf("2100399", project="180"),
        leaf("2100401", "1120", "350"),
        leaf("2100402", "640", "90"),
        leaf("2100403", "430", "70"),
        leaf("2100405", project="150"),
        leaf("2100406", "380", "120"),
        leaf("2100407", "290", "60"),
        leaf("2100408", project="2600"),
        leaf("2100409", project="1340"),
        leaf("2100410", project="900"),
        leaf("2100499", project="110"),
        leaf("2100601", project="180"),
        leaf("2100699", project="65"),
        leaf("2100716", "210", "40"),
        leaf("2100717", project="720"),
        leaf("2100799", project="140"),
        leaf("2101101", "80"),
        leaf("2101102", "240"),
        leaf("2101103", "55"),
        leaf("2101199", "18"),
        leaf("2101401", project="95"),
        leaf("2101601", project="130"),
        leaf("2109901", project="75"),
        leaf("2080502", "390"),
        leaf("2080504", "210"),
        leaf("2080505", "560"),
        leaf("2080506", "280"),
        leaf("2080599", "40"),
        leaf("2210201", "520"),
        leaf("2210202", "60"),
        leaf("2210203", "150"),
    ),
    D("21876.12"),
    "0.78",
    ("0", "0", "22.40", "3.10"),
)
AGRICULTURE = Profile(
    "泸州市龙马潭区农业农村局",
    "泸州市龙马潭区",
    "区县",
    (
        leaf("2130101", "420"),
        leaf("2130102", project="85"),
        leaf("2130104", "260"),
        leaf("2130106", project="45"),
        leaf("2130108", project="60"),
        leaf("2130109", project="38"),
        leaf("2130119", project="55"),
        leaf("2130122", project="680", nf_project="120", nf_source="superior_subsidy"),
        leaf("2130135", project="140"),
        leaf("2130153", project="920"),
        leaf("2130199", project="75"),
        leaf("2130705", project="310"),
        leaf("2130706", project="180"),
        leaf("2130799", project="65"),
        leaf("2130803", project="95"),
        leaf("2080501", "35"),
        leaf("2080505", "90"),
        leaf("2080506", "45"),
        leaf("2101101", "28"),
        leaf("2101102", "22"),
        leaf("2210201", "70"),
    ),
    D("3866.90"),
    "0.80",
    ("0", "0", "9.60", "0.85"),
    project_weights=FARM_PROJECT,
)
CIVIL_AFFAIRS = Profile(
    "上海市普陀区民政局",
    "上海市普陀区",
    "区县",
    (
        leaf("2080201", "860"),
        leaf("2080202", project="240"),
        leaf("2080208", project="1320"),
        leaf("2080501", "120"),
        leaf("2080505", "210"),
        leaf("2080506", "105"),
        leaf("2081002", project="2450"),
        leaf("2081004", "180", "320"),
        leaf("2081006", project="1680"),
        leaf("2082001", project="410"),
        leaf("2101101", "75"),
        leaf("2210201", "160"),
        leaf("2210203", "95"),
        leaf("2296002", fund_project="560"),
    ),
    D("8012.47"),
    "0.83",
    ("0", "0", "6.80", "0.95"),
    family="national",
)
SPORT = Profile(
    "上海市普陀区体育局",
    "上海市普陀区",
    "区县",
    (
        leaf("2070301", "640"),
        leaf("2070302", project="180"),
        leaf("2070307", "320", "560"),
        leaf("2070308", project="730"),
        leaf("2070399", project="210"),
        leaf("2080505", "120"),
        leaf("2080506", "60"),
        leaf("2080599", "12"),
        leaf("2101101", "45"),
        leaf("2210201", "95"),
        leaf("2210203", "60"),
    ),
    D("3012.66"),
    "0.81",
    ("0", "0", "4.20", "0.60"),
    family="national",
)
AUDIT = Profile(  # the broken-font fixture's department
    "泸州市纳溪区审计局",
    "泸州市纳溪区",
    "区县",
    (
        leaf("2010801", "310"),
        leaf("2010804", project="85"),
        leaf("2010899", project="24"),
        leaf("2080505", "42"),
        leaf("2080506", "21"),
        leaf("2101101", "16"),
        leaf("2210201", "33"),
    ),
    D("548.20"),
    "0.85",
    ("0", "0", "3.60", "0.40"),
)


@dataclass(frozen=True)
class Edition:
    """One department-year to write, with the quirks it is to exercise."""

    profile: Profile
    year: int
    code_style: str = "full"
    units: dict[str, str] = field(default_factory=dict)
    cents: bool = False  # printed in 元 with 分 that are not zero
    whole_yuan: bool = False  # every amount a whole number of 元 (printed without decimals by the caller)
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)  # code → Leaf fields this year
    nf_opening: str = "0"
    zeros_printed: bool = False  # zero cells print 0.00 instead of blank, as many publishers do
    notes: tuple[str, ...] = ()
    target: Path | None = None  # default: the 泸州 决算 layout, final_truth_path()


ALL_YUAN = dict.fromkeys(
    (
        "summary",
        "income",
        "expenditure",
        "fiscal_summary",
        "fiscal_expenditure_detail",
        "general_budget_expenditure",
        "general_budget_expenditure_detail",
        "general_budget_basic",
        "general_budget_project",
        "three_public",
        "government_fund",
        "government_fund_three_public",
        "state_capital",
        "state_capital_expenditure",
    ),
    "元",
)

EDITIONS: tuple[Edition, ...] = (
    Edition(OFFICE, 2021, units=ALL_YUAN, notes=("every table in 元, each amount exactly 10000× its 万元 figure",)),
    Edition(EDUCATION, 2019, notes=("long tables (48 coded rows)", "政府性基金 table with data")),
    Edition(EDUCATION, 2020, "split", notes=("split 类/款/项 code columns", "long tables", "政府性基金 with data")),
    Edition(
        EDUCATION,
        2021,
        "split",
        overrides={"2296003": {"fund_carry": "0 45.60"}},
        notes=("split codes", "long tables", "政府性基金 with data and a 年末结转和结余"),
    ),
    Edition(FINANCE, 2019, zeros_printed=True, notes=("zero cells printed as 0.00 in every table",)),
    Edition(
        FINANCE,
        2020,
        units=ALL_YUAN,
        cents=True,
        overrides={"2010608": {"gb_carry": "45.20 12.35"}},
        notes=("every table in 元 with non-zero 分", "财政拨款结转和结余 at both ends of the year"),
    ),
    Edition(
        FINANCE,
        2021,
        overrides={"2010608": {"gb_carry": "12.35 0"}, "2010601": {"other_income_adjust": "-0.35"}},
        nf_opening="12.60",
        notes=("a negative 其他收入 (a correction of an earlier year's income) on 2010601", "opening balances"),
    ),
    Edition(
        HEALTH,
        2019,
        "split",
        overrides={"2100410": {"gb_project": "0"}},
        notes=("split codes", "long tables over three pages (66 coded rows)", "事业收入"),
    ),
    Edition(HEALTH, 2020, overrides={"2100410": {"gb_project": "1850"}}, notes=("long tables over three pages",)),
    Edition(
        HEALTH,
        2021,
        units={"income": "元", "expenditure": "元", "fiscal_expenditure_detail": "元"},
        overrides={"2100410": {"gb_project": "620"}},
        notes=("mixed units: 收入决算表, 支出决算表 and 财政拨款支出决算明细表 in 元, the rest in 万元",),
    ),
    Edition(
        AGRICULTURE,
        2019,
        units={"general_budget_basic": "元", "general_budget_project": "元", "three_public": "元"},
        notes=("区县 level", "mixed units: the economic and 三公 tables in 元", "上级补助收入", "wrapped names"),
    ),
    Edition(AGRICULTURE, 2020, notes=("区县 level", "wrapped names")),
    Edition(AGRICULTURE, 2021, "split", notes=("区县 level", "split codes", "wrapped names")),
    Edition(CIVIL_AFFAIRS, 2023, "split", notes=("national 9-table format", "政府性基金 table with data")),
    Edition(SPORT, 2023, "split", notes=("national 9-table format", "empty 政府性基金 and 国有资本经营 tables")),
    Edition(
        AUDIT,
        2020,
        notes=("rendered in the CFF Noto Sans CJK SC: zero ascent/descent, camelot misplaces its text",),
        target=FIXTURES / "broken-font" / "泸州市纳溪区审计局.truth.yaml",
    ),
)


def spec_for(edition: Edition, previous_total: Decimal) -> Spec:
    profile, year = edition.profile, edition.year
    rng = random.Random(f"{profile.department}/{year}")  # a string seed hashes the same on every run
    quantum = WANYUAN_CENT_OF_YUAN if edition.cents else WANYUAN_YUAN if edition.whole_yuan else CENT
    # The office's 2021 and every first year vary from the profile; later years from it too, seeded apart.
    spread = 0.12
    leaves = []
    for code, basic, project, extra in profile.base:
        fields: dict[str, Any] = {**extra, **edition.overrides.get(code, {})}
        values = {"gb_basic": basic, "gb_project": project} | fields
        made = Leaf(code)
        for name, value in values.items():
            if name == "nf_source":
                made.nf_source = value
            elif name in ("gb_carry", "fund_carry"):
                opening, closing = (D(v) for v in value.split())
                setattr(made, name, (opening, closing))
            elif name == "other_income_adjust":
                made.other_income_adjust = D(value)
            else:
                setattr(made, name, vary(rng, D(value), spread, quantum))
        leaves.append(made)
    three_public = tuple(vary(rng, D(v), 0.2, CENT) for v in profile.three_public)
    return Spec(
        department=profile.department,
        year=year,
        region=profile.region,
        level=profile.level,
        leaves=leaves,
        previous_total=previous_total,
        personnel_share=D(profile.personnel_share),
        three_public=three_public,  # type: ignore[arg-type]
        three_public_budget_slack=vary(rng, D("3.00"), 0.5, CENT),
        personnel_weights=PERSONNEL,
        public_weights=PUBLIC,
        project_weights=profile.project_weights,
        family=profile.family,
        code_style=edition.code_style,
        units=edition.units,
        quantum=quantum,
        nf_opening=D(edition.nf_opening),
        published=f"{year + 1}-09-{rng.randint(10, 28)}",
        notes=list(edition.notes),
    )


class _FlowRows(yaml.SafeDumper):
    """Block style for mappings, one flow-style line per row (as the hand-written truth files look)."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(not isinstance(x, (list, dict)) and len(str(x)) <= 40 for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FlowRows.add_representer(list, _represent_list)


def pdf_path(truth_path: Path) -> Path:
    return truth_path.with_name(truth_path.name.removesuffix(".truth.yaml") + ".pdf")


def dump(truth: dict[str, Any], spec: Spec, target: Path) -> None:
    header = [
        f"# Ground truth of {pdf_path(target).relative_to(REPO)} (an invented department-year).",
        "# Written by data/samples/build_truth.py: edit the profile there, not this file. Same format as",
        "# the office's 2020 决算 truth (data/raw/2020/泸州市人民政府办公室/); totals derive from the leaf items.",
        *(f"# Exercises: {note}." for note in spec.notes),
    ]
    body = yaml.dump(truth, Dumper=_FlowRows, allow_unicode=True, sort_keys=False, width=10_000)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(header) + "\n" + body, encoding="utf-8")


def published_total(path: Path) -> Decimal:
    """收、支总计 of a hand-made truth file (the office's published 2020)."""
    truth = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(D(r[1]) for r in truth["tables"]["summary"]["income"] if r[0] == "总计")


def grand_total(truth: dict[str, Any]) -> Decimal:
    row = next(r for r in truth["tables"]["summary"]["income"] if r[0] == "总计")
    return D(row[1]) / (10000 if truth["tables"]["summary"]["unit"] == "元" else 1)


def print_zeros(truth: dict[str, Any]) -> None:
    """Every blank amount cell becomes 0.00 (key cells, such as 合计's blank code, stay as they are)."""
    for key, table in truth["tables"].items():
        single_row = key in ("three_public", "fiscal_three_public")
        first_amount = {"rows": 0 if single_row else 2, "income": 1, "expenditure": 1, "personnel": 2, "public": 2}
        for part, start in first_amount.items():
            for row in table.get(part, []):
                row[start:] = [cell or "0.00" for cell in row[start:]]


def final_truth_path(year: int, department: str) -> Path:
    """A 泸州 决算's truth: in the department-year's folder, beside its 预算 (data/raw/<year>/<department>/)."""
    return RAW / str(year) / department / f"{department}{year}年部门决算.truth.yaml"


def build_all(editions: Iterable[Edition] = EDITIONS) -> list[Path]:
    written = []
    previous: dict[str, Decimal] = {OFFICE.department: published_total(final_truth_path(2020, OFFICE.department))}
    for edition in editions:
        profile = edition.profile
        spec = spec_for(edition, previous.get(profile.department, profile.total_before_first))
        truth = build(spec)
        if edition.zeros_printed:
            print_zeros(truth)
        previous[profile.department] = grand_total(truth)
        target = edition.target or final_truth_path(edition.year, profile.department)
        dump(truth, spec, target)
        written.append(target)
    return written


def main(args: Sequence[str]) -> None:
    for path in build_all():
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main(sys.argv[1:])
