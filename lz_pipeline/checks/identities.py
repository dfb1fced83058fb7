"""Accounting identities of one 部门决算 or 部门预算, as pure functions of a NormalizedDocument.

Every identity compares a printed total with the sum of its printed parts. Published reports round each
cell on its own, so a sum of n cells may miss its printed total by up to n units of the last printed
decimal place (0.01 万元 for 万元 tables with cents, 1 元 for whole-元 tables; the 2020 report of
泸州市人民政府办公室 prints 208 = 535.29 over 项 that add up to 535.30): that, and nothing more, is tolerated.

An identity never passes by comparing nothing: it counts its comparisons, fails when the lines it needs
exist but cannot be paired (a 总计 on one side only, a 类 with no 款 below it), and says "not applicable"
and why when the document has nothing for it to compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from lz_pipeline.catalog import (
    BUDGET_AGREEMENTS,
    INCOME_SIDE,
    SPENDING_SIDE,
    TABLE_KINDS,
    TOTAL_ROW_LABEL,
    CodeKind,
    DocumentKind,
    Figure,
    Layout,
    TableKind,
)
from lz_pipeline.normalize.tables import NormalizedDocument, NormalizedTable, Record

TOLERANCE_PER_CELL = Decimal("0.01")  # 万元 per summed cell, for tables printed in 万元 with cents
# The deepest level a coded table prints: 功能分类 down to 项, 经济分类 down to 款.
LEAF_LEVEL = {CodeKind.FUNCTION: 3, CodeKind.ECONOMIC: 2}
LIST_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
# A numbered sub-line (1.一般公共预算, 1、一般公共预算资金): a breakdown of the 一、 line above it.
SUB_NUMBER = re.compile(r"^\d+[.、．]")
TWO_SIDED_KINDS = tuple(kind.key for kind in TABLE_KINDS if kind.layout is Layout.TWO_SIDED)
THREE_PUBLIC_KINDS = (
    "three_public",
    "fiscal_three_public",
    "government_fund_three_public",
    "budget_general_three_public",
)


@dataclass(frozen=True)
class Discrepancy:
    """A printed total that its parts do not add up to (beyond the rounding tolerance)."""

    table: str
    where: str
    printed: Decimal
    computed: Decimal
    cells: int
    page: int | None
    quantum: Decimal = TOLERANCE_PER_CELL
    at_most: bool = False  # printed is a part that may not exceed computed, the whole it belongs to

    @property
    def tolerance(self) -> Decimal:
        return self.quantum * self.cells

    @property
    def difference(self) -> Decimal:
        return self.printed - self.computed


@dataclass
class IdentityResult:
    name: str
    compared: int = 0
    discrepancies: list[Discrepancy] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)  # lines that exist but have no counterpart
    not_applicable: str | None = None  # why there was nothing to compare

    @property
    def passed(self) -> bool:
        return not self.discrepancies and not self.unpaired

    def compare(
        self,
        table: NormalizedTable | str,
        where: str,
        printed: Decimal,
        parts: Iterable[Decimal],
        page: int | None,
        quantum: Decimal | None = None,
    ) -> None:
        """Record ``printed`` against the sum of ``parts`` (signed), within n units of the printed precision."""
        parts = list(parts)
        self.compared += 1
        computed = sum(parts, Decimal(0))
        found = Discrepancy(_title(table), where, printed, computed, len(parts), page, _quantum(table, quantum))
        if abs(found.difference) > found.tolerance:
            self.discrepancies.append(found)

    def part_within(
        self,
        table: NormalizedTable | str,
        where: str,
        part: Decimal,
        whole: Decimal,
        page: int | None,
        quantum: Decimal | None = None,
    ) -> None:
        """Record that ``part`` (e.g. 一般公共预算 基本支出) does not exceed ``whole`` (all funds' 基本支出)."""
        self.compared += 1
        found = Discrepancy(_title(table), where, part, whole, 1, page, _quantum(table, quantum), at_most=True)
        if found.difference > found.tolerance:
            self.discrepancies.append(found)

    def unpair(self, table: NormalizedTable, what: str) -> None:
        self.unpaired.append(f"{table.title}: {what}")

    def finish(self, why_nothing: str) -> IdentityResult:
        if not self.compared and not self.unpaired:
            self.not_applicable = why_nothing
        return self


def _title(table: NormalizedTable | str) -> str:
    return table if isinstance(table, str) else table.title


def _quantum(table: NormalizedTable | str, quantum: Decimal | None) -> Decimal:
    if quantum is not None:
        return quantum
    return TOLERANCE_PER_CELL if isinstance(table, str) else table.quantum


# --- helpers ---------------------------------------------------------------------------------------------


def _table(doc: NormalizedDocument, key: str) -> NormalizedTable | None:
    table = doc.tables.get(key)
    return table if table is not None and table.records else None


def _total_row(table: NormalizedTable) -> Record | None:
    return next((r for r in table.records if r.keys.get("level") == 0 and r.keys.get("code") is None), None)


def _side(table: NormalizedTable, side: str) -> list[Record]:
    return [r for r in table.records if r.keys["side"] == side]


def _first_measure(record: Record) -> str:
    return next(iter(record.amounts))


def _grand_total(records: list[Record], kind: TableKind) -> Record | None:
    """The bottom line of one side: 总计, 收入总计, 支出总计, … (a budget's 收入合计 too)."""
    return next((r for r in records if _strip_number(r.keys["item"]) in kind.grand_total_labels), None)


def _year_total(records: list[Record], kind: TableKind) -> Record | None:
    """The 本年收入合计 / 本年支出合计 line of one side (a budget's 当年收入小计)."""
    return next((r for r in records if _is_year_total(_strip_number(r.keys["item"]), kind)), None)


def _is_year_total(item: str, kind: TableKind) -> bool:
    if item in kind.year_total_labels:
        return True
    return kind.document_kind is DocumentKind.FINAL and item.startswith("本年") and item.endswith("合计")


def _without_sub_lines(records: list[Record]) -> list[Record]:
    """The lines that add up: a numbered sub-line under a 一、 line is only its breakdown."""
    out, parent = [], False
    for record in records:
        item = record.keys["item"]
        if SUB_NUMBER.match(item) and parent:
            continue
        parent = parent or bool(LIST_NUMBER.match(item))
        out.append(record)
    return out


def _sub_line_groups(records: list[Record]) -> list[tuple[Record, list[Record]]]:
    """Each 一、 line with the numbered sub-lines printed right below it."""
    groups: list[tuple[Record, list[Record]]] = []
    for record in records:
        item = record.keys["item"]
        if LIST_NUMBER.match(item):
            groups.append((record, []))
        elif SUB_NUMBER.match(item) and groups:
            groups[-1][1].append(record)
        elif groups and groups[-1][1]:
            groups.append((record, []))  # the sub-lines ended: what follows belongs to no group
    return [(parent, subs) for parent, subs in groups if subs]


def _row_label(record: Record) -> str:
    keys = record.keys
    if "code" in keys:
        return f"{keys['code'] or ''} {keys['name']}".strip()
    if "item" in keys:
        return f"{keys['side']} {keys['item']}"
    return f"row {record.row_number}"


def _children(records: list[Record], parent: Record) -> list[Record]:
    code, level = parent.keys["code"], parent.keys["level"]
    return [
        r for r in records if r.keys["level"] == level + 1 and (code is None or (r.keys["code"] or "").startswith(code))
    ]


# --- the identities -------------------------------------------------------------------------------------


def _two_sided(doc: NormalizedDocument) -> list[NormalizedTable]:
    return [table for key in TWO_SIDED_KINDS if (table := _table(doc, key)) is not None]


def summary_totals_balance(doc: NormalizedDocument) -> IdentityResult:
    """收入 side 总计 = 支出 side 总计, and each side's 总计 = 本年…合计 + the balance lines below it.

    A budget's sides end in 收入合计/支出合计 (or 收入总计/支出总计), above which 当年收入小计 + 上年结转资金
    stand where printed.
    """
    result = IdentityResult("summary_totals_balance")
    for table in _two_sided(doc):
        kind = table.kind
        income, spending = _side(table, INCOME_SIDE), _side(table, SPENDING_SIDE)
        income_total, spending_total = _grand_total(income, kind), _grand_total(spending, kind)
        if income_total and spending_total:
            printed = spending_total.amounts[_first_measure(spending_total)]
            result.compare(
                table, "收入 总计 = 支出 总计", printed, [income_total.amounts["amount"]], spending_total.page
            )
        else:
            found = [s for s, line in (("收入", income_total), ("支出", spending_total)) if line]
            result.unpair(table, f"总计 line on {'、'.join(found) or 'neither side'}, expected on both")
        for side, records in ((INCOME_SIDE, income), (SPENDING_SIDE, spending)):
            year_total, grand_total = _year_total(records, kind), _grand_total(records, kind)
            if grand_total is None:
                continue
            if year_total is None and kind.document_kind is DocumentKind.BUDGET:
                continue  # the lines above add up to the 总计 itself: summary_lines_add_up
            if year_total is None or records.index(year_total) > records.index(grand_total):
                result.unpair(table, f"{side} side: no 本年…合计 line above its 总计")
                continue
            # Between 本年…合计 and 总计: carry-overs and balances; numbered lines there are only breakdowns.
            between = records[records.index(year_total) + 1 : records.index(grand_total)]
            lines = [year_total, *(r for r in between if not LIST_NUMBER.match(r.keys["item"]))]
            for measure, printed in grand_total.amounts.items():
                parts = [r.amounts.get(measure, Decimal(0)) for r in lines]
                result.compare(table, f"{side} 总计 ({measure})", printed, parts, grand_total.page)
    return result.finish("no two-sided 收支总表 with rows")


def summary_lines_add_up(doc: NormalizedDocument) -> IdentityResult:
    """本年收入合计 = sum of the income sources above it; 本年支出合计 = sum of the 类 lines above it.

    Numbered sub-lines (1.一般公共预算) add up to their 一、 line and are not summed again. A budget without
    a 当年…小计 sums to its 总计; the 用途 side (基本 + 项目 + 单位预留机动经费) to the 支出 side's 小计.
    A grouped list (Jiangsu's 收入预算总表): each group's items to its 小计, the 小计s to its 收入总计.
    """
    result = IdentityResult("summary_lines_add_up")
    for table in _two_sided(doc):
        kind = table.kind
        totals: dict[str, Record] = {}
        for side in (INCOME_SIDE, SPENDING_SIDE):
            records = _side(table, side)
            total = _year_total(records, kind)
            if total is None and kind.document_kind is DocumentKind.BUDGET:
                total = _grand_total(records, kind)
            if total is None:
                result.unpair(table, f"{side} side has no 本年{side}合计 line")
                continue
            totals[side] = total
            above = records[: records.index(total)]
            for parent, subs in _sub_line_groups(above):
                for measure, printed in parent.amounts.items():
                    parts = [r.amounts.get(measure, Decimal(0)) for r in subs]
                    result.compare(table, f"{side} {parent.keys['item']} ({measure})", printed, parts, parent.page)
            for measure, printed in total.amounts.items():
                parts = [r.amounts.get(measure, Decimal(0)) for r in _without_sub_lines(above)]
                result.compare(table, f"{side} {total.keys['item']} ({measure})", printed, parts, total.page)
        for side, _ in kind.side_measures[2:]:
            uses = _side(table, side)
            if uses and (total := totals.get(SPENDING_SIDE)) is not None:
                for measure in uses[0].amounts:
                    parts = [r.amounts.get(measure, Decimal(0)) for r in _without_sub_lines(uses)]
                    where = f"{side} = 支出 {total.keys['item']} ({measure})"
                    result.compare(table, where, total.amounts[measure], parts, total.page)
    for table in doc.tables.values():
        if table.kind.layout is Layout.GROUPED and table.records:
            _groups_add_up(result, table)
    return result.finish("no two-sided 收支总表 or grouped list with rows")


SUBTOTAL_LABEL = "小计"
BREAKDOWN = re.compile(r"^其中")  # 其中：动用上年结转和结余资金: part of the line above, not another item


def _groups_add_up(result: IdentityResult, table: NormalizedTable) -> None:
    """A grouped list (收入预算总表): each group's items add up to its 小计, the 小计s to the 总计 line."""
    groups: dict[str, list[Record]] = {}
    for record in table.records:
        groups.setdefault(str(record.keys["group_name"]), []).append(record)
    totals = [r for r in groups.pop("", []) if r.keys["item"] in table.kind.grand_total_labels]
    subtotals = []
    for group, records in groups.items():
        subtotal = next((r for r in records if r.keys["item"] == SUBTOTAL_LABEL), None)
        if subtotal is None:
            result.unpair(table, f"{group}: no {SUBTOTAL_LABEL} line")
            continue
        subtotals.append(subtotal)
        items = [r for r in records if r is not subtotal and not BREAKDOWN.match(str(r.keys["item"]))]
        for measure, printed in subtotal.amounts.items() if items else ():
            parts = [r.amounts.get(measure, Decimal(0)) for r in items]
            result.compare(table, f"{group} {SUBTOTAL_LABEL} ({measure})", printed, parts, subtotal.page)
    if len(totals) != 1:
        result.unpair(table, f"{len(totals)} 总计 lines, expected one")
        return
    (total,) = totals
    for measure, printed in total.amounts.items():
        parts = [r.amounts.get(measure, Decimal(0)) for r in subtotals]
        result.compare(table, f"{total.keys['item']} = Σ {SUBTOTAL_LABEL} ({measure})", printed, parts, total.page)


def code_hierarchy_sums(doc: NormalizedDocument) -> IdentityResult:
    """In every coded table and measure: 项 → 款 → 类 → 合计 (and 经济分类 款 → 类 → 人员/公用经费合计).

    A 类 or 款 of a coded table with no rows below it cannot be checked, and the tables print every
    level down to 项 (功能分类) or 款 (经济分类): such a row fails as unpaired.
    """
    result = IdentityResult("code_hierarchy_sums")
    for table in doc.tables.values():
        if table.kind.layout is Layout.CODED:
            groups = [table.records]
        elif table.kind.layout is Layout.ECONOMIC_BLOCKS:
            categories = sorted({r.keys["category"] for r in table.records})
            groups = [[r for r in table.records if r.keys["category"] == c] for c in categories]
        else:
            continue
        leaf = LEAF_LEVEL.get(table.kind.code_kind)
        for records in groups:
            for parent in records:
                if not (children := _children(records, parent)):
                    if table.kind.layout is Layout.CODED and leaf and parent.keys["level"] < leaf:
                        result.unpair(table, f"{_row_label(parent)} has no rows below it")
                    continue
                for measure, printed in parent.amounts.items():
                    parts = [c.amounts.get(measure, Decimal(0)) for c in children]
                    label = f"{_row_label(parent)} = Σ {len(children)} rows below ({measure})"
                    result.compare(table, label, printed, parts, parent.page)
    return result.finish("no coded table with rows")


# Columns that add up to another column in every row, as the catalogue declares them (TableKind.row_sums).
ROW_IDENTITIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    kind.key: kind.row_sums for kind in TABLE_KINDS if kind.row_sums
}


def _signed(record: Record, part: str) -> Decimal:
    """A part's amount, negated for "-name"; a column the table does not print counts as 0."""
    value = record.amounts.get(part.lstrip("-"), Decimal(0))
    return -value if part.startswith("-") else value


def row_columns_add_up(doc: NormalizedDocument) -> IdentityResult:
    """In every row: 基本 + 项目 (+ other uses) = 合计; income sources = 本年收入合计; funds = 财政拨款 合计."""
    result = IdentityResult("row_columns_add_up")
    for key, identities in ROW_IDENTITIES.items():
        if (table := _table(doc, key)) is None:
            continue
        for record in table.records:
            for total, parts in identities:
                if total not in record.amounts:  # e.g. the 收入 side of 财政拨款收入支出决算总表
                    continue
                printed_parts = [p for p in parts if p.lstrip("-") in record.amounts]
                if not printed_parts:  # the table prints the total only (Jiangsu's 金额)
                    continue
                values = [_signed(record, p) for p in printed_parts]
                label = f"{_row_label(record)}: {total} = {' + '.join(printed_parts)}".replace("+ -", "- ")
                result.compare(table, label, record.amounts[total], values, record.page)
    return result.finish("no table with columns that add up to a total column")


def basic_expenditure_split(doc: NormalizedDocument) -> IdentityResult:
    """人员经费合计 + 公用经费合计 (基本支出决算表) = 基本支出 of the 一般公共预算 tables."""
    result = IdentityResult("basic_expenditure_split")
    if (basic := _table(doc, "general_budget_basic")) is None:
        return result
    footers = [r for r in basic.records if r.keys["code"] is None]
    if len(footers) != 2:  # no 人员经费合计 | 公用经费合计 footer printed: sum the 类 rows instead
        footers = [r for r in basic.records if r.keys["level"] == 1]
    parts = [r.amounts["amount"] for r in footers]
    for key in ("general_budget_expenditure", "general_budget_expenditure_detail"):
        if (table := _table(doc, key)) is not None and (total := _total_row(table)) is not None:
            where = f"{table.title} 合计 基本支出 = 基本支出决算表 人员经费 + 公用经费"
            result.compare(table, where, total.amounts["basic"], parts, total.page, quantum=basic.quantum)
    return result.finish("no 基本支出决算表 beside a 一般公共预算 expenditure table")


def three_public_sums(doc: NormalizedDocument) -> IdentityResult:
    """三公 = 因公出国 + 公务用车 + 公务接待; 公务用车 = 购置 + 运行, for 预算数 and 决算数 (a budget's 三公
    table prints 预算数 alone)."""
    result = IdentityResult("three_public_sums")
    for key in THREE_PUBLIC_KINDS:
        if (table := _table(doc, key)) is None:
            continue
        stages = [m.name.removesuffix("_total") for m in table.kind.measures if m.name.endswith("_total")]
        for record in table.records:
            a = record.amounts
            for stage in stages:
                parts = [a[f"{stage}_overseas"], a[f"{stage}_vehicle"], a[f"{stage}_reception"]]
                result.compare(table, f"{stage}: 合计 = 出国 + 车辆 + 接待", a[f"{stage}_total"], parts, record.page)
                vehicle = [a[f"{stage}_vehicle_purchase"], a[f"{stage}_vehicle_operation"]]
                result.compare(table, f"{stage}: 车辆 = 购置 + 运行", a[f"{stage}_vehicle"], vehicle, record.page)
    return result.finish("no “三公” table with rows")


def _strip_number(item: str) -> str:
    return LIST_NUMBER.sub("", item)


def cross_table_totals(doc: NormalizedDocument) -> IdentityResult:
    """The same figure printed in two tables agrees: 总表 vs 收入/支出决算表 vs the 财政拨款 tables.

    In a budget, the catalogue's BUDGET_AGREEMENTS: 收支预算总表 vs 收入/支出预算总表 vs the 财政拨款 tables.
    """
    result = IdentityResult("cross_table_totals")
    tables = {key: t for key in doc.tables if (t := _table(doc, key)) is not None}

    def year_total(key: str, side: str, measure: str) -> tuple[Record, Decimal] | None:
        if key not in tables or (line := _year_total(_side(tables[key], side), tables[key].kind)) is None:
            return None
        return (line, line.amounts[measure]) if measure in line.amounts else None

    def grand(key: str, measure: str) -> Decimal | None:
        row = _total_row(tables[key]) if key in tables else None
        return row.amounts.get(measure) if row is not None else None

    pairs = [
        # (what, figure in A, figure in B)
        (
            "收入支出决算总表 本年收入合计 = 收入决算表 合计",
            year_total("summary", "收入", "amount"),
            grand("income", "total"),
        ),
        (
            "收入支出决算总表 本年支出合计 = 支出决算表 合计",
            year_total("summary", "支出", "amount"),
            grand("expenditure", "total"),
        ),
        (
            "财政拨款收入支出决算总表 本年收入合计 = 收入决算表 财政拨款收入",
            year_total("fiscal_summary", "收入", "amount"),
            grand("income", "fiscal_appropriation"),
        ),
        (
            "财政拨款收入支出决算总表 本年支出合计 = 财政拨款支出决算明细表 合计",
            year_total("fiscal_summary", "支出", "total"),
            grand("fiscal_expenditure_detail", "total"),
        ),
        (
            "财政拨款收入支出决算总表 一般公共预算 = 一般公共预算财政拨款支出决算表 合计",
            year_total("fiscal_summary", "支出", "general_budget"),
            grand("general_budget_expenditure", "total"),
        ),
        (
            "一般公共预算财政拨款支出决算表 基本支出 = 明细表 基本支出",
            year_total_row("general_budget_expenditure", tables, "basic"),
            grand("general_budget_expenditure_detail", "basic"),
        ),
        (
            "一般公共预算财政拨款支出决算表 项目支出 = 项目支出决算表 合计",
            year_total_row("general_budget_expenditure", tables, "project"),
            grand("general_budget_project", "amount"),
        ),
    ]
    # Tables of one document may print different units: the coarser precision is what both can promise.
    quantum = max((t.quantum for t in tables.values()), default=TOLERANCE_PER_CELL)
    for what, left, right in pairs:
        if left is not None and right is not None:
            record, printed = left
            result.compare(what.split(" ", 1)[0], what, printed, [right], record.page, quantum=quantum)
    for agreement in BUDGET_AGREEMENTS:
        if (left := _figure(tables, agreement.left)) and (right := _figure(tables, agreement.right)):
            (record, printed), (_, other) = left, right
            table = tables[agreement.left.kind]
            relation = "≤" if agreement.at_most else "="
            what = f"{_describe(tables, agreement.left)} {relation} {_describe(tables, agreement.right)}"
            if agreement.at_most:
                result.part_within(table, what, printed, other, record.page, quantum)
            else:
                result.compare(table, what, printed, [other], record.page, quantum=quantum)
    # 类 lines of the 总表 against the 类 rows of 支出决算表, matched by name.
    if "summary" in tables and "expenditure" in tables:
        lines = {_strip_number(r.keys["item"]): r for r in _side(tables["summary"], "支出")}
        for row in tables["expenditure"].records:
            if row.keys["level"] == 1 and (line := lines.get(row.keys["name"])) is not None:
                what = f"收入支出决算总表 {line.keys['item']} = 支出决算表 {row.keys['code']}"
                amount, total = line.amounts["amount"], [row.amounts["total"]]
                result.compare(tables["summary"], what, amount, total, line.page, quantum=quantum)
    # Code by code: 财政拨款支出决算明细表 一般公共预算 = 一般公共预算财政拨款支出决算表 合计.
    if "fiscal_expenditure_detail" in tables and "general_budget_expenditure" in tables:
        budget = {r.keys["code"]: r for r in tables["general_budget_expenditure"].records}
        for row in tables["fiscal_expenditure_detail"].records:
            if (other := budget.get(row.keys["code"])) is not None:
                what = f"{row.keys['code'] or '合计'}: 明细表 一般公共预算 = 一般公共预算支出决算表 合计"
                result.compare(
                    tables["fiscal_expenditure_detail"],
                    what,
                    row.amounts["general_budget"],
                    [other.amounts["total"]],
                    row.page,
                    quantum=quantum,
                )
    # Code by code: what 一般公共预算 funds of 基本/项目支出 is part of what all funds spend on them.
    if "general_budget_expenditure" in tables and "expenditure" in tables:
        spent = {r.keys["code"]: r for r in tables["expenditure"].records}
        for row in tables["general_budget_expenditure"].records:
            whole = spent.get(row.keys["code"])
            for measure in ("basic", "project"):
                if whole is None or measure not in whole.amounts:
                    continue
                what = f"{row.keys['code'] or '合计'}: 一般公共预算 {measure} ≤ 支出决算表 {measure}"
                part = row.amounts[measure]
                result.part_within(tables["expenditure"], what, part, whole.amounts[measure], row.page, quantum)
    return result.finish("fewer than two of the tables that print the same figures")


def _figure(tables: dict[str, NormalizedTable], figure: Figure) -> tuple[Record, Decimal] | None:
    """The record and amount a catalogue Figure names, when the document prints them."""
    if (table := tables.get(figure.kind)) is None:
        return None
    if not figure.line:
        record = table.records[0] if table.kind.layout is Layout.SINGLE_ROW else _total_row(table)
    else:
        record = next((r for r in table.records if _has_keys(r, figure.line)), None)
    if record is None or figure.measure not in record.amounts:
        return None
    return record, record.amounts[figure.measure]


def _has_keys(record: Record, keys: tuple[tuple[str, frozenset[str]], ...]) -> bool:
    def value(key: str) -> object:
        found = record.keys.get(key)
        return _strip_number(found) if isinstance(found, str) else found

    return all(value(key) in wanted for key, wanted in keys)


def _describe(tables: dict[str, NormalizedTable], figure: Figure) -> str:
    line = " ".join(label for _, values in figure.line if (label := min(values))) or TOTAL_ROW_LABEL
    return f"{tables[figure.kind].title} {line} ({figure.measure})"


def year_total_row(key: str, tables: dict[str, NormalizedTable], measure: str) -> tuple[Record, Decimal] | None:
    row = _total_row(tables[key]) if key in tables else None
    return (row, row.amounts[measure]) if row is not None and measure in row.amounts else None


IDENTITIES: tuple[Callable[[NormalizedDocument], IdentityResult], ...] = (
    summary_totals_balance,
    summary_lines_add_up,
    code_hierarchy_sums,
    row_columns_add_up,
    basic_expenditure_split,
    three_public_sums,
    cross_table_totals,
)


# The identities that hold inside one table: extraction proves each table with them.
TABLE_IDENTITIES = (
    summary_totals_balance,
    summary_lines_add_up,
    code_hierarchy_sums,
    row_columns_add_up,
    three_public_sums,
)


def combined(
    identity: Callable[[NormalizedDocument], IdentityResult], docs: list[NormalizedDocument]
) -> IdentityResult:
    """One identity over every publication of a department-year (its 决算 and its 预算)."""
    total = IdentityResult(identity.__name__)
    reasons = []
    for doc in docs:
        result = identity(doc)
        total.compared += result.compared
        total.discrepancies += result.discrepancies
        total.unpaired += result.unpaired
        if result.not_applicable:
            reasons.append(f"{doc.document_kind.value}: {result.not_applicable}")
    if not total.compared and not total.unpaired:
        total.not_applicable = "; ".join(reasons) or None
    return total


def check_document(doc: NormalizedDocument) -> dict[str, IdentityResult]:
    return {identity.__name__: identity(doc) for identity in IDENTITIES}


def table_problem(table: NormalizedTable) -> str | None:
    """Why one table's own arithmetic fails, or None: its rows add up to their totals, its columns to
    their 合计."""
    alone = NormalizedDocument("", 0, "", "", {table.kind_key: table}, [], {})
    problems = []
    for identity in TABLE_IDENTITIES:
        result = identity(alone)
        problems += result.unpaired
        problems += [
            f"{d.where}: printed {d.printed}, parts add up to {d.computed} (page {d.page})"
            for d in result.discrepancies
        ]
    if not problems:
        return None
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return "does not add up: " + "; ".join(problems[:3]) + more


def discrepancies_markdown(result: IdentityResult, limit: int = 50) -> str:
    """The offending rows as a markdown table for the Dagster UI."""
    if result.not_applicable:
        return f"not applicable: {result.not_applicable}"
    if result.passed:
        return f"all {result.compared} comparisons within one unit of the printed precision per summed cell"
    lines = [f"- unpaired: {u}" for u in result.unpaired]
    if not result.discrepancies:
        return "\n".join(lines)
    lines += [
        "| table | where | printed | sum of parts | difference | tolerance | page |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in result.discrepancies[:limit]:
        lines.append(
            f"| {d.table} | {d.where} | {d.printed} | {d.computed} | {d.difference} | {d.tolerance} | {d.page} |"
        )
    if len(result.discrepancies) > limit:
        lines.append(f"\n… {len(result.discrepancies) - limit} more")
    return "\n".join(lines)
