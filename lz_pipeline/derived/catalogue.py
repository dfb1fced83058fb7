"""What the dbt models need from the declarative catalogue, as one dbt var (``catalogue``).

The models loop over these lists (fact tables, measures, printed labels) instead of naming them again,
so a table kind added to ``lz_pipeline.catalog`` reaches ``v_coded_amounts`` and the budget views with no
SQL edited. A kind the catalogue lacks is left out, never named in a view that could not be created.
"""

from __future__ import annotations

from lz_pipeline.catalog import (
    BUDGET_FISCAL_INCOME_LABELS,
    INCOME_SIDE,
    KINDS_BY_KEY,
    SPENDING_SIDE,
    TABLE_KINDS,
    USE_SIDE,
    CodeKind,
    Layout,
)
from lz_pipeline.checks.identities import LIST_NUMBER
from lz_pipeline.derived.figures import (
    BUDGET_THREE_PUBLIC,
    EXPENDITURE_KINDS,
    HEADLINE,
    LINE,
    THREE_PUBLIC_PARTS,
    figures,
)
from lz_pipeline.warehouse.schema import fact_tables


def _coded_tables() -> list[dict]:
    """Every fact table keyed by a classification code, with its measures (v_coded_amounts' long form)."""
    seen: dict[str, dict] = {}
    for kind in TABLE_KINDS:
        if kind.layout in (Layout.CODED, Layout.ECONOMIC_BLOCKS) and kind.fact_table not in seen:
            seen[kind.fact_table] = {
                "table": kind.fact_table,
                "code_kind": "function" if kind.code_kind is CodeKind.FUNCTION else "economic",
                "measures": list(kind.measure_names),
                "has_category": kind.layout is Layout.ECONOMIC_BLOCKS,
            }
    return list(seen.values())


def _present(keys) -> list[str]:
    return [key for key in keys if key in KINDS_BY_KEY]


def catalogue_vars() -> dict:
    summary = KINDS_BY_KEY["budget_summary"]
    final_fiscal = KINDS_BY_KEY["fiscal_summary"]
    return {
        "sides": {"income": INCOME_SIDE, "spending": SPENDING_SIDE, "use": USE_SIDE},
        "fact_tables": sorted(fact_tables()),
        "coded_tables": _coded_tables(),
        # a 总表 line's label without its list number: 一、财政拨款 → 财政拨款 (1.一般公共预算 keeps its 1.)
        "list_number": LIST_NUMBER.pattern,
        "budget_summary": summary.fact_table,
        "budget_bottom_labels": sorted(summary.grand_total_labels),
        "budget_fiscal_labels": sorted(BUDGET_FISCAL_INCOME_LABELS),
        "budget_expenditure": [
            {"table": KINDS_BY_KEY[key].fact_table, "coded": KINDS_BY_KEY[key].layout is Layout.CODED}
            for key in _present(EXPENDITURE_KINDS)
        ],
        "budget_general": KINDS_BY_KEY["budget_general_expenditure"].fact_table,
        "final_general": KINDS_BY_KEY["general_budget_expenditure"].fact_table,
        "final_fiscal": final_fiscal.fact_table,
        "final_fiscal_year_labels": sorted(final_fiscal.year_total_labels),
        "final_three_public": KINDS_BY_KEY["three_public"].fact_table,
        "three_public_parts": [{"metric": m, "label": label, "column": c} for m, label, c in THREE_PUBLIC_PARTS],
        "budget_three_public": [
            {"table": KINDS_BY_KEY[key].fact_table, "measures": list(BUDGET_THREE_PUBLIC[key])}
            for key in _present(BUDGET_THREE_PUBLIC)
        ],
        "headline": [{"metric": metric, "label": label} for metric, label in HEADLINE],
        # budget_metric_value: each figure's table, the SQL of its amount and of the rows that hold it
        "budget_line": LINE,
        "budget_figures": [
            {"metric": f.metric, "label": f.label, "table": f.table, "amount": f.amount, "where": f.where}
            for f in figures()
        ],
    }
