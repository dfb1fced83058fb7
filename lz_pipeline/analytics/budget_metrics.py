"""A budget's headline figures, the 预算 side of ``metric_value``: one row per department, year and figure.

The metric keys are the narrative's subject keys (``narrative.SUBJECTS``): ``total``, ``fiscal_total``, ``basic`` …
mean in a 预算 what its own tables print (the 收支预算总表's 收入合计, the 财政拨款收支预算总表's 收入合计, its 用途
side's 基本支出). ``function:<code>`` is the 一般公共预算支出预算表's line, ``total_function:<code>`` the 收支预算总表's
支出 line of that 类 (all funds: 其他资金 too), matched by name to the 一般公共预算 table's 类.

收支总计, 基本/项目支出 and the 三公 parts are v_budget_department_year's and budget_views' (one definition).
Lines are matched by their label without its list number (一、财政拨款 → 财政拨款); a printed line with a blank
amount is zero. A figure whose table the catalogue does not have yet is left out (``figures``), so a new budget
kind (三公, 基本支出, 机关运行经费 tables) is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass

from lz_pipeline.catalog import INCOME_SIDE, KINDS_BY_KEY, SPENDING_SIDE, USE_SIDE, DocumentKind
from lz_pipeline.warehouse.budget_views import THREE_PUBLIC_PARTS, budget_three_public_sql
from lz_pipeline.warehouse.schema import fact_tables

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


def _select(figure: BudgetFigure) -> str:
    return (
        f"SELECT department, year, '{figure.metric}' AS metric, '{figure.label}' AS label,"
        f" CAST(sum({figure.amount}) AS DECIMAL(20, 6)) AS amount FROM {figure.table}"
        f" WHERE document_kind = '{DocumentKind.BUDGET.value}' AND {figure.where} GROUP BY department, year"
    )


# Each 功能分类 line of the 一般公共预算 table, and each 支出 line of the 总表 under the code of its 类's name.
FUNCTION_LINES = f"""
SELECT department, year, 'function:' || function_code, function_name, total
FROM {GENERAL} WHERE document_kind = '{DocumentKind.BUDGET.value}' AND level > 0
UNION ALL
SELECT s.department, s.year, 'total_function:' || g.function_code, s.item, coalesce(s.amount, 0)
FROM {SUMMARY} AS s
JOIN {GENERAL} AS g ON g.department = s.department AND g.year = s.year AND g.document_kind = s.document_kind
    AND g.level = 1 AND g.function_name = regexp_replace(s.item, '^(?:[一二三四五六七八九十]+、|\\d+[.、．])\\s*', '')
WHERE s.document_kind = '{DocumentKind.BUDGET.value}' AND s.side = '{SPENDING_SIDE}'
"""


# What v_budget_department_year already says (收支总计, 基本支出 and 项目支出 from whichever table prints them), and
# the 三公 parts of whichever budget 三公 table is loaded: taken from there, not said again here.
_SHARED_LABELS = (("total", "收入合计"), ("basic", "基本支出"), ("project", "项目支出"))
_THREE_PUBLIC_LABELS = tuple((metric, label) for metric, label, _ in THREE_PUBLIC_PARTS)


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"('{metric}', '{label}')" for metric, label in pairs)


SHARED = f"""
SELECT department, year, metric, label, amount FROM (
    UNPIVOT (SELECT department, year, total, basic, project FROM v_budget_department_year)
    ON total, basic, project INTO NAME metric VALUE amount
) JOIN (VALUES {_labels(_SHARED_LABELS)}) AS labels(metric, label) USING (metric)
UNION ALL
SELECT department, year, metric, label, amount FROM ({budget_three_public_sql()})
JOIN (VALUES {_labels(_THREE_PUBLIC_LABELS)}) AS labels(metric, label) USING (metric)
"""


def budget_metric_value_sql() -> str:
    selects = "\nUNION ALL ".join(_select(f) for f in figures())
    return f"CREATE OR REPLACE VIEW budget_metric_value AS\n{selects}\nUNION ALL {FUNCTION_LINES}\nUNION ALL {SHARED}"


def refresh_budget_metrics(conn) -> None:
    conn.execute(budget_metric_value_sql())
