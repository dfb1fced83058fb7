"""The figures the budget models read, by name: which tables hold a budget's headline figures, and where.

``budget_metric_value`` (a budget's figures, the 预算 side of ``metric_value``) takes each ``BudgetFigure``:
its table, the SQL of its amount, and the SQL of the row(s) holding it. The metric keys are the narrative's
subject keys (``narrative.SUBJECTS``): ``total``, ``fiscal_total``, ``basic`` … mean in a 预算 what its own
tables print. Lines are matched by their label without its list number (一、财政拨款 → 财政拨款); a printed
line with a blank amount is zero. A figure whose table the catalogue does not have yet is left out
(``figures``), so a new budget kind is one line here. Handed to dbt by ``lz_pipeline.derived.catalogue``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lz_pipeline.catalog import INCOME_SIDE, KINDS_BY_KEY, SPENDING_SIDE, USE_SIDE
from lz_pipeline.warehouse.schema import fact_tables

# The budget's 支出预算总表 (every fund, by 基本支出/项目支出), the first loaded of: its 合计 row (Shanghai's
# 支出预算总表, Sichuan's 部门支出总表) or its one row (Jiangsu). Before the 收支预算总表's own lines.
EXPENDITURE_KINDS = ("budget_expenditure", "sichuan_budget_expenditure", "budget_expenditure_by_use")
# The 三公 parts compared, as metric_value names them, with the 决算数 column of the 决算 三公 table.
THREE_PUBLIC_PARTS = (
    ("three_public_total", "“三公”经费", "actual_total"),
    ("three_public_overseas", "因公出国（境）费", "actual_overseas"),
    ("three_public_vehicle", "公务用车购置及运行维护费", "actual_vehicle"),
    ("three_public_vehicle_purchase", "公务用车购置费", "actual_vehicle_purchase"),
    ("three_public_vehicle_operation", "公务用车运行维护费", "actual_vehicle_operation"),
    ("three_public_reception", "公务接待费", "actual_reception"),
)
# The budget's 三公 tables, the first loaded of them, and the measure of each part in each.
BUDGET_THREE_PUBLIC: dict[str, tuple[str, ...]] = {
    # Jiangsu and Shanghai: 三公 beside 会议费, 培训费 or 机关运行经费 (whose 合计 is more than the 三公).
    "three_public_budget": (
        "three_public",
        "overseas",
        "vehicle",
        "vehicle_purchase",
        "vehicle_operation",
        "reception",
    ),
    # Sichuan: the 预算数 half of the 决算's 三公 table.
    "budget_general_three_public": tuple(column.replace("actual_", "budget_") for _, _, column in THREE_PUBLIC_PARTS),
}
HEADLINE = (
    ("total", "收支总计"),
    ("fiscal_income", "财政拨款收入"),
    ("general_budget_total", "一般公共预算财政拨款支出"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    *((metric, label) for metric, label, _ in THREE_PUBLIC_PARTS),
)


SUMMARY, FISCAL, GENERAL = "fact_budget_summary", "fact_budget_fiscal_summary", "fact_budget_general_expenditure"
BASIC = "fact_budget_general_basic"
# The label of a 总表 line without its list number (一、 / 1. / 1、).
LINE = r"regexp_replace(item, '^(?:[一二三四五六七八九十]+、|\d+[.、．])\s*', '')"


def _of_side(labels: frozenset[str], side: str) -> tuple[str, ...]:
    """The catalogue's 总表 labels that name one side (收入合计, 当年收入小计 … for 收入)."""
    return tuple(sorted(label for label in labels if side in label))


# The bottom lines (收入合计/收入总计) and the year's part above the carry-overs (当年收入小计 in Jiangsu, 本年收入合计
# in Sichuan; Shanghai prints none), as the catalogue's 收支预算总表 kind names them.
_SUMMARY_KIND = KINDS_BY_KEY["budget_summary"]
INCOME_TOTALS = _of_side(_SUMMARY_KIND.grand_total_labels, INCOME_SIDE)
SPENDING_TOTALS = _of_side(_SUMMARY_KIND.grand_total_labels, SPENDING_SIDE)
YEAR_INCOME = _of_side(_SUMMARY_KIND.year_total_labels, INCOME_SIDE)
YEAR_SPENDING = _of_side(_SUMMARY_KIND.year_total_labels, SPENDING_SIDE)


@dataclass(frozen=True)
class BudgetFigure:
    metric: str
    label: str
    table: str
    amount: str  # SQL over the table's columns, summed over the rows ``where`` picks
    where: str  # SQL: the row(s) holding it


def _line(metric: str, label: str, table: str, side: str, *labels: str, amount: str = "amount") -> BudgetFigure:
    names = ", ".join(f"'{name}'" for name in labels)
    return BudgetFigure(metric, label, table, f"coalesce({amount}, 0)", f"side = '{side}' AND {LINE} IN ({names})")


def _year_part(metric: str, label: str, side: str, year_labels: tuple[str, ...], totals: tuple[str, ...]) -> tuple:
    """The 总表's year subtotal, or its bottom line where it prints none."""
    names = ", ".join(f"'{name}'" for name in year_labels)
    none_printed = (
        f"NOT EXISTS (SELECT 1 FROM {SUMMARY} AS y WHERE y.department = {SUMMARY}.department"
        f" AND y.year = {SUMMARY}.year AND y.document_kind = {SUMMARY}.document_kind AND y.side = '{side}'"
        f" AND y.item IN ({names}))"
    )
    part, bottom = _line(metric, label, SUMMARY, side, *year_labels), _line(metric, label, SUMMARY, side, *totals)
    return part, BudgetFigure(metric, label, SUMMARY, bottom.amount, f"{bottom.where} AND {none_printed}")


BUDGET_FIGURES: tuple[BudgetFigure, ...] = (
    *_year_part("income_total", "本年收入", INCOME_SIDE, YEAR_INCOME, INCOME_TOTALS),
    *_year_part("expenditure_total", "本年支出", SPENDING_SIDE, YEAR_SPENDING, SPENDING_TOTALS),
    _line(
        "general_budget_income",
        "一般公共预算收入",
        SUMMARY,
        INCOME_SIDE,
        "一般公共预算",
        "一般公共预算资金",
        "一般公共预算拨款收入",
    ),
    _line(
        "government_fund_income",
        "政府性基金预算收入",
        SUMMARY,
        INCOME_SIDE,
        "政府性基金",
        "政府性基金预算",
        "政府性基金预算拨款收入",
    ),
    _line("state_capital", "国有资本经营预算", SUMMARY, INCOME_SIDE, "国有资本经营预算", "国有资本经营预算拨款收入"),
    _line("fund_account", "财政专户管理资金", SUMMARY, INCOME_SIDE, "财政专户管理资金"),
    _line("other_funds", "其他资金", SUMMARY, INCOME_SIDE, "其他资金"),
    _line("business_income", "事业收入", SUMMARY, INCOME_SIDE, "事业收入"),
    _line("operating_income", "事业单位经营收入", SUMMARY, INCOME_SIDE, "事业单位经营收入"),
    _line("superior_subsidy", "上级补助收入", SUMMARY, INCOME_SIDE, "上级补助收入"),
    _line("affiliated_remittance", "附属单位上缴收入", SUMMARY, INCOME_SIDE, "附属单位上缴收入"),
    _line("other_income", "其他收入", SUMMARY, INCOME_SIDE, "其他收入"),
    _line("carried_over", "上年结转资金", SUMMARY, INCOME_SIDE, "上年结转资金", "上年结转"),
    _line("carried_forward", "结转下年资金", SUMMARY, SPENDING_SIDE, "结转下年资金", "结转下年"),
    _line("reserve", "单位预留机动经费", SUMMARY, USE_SIDE, "单位预留机动经费"),
    _line("fiscal_total", "财政拨款收入合计", FISCAL, INCOME_SIDE, *INCOME_TOTALS),
    # 政府性基金 spent: the 财政拨款收支预算总表's 支出 column where it prints one (Shanghai, Sichuan: carry-overs
    # make it differ from the income), else its 政府性基金 income line (Jiangsu prints no fund column).
    BudgetFigure(
        "government_fund_total",
        "政府性基金预算支出",
        FISCAL,
        "government_fund",
        f"side = '{SPENDING_SIDE}' AND item IN ('支出合计', '支出总计') AND government_fund IS NOT NULL",
    ),
    BudgetFigure(
        "government_fund_total",
        "政府性基金预算支出",
        FISCAL,
        "coalesce(amount, 0)",
        f"side = '{INCOME_SIDE}' AND {LINE} IN ('政府性基金', '政府性基金预算') AND NOT EXISTS (SELECT 1"
        f" FROM {FISCAL} AS f WHERE f.department = {FISCAL}.department AND f.year = {FISCAL}.year"
        f" AND f.document_kind = '预算' AND f.side = '{SPENDING_SIDE}' AND f.government_fund IS NOT NULL)",
    ),
    _line("fiscal_basic", "财政拨款基本支出", FISCAL, SPENDING_SIDE, "基本支出"),
    _line("fiscal_project", "财政拨款项目支出", FISCAL, SPENDING_SIDE, "项目支出"),
    _line("fiscal_reserve", "财政拨款单位预留机动经费", FISCAL, SPENDING_SIDE, "单位预留机动经费"),
    BudgetFigure("general_budget_total", "一般公共预算支出", GENERAL, "total", "level = 0"),
    # 一般公共预算基本支出: the 基本支出 table's 合计, or where it is not loaded the 支出 table's 基本支出 column.
    BudgetFigure("general_budget_basic", "一般公共预算基本支出", BASIC, "total", "level = 0"),
    BudgetFigure(
        "general_budget_basic",
        "一般公共预算基本支出",
        GENERAL,
        "basic",
        f"level = 0 AND basic IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {BASIC} AS b WHERE b.level = 0"
        f" AND b.department = {GENERAL}.department AND b.year = {GENERAL}.year AND b.document_kind = '预算')",
    ),
    # 人员经费 and 公用经费: the 合计 row's columns (Shanghai, Sichuan), or Jiangsu's 类 that make them (工资福利支出
    # and 对个人和家庭的补助; 商品和服务支出 and 其他资本性支出), its table printing 金额 alone.
    BudgetFigure("personnel", "人员经费", BASIC, "personnel", "level = 0 AND personnel IS NOT NULL"),
    BudgetFigure("public", "公用经费", BASIC, "public", "level = 0 AND public IS NOT NULL"),
    BudgetFigure(
        "personnel", "人员经费", BASIC, "total", "level = 1 AND economic_code IN ('301', '303') AND personnel IS NULL"
    ),
    BudgetFigure(
        "public", "公用经费", BASIC, "total", "level = 1 AND economic_code IN ('302', '310') AND public IS NULL"
    ),
    BudgetFigure(
        "general_budget_project", "一般公共预算项目支出", GENERAL, "project", "level = 0 AND project IS NOT NULL"
    ),
)


def figures() -> tuple[BudgetFigure, ...]:
    """The figures whose fact table the catalogue has."""
    tables = fact_tables()
    return tuple(f for f in BUDGET_FIGURES if f.table in tables)
