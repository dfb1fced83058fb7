"""The declarative catalogue of the appendix tables of 部门决算 (final accounts) and 部门预算 (budgets).

One entry per table kind drives everything downstream: the generator renders a table from it, the
locator finds the table by its title, the parser maps printed columns to measures, and the checks know
which identities hold. Nothing elsewhere hard-codes a table's shape.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Layout(StrEnum):
    """How the rows of a table are keyed on the page."""

    TWO_SIDED = "two_sided"  # 收入 | 支出 side by side, keyed by the printed item text
    CODED = "coded"  # one row per classification code (7-digit column or split 类/款/项)
    ECONOMIC_BLOCKS = "economic_blocks"  # 2-3 side-by-side blocks of code | name | amount
    SINGLE_ROW = "single_row"  # one data row under a multi-level header (the 三公 tables)
    GROUPED = "grouped"  # group | item | amount, a merged group cell beside its items (Jiangsu 收入预算总表)


class DocumentKind(StrEnum):
    """Which publication a table belongs to: the final accounts or the budget."""

    FINAL = "决算"
    BUDGET = "预算"


class CodeKind(StrEnum):
    FUNCTION = "function"  # 支出功能分类科目
    ECONOMIC = "economic"  # 支出经济分类科目


@dataclass(frozen=True)
class Measure:
    """A numeric column: its warehouse name and its printed header, top level first.

    A column is this measure when every part of ``header`` (or of one of ``aliases``) appears in the
    column's header text joined over all header rows, whatever their order: the Sichuan 三公 table prints
    预算数 above 合计, the national one 合计 above 预算数. An ``optional`` measure may be absent from a
    printed table (provinces drop the columns they never use); any other absent measure is an error.
    """

    name: str
    header: tuple[str, ...]
    aliases: tuple[tuple[str, ...], ...] = ()
    optional: bool = False

    @property
    def label(self) -> str:
        return "".join(self.header)

    @property
    def header_variants(self) -> tuple[tuple[str, ...], ...]:
        return (self.header, *self.aliases)


INCOME_SIDE, SPENDING_SIDE, USE_SIDE = "收入", "支出", "支出用途"
# The bottom lines of a 决算 总表's sides, and its year totals above the balances.
GRAND_TOTAL_LABELS = frozenset({"总计", "收入总计", "支出总计", "收支总计", "收入支出总计", "收、支总计"})
YEAR_TOTAL_LABELS = frozenset({"本年收入合计", "本年支出合计", "收入合计", "支出合计", "本年收入小计", "本年支出小计"})
# A budget 总表 ends in 收入合计/支出合计 (Jiangsu) or 收入总计/支出总计 (Shanghai, Sichuan); 当年…小计
# (Jiangsu) or 本年…合计 (Sichuan) is its year's part.
BUDGET_GRAND_TOTAL_LABELS = frozenset({"收入合计", "支出合计", "收入总计", "支出总计", "总计", "合计"})
BUDGET_YEAR_TOTAL_LABELS = frozenset(
    {"当年收入小计", "当年支出小计", "本年收入小计", "本年支出小计", "本年收入合计", "本年支出合计"}
)
# A budget 总表 line: 一、… or 1.… / 1、…, or a subtotal, carry-over or total (当年收入小计, 上年结转资金, 收入合计).
BUDGET_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|当年|本年|上年|结转|收入|支出)")


@dataclass(frozen=True)
class TableKind:
    key: str
    title: str
    layout: Layout
    fact_table: str
    measures: tuple[Measure, ...] = ()
    # TWO_SIDED only: the income side's measures (``measures`` are the expenditure side's).
    income_measures: tuple[Measure, ...] = ()
    code_kind: CodeKind | None = None
    aliases: tuple[str, ...] = ()
    families: frozenset[str] = field(default_factory=lambda: SICHUAN)
    document_kind: DocumentKind = DocumentKind.FINAL
    # TWO_SIDED only: a third side some print right of the 支出 side (Jiangsu's 支出 by 用途), its measures.
    use_measures: tuple[Measure, ...] = ()
    # TWO_SIDED only: the bottom line of each side, and the year's subtotal above the carry-overs.
    grand_total_labels: frozenset[str] = field(default_factory=lambda: GRAND_TOTAL_LABELS)
    year_total_labels: frozenset[str] = field(default_factory=lambda: YEAR_TOTAL_LABELS)
    # TWO_SIDED: how every line's label begins, where the kind knows (a budget's are numbered or totals).
    item_pattern: re.Pattern[str] | None = None
    # Columns that add up in every row: (total, parts); a part prefixed "-" subtracts, an unprinted one is 0.
    row_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    @property
    def measure_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.measures)

    @property
    def side_measures(self) -> tuple[tuple[str, tuple[Measure, ...]], ...]:
        """TWO_SIDED: each side's name and measures, left to right (the third only where printed)."""
        return ((INCOME_SIDE, self.income_measures), (SPENDING_SIDE, self.measures), (USE_SIDE, self.use_measures))


def m(name: str, *header: str, aliases: tuple[tuple[str, ...], ...] = (), optional: bool = False) -> Measure:
    return Measure(name, tuple(header), aliases, optional)


def optional(measure: Measure) -> Measure:
    return Measure(measure.name, measure.header, measure.aliases, optional=True)


# The one amount column of a side of a 总表 or of an 经济分类 block: 金额 (Sichuan), 决算数 (national).
AMOUNT = m("amount", "金额", aliases=(("决算数",), ("决算金额",)))
# The three funding sources of the 财政拨款 tables, in their printed order.
FUNDING_SOURCES = (
    m("general_budget", "一般公共预算财政拨款"),
    m("government_fund", "政府性基金预算财政拨款"),
    m("state_capital", "国有资本经营预算财政拨款"),
)
TOTAL_BASIC_PROJECT = (m("total", "合计", aliases=(("小计",),)), m("basic", "基本支出"), m("project", "项目支出"))
FUNDS_SUM = (("total", ("general_budget", "government_fund", "state_capital")),)
BASIC_PROJECT_SUM = (("total", ("basic", "project")),)
SPENDING_SUM = (("total", ("basic", "project", "remit_to_superior", "operating", "subsidy_to_affiliates")),)
FUND_FLOW_SUMS = (
    ("expenditure", ("basic", "project")),
    ("closing_balance", ("opening_balance", "income", "-expenditure")),
)
FUND_FLOW = (
    m("opening_balance", "年初结转和结余"),
    m("income", "本年收入"),
    # 小计 alone: read by word position, the span 本年支出 above it may sit over its neighbour only.
    m("expenditure", "本年支出", "小计", aliases=(("本年支出", "合计"), ("小计",))),
    m("basic", "本年支出", "基本支出", aliases=(("基本支出",),)),
    m("project", "本年支出", "项目支出", aliases=(("项目支出",),)),
    m("closing_balance", "年末结转和结余"),
)


def _three_public(stage_name: str, stage_label: str) -> tuple[Measure, ...]:
    return (
        m(f"{stage_name}_total", stage_label, "合计"),
        m(f"{stage_name}_overseas", stage_label, "因公出国（境）费"),
        m(f"{stage_name}_vehicle", stage_label, "公务用车购置及运行费", "小计"),
        m(f"{stage_name}_vehicle_purchase", stage_label, "公务用车购置及运行费", "公务用车购置费"),
        m(f"{stage_name}_vehicle_operation", stage_label, "公务用车购置及运行费", "公务用车运行费"),
        m(f"{stage_name}_reception", stage_label, "公务接待费"),
    )


THREE_PUBLIC = _three_public("budget", "预算数") + _three_public("actual", "决算数")
# The national template interleaves the stages: 合计 预算数 | 合计 决算数 | 因公出国 预算数 | …
_BUDGET, _ACTUAL = _three_public("budget", "预算数"), _three_public("actual", "决算数")
THREE_PUBLIC_INTERLEAVED = tuple(measure for pair in zip(_BUDGET, _ACTUAL, strict=True) for measure in pair)
SICHUAN = frozenset({"sichuan"})
NATIONAL = frozenset({"national"})
BOTH = SICHUAN | NATIONAL

# A budget's amount column: 金额 (Jiangsu), 预算数 (Shanghai; 预算数 over 合计 where the 支出 side splits).
BUDGET_AMOUNT = m("amount", "金额", aliases=(("预算数", "合计"), ("预算数",), ("合计",)))

# The Sichuan set of 2020 (公开01表 … 公开14表) in its printed order, and the national 9-table set
# (fiscal_three_public in place of the Sichuan 三公 tables).
TABLE_KINDS: tuple[TableKind, ...] = (
    TableKind(
        key="summary",
        families=BOTH,
        title="收入支出决算总表",
        aliases=("收支决算总表",),
        layout=Layout.TWO_SIDED,
        fact_table="fact_summary",
        income_measures=(AMOUNT,),
        measures=(AMOUNT,),
    ),
    TableKind(
        key="income",
        families=BOTH,
        title="收入决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_income",
        measures=(
            m("total", "本年收入合计", aliases=(("本年收入", "合计"), ("收入合计",))),
            m("fiscal_appropriation", "财政拨款收入"),
            m("superior_subsidy", "上级补助收入", optional=True),
            m("business_income", "事业收入", optional=True),
            m("operating_income", "经营收入", optional=True),
            m("affiliated_remittance", "附属单位上缴收入", optional=True),
            m("other_income", "其他收入", optional=True),
        ),
        row_sums=(
            (
                "total",
                (
                    "fiscal_appropriation",
                    "superior_subsidy",
                    "business_income",
                    "operating_income",
                    "affiliated_remittance",
                    "other_income",
                ),
            ),
        ),
    ),
    TableKind(
        key="expenditure",
        families=BOTH,
        title="支出决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_expenditure",
        measures=(
            m("total", "本年支出合计", aliases=(("本年支出", "合计"), ("支出合计",))),
            m("basic", "基本支出"),
            m("project", "项目支出"),
            m("remit_to_superior", "上缴上级支出", optional=True),
            m("operating", "经营支出", optional=True),
            m("subsidy_to_affiliates", "对附属单位补助支出", optional=True),
        ),
        row_sums=SPENDING_SUM,
    ),
    TableKind(
        key="fiscal_summary",
        families=BOTH,
        title="财政拨款收入支出决算总表",
        aliases=("财政拨款收支决算总表",),
        layout=Layout.TWO_SIDED,
        fact_table="fact_fiscal_summary",
        income_measures=(AMOUNT,),
        measures=(m("total", "合计", aliases=(("小计",),)), *FUNDING_SOURCES),
        row_sums=FUNDS_SUM,
    ),
    TableKind(
        key="fiscal_expenditure_detail",
        title="财政拨款支出决算明细表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_fiscal_expenditure_detail",
        measures=(m("total", "合计", aliases=(("小计",),)), *FUNDING_SOURCES),
        row_sums=FUNDS_SUM,
    ),
    TableKind(
        key="general_budget_expenditure",
        families=BOTH,
        title="一般公共预算财政拨款支出决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_general_budget_expenditure",
        measures=TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
    TableKind(
        key="general_budget_expenditure_detail",
        title="一般公共预算财政拨款支出决算明细表",
        layout=Layout.CODED,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_general_budget_expenditure_detail",
        measures=TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
    TableKind(
        key="general_budget_basic",
        families=BOTH,
        title="一般公共预算财政拨款基本支出决算表",
        layout=Layout.ECONOMIC_BLOCKS,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_basic_expenditure",
        measures=(AMOUNT,),
    ),
    TableKind(
        key="general_budget_project",
        title="一般公共预算财政拨款项目支出决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_project_expenditure",
        measures=(AMOUNT,),
    ),
    TableKind(
        key="three_public",
        title="一般公共预算财政拨款“三公”经费支出决算表",
        layout=Layout.SINGLE_ROW,
        fact_table="fact_three_public",
        measures=THREE_PUBLIC,
    ),
    TableKind(
        key="fiscal_three_public",
        title="财政拨款“三公”经费支出决算表",
        layout=Layout.SINGLE_ROW,
        fact_table="fact_three_public",
        measures=THREE_PUBLIC_INTERLEAVED,
        families=NATIONAL,
    ),
    TableKind(
        key="government_fund",
        families=BOTH,
        title="政府性基金预算财政拨款收入支出决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_government_fund",
        measures=FUND_FLOW,
        row_sums=FUND_FLOW_SUMS,
    ),
    TableKind(
        key="government_fund_three_public",
        title="政府性基金预算财政拨款“三公”经费支出决算表",
        layout=Layout.SINGLE_ROW,
        fact_table="fact_three_public",
        measures=THREE_PUBLIC,
    ),
    TableKind(
        key="state_capital",
        families=BOTH,
        title="国有资本经营预算财政拨款收入支出决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_state_capital",
        measures=FUND_FLOW,
        row_sums=FUND_FLOW_SUMS,
    ),
    TableKind(
        key="state_capital_expenditure",
        title="国有资本经营预算财政拨款支出决算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_state_capital_expenditure",
        measures=TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
)

# The 部门预算 families seen: Jiangsu (2017/2018, 万元, 12 tables), Shanghai (2023/2024, whole 元, 9 tables)
# and Sichuan (the 泸州 template of 2019-2022, 万元, 8 tables; SICHUAN_BUDGET_SET says which kinds it shares).
BUDGET_JIANGSU = frozenset({"budget_jiangsu"})
BUDGET_SHANGHAI = frozenset({"budget_shanghai"})
BUDGETS = BUDGET_JIANGSU | BUDGET_SHANGHAI
SICHUAN_BUDGET = frozenset({"sichuan_budget"})


def budget_kind(**fields) -> TableKind:
    return TableKind(document_kind=DocumentKind.BUDGET, **fields)


# A coded budget table's one amount column (Jiangsu's 金额), or its 合计 | 基本支出 | 项目支出 (Shanghai).
BUDGET_TOTAL_BASIC_PROJECT = (
    m("total", "金额", aliases=(("合计",),)),
    m("basic", "基本支出", optional=True),
    m("project", "项目支出", optional=True),
)

# In the order Jiangsu prints them; two families may title different tables alike (收入预算总表 lists
# sources in Jiangsu and codes in Shanghai): see in_family.
BUDGET_KINDS: tuple[TableKind, ...] = (
    budget_kind(
        key="budget_summary",
        families=BUDGETS,
        title="收支预算总表",
        aliases=("财务收支预算总表", "部门收支总表"),
        layout=Layout.TWO_SIDED,
        fact_table="fact_budget_summary",
        income_measures=(BUDGET_AMOUNT,),
        # 社会福利院 splits its 支出 side's 预算数 into 合计 | 基本支出 {人员经费, 公用经费} | 项目支出.
        measures=(
            BUDGET_AMOUNT,
            m("personnel", "人员经费", optional=True),
            m("public", "公用经费", optional=True),
            m("project", "项目支出", optional=True),
        ),
        use_measures=(BUDGET_AMOUNT,),
        grand_total_labels=BUDGET_GRAND_TOTAL_LABELS,
        year_total_labels=BUDGET_YEAR_TOTAL_LABELS,
        item_pattern=BUDGET_ITEM,
        # Where the 支出 side splits its amount (the parts are printed only there).
        row_sums=(("amount", ("personnel", "public", "project")),),
    ),
    budget_kind(
        key="budget_income_by_source",
        families=BUDGET_JIANGSU,
        title="收入预算总表",
        layout=Layout.GROUPED,
        fact_table="fact_budget_income_by_source",
        measures=(m("amount", "金额"),),
    ),
    budget_kind(
        key="budget_income",
        families=BUDGET_SHANGHAI,
        title="收入预算总表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_income",
        measures=(
            m("total", "合计"),
            m("fiscal_appropriation", "财政拨款收入"),
            m("business_income", "事业收入"),
            m("operating_income", "事业单位经营收入"),
            m("other_income", "其他收入"),
        ),
        row_sums=(("total", ("fiscal_appropriation", "business_income", "operating_income", "other_income")),),
    ),
    budget_kind(
        key="budget_expenditure_by_use",
        families=BUDGET_JIANGSU,
        title="支出预算总表",
        layout=Layout.SINGLE_ROW,
        fact_table="fact_budget_expenditure_by_use",
        measures=(
            m("total", "合计"),
            m("basic", "基本支出"),
            m("project", "项目支出"),
            m("reserve", "单位预留机动经费"),
            m("carried_forward", "结转下年资金"),
        ),
        row_sums=(("total", ("basic", "project", "reserve", "carried_forward")),),
    ),
    budget_kind(
        key="budget_expenditure",
        families=BUDGET_SHANGHAI,
        title="支出预算总表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_expenditure",
        measures=TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
    budget_kind(
        key="fiscal_budget_summary",
        families=BUDGETS,
        title="财政拨款收支预算总表",
        layout=Layout.TWO_SIDED,
        fact_table="fact_budget_fiscal_summary",
        income_measures=(BUDGET_AMOUNT,),
        measures=(
            BUDGET_AMOUNT,
            m("general_budget", "一般公共预算", optional=True),
            m("government_fund", "政府性基金预算", optional=True),
            m("state_capital", "国有资本经营预算", optional=True),
        ),
        grand_total_labels=BUDGET_GRAND_TOTAL_LABELS,
        year_total_labels=BUDGET_YEAR_TOTAL_LABELS,
        item_pattern=BUDGET_ITEM,
        row_sums=(("amount", ("general_budget", "government_fund", "state_capital")),),
    ),
    budget_kind(
        key="fiscal_budget_expenditure",
        families=BUDGET_JIANGSU,
        title="财政拨款支出预算表",
        aliases=("财政拨款支出预算表（功能科目）",),
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_fiscal_expenditure",
        measures=(m("total", "金额"),),
    ),
    budget_kind(
        key="fiscal_budget_basic",
        families=BUDGET_JIANGSU,
        title="财政拨款基本支出预算表",
        aliases=("财政拨款基本支出预算表（经济科目）",),
        layout=Layout.CODED,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_budget_fiscal_basic",
        measures=(m("total", "金额"),),
    ),
    budget_kind(
        key="budget_general_expenditure",
        families=BUDGETS,
        title="一般公共预算支出预算表",
        aliases=("一般公共预算支出功能分类预算表", "一般公共预算支出预算表（功能科目）", "一般公共预算支出表"),
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_general_expenditure",
        measures=BUDGET_TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
    budget_kind(
        key="budget_general_basic",
        families=BUDGETS,
        title="一般公共预算基本支出预算表",
        aliases=("一般公共预算基本支出预算表（经济科目）", "一般公共预算基本支出部门预算经济分类预算表"),
        layout=Layout.CODED,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_budget_general_basic",
        # Jiangsu prints 金额 alone; Sichuan and Shanghai 合计 | 人员经费 | 公用经费.
        measures=(
            m("total", "金额", aliases=(("合计",),)),
            m("personnel", "人员经费", optional=True),
            m("public", "公用经费", optional=True),
        ),
        row_sums=(("total", ("personnel", "public")),),
    ),
    budget_kind(
        key="operating_cost_budget",
        families=BUDGET_JIANGSU,
        title="一般公共预算机关运行经费支出预算表",
        layout=Layout.CODED,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_budget_operating_cost",
        measures=(m("total", "机关运行经费支出"),),
    ),
    budget_kind(
        key="three_public_budget",
        families=BUDGETS,
        # Jiangsu adds 会议费 and 培训费 (合计 is all of them), Shanghai 机关运行经费 (in 万元 where the rest is 元).
        title="“三公”经费、会议费、培训费支出预算表",
        aliases=(
            "一般公共预算“三公”经费、会议费、培训费支出预算表",
            "“三公”经费、会议费、培训费支出预算表（一般公共预算）",
            "“三公”经费和机关运行经费预算表",
        ),
        layout=Layout.SINGLE_ROW,
        fact_table="fact_budget_three_public",
        measures=(
            m("total", "合计", optional=True),
            m("three_public", "“三公”经费", "小计", aliases=(("“三公”经费", "合计"),)),
            m("overseas", "因公出国（境）费"),
            m("vehicle", "公务用车购置及运行", "小计"),
            m("vehicle_purchase", "公务用车购置费", aliases=(("购置及运行费购置费",),)),
            m("vehicle_operation", "公务用车运行维护费", aliases=(("购置及运行费运行费",),)),
            m("reception", "公务接待费"),
            m("meeting", "会议费", optional=True),
            m("training", "培训费", optional=True),
            m("operating_cost", "机关运行经费", optional=True),
        ),
        row_sums=(
            ("total", ("three_public", "meeting", "training")),
            ("three_public", ("overseas", "vehicle", "reception")),
            ("vehicle", ("vehicle_purchase", "vehicle_operation")),
        ),
    ),
    budget_kind(
        key="government_fund_budget",
        families=BUDGETS,
        title="政府性基金预算支出功能分类预算表",
        aliases=("财政拨款政府性基金支出预算表", "政府性基金支出预算表", "政府性基金预算财政拨款支出预算表"),
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_government_fund",
        measures=BUDGET_TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
    budget_kind(
        key="state_capital_budget",
        families=BUDGET_SHANGHAI,
        title="国有资本经营预算支出功能分类预算表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_state_capital",
        measures=BUDGET_TOTAL_BASIC_PROJECT,
        row_sums=BASIC_PROJECT_SUM,
    ),
)
TABLE_KINDS += BUDGET_KINDS

# The Sichuan 部门预算's own tables (表1, 表2, 表3 and 表3-1 are the kinds above: same titles, same shapes).
SICHUAN_BUDGET_KINDS: tuple[TableKind, ...] = (
    budget_kind(
        key="sichuan_budget_income",
        families=SICHUAN_BUDGET,
        title="部门收入总表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_department_income",
        measures=(
            m("total", "合计"),
            m("carried_over", "上年结转", optional=True),
            m("general_budget", "一般公共预算拨款收入", optional=True),
            m("government_fund", "政府性基金预算拨款收入", optional=True),
            m("state_capital", "国有资本经营预算拨款收入", optional=True),
            m("business_income", "事业收入", optional=True),
            m("operating_income", "事业单位经营收入", optional=True),
            m("superior_subsidy", "上级补助收入", optional=True),
            m("affiliated_remittance", "附属单位上缴收入", optional=True),
            m("other_income", "其他收入", optional=True),
        ),
        row_sums=(
            (
                "total",
                (
                    "carried_over",
                    "general_budget",
                    "government_fund",
                    "state_capital",
                    "business_income",
                    "operating_income",
                    "superior_subsidy",
                    "affiliated_remittance",
                    "other_income",
                ),
            ),
        ),
    ),
    budget_kind(
        key="sichuan_budget_expenditure",
        families=SICHUAN_BUDGET,
        title="部门支出总表",
        layout=Layout.CODED,
        code_kind=CodeKind.FUNCTION,
        fact_table="fact_budget_department_expenditure",
        measures=(
            m("total", "合计"),
            m("basic", "基本支出"),
            m("project", "项目支出"),
            m("remit_to_superior", "上缴上级支出", optional=True),
            m("operating", "事业单位经营支出", optional=True),
            m("subsidy_to_affiliates", "对附属单位补助支出", optional=True),
        ),
        row_sums=SPENDING_SUM,
    ),
    budget_kind(
        key="budget_general_project",
        families=SICHUAN_BUDGET,
        title="一般公共预算项目支出预算表",
        layout=Layout.CODED,
        code_kind=CodeKind.ECONOMIC,
        fact_table="fact_budget_general_project",
        measures=(BUDGET_AMOUNT,),
    ),
    budget_kind(
        key="budget_general_three_public",
        families=SICHUAN_BUDGET,
        title="一般公共预算“三公”经费支出预算表",
        layout=Layout.SINGLE_ROW,
        fact_table="fact_budget_general_three_public",
        # The 预算数 half of the 决算 三公 table: the same measures, comparable, and checked by three_public_sums.
        measures=_BUDGET,
    ),
)
TABLE_KINDS += SICHUAN_BUDGET_KINDS

# The Sichuan 部门预算 set in its printed order, with the label printed above each title. Every kind listed
# belongs to the family, those of the other budget layouts too (same title, same shape).
SICHUAN_BUDGET_SET: tuple[tuple[str, str], ...] = (
    ("表1", "budget_summary"),
    ("表1-1", "sichuan_budget_income"),
    ("表1-2", "sichuan_budget_expenditure"),
    ("表2", "fiscal_budget_summary"),
    ("表3", "budget_general_expenditure"),
    ("表3-1", "budget_general_basic"),
    ("表3-2", "budget_general_project"),
    ("表3-3", "budget_general_three_public"),
)
_SICHUAN_BUDGET_KEYS = {key for _, key in SICHUAN_BUDGET_SET}
TABLE_KINDS = tuple(
    replace(kind, families=kind.families | SICHUAN_BUDGET) if kind.key in _SICHUAN_BUDGET_KEYS else kind
    for kind in TABLE_KINDS
)


@dataclass(frozen=True)
class Figure:
    """One printed figure: a measure of a table's line, found by its keys (a label without its list number:
    一、财政拨款 is 财政拨款); no keys is the table's 合计 row, or its one row."""

    kind: str
    measure: str
    line: tuple[tuple[str, frozenset[str]], ...] = ()


def figure(kind: str, measure: str, **keys: str | tuple[str, ...]) -> Figure:
    return Figure(kind, measure, tuple((k, frozenset([v] if isinstance(v, str) else v)) for k, v in keys.items()))


@dataclass(frozen=True)
class Agreement:
    """Two tables print the same figure (or, ``at_most``, the first is part of the second)."""

    left: Figure
    right: Figure
    at_most: bool = False


INCOME_TOTAL, SPENDING_TOTAL = ("收入合计", "收入总计"), ("支出合计", "支出总计")
# A budget 总表's one 财政拨款 income line: 一、财政拨款 (Jiangsu), 一、财政拨款收入 (Shanghai).
FISCAL_INCOME_LINE = ("财政拨款", "财政拨款收入")
# What a budget prints twice, in both families where both print the tables (a pair is compared where found).
BUDGET_AGREEMENTS: tuple[Agreement, ...] = (
    # 收支预算总表 against 收入预算总表 (Jiangsu: its 小计 per source; Shanghai: its 合计 row's columns).
    Agreement(
        figure("budget_summary", "amount", side=INCOME_SIDE, item=INCOME_TOTAL),
        figure("budget_income_by_source", "amount", group_name="", item="收入总计"),
    ),
    Agreement(
        figure("budget_summary", "amount", side=INCOME_SIDE, item=("1.一般公共预算", "1.一般公共预算资金")),
        figure("budget_income_by_source", "amount", group_name="一般公共预算资金", item="小计"),
    ),
    Agreement(
        figure("budget_summary", "amount", side=INCOME_SIDE, item=INCOME_TOTAL), figure("budget_income", "total")
    ),
    Agreement(
        figure("budget_summary", "amount", side=INCOME_SIDE, item="财政拨款收入"),
        figure("budget_income", "fiscal_appropriation"),
    ),
    # 收支预算总表 against 支出预算总表: its 支出 total, and (Jiangsu) its 用途 lines; (Sichuan) its year's
    # 支出 against 部门支出总表.
    Agreement(
        figure("budget_summary", "amount", side=SPENDING_SIDE, item=SPENDING_TOTAL),
        figure("budget_expenditure_by_use", "total"),
    ),
    Agreement(
        figure("budget_summary", "amount", side=USE_SIDE, item="基本支出"), figure("budget_expenditure_by_use", "basic")
    ),
    Agreement(
        figure("budget_summary", "amount", side=USE_SIDE, item="项目支出"),
        figure("budget_expenditure_by_use", "project"),
    ),
    Agreement(
        figure("budget_summary", "amount", side=USE_SIDE, item="单位预留机动经费"),
        figure("budget_expenditure_by_use", "reserve"),
    ),
    Agreement(
        figure("budget_summary", "amount", side=SPENDING_SIDE, item=SPENDING_TOTAL),
        figure("budget_expenditure", "total"),
    ),
    Agreement(
        figure("budget_summary", "amount", side=SPENDING_SIDE, item="本年支出合计"),
        figure("sichuan_budget_expenditure", "total"),
    ),
    # 财政拨款: the 总表's income against the 财政拨款收支预算总表, whose lines the detail tables break down.
    Agreement(
        figure("budget_summary", "amount", side=INCOME_SIDE, item=FISCAL_INCOME_LINE),
        figure("fiscal_budget_summary", "amount", side=INCOME_SIDE, item=INCOME_TOTAL),
    ),
    Agreement(
        figure("fiscal_budget_summary", "amount", side=SPENDING_SIDE, item=SPENDING_TOTAL),
        figure("fiscal_budget_expenditure", "total"),
    ),
    Agreement(
        figure("fiscal_budget_summary", "amount", side=SPENDING_SIDE, item="基本支出"),
        figure("fiscal_budget_basic", "total"),
    ),
    # The year's 一般公共预算 (Sichuan's 拨款收入; its carry-over is spent beside 表3, in 表1-2 and 表2).
    Agreement(
        figure(
            "fiscal_budget_summary",
            "amount",
            side=INCOME_SIDE,
            item=("一般公共预算", "一般公共预算资金", "一般公共预算拨款收入"),
        ),
        figure("budget_general_expenditure", "total"),
    ),
    # 一般公共预算: the 基本支出 and 项目支出 tables are what the expenditure table's columns say (Shanghai,
    # Sichuan), and the 基本支出 table part of the 财政拨款 基本支出 table (Jiangsu).
    Agreement(figure("budget_general_expenditure", "basic"), figure("budget_general_basic", "total")),
    Agreement(figure("budget_general_expenditure", "project"), figure("budget_general_project", "amount")),
    Agreement(figure("budget_general_basic", "total"), figure("fiscal_budget_basic", "total"), at_most=True),
)

KINDS_BY_KEY: dict[str, TableKind] = {kind.key: kind for kind in TABLE_KINDS}
FAMILIES = ("sichuan", "national", "budget_jiangsu", "budget_shanghai", "sichuan_budget")


def expected_kinds(family: str) -> list[TableKind]:
    return [kind for kind in TABLE_KINDS if family in kind.families]


def _same_titles(kind: TableKind) -> tuple[TableKind, ...]:
    """The kinds printed under one of this kind's titles, itself included, in catalogue order."""
    titles = {normalize_title(t) for t in kind.titles}
    return tuple(k for k in TABLE_KINDS if titles & {normalize_title(t) for t in k.titles})


def in_family(kind: TableKind, family: str) -> TableKind:
    """The kind a family prints under this kind's title: 收入预算总表 is budget_income_by_source in Jiangsu,
    budget_income in Shanghai. The kind itself when no kind of that family shares its title."""
    return next((k for k in _same_titles(kind) if family in k.families), kind)


def guess_family(found: set[str]) -> str:
    """The family whose set of tables best covers the tables found (ties: Sichuan).

    A title two families print for different tables counts for both, whichever kind it was taken for.
    """
    found = found | {k.key for key in found if key in KINDS_BY_KEY for k in _same_titles(KINDS_BY_KEY[key])}
    return max(FAMILIES, key=lambda f: (len(found & {k.key for k in expected_kinds(f)}), f == "sichuan"))


def document_kind_of(family: str) -> DocumentKind:
    """决算 or 预算: what the family's tables are (all of one family are of one kind)."""
    return expected_kinds(family)[0].document_kind


# How a document names the publication it is, on its cover and in its headings (2018年度部门预算, 部门决算公开,
# 单位预算, 预算公开说明 …). A 决算's text also speaks of 预算 (年初预算, 完成预算100%), never as one of these.
DOCUMENT_KIND_MARKERS: dict[DocumentKind, re.Pattern[str]] = {
    DocumentKind.FINAL: re.compile(r"(?:部门|单位)决算|决算(?:公开|报告|说明)|年度?决算"),
    DocumentKind.BUDGET: re.compile(r"(?:部门|单位)预算(?!执行|批复)|预算(?:公开|编制说明)|年度?预算(?!执行|数|批复)"),
}


def document_kind_in_text(lines: list[str] | tuple[str, ...]) -> DocumentKind | None:
    """The publication the lines name themselves more often (None: neither, or a tie)."""
    text = re.sub(r"[\s\u3000]", "", "".join(lines))
    counts = {kind: len(pattern.findall(text)) for kind, pattern in DOCUMENT_KIND_MARKERS.items()}
    final, budget = counts[DocumentKind.FINAL], counts[DocumentKind.BUDGET]
    if final == budget:
        return None
    return DocumentKind.FINAL if final > budget else DocumentKind.BUDGET


# --- words every table prints: the one place they are kept ---------------------------------------------

# The line under a title that gives the unit: 单位：万元, 单位: 万 元, 金额单位：元, 单位（万元）.
UNIT_PATTERN = re.compile(r"单位\s*(?:[:：]\s*|[（(]\s*)(万\s*元|元)")
# What a table printed empty says: 本表无数据 (决算); a budget's 此表为空, 故本表为空表, 本部门无该项目,
# 本部门无相关收支项目, 我单位无2017年政府性基金支出安排, (无政府性基金支出）.
EMPTY_NOTE_PATTERN = re.compile(
    r"本表无数据|无数据|[本此]表为空|无该项目|无相关收支项目|无\S{0,16}安排|^[（(]无\S{1,16}[）)]$"
)
# A note under a table (注：…, 说明：…): it ends the table's region.
NOTE_START = re.compile(r"^(注|说明|备注|填报说明)\s*[:：\d１-９一二三四五六七八九十]|^注$")
INDEX_LABEL = "栏次"  # the row numbering the columns 1 2 3 …
LINE_NUMBER_LABEL = "行次"  # the column numbering the lines of a 总表
ITEM_LABEL = "项目"  # heads the label column of each side of a 总表
# What else heads a side's label column in budgets: 项目名称 (Jiangsu), 功能科目名称 (its 功能分类 side).
ITEM_LABELS = frozenset({ITEM_LABEL, "项目名称", "功能科目名称"})
TOTAL_ROW_LABEL = "合计"  # the name a coded table's total row is stored under
# Labels of the header rows and key columns: never a data row's name.
HEADER_WORDS = frozenset(
    ITEM_LABELS
    | {
        ITEM_LABEL,
        "科目编码",
        "科目名称",
        INDEX_LABEL,
        LINE_NUMBER_LABEL,
        "类",
        "款",
        "项",
        "收入",
        "支出",
        "金额",
        "决算数",
        "预算数",
    }
    | {"功能分类科目编码", "经济分类科目编码", "支出功能分类科目编码", "支出经济分类科目编码", "经济分类", "功能分类"}
)
# A coded table's total row, and the bottom lines of a 总表's sides.
TOTAL_LABELS = frozenset({TOTAL_ROW_LABEL, "总计"})
# A budget 总表's 财政拨款 income, by its label without the list number: one line (一、财政拨款: Jiangsu;
# 一、财政拨款收入: Shanghai) or one per fund (一、一般公共预算拨款收入, 二、政府性基金预算拨款收入, …: Sichuan),
# summed. Its numbered breakdown (1.一般公共预算, 1.一般公共预算资金) is never one of them.
BUDGET_FISCAL_INCOME_LABELS = frozenset(
    {*FISCAL_INCOME_LINE, "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入"}
)


# The title of a budget table the catalogue does not read (收入预算总表, 政府采购预算表, …): it still ends
# the table before it, which would otherwise take its page for a continuation.
OTHER_BUDGET_TITLE = re.compile(r"预算(?:总)?表(?:（[^）]{1,8}）)?$")


def unit_of(line: str) -> str | None:
    """万元 or 元 when the line is a unit line."""
    found = UNIT_PATTERN.search(line)
    return found.group(1).replace(" ", "") if found else None


# Every quote style that publishers put around 三公, and the spaces they scatter through titles.
_TITLE_NOISE = re.compile(r"[\s\u3000\"'“”‘’「」『』〝〞＂]")
# What may stand before a title on its line: a year (…2020年度), a label (公开03表, 附表3, 附表1：, 表一),
# a list number (三、), or a department name (泸州市财政局). Anything else means the title is only the tail
# of a longer title (财政拨款“三公”经费支出决算表 is not 支出决算表).
_TITLE_PREFIX_END = re.compile(
    r"(年度|年|表|\d|、|[)）.．:：]|表[一二三四五六七八九十]+"
    r"|局|委|委员会|办|办公室|办公厅|厅|院|会|部|部门|处|中心|所|站|队|馆|社|校|府|署|司|街道|政府|机关|单位)$"
)
# What may follow a title: its label, (公开01表) or 附表3.
_TITLE_SUFFIX = re.compile(
    r"^[（(]?(?:公开|附)?(?:\d+|[一二三四五六七八九十]+)表[）)]?$|^[（(]?(?:附表|表)(?:\d+|[一二三四五六七八九十]+)[）)]?$"
)


def normalize_title(text: str) -> str:
    return _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", text)).replace("(", "（").replace(")", "）")


_TITLES = sorted(
    ((normalize_title(title), kind) for kind in TABLE_KINDS for title in kind.titles), key=lambda t: -len(t[0])
)


def is_table_label(line: str) -> bool:
    """A line that is only a table's label: 公开04表, 表十一, 附表3."""
    return bool(_TITLE_SUFFIX.match(normalize_title(line)))


def is_other_budget_title(line: str) -> bool:
    """A line titling a budget table outside the catalogue (never a sentence naming one)."""
    text = normalize_title(line)
    return len(text) <= 40 and "。" not in text and bool(OTHER_BUDGET_TITLE.search(text)) and not match_title(line)


@functools.lru_cache(maxsize=8192)  # pure; the locator and the verifier ask about the same lines
def match_title(line: str) -> TableKind | None:
    """The table kind whose title this page line is, or None.

    The line may carry a prefix (``泸州市人民政府办公室2020年度``, ``附表1：``, ``公开03表``) and a label after
    the title (``（公开01表）``); the longest matching title wins, so 财政拨款收入支出决算总表 is never taken
    for 收入支出决算总表.
    """
    text = normalize_title(line)
    if len(text) > 60:  # a narrative sentence that merely mentions a table
        return None
    for wanted, kind in _TITLES:
        at = text.rfind(wanted)
        if at < 0:
            continue
        prefix, suffix = text[:at], text[at + len(wanted) :]
        if prefix and not _TITLE_PREFIX_END.search(prefix):
            continue
        if suffix and not _TITLE_SUFFIX.match(suffix):
            continue
        return kind
    return None
