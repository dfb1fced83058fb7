"""Analyst views of the 部门预算 (budgets), and of each budget against the final accounts (决算) of its year.

Which printed line is which figure comes from the catalogue (a 总表's bottom-line labels, the 财政拨款 word
list), and so do the fact tables: a budget kind the catalogue does not have is left out of the SQL instead
of being named in a view that could not be created.
"""

from __future__ import annotations

from collections.abc import Iterable

from lz_pipeline.catalog import (
    BUDGET_FISCAL_INCOME_LABELS,
    INCOME_SIDE,
    KINDS_BY_KEY,
    SPENDING_SIDE,
    USE_SIDE,
    DocumentKind,
    Layout,
)
from lz_pipeline.checks.identities import LIST_NUMBER
from lz_pipeline.warehouse.schema import SOURCE_COLUMNS, View

BUDGET, FINAL = DocumentKind.BUDGET.value, DocumentKind.FINAL.value
SUMMARY = KINDS_BY_KEY["budget_summary"]
BUDGET_GENERAL = KINDS_BY_KEY["budget_general_expenditure"]  # 一般公共预算支出(预算)表
FINAL_GENERAL = KINDS_BY_KEY["general_budget_expenditure"]  # 一般公共预算财政拨款支出决算表
FINAL_FISCAL = KINDS_BY_KEY["fiscal_summary"]  # 财政拨款收入支出决算总表
FINAL_THREE_PUBLIC = KINDS_BY_KEY["three_public"]  # 一般公共预算 (and the national 财政拨款) 三公 tables
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
# A 总表 line's label without its list number: 一、财政拨款 → 财政拨款 (1.一般公共预算 keeps its 1.).
LABEL = f"regexp_replace(item, '{LIST_NUMBER.pattern}', '')"


def _words(words: Iterable[str]) -> str:
    return ", ".join(f"'{word}'" for word in sorted(words))


def _present(keys: Iterable[str]) -> list[str]:
    return [key for key in keys if key in KINDS_BY_KEY]


def _expenditure_sql() -> str:
    """基本支出 and 项目支出 of each budget's 支出预算总表, the first kind in EXPENDITURE_KINDS loaded."""
    parts = [
        f"""SELECT department, year, {rank} AS rank, sum(basic) AS basic, sum(project) AS project
    FROM {KINDS_BY_KEY[key].fact_table}{" WHERE level = 0" if KINDS_BY_KEY[key].layout is Layout.CODED else ""}
    GROUP BY department, year"""
        for rank, key in enumerate(_present(EXPENDITURE_KINDS))
    ]
    if not parts:
        return "SELECT NULL::VARCHAR AS department, NULL::INTEGER AS year, NULL AS basic, NULL AS project LIMIT 0"
    union = "\n    UNION ALL ".join(parts)
    return f"""SELECT department, year, arg_min(basic, rank) AS basic, arg_min(project, rank) AS project
FROM ({union}) GROUP BY department, year"""


def _budget_three_public_sql() -> str:
    """Each 三公 part of each budget's 三公 table (long: department, year, metric, amount)."""
    parts = []
    for rank, key in enumerate(_present(BUDGET_THREE_PUBLIC)):
        columns = ", ".join(
            f"{measure} AS {metric}"
            for (metric, _, _), measure in zip(THREE_PUBLIC_PARTS, BUDGET_THREE_PUBLIC[key], strict=True)
        )
        parts.append(f"SELECT department, year, {rank} AS rank, {columns} FROM {KINDS_BY_KEY[key].fact_table}")
    if not parts:
        return "SELECT NULL::VARCHAR AS department, NULL::INTEGER AS year, NULL AS metric, NULL AS amount LIMIT 0"
    metrics = ", ".join(metric for metric, _, _ in THREE_PUBLIC_PARTS)
    union = " UNION ALL ".join(parts)
    return f"""SELECT department, year, metric, amount FROM (
        UNPIVOT (SELECT * FROM ({union}) QUALIFY rank = min(rank) OVER (PARTITION BY department, year))
        ON {metrics} INTO NAME metric VALUE amount)"""


_BOTTOM, _FISCAL = _words(SUMMARY.grand_total_labels), _words(BUDGET_FISCAL_INCOME_LABELS)
_BUDGET_DEPARTMENT_YEAR = View(
    name="v_budget_department_year",
    description="one row per loaded 部门预算 with its headline figures",
    keys=("department", "year"),
    sql=f"""
WITH summary AS (
    SELECT department, year,
           arg_max(amount, line_no) FILTER (WHERE side = '{INCOME_SIDE}' AND item IN ({_BOTTOM})) AS total,
           sum(amount) FILTER (WHERE side = '{INCOME_SIDE}' AND {LABEL} IN ({_FISCAL})) AS fiscal,
           sum(amount) FILTER (WHERE side = '{USE_SIDE}' AND {LABEL} = '基本支出') AS use_basic,
           sum(amount) FILTER (WHERE side = '{USE_SIDE}' AND {LABEL} = '项目支出') AS use_project,
           arg_max(coalesce(personnel, 0) + coalesce(public, 0), line_no) FILTER (
               WHERE side = '{SPENDING_SIDE}' AND item IN ({_BOTTOM}) AND (personnel IS NOT NULL OR public IS NOT NULL))
               AS split_basic,
           arg_max(project, line_no) FILTER (
               WHERE side = '{SPENDING_SIDE}' AND item IN ({_BOTTOM}) AND project IS NOT NULL) AS split_project
    FROM {SUMMARY.fact_table} GROUP BY department, year
), expenditure AS (
{_expenditure_sql()}
)
SELECT doc.department, doc.year,
       CAST(s.total AS DECIMAL(20, 6)) AS total, CAST(s.fiscal AS DECIMAL(20, 6)) AS fiscal,
       CAST(coalesce(e.basic, s.use_basic, s.split_basic) AS DECIMAL(20, 6)) AS basic,
       CAST(coalesce(e.project, s.use_project, s.split_project) AS DECIMAL(20, 6)) AS project
FROM source_document AS doc
LEFT JOIN summary AS s USING (department, year)
LEFT JOIN expenditure AS e USING (department, year)
WHERE doc.document_kind = '{BUDGET}'""",
    columns={
        **SOURCE_COLUMNS,
        "total": "the bottom line of the 收支预算总表's 收入 side (收入合计 or 收入总计: 上年结转 included), 万元",
        "fiscal": "its 财政拨款 income (一、财政拨款 / 一、财政拨款收入; in Sichuan the sum of the"
        " 一般公共预算, 政府性基金 and 国有资本经营预算拨款收入 lines), 万元",
        "basic": "基本支出: the 合计 of the 支出预算总表 (部门支出总表) where loaded, else the 收支预算总表's"
        " 支出用途 line 基本支出 (Jiangsu) or the 人员经费 + 公用经费 columns of its 支出 bottom line, 万元",
        "project": "项目支出, from the same table as basic, 万元 (Jiangsu's 单位预留机动经费 is neither)",
    },
)

_BUDGET_VS_FINAL = View(
    name="v_budget_vs_final",
    description="一般公共预算 spending by 功能分类 code at 类/款/项: the budget against the final accounts of its year",
    keys=("department", "year", "function_code"),
    sql=f"""
WITH budget AS (
    SELECT department, year, function_code, any_value(function_name) AS function_name, any_value(level) AS level,
           CAST(sum(total) AS DECIMAL(20, 6)) AS total
    FROM {BUDGET_GENERAL.fact_table} WHERE level > 0 GROUP BY department, year, function_code
), final AS (
    SELECT department, year, function_code, any_value(function_name) AS function_name, any_value(level) AS level,
           CAST(sum(total) AS DECIMAL(20, 6)) AS total
    FROM {FINAL_GENERAL.fact_table} WHERE level > 0 GROUP BY department, year, function_code
), both_loaded AS (
    SELECT department, year FROM budget INTERSECT SELECT department, year FROM final
), joined AS (
    SELECT coalesce(b.department, f.department) AS department, coalesce(b.year, f.year) AS year,
           coalesce(b.function_code, f.function_code) AS function_code,
           coalesce(f.function_name, b.function_name) AS function_name, coalesce(f.level, b.level) AS level,
           b.total AS budget, f.total AS final
    FROM budget AS b
    FULL JOIN final AS f ON f.department = b.department AND f.year = b.year AND f.function_code = b.function_code
)
SELECT j.department, j.year, j.function_code, j.function_name, j.level, j.budget, j.final,
       CAST(pct_half_up(j.final, j.budget) AS DECIMAL(9, 2)) AS execution_pct
FROM joined AS j
JOIN both_loaded AS l ON l.department = j.department AND l.year = j.year""",
    columns={
        **SOURCE_COLUMNS,
        "function_code": "支出功能分类 code (3/5/7 digits); one row per code printed in either table, where both"
        " publications of the department-year have their table loaded",
        "function_name": "the code's name as the 决算 prints it (as the 预算 does, for a code only it prints)",
        "level": "1 = 类, 2 = 款, 3 = 项",
        "budget": "合计 of the code in the 预算's 一般公共预算支出表, 万元 (NULL: the budget does not print the code)",
        "final": "合计 of the code in the 决算's 一般公共预算财政拨款支出决算表, 万元 (NULL: not printed there)",
        "execution_pct": "final / budget in % (完成预算), half-up to 2 decimals; NULL when either is missing or"
        " the budget is 0",
    },
)

_METRICS = ", ".join(f"({n}, '{metric}', '{label}')" for n, (metric, label) in enumerate(HEADLINE, start=1))
_THREE_PUBLIC_ACTUAL = ", ".join(f"{column} AS {metric}" for metric, _, column in THREE_PUBLIC_PARTS)

_BUDGET_VS_FINAL_HEADLINE = View(
    name="v_budget_vs_final_headline",
    description="the headline figures of each department-year with both a 预算 and a 决算: budget, final and"
    " the share executed",
    keys=("department", "year", "metric"),
    sql=f"""
WITH pairs AS (
    SELECT department, year FROM source_document WHERE document_kind = '{BUDGET}'
    INTERSECT SELECT department, year FROM source_document WHERE document_kind = '{FINAL}'
), metrics AS (
    SELECT * FROM (VALUES {_METRICS}) AS m(line_no, metric, label)
), budget AS (
    SELECT department, year, metric, amount
    FROM (UNPIVOT (SELECT department, year, total, fiscal AS fiscal_income, basic, project
                   FROM v_budget_department_year)
          ON total, fiscal_income, basic, project INTO NAME metric VALUE amount)
    UNION ALL SELECT department, year, 'general_budget_total', total FROM {BUDGET_GENERAL.fact_table} WHERE level = 0
    UNION ALL {_budget_three_public_sql()}
), final AS (
    SELECT department, year, metric, amount
    FROM (UNPIVOT (SELECT department, year, total, basic, project FROM v_department_year)
          ON total, basic, project INTO NAME metric VALUE amount)
    UNION ALL SELECT department, year, 'fiscal_income', arg_min(amount, line_no) FROM {FINAL_FISCAL.fact_table}
        WHERE side = '{INCOME_SIDE}' AND item IN ({_words(FINAL_FISCAL.year_total_labels)}) GROUP BY department, year
    UNION ALL SELECT department, year, 'general_budget_total', total FROM {FINAL_GENERAL.fact_table} WHERE level = 0
    UNION ALL SELECT department, year, metric, amount FROM (
        UNPIVOT (SELECT department, year, {_THREE_PUBLIC_ACTUAL} FROM {FINAL_THREE_PUBLIC.fact_table}
                 WHERE table_kind IN ('three_public', 'fiscal_three_public'))
        ON {", ".join(metric for metric, _, _ in THREE_PUBLIC_PARTS)} INTO NAME metric VALUE amount)
)
SELECT p.department, p.year, m.line_no, m.metric, m.label,
       CAST(b.amount AS DECIMAL(20, 6)) AS budget, CAST(f.amount AS DECIMAL(20, 6)) AS final,
       CAST(pct_half_up(f.amount, b.amount) AS DECIMAL(9, 2)) AS execution_pct
FROM pairs AS p
CROSS JOIN metrics AS m
LEFT JOIN budget AS b ON b.department = p.department AND b.year = p.year AND b.metric = m.metric
LEFT JOIN final AS f ON f.department = p.department AND f.year = p.year AND f.metric = m.metric
WHERE b.amount IS NOT NULL OR f.amount IS NOT NULL""",
    columns={
        **SOURCE_COLUMNS,
        "line_no": "the figure's place in the list (收支总计 first, the 三公 parts last)",
        "metric": "total, fiscal_income, general_budget_total, basic, project, three_public_* (as in metric_value)",
        "label": "the figure's Chinese name",
        "budget": "the 预算's figure (v_budget_department_year; 一般公共预算支出表 合计; its 三公 table), 万元",
        "final": "the 决算's (v_department_year; 财政拨款收入支出决算总表 本年收入合计; 一般公共预算财政拨款支出决算表"
        " 合计; the 三公 table's 决算数), 万元",
        "execution_pct": "final / budget in % (完成预算), half-up to 2 decimals; NULL when either is missing or"
        " the budget is 0",
    },
)

BUDGET_VIEWS: tuple[View, ...] = (_BUDGET_DEPARTMENT_YEAR, _BUDGET_VS_FINAL, _BUDGET_VS_FINAL_HEADLINE)
