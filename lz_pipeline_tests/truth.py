"""The ground truth beside each sample PDF, turned into the records extraction must produce."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from lz_pipeline.catalog import INCOME_SIDE, KINDS_BY_KEY, SPENDING_SIDE, USE_SIDE, Figure, Layout
from lz_pipeline.normalize.cells import to_wanyuan
from lz_pipeline.normalize.tables import NormalizedDocument, NormalizedTable, Record


@dataclass(frozen=True)
class Expected:
    keys: tuple
    amounts: tuple[Decimal, ...]


def load_truth(pdf: Path) -> dict:
    return yaml.safe_load(pdf.with_suffix(".truth.yaml").read_text(encoding="utf-8"))


def _amount(text: str, unit: str) -> Decimal:
    return to_wanyuan(Decimal(text), unit) if text else Decimal(0)


def expected_records(kind_key: str, table: dict) -> list[Expected]:
    """Truth rows in the order the table prints them, keys first, amounts in 万元."""
    kind = KINDS_BY_KEY[kind_key]
    unit = table["unit"]
    if table.get("empty"):
        return []
    if kind.layout is Layout.TWO_SIDED:
        out = []
        sides = ((INCOME_SIDE, "income"), (SPENDING_SIDE, "expenditure"), (USE_SIDE, "expenditure_by_use"))
        for side, name in sides:
            rows = table.get(name, [])
            out += [Expected((side, r[0]), tuple(_amount(a, unit) for a in r[1:])) for r in rows]
        return out
    if kind.layout is Layout.ECONOMIC_BLOCKS:
        rows = [Expected((r[0], r[1]), (_amount(r[2], unit),)) for r in table["personnel"] + table["public"]]
        totals = [("人员经费合计", table["personnel_total"]), ("公用经费合计", table["public_total"])]
        return rows + [Expected((None, name), (_amount(v, unit),)) for name, v in totals]
    if kind.layout is Layout.SINGLE_ROW:
        return [Expected((), tuple(_amount(a, unit) for a in r)) for r in table["rows"]]
    if kind.layout is Layout.GROUPED:
        return [Expected((r[0], r[1]), tuple(_amount(a, unit) for a in r[2:])) for r in table["rows"]]
    return [Expected((r[0] or None, r[1]), tuple(_amount(a, unit) for a in r[2:])) for r in table["rows"]]


def actual_records(table: NormalizedTable) -> list[Expected]:
    kind = table.kind
    measures = [m.name for m in kind.measures]
    out = []
    records = table.records
    sides = {name: (order, side_measures) for order, (name, side_measures) in enumerate(kind.side_measures)}
    if kind.layout is Layout.TWO_SIDED:  # printed side by side: 收入 lines first, then 支出 lines (then 用途)
        records = sorted(records, key=lambda r: (sides[r.keys["side"]][0], r.keys["line_no"]))
    for record in records:
        if kind.layout is Layout.TWO_SIDED:
            # The measures this table prints, in catalogue order (a budget's 支出 side may split its amount).
            names = [m.name for m in sides[record.keys["side"]][1] if m.name in record.amounts]
            out.append(Expected((record.keys["side"], record.keys["item"]), tuple(record.amounts[n] for n in names)))
        elif kind.layout is Layout.SINGLE_ROW:  # in print order: a budget's 三公 tables order them apart
            out.append(Expected((), tuple(record.amounts.values())))
        elif kind.layout is Layout.GROUPED:
            out.append(Expected((record.keys["group_name"], record.keys["item"]), tuple(record.amounts.values())))
        else:
            printed = [n for n in measures if n in record.amounts]
            out.append(Expected((record.keys["code"], record.keys["name"]), tuple(record.amounts[n] for n in printed)))
    return out


def sort_key(record: Expected) -> tuple:
    return tuple("" if k is None else str(k) for k in record.keys)


def _numbered(records: list[Expected]) -> dict[tuple, Expected]:
    """Keyed by (keys, occurrence): a line printed twice under one name (一、一般公共预算财政拨款 under
    本年收入 and again under 年初结转和结余) pairs with the same occurrence on the other side, in print order."""
    seen: Counter[tuple] = Counter()
    out = {}
    for record in records:
        key = sort_key(record)
        out[(key, seen[key])] = record
        seen[key] += 1
    return out


def cell_score(expected: list[Expected], actual: list[Expected]) -> tuple[int, int, list[str]]:
    """(cells right, cells in truth, differences): keys and amounts both count as cells."""
    by_key = _numbered(actual)
    right, total, diffs = 0, 0, []
    for numbered, want in _numbered(expected).items():
        got = by_key.get(numbered)
        total += len(want.keys) + len(want.amounts)
        if got is None:
            diffs.append(f"missing row {want.keys}")
            continue
        right += len(want.keys)
        for index, value in enumerate(want.amounts):
            if got.amounts[index] == value:
                right += 1
            else:
                diffs.append(f"{want.keys} column {index}: {got.amounts[index]} != {value}")
    extra = set(by_key) - set(_numbered(expected))
    diffs += [f"unexpected row {k}" + (f" (occurrence {n + 1})" if n else "") for k, n in sorted(extra)]
    return right, total, diffs


def figure_line(document: NormalizedDocument, figure: Figure) -> Record | None:
    """The line a catalogue figure names, when the document prints it with the figure's measure (found by its
    own reading of the figure's keys, not the checks' code)."""
    table = document.tables.get(figure.kind)
    if table is None:
        return None
    wanted = dict(figure.line) or {"code": {None}}
    lines = [r for r in table.records if all(_stripped(r.keys.get(k)) in v for k, v in wanted.items())]
    lines = lines or (table.records if KINDS_BY_KEY[figure.kind].layout is Layout.SINGLE_ROW else [])
    return next((r for r in lines if figure.measure in r.amounts), None)


def _stripped(value: object) -> object:
    return re.sub(r"^[一二三四五六七八九十]+、", "", value) if isinstance(value, str) else value
