"""The hand-made truth of the real 上海市普陀区财政局 2024 决算 against the document's own arithmetic.

Reads only the yaml (never the extractor): a transcription slip shows up as a sum that no longer holds.
Each printed figure is rounded on its own, so a parent may differ from the sum of its n children by up
to n × 0.01; the gaps the document really has are listed exactly in ``test_rounding_gaps_are_the_documents``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from lz_pipeline.catalog import KINDS_BY_KEY
from lz_pipeline_tests.conftest import SHANGHAI

CENT = Decimal("0.01")
CODED = ("income", "expenditure", "general_budget_expenditure")


@pytest.fixture(scope="module")
def tables() -> dict:
    return yaml.safe_load(SHANGHAI.with_suffix(".truth.yaml").read_text(encoding="utf-8"))["tables"]


def amounts(row: list[str]) -> list[Decimal]:
    return [Decimal(a) if a else Decimal(0) for a in row]


def coded(table: dict) -> dict[str, list[Decimal]]:
    """Code ("" for 合计) → its amounts."""
    return {r[0]: amounts(r[2:]) for r in table["rows"]}


def lines(rows: list[list[str]]) -> list[tuple[str, list[Decimal]]]:
    return [(r[0], amounts(r[1:])) for r in rows]


def line(rows: list[list[str]], item: str) -> list[Decimal]:
    (found,) = [a for name, a in lines(rows) if name == item]
    return found


def children(codes: dict[str, list[Decimal]], parent: str) -> list[list[Decimal]]:
    """项 of a 款, 款 of a 类, 类 of 合计 (""): the next code length that starts with the parent."""
    width = {0: 3, 3: 5, 5: 7}[len(parent)]
    return [a for code, a in codes.items() if len(code) == width and code.startswith(parent)]


def sums(codes: dict[str, list[Decimal]]) -> dict[tuple[str, int], tuple[Decimal, Decimal, int]]:
    """(parent, column) → (printed, sum of children, number of children), for every parent."""
    out = {}
    for parent, printed in codes.items():
        if len(parent) == 7:
            continue
        kids = children(codes, parent)
        assert kids, f"{parent} has no children"
        for column, value in enumerate(printed):
            out[(parent, column)] = (value, sum((k[column] for k in kids), Decimal(0)), len(kids))
    return out


def block_sums(rows: list[list[str]]) -> dict[str, tuple[Decimal, Decimal, int]]:
    """Economic 类 of a basic-table block → (printed, sum of its 款, number of 款)."""
    codes = {r[0]: Decimal(r[2] or 0) for r in rows}
    out = {}
    for parent in (c for c in codes if len(c) == 3):
        kids = [v for c, v in codes.items() if len(c) == 5 and c.startswith(parent)]
        out[parent] = (codes[parent], sum(kids, Decimal(0)), len(kids))
    return out


def test_every_table_of_the_national_set_is_transcribed(tables: dict) -> None:
    assert list(tables) == [k for k in KINDS_BY_KEY if "national" in KINDS_BY_KEY[k].families]
    assert [k for k, t in tables.items() if t.get("empty")] == ["government_fund", "state_capital"]
    widths = {"income": 9, "expenditure": 8, "general_budget_expenditure": 5}
    for key, width in widths.items():
        assert {len(r) for r in tables[key]["rows"]} == {width}, key
    assert [len(r) for r in tables["fiscal_three_public"]["rows"]] == [12]


@pytest.mark.parametrize("kind", CODED)
def test_hierarchy_adds_up_within_rounding(tables: dict, kind: str) -> None:
    """项 → 款 → 类 → 合计, per column, within n × 0.01."""
    off = {k: v for k, v in sums(coded(tables[kind])).items() if abs(v[0] - v[1]) > v[2] * CENT}
    assert off == {}


def test_rounding_gaps_are_the_documents(tables: dict) -> None:
    """Where a printed parent is not exactly the sum of its printed children (all others are exact)."""
    gaps = {
        (kind, parent, column): (printed, total)
        for kind in CODED
        for (parent, column), (printed, total, _) in sums(coded(tables[kind])).items()
        if printed != total
    }
    d = Decimal
    assert gaps == {
        ("income", "", 0): (d("2946.25"), d("2946.26")),  # 本年收入合计: the printed 类 sum to 2946.26
        ("income", "", 1): (d("2940.05"), d("2940.06")),  # 财政拨款收入
        ("expenditure", "", 0): (d("2940.05"), d("2940.06")),
        ("expenditure", "", 1): (d("2336.91"), d("2336.92")),  # 基本支出
        ("general_budget_expenditure", "", 0): (d("2940.05"), d("2940.06")),
        ("general_budget_expenditure", "", 1): (d("2336.91"), d("2336.92")),
    }
    basic = tables["general_budget_basic"]
    blocks = block_sums(basic["personnel"]) | block_sums(basic["public"])
    assert {c: (p, s) for c, (p, s, _) in blocks.items() if p != s} == {
        "301": (d("2082.85"), d("2082.86")),
        "302": (d("171.07"), d("171.09")),
    }
    assert all(abs(p - s) <= n * CENT for p, s, n in blocks.values())


def test_printed_classes_of_the_income_table(tables: dict) -> None:
    income = coded(tables["income"])
    assert income[""][0] == Decimal("2946.25")
    assert sum(a[0] for code, a in income.items() if len(code) == 3) == Decimal("2946.26")


@pytest.mark.parametrize("kind", CODED)
def test_every_row_is_the_sum_of_its_columns(tables: dict, kind: str) -> None:
    """收入: 本年收入合计 = Σ sources; 支出: 合计 = 基本 + 项目 (+ 上缴上级, 经营, 对附属单位: all blank)."""
    off = {code: a for code, a in coded(tables[kind]).items() if a[0] != sum(a[1:], Decimal(0))}
    assert off == {}


def test_expenditure_total_is_basic_plus_project(tables: dict) -> None:
    for kind in ("expenditure", "general_budget_expenditure"):
        total, basic, project = coded(tables[kind])[""][:3]
        assert (total, basic, project) == (Decimal("2940.05"), Decimal("2336.91"), Decimal("603.14"))
        assert basic + project == total


def test_summary_balances(tables: dict) -> None:
    income, expenditure = tables["summary"]["income"], tables["summary"]["expenditure"]
    assert line(income, "总计") == line(expenditure, "总计") == [Decimal("2995.39")]
    assert line(income, "本年收入合计") == [Decimal("2946.25")]
    numbered = [a[0] for name, a in lines(income[:8])]
    assert sum(numbered) == line(income, "本年收入合计")[0]
    assert sum(a[0] for _, a in lines(expenditure[:26])) == line(expenditure, "本年支出合计")[0]
    opening = line(income, "本年收入合计")[0] + line(income, "使用非财政拨款结余（含专用结余）")[0]
    assert opening + line(income, "年初结转和结余")[0] == line(income, "总计")[0]
    closing = line(expenditure, "本年支出合计")[0] + line(expenditure, "结余分配")[0]
    assert closing + line(expenditure, "年末结转和结余")[0] == line(expenditure, "总计")[0]


def test_summary_agrees_with_the_coded_tables(tables: dict) -> None:
    summary = tables["summary"]
    assert line(summary["income"], "本年收入合计")[0] == coded(tables["income"])[""][0]
    assert line(summary["income"], "八、其他收入")[0] == coded(tables["income"])[""][6]
    assert line(summary["expenditure"], "本年支出合计")[0] == coded(tables["expenditure"])[""][0]
    # The coded tables are all 一般公共预算财政拨款: the same rows in both.
    assert coded(tables["general_budget_expenditure"]) == {c: a[:3] for c, a in coded(tables["expenditure"]).items()}


def test_fiscal_summary_balances(tables: dict) -> None:
    income, expenditure = tables["fiscal_summary"]["income"], tables["fiscal_summary"]["expenditure"]
    items = [name for name, _ in lines(income)]
    # 一、二、三、 are printed twice: this year's income, then the opening balance by source.
    assert items.count("一、一般公共预算财政拨款") == 2
    values = [a[0] for _, a in lines(income)]
    assert sum(values[:3]) == values[3] == Decimal("2940.05")  # 本年收入合计
    assert sum(values[5:8]) == values[4] == Decimal("21.63")  # 年初财政拨款结转和结余
    assert values[3] + values[4] == values[8] == Decimal("2961.68")  # 总计
    for name, (total, *sources) in lines(expenditure):
        assert total == sum(sources), name
    spent = line(expenditure, "本年支出合计")
    assert [sum(a[c] for _, a in lines(expenditure[:26])) for c in range(4)] == spent
    closing = line(expenditure, "年末财政拨款结转和结余")
    assert [s + c for s, c in zip(spent, closing, strict=True)] == line(expenditure, "总计")
    assert line(expenditure, "总计")[0] == values[8]
    assert spent[1] == coded(tables["general_budget_expenditure"])[""][0]


def test_basic_expenditure_is_personnel_plus_public(tables: dict) -> None:
    basic = tables["general_budget_basic"]
    personnel, public = Decimal(basic["personnel_total"]), Decimal(basic["public_total"])
    assert (personnel, public) == (Decimal("2152.26"), Decimal("184.65"))
    assert personnel + public == Decimal("2336.91") == coded(tables["general_budget_expenditure"])[""][1]
    assert sum(p for p, _, _ in block_sums(basic["personnel"]).values()) == personnel  # 301 + 303
    assert sum(p for p, _, _ in block_sums(basic["public"]).values()) == public  # 302 + 310


def test_three_public_parts(tables: dict) -> None:
    (row,) = tables["fiscal_three_public"]["rows"]
    values = amounts(row)
    for stage in (0, 1):  # interleaved: 预算数, 决算数 of each item
        total, overseas, vehicle, purchase, operation, reception = values[stage::2]
        assert total == overseas + vehicle + reception
        assert vehicle == purchase + operation
    assert values[0::2] == [Decimal("0.95"), 0, 0, 0, 0, Decimal("0.95")]  # 预算数: all 公务接待费
    assert values[1::2] == [0] * 6  # 决算数: nothing spent
