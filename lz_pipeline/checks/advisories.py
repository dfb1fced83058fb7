"""Advisory (non-blocking) checks: codes the code lists do not know, and large year-over-year swings.

Neither means the numbers are wrong: a new code may be missing from the list, a department may have
been merged. They flag what an analyst should look at, without stopping the load.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from lz_pipeline.catalog import CodeKind, Layout
from lz_pipeline.normalize.tables import NormalizedDocument

YOY_SWING_THRESHOLD = Decimal("0.5")  # a figure that moved by more than half of its prior value


@dataclass(frozen=True)
class UnknownCode:
    table: str
    code: str
    name: str
    page: int


def unknown_codes(doc: NormalizedDocument, known: dict[str, set[str]]) -> list[UnknownCode]:
    """Codes printed in the document that no edition of its code list covers in the document's year.

    ``known`` maps ``function`` and ``economic`` to the codes valid that year; a kind without a list
    is not checked.
    """
    found: dict[tuple[str, str], UnknownCode] = {}
    for table in doc.tables.values():
        kind = table.kind
        if kind.layout not in (Layout.CODED, Layout.ECONOMIC_BLOCKS) or kind.code_kind is None:
            continue
        valid = known.get(CodeKind(kind.code_kind).value)
        if valid is None:
            continue
        for record in table.records:
            code = record.keys.get("code")
            if code and code not in valid and (table.title, code) not in found:
                found[(table.title, code)] = UnknownCode(table.title, code, str(record.keys["name"]), record.page)
    return list(found.values())


@dataclass(frozen=True)
class Swing:
    figure: str
    previous: Decimal
    current: Decimal

    @property
    def change(self) -> Decimal:
        return self.current - self.previous

    @property
    def ratio(self) -> Decimal | None:
        return self.change / self.previous if self.previous else None


def yoy_swings(
    current: dict[str, Decimal], previous: dict[str, Decimal], threshold: Decimal = YOY_SWING_THRESHOLD
) -> list[Swing]:
    """Figures present in both years that moved by more than ``threshold`` of the prior value.

    A figure that appears from zero or disappears to zero counts as a swing too.
    """
    swings = []
    for figure in sorted(current.keys() & previous.keys()):
        swing = Swing(figure, previous[figure], current[figure])
        if swing.previous == swing.current:
            continue
        if swing.ratio is None or abs(swing.ratio) > threshold or swing.current == 0:
            swings.append(swing)
    return swings


# 收、支总计 and expenditure by 类 of one department-year, as the warehouse holds them.
HEADLINE_SQL = """
SELECT '收、支总计' AS figure, amount FROM fact_summary
 WHERE department = $department AND year = $year AND side = '收入' AND item = '总计'
UNION ALL
SELECT '支出 ' || function_code || ' ' || function_name, total FROM fact_expenditure
 WHERE department = $department AND year = $year AND level = 1
UNION ALL
SELECT '基本支出', basic FROM fact_expenditure WHERE department = $department AND year = $year AND level = 0
UNION ALL
SELECT '项目支出', project FROM fact_expenditure WHERE department = $department AND year = $year AND level = 0
"""


def headline_figures(conn, department: str, year: int) -> dict[str, Decimal]:
    rows = conn.execute(HEADLINE_SQL, {"department": department, "year": year}).fetchall()
    return {figure: Decimal(amount) for figure, amount in rows if amount is not None}


def swings_markdown(swings: Iterable[Swing]) -> str:
    lines = ["| figure | previous year | this year | change | change % |", "|---|---|---|---|---|"]
    for s in swings:
        pct = f"{(s.ratio * 100).quantize(Decimal('0.01'))}" if s.ratio is not None else "—"
        lines.append(f"| {s.figure} | {s.previous} | {s.current} | {s.change} | {pct} |")
    return "\n".join(lines)


def unknown_markdown(codes: Iterable[UnknownCode]) -> str:
    lines = ["| table | code | name as printed | page |", "|---|---|---|---|"]
    lines += [f"| {c.table} | {c.code} | {c.name} | {c.page} |" for c in codes]
    return "\n".join(lines)
