"""Chinese column names (中文名): the Excel export's headers and a column of the data dictionary.

A fact table's amount columns take the header they are printed under from the catalogue
(``Measure.header``, joined with ·), so a word the reports print is written once. Every other column is
named here, once, by column name; ``OBJECT_LABELS`` holds the few names that mean something narrower in
one table or view. A column without a label keeps its SQL name (a test requires a label for all of them).
"""

from __future__ import annotations

from functools import cache

from lz_pipeline.catalog import TABLE_KINDS

COLUMN_LABELS: dict[str, str] = {
    # keys and provenance of the fact tables
    "department": "部门",
    "year": "年度",
    "side": "收支方向",
    "document_kind": "决算或预算",
    "line_no": "行次",
    "item": "项目",
    "group_name": "项目类别",
    "function_code": "功能分类科目编码",
    "function_name": "功能分类科目名称",
    "economic_code": "经济分类科目编码",
    "economic_name": "经济分类科目名称",
    "level": "级次",
    "category": "经费类别",
    "table_kind": "表别",
    "unit_printed": "原表单位",
    "source_file": "来源文件",
    "source_sha256": "来源文件SHA-256",
    "files": "全部来源文件",
    "file_sha256": "全部来源文件SHA-256",
    "narrative_file": "情况说明所在文件",
    "path": "文件",
    "sha256": "文件SHA-256",
    "loaded": "已装载",
    "page": "页码",
    "pages": "页码",
    "table_title": "表名",
    "row_number": "表内行号",
    "extraction_flavor": "读取方式",
    # bookkeeping
    "run_id": "运行ID",
    "started_at": "装载时间(UTC)",
    "pipeline_version": "流水线版本",
    "rows_loaded": "装载行数",
    "missing_tables": "缺少的表",
    "empty_note": "无数据说明",
    "row_count": "行数",
    "warnings": "解析警告",
    # code lists, departments, regions
    "code": "科目编码",
    "name": "名称",
    "level_name": "级次名称",
    "parent_code": "上级编码",
    "valid_from": "起始年度",
    "valid_to": "截止年度",
    "evidence": "依据",
    "note": "备注",
    "department_id": "部门ID",
    "aliases": "别名",
    "region": "地区",
    "department_level": "部门层级",
    "departments": "部门数",
    "prev_departments": "上年部门数",
    "old_code": "原编码",
    "new_code": "新编码",
    "first_year": "新编码起始年度",
    # views over the facts
    "fact_table": "事实表",
    "code_kind": "科目类型",
    "printed_name": "印刷名称",
    "list_name": "目录名称",
    "class_name": "类名称",
    "measure": "金额列",
    "amount": "金额",
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "income_total": "本年收入合计",
    "expenditure_total": "本年支出合计",
    "fiscal_total": "财政拨款收支总计",
    "basic_pct": "基本支出占比(%)",
    "project_pct": "项目支出占比(%)",
    "personnel": "人员经费",
    "public": "日常公用经费",
    "three_public": "“三公”经费决算数",
    "three_public_budget": "“三公”经费预算数",
    "parent_level": "上级级次",
    "parent_name": "上级名称",
    "parent_amount": "上级金额",
    "children_sum": "下级合计",
    "children": "下级行数",
    "difference": "差额",
    "status": "状态",
    "rows": "行数",
    "reason": "原因",
    "coverage": "数字覆盖率",
    "attempts": "未通过的读取方式",
    # analytics: headline figures, year over year, shares
    "metric": "指标",
    "label": "指标名称",
    "prev_amount": "上年金额",
    "prev_total": "上年合计",
    "prev_codes": "上年对应编码",
    "change": "增减额",
    "change_pct": "增减率(%)",
    "basic_change": "基本支出增减额",
    "project_change": "项目支出增减额",
    "from_narrative": "上年数取自说明",
    "part": "组成部分",
    "base": "基数",
    "share_pct": "占比(%)",
    "budget": "预算数",
    "actual": "决算数",
    "completion_pct": "完成预算(%)",
    # budgets against final accounts
    "fiscal": "财政拨款收入",
    "final": "决算数",
    "execution_pct": "预算完成率(%)",
    # the narrative's figures
    "claim_no": "序号",
    "sentence": "原句",
    "subject": "对象",
    "subject_text": "对象原文",
    "value": "数值",
    "key": "键",  # warehouse_meta
    "decimals": "小数位数",
    "unit": "单位",
    "comparison_year": "比较年度",
    "comparison_basis": "比较基准",
    "base_subject": "基数对象",
    "base_text": "基数原文",
    "implied_prior": "推算上年数",
    "narrative_value": "说明数",
    "table_value": "表中数",
    "table_rounded": "表中数(按说明位数)",
}

# Names narrower in one object than in general.
OBJECT_LABELS: dict[tuple[str, str], str] = {
    ("v_department_year", "total"): "收支总计",
    ("yoy_department_total", "total"): "收支总计",
    ("yoy_department_total", "prev_total"): "上年收支总计",
    ("yoy_department_total_with_narrative", "total"): "收支总计",
    ("yoy_department_total_with_narrative", "prev_total"): "上年收支总计",
    ("v_expenditure_by_class", "total"): "本年支出合计",
    ("v_expenditure_by_class", "expenditure_total"): "本年支出合计(合计行)",
    ("yoy_function_code", "total"): "本年支出合计",
    ("yoy_function_code", "prev_total"): "上年本年支出合计",
    ("source_table", "table_kind"): "表类型",
    ("v_budget_department_year", "total"): "收支预算总计",
    ("yoy_budget_total", "total"): "收支预算总计",
    ("yoy_budget_total", "prev_total"): "上年收支预算总计",
}


@cache
def measure_labels() -> dict[tuple[str, str], str]:
    """(fact table, measure column) → its printed header, from the catalogue."""
    labels: dict[tuple[str, str], str] = {}
    for kind in TABLE_KINDS:
        for measure in (*kind.income_measures, *kind.measures):
            labels.setdefault((kind.fact_table, measure.name), "·".join(measure.header))
    return labels


def column_label(table: str, column: str) -> str:
    """The Chinese name of a column of a table or view; its SQL name when it has none."""
    return (
        measure_labels().get((table, column))
        or OBJECT_LABELS.get((table, column))
        or COLUMN_LABELS.get(column)
        or column
    )
