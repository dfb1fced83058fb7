"""The real 部门预算 truth files add up the way their own documents say.

Reads only data/real/budgets/**/truth.yaml (transcribed from `pdftotext -layout`), never a PDF or an extractor.
Every identity is a printed total and its printed parts. A gap of up to one unit of the last printed decimal per
part would be rounding, a larger one an error of the document; either kind must be recorded under the table's
`gaps:` (check name → exact gap) with a `notes:` entry, and the test expects exactly the recorded gaps. Exact,
rather than within the rounding allowance, because every identity of these documents holds to the cent (or 元),
and a tolerance would hide a mistyped last digit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

BUDGETS = Path(__file__).resolve().parents[2] / "data" / "real" / "budgets"
TRUTH_FILES = sorted(BUDGETS.glob("*/*/*/truth.yaml"))
REQUIRED = ("budget_summary", "fiscal_budget_summary", "general_budget_expenditure")
QUANTUM = {"万元": Decimal("0.01"), "元": Decimal("1")}
TOP_ITEM = re.compile(r"^[一二三四五六七八九十]+、")  # 一、财政拨款
SUB_ITEM = re.compile(r"^\d+[.．、]")  # 1.一般公共预算

Identity = tuple[str, Decimal, list[Decimal]]  # check name, printed total, printed parts


def _d(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _short(column: str) -> str:
    return column.rsplit("/", 1)[-1]


def _row_sum(name: str, amounts: list[str], columns: list[str]) -> list[Identity]:
    """The first amount column is the sum of the others (合计 = 基本 + 项目 (+ 单位预留机动经费 …))."""
    if len(amounts) < 2:
        return []
    parts = " + ".join(_short(c) for c in columns[1:])
    return [(f"{name}: {_short(columns[0])} = {parts}", _d(amounts[0]), [_d(a) for a in amounts[1:]])]


def _side(side: str, lines: list[list[str]], columns: list[str]) -> list[Identity]:
    """Numbered lines of one side: 1./2. add to their 一、 line, 一、二、… to the first total line, totals chain."""
    out: list[Identity] = []
    width = len(lines[0]) - 1
    for index in range(width):
        column = _short(columns[index]) if width > 1 else "金额"
        groups: list[tuple[str, Decimal, list[Decimal]]] = []  # 一、 line, its value, its 1./2. lines
        totals: list[tuple[str, Decimal]] = []
        for label, *amounts in lines:
            value = _d(amounts[index])
            if TOP_ITEM.match(label):
                groups.append((label, value, []))
            elif SUB_ITEM.match(label):
                groups[-1][2].append(value)
            else:
                totals.append((label, value))
        out += [(f"{side} {label} = Σ 1.2.3. ({column})", value, subs) for label, value, subs in groups if subs]
        if groups and totals:
            out.append((f"{side} {totals[0][0]} = Σ 一、二、… ({column})", totals[0][1], [g[1] for g in groups]))
        if len(totals) > 1:
            others = [value for _, value in totals[:-1]]
            out.append((f"{side} {totals[-1][0]} = Σ other totals ({column})", totals[-1][1], others))
    return out


def two_sided(table: dict) -> list[Identity]:
    columns = table["columns"]
    income, expenditure = table["income"], table["expenditure"]
    out = _side("收入", income, columns[1:2])
    spent_columns = columns[3 : 3 + len(expenditure[0]) - 1]
    out += _side("支出", expenditure, spent_columns)
    for label, *amounts in expenditure:
        out += _row_sum(f"支出 {label}", amounts, spent_columns)
    by_use = table.get("expenditure_by_use")
    if by_use:  # 支出用途 side: its lines add to the 当年支出小计 the two expenditure sides share
        subtotal = next(line for line in expenditure if not TOP_ITEM.match(line[0]))
        out.append((f"支出用途 Σ = {subtotal[0]}", _d(subtotal[1]), [_d(line[1]) for line in by_use]))
    out.append((f"{income[-1][0]} = {expenditure[-1][0]}", _d(income[-1][1]), [_d(expenditure[-1][1])]))
    return out


def coded(table: dict) -> list[Identity]:
    """项 → 款 → 类 → 合计 per amount column (codes of 3, 5 and 7 digits), and each row's own sum."""
    rows = table["rows"]
    columns = table["columns"][2 - len(rows[0]) :]  # the amount columns close the header
    by_code = {code: amounts for code, _name, *amounts in rows}
    out: list[Identity] = []
    for index, column in enumerate(columns):
        for code, amounts in by_code.items():
            length = len(code) + 2 if code else 3
            children = [c for c in by_code if len(c) == length and c.startswith(code)]
            if children:
                total = _d(amounts[index])
                out.append((f"{code or '合计'} = Σ {length}-digit codes ({_short(column)})", total,
                            [_d(by_code[c][index]) for c in children]))  # fmt: skip
    for code, name, *amounts in rows:
        out += _row_sum(f"{code or name}", amounts, columns)
    return out


def grouped_income(table: dict) -> list[Identity]:
    """Jiangsu 收入预算总表: each group's 小计 is the sum of its items, 收入总计 the sum of the 小计."""
    out: list[Identity] = []
    subtotals: list[Decimal] = []
    total = next(_d(amount) for group, item, amount in table["rows"] if not group)
    groups: dict[str, list[tuple[str, str]]] = {}
    for group, item, amount in table["rows"]:
        if group:
            groups.setdefault(group, []).append((item, amount))
    for group, items in groups.items():
        subtotal = _d(next(amount for item, amount in items if item == "小计"))
        subtotals.append(subtotal)
        parts = [_d(amount) for item, amount in items if item != "小计" and not item.startswith("其中")]
        if parts:
            out.append((f"{group} 小计 = Σ items", subtotal, parts))
    out.append(("收入总计 = Σ 小计", total, subtotals))
    return out


def single_row(table: dict) -> list[Identity]:
    return [identity for row in table["rows"] for identity in _row_sum("row", row, table["columns"])]


def three_public(table: dict) -> list[Identity]:
    """Car = 购置 + 运行; 三公 = 出国 + car + 接待; 合计 = 三公 + 会议费 + 培训费 where those are printed."""
    columns, (row,) = table["columns"], table["rows"]
    value = dict(zip(columns, (_d(a) for a in row), strict=True))
    car = [c for c in columns if "公务用车购置及运行" in c]
    car_total = next(c for c in car if c.endswith("小计"))
    out: list[Identity] = [("公务用车 小计 = 购置 + 运行", value[car_total], [value[c] for c in car if c != car_total])]
    abroad = next(c for c in columns if "因公出国" in c)
    reception = next(c for c in columns if "公务接待" in c)
    three = next((c for c in columns if c.endswith("“三公”经费/小计")), None) or next(
        c for c in columns if c.endswith("合计")
    )
    out.append(("三公 = 出国 + 公务用车 + 接待", value[three], [value[abroad], value[car_total], value[reception]]))
    others = [c for c in columns if _short(c) in {"会议费", "培训费"}]
    if others:
        grand = next(c for c in columns if c == "合计")
        out.append(("合计 = 三公 + 会议费 + 培训费", value[grand], [value[three]] + [value[c] for c in others]))
    return out


def procurement(table: dict) -> list[Identity]:
    """政府采购预算表: items add to their 经济科目 line, those to their 大类, the 大类 to 合计."""
    out: list[Identity] = []
    classes: list[tuple[str, Decimal, list[Decimal]]] = []
    total = Decimal(0)
    for category, project, subject, item, _form, amount in table["rows"]:
        value = _d(amount)
        if category == "合计":
            total = value
        elif category:
            classes.append((category, value, []))
        elif subject:
            classes[-1][2].append(value)
            out.append((f"{category or classes[-1][0]} {project} {subject} = Σ items", value, []))
        elif item:
            out[-1][2].append(value)
    out += [(f"{name} = Σ 经济科目", value, parts) for name, value, parts in classes]
    out.append(("合计 = Σ 大类", total, [value for _, value, _ in classes]))
    return [identity for identity in out if identity[2]]


def identities(key: str, table: dict) -> list[Identity]:
    if "income" in table:
        return two_sided(table)
    if key == "three_public_budget":
        return three_public(table)
    if key == "procurement_budget":
        return procurement(table)
    rows = table["rows"]
    if len(rows[0]) == 3 and any(row[0] and not row[0].isdigit() for row in rows):
        return grouped_income(table)
    if all(re.fullmatch(r"\d*", row[0]) for row in rows) and len(rows[0]) > 2:
        return coded(table)
    return single_row(table)


def _tables() -> list[tuple[Path, str]]:
    tables = ((path, key, table) for path in TRUTH_FILES for key, table in _load(path)["tables"].items())
    return [(path, key) for path, key, table in tables if not table.get("empty")]


def _id(case: tuple[Path, str]) -> str:
    return f"{case[0].parent.relative_to(BUDGETS)}:{case[1]}"


def test_every_real_budget_has_a_truth_file() -> None:
    pdf_folders = {pdf.parent for pdf in BUDGETS.glob("*/*/*/*.pdf")}
    assert len(list(BUDGETS.glob("*/*/*/*.pdf"))) == 17
    assert {path.parent for path in TRUTH_FILES} == pdf_folders
    assert len(TRUTH_FILES) == 13


@pytest.mark.parametrize("path", TRUTH_FILES, ids=lambda p: str(p.parent.relative_to(BUDGETS)))
def test_truth_file_is_complete_and_consistent(path: Path) -> None:
    truth = _load(path)
    assert truth["document_kind"] == "budget"
    assert truth["year"] == int(path.parent.parent.name)
    files = {f["file"]: f for f in truth["files"]}
    assert set(files) == {pdf.name for pdf in path.parent.glob("*.pdf")}
    assert any(f["narrative"] for f in files.values())
    contained = [key for f in files.values() for key in f["contains"]]
    assert len(contained) == len(set(contained)), "a table kind in two files"
    assert set(REQUIRED) <= set(truth["tables"]) == set(contained)
    for key, table in truth["tables"].items():
        assert table["unit"] in QUANTUM, key
        file, *pages = table["pages"]
        assert files[file]["contains"][key] == pages, key
        if "rows" not in table and "income" not in table:
            assert table["empty"] is True and "note" in table, key
        for side in ("rows", "income", "expenditure", "expenditure_by_use"):
            lines = table.get(side, [])
            assert len({len(line) for line in lines}) <= 1, f"{key} {side}: ragged rows"
            assert all(isinstance(cell, str) for line in lines for cell in line), f"{key} {side}: not strings"
            assert all("," not in cell for line in lines for cell in line), f"{key} {side}: thousands separator"


@pytest.mark.parametrize("case", _tables(), ids=_id)
def test_document_identities(case: tuple[Path, str]) -> None:
    path, key = case
    table = _load(path)["tables"][key]
    checks = identities(key, table)
    assert checks, f"{key}: no identity to check"
    recorded = {name: Decimal(gap) for name, gap in (table.get("gaps") or {}).items()}
    if recorded:
        assert table.get("notes"), f"{key}: recorded gaps need a note"
    gaps = {name: total - sum(parts, Decimal(0)) for name, total, parts in checks}
    assert {name: gap for name, gap in gaps.items() if gap} == recorded


def _line(lines: list[list[str]], prefix: str) -> Decimal:
    (line,) = [line for line in lines if line[0].startswith(prefix)]
    return _d(line[1])


@pytest.mark.parametrize("path", TRUTH_FILES, ids=lambda p: str(p.parent.relative_to(BUDGETS)))
def test_tables_agree_with_each_other(path: Path) -> None:
    """The 财政拨款 figures the document prints in several tables are the same everywhere."""
    tables = _load(path)["tables"]
    summary, fiscal = tables["budget_summary"], tables["fiscal_budget_summary"]
    (general_total,) = [row for row in tables["general_budget_expenditure"]["rows"] if row[1] == "合计"]
    (basic_total,) = [row for row in tables["general_budget_basic"]["rows"] if row[1] == "合计"]
    assert _line(summary["income"], "一、财政拨款") == _d(fiscal["income"][-1][1])
    assert _line(fiscal["income"], "一、一般公共预算") == _d(general_total[2])
    # 一般公共预算 basic spending: a column of the Shanghai table, a 用途 line of the Jiangsu 财政拨款总表
    basic = _d(general_total[3]) if len(general_total) > 3 else _line(fiscal["expenditure"], "一、基本支出")
    assert _d(basic_total[2]) == basic


KNOWN_TOTALS = {  # checked by hand in the published documents
    ("jiangsu/2017/江苏省政协办公厅", "收入合计"): Decimal("9146.79"),
    ("jiangsu/2018/江苏省政协办公厅", "收入合计"): Decimal("10150.48"),
    ("shanghai/2023/上海市普陀区万里街道办事处", "收入总计"): Decimal("164978640"),
    ("shanghai/2024/上海市普陀区万里街道办事处", "收入总计"): Decimal("156211123"),
}


@pytest.mark.parametrize(("folder", "label"), list(KNOWN_TOTALS))
def test_known_summary_totals(folder: str, label: str) -> None:
    summary = _load(BUDGETS / folder / "truth.yaml")["tables"]["budget_summary"]
    (line,) = [line for line in summary["income"] if line[0] == label]
    assert Decimal(line[1]) == KNOWN_TOTALS[(folder, label)]
