"""The report's own charts, regenerated from the warehouse as PNG: 收支决算总计变动 (bar, over the years),
支出决算结构 (pie of the 类), "三公"经费结构 (pie of its parts), and where a department-year has its 部门预算
too, 一般公共预算支出 预算与决算 by 类 (paired bars, each 决算 with its 完成预算 %).

Chinese labels are drawn in Noto Sans CJK SC (SIL Open Font License 1.1), shipped inside the ``mplfonts``
package from PyPI, so no system font is needed; ``LZ_CJK_FONT`` names another font file. A font that
lacks a glyph is refused, and a chart matplotlib would draw with a missing-glyph box raises instead.
Rendering uses ``matplotlib.figure.Figure`` (no pyplot state), so it is safe in any Dagster executor.
"""

from __future__ import annotations

import importlib.util
import io
import os
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure

PACKAGED_FONT = "fonts/NotoSansCJKsc-Regular.otf"  # inside mplfonts; CFF outlines, which Agg draws
PROBE = (
    "收支决算总计变动结构“三公”经费本年无数据万元年减少增加下降增长（），一般公共预算与按类完成数"  # every chart's own
)
COLORS = ("#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d", "#d35400")


class CJKFontMissing(RuntimeError):
    """No font with the Chinese glyphs: charts would print boxes instead of Chinese."""


def packaged_font() -> Path | None:
    """Noto Sans CJK SC from the mplfonts package, located without importing it (its import does more)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / PACKAGED_FONT
    return path if path.exists() else None


def missing_glyphs(path: Path, text: str = PROBE) -> str:
    """The characters of ``text`` the font has no glyph for (index 0 is the font's missing-glyph box)."""
    font = font_manager.get_font(str(path))
    return "".join(char for char in dict.fromkeys(text) if font.get_char_index(ord(char)) == 0)


@cache
def cjk_font() -> Path:
    """The font file the charts use: ``LZ_CJK_FONT``, else the packaged Noto Sans CJK SC."""
    explicit = os.environ.get("LZ_CJK_FONT")
    path = Path(explicit) if explicit else packaged_font()
    if path is None:
        raise CJKFontMissing("the mplfonts package is not installed (pip install mplfonts), nor is LZ_CJK_FONT set")
    if not path.exists():
        raise CJKFontMissing(f"LZ_CJK_FONT={explicit}: no such file")
    if missing := missing_glyphs(path):
        raise CJKFontMissing(f"{path} has no glyph for {missing}")
    return path


@cache
def _font_family() -> str:
    path = cjk_font()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _figure(width: float = 7.0, height: float = 4.5) -> Figure:
    figure = Figure(figsize=(width, height), dpi=110)
    figure.set_layout_engine("constrained")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # no version stamp (same data, same bytes); tight box so the legend beside a pie is not cut off
    figure.savefig(buffer, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.2)
    return buffer.getvalue()


def _text_style() -> dict[str, object]:
    return {"fontfamily": _font_family()}


def bar_chart(title: str, bars: list[tuple[str, Decimal]], unit: str = "万元") -> bytes:
    """One bar per label (e.g. per year), value printed on top."""
    figure = _figure()
    axes = figure.add_subplot()
    labels = [label for label, _ in bars]
    values = [float(value) for _, value in bars]
    drawn = axes.bar(labels, values, color=COLORS[1], width=0.55)
    axes.bar_label(drawn, labels=bar_labels([value for _, value in bars]), padding=3, **_text_style())
    axes.set_title(title, **_text_style(), fontsize=14)
    axes.set_ylabel(unit, **_text_style())
    axes.set_ylim(0, max([*values, 0]) * 1.15 or 1)
    for label in axes.get_xticklabels():
        label.set_fontfamily(_font_family())
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def bar_labels(values: list[Decimal]) -> list[str]:
    """Each bar's amount and, from the second on, its change against the bar before (as the reports word it)."""
    labels = []
    for index, value in enumerate(values):
        label = f"{value:,.2f}"
        previous = values[index - 1] if index else None
        if previous:  # neither missing nor zero
            change = value - previous
            verb, rate = ("增加", "增长") if change >= 0 else ("减少", "下降")
            label += f"\n{verb}{abs(change):,.2f}，{rate}{abs(share(change, previous))}%"
        labels.append(label)
    return labels


def pie_chart(title: str, parts: list[tuple[str, Decimal]], unit: str = "万元") -> bytes:
    """A pie of the positive parts, each labelled with its name, amount and exact half-up share."""
    shown = [(label, value) for label, value in parts if value > 0]
    total = sum(value for _, value in shown)
    figure = _figure(7.5, 4.8)
    axes = figure.add_subplot()
    if not shown:
        axes.text(0.5, 0.5, "本年无数据", ha="center", va="center", fontsize=14, **_text_style())
        axes.set_axis_off()
    else:
        legend = [f"{label} {value:,.2f}{unit}（{share(value, total)}%）" for label, value in shown]
        wedges, _ = axes.pie(
            [float(value) for _, value in shown], colors=COLORS[: len(shown)], startangle=90, counterclock=False
        )
        axes.legend(wedges, legend, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, prop=_legend_font())
        axes.set_aspect("equal")
    axes.set_title(title, fontsize=14, **_text_style())
    return _png(figure)


# A 类 budget against final: its name, 预算数, 决算数 and 完成预算 % (NULL where a side is missing).
ExecutionRow = tuple[str, Decimal | None, Decimal | None, Decimal | None]


def budget_vs_final_figure(title: str, rows: list[ExecutionRow]) -> Figure:
    """Paired horizontal bars per 类 (the first on top): 预算数 above 决算数, each 决算 bar with its 完成预算 %.
    A side that does not print the 类 is a bar of 0 labelled 无."""
    figure = _figure(7.5, 1.2 + 0.8 * max(len(rows), 1))
    axes = figure.add_subplot()
    places = range(len(rows) - 1, -1, -1)
    height = 0.38
    budgets = [budget for _, budget, _, _ in rows]
    finals = [final for _, _, final, _ in rows]
    for series, values, color, offset in (
        ("预算数", budgets, COLORS[1], height / 2),
        ("决算数", finals, COLORS[0], -height / 2),
    ):
        drawn = axes.barh(
            [place + offset for place in places],
            [float(value or 0) for value in values],
            height,
            color=color,
            label=series,
        )
        labels = ["无" if value is None else f"{value:,.2f}" for value in values]
        if series == "决算数":
            labels = [
                label if pct is None else f"{label}（完成{pct}%）"
                for label, (_, _, _, pct) in zip(labels, rows, strict=True)
            ]
        axes.bar_label(drawn, labels=labels, padding=3, fontsize=9, **_text_style())
    axes.set_yticks(list(places), [name for name, *_ in rows])
    for label in axes.get_yticklabels():
        label.set_fontfamily(_font_family())
    widest = max([float(value) for value in (*budgets, *finals) if value is not None] or [0])
    axes.set_xlim(0, widest * 1.45 or 1)
    axes.set_xlabel("万元", **_text_style())
    axes.set_title(title, fontsize=14, **_text_style())
    axes.legend(loc="lower right", frameon=False, prop=_legend_font())
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def _legend_font() -> font_manager.FontProperties:
    return font_manager.FontProperties(family=_font_family(), size=10)


def share(part: Decimal, total: Decimal) -> Decimal:
    """100 × part / total, half-up to 2 decimals (as ``pct_half_up`` in SQL)."""
    return (100 * part / total).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@dataclass(frozen=True)
class ChartData:
    department: str
    year: int | None  # the latest year, for the two pies
    totals: list[tuple[str, Decimal]]
    classes: list[tuple[str, Decimal]]
    three_public: list[tuple[str, Decimal]]
    # the latest year with both a 预算 and a 决算, and its 类
    execution_year: int | None = None
    execution: list[ExecutionRow] = field(default_factory=list)


def chart_data(conn, department: str) -> ChartData:
    """What the three charts show, read from the derived views (``refresh_analytics`` must have run)."""
    totals = conn.execute(
        """SELECT CAST(year AS VARCHAR), amount FROM metric_value
           WHERE department = ? AND metric = 'total' ORDER BY year""",
        [department],
    ).fetchall()
    latest = conn.execute("SELECT max(year) FROM metric_value WHERE department = ?", [department]).fetchall()[0][0]
    classes = conn.execute(
        """SELECT regexp_replace(function_name, '支出$', ''), amount FROM share_function_class
           WHERE department = ? AND year = ? ORDER BY function_code""",
        [department, latest],
    ).fetchall()
    three_public = conn.execute(
        """SELECT label, actual FROM share_three_public
           WHERE department = ? AND year = ? AND table_kind IN ('three_public', 'fiscal_three_public')
             AND part IN ('overseas', 'vehicle_purchase', 'vehicle_operation', 'reception')
           ORDER BY list_position(['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'], part)""",
        [department, latest],
    ).fetchall()
    execution_year = conn.execute(
        "SELECT max(year) FROM v_budget_vs_final WHERE department = ?", [department]
    ).fetchall()[0][0]
    execution = conn.execute(
        """SELECT regexp_replace(function_name, '支出$', ''), budget, final, execution_pct FROM v_budget_vs_final
           WHERE department = ? AND year = ? AND level = 1 ORDER BY function_code""",
        [department, execution_year],
    ).fetchall()
    return ChartData(department, latest, totals, classes, three_public, execution_year, execution)


def render_charts(data: ChartData) -> dict[str, bytes]:
    """Chart name → PNG bytes; a glyph the font lacks (a department name, say) raises instead of a box."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from font")
        charts = {
            "total_by_year": bar_chart(f"{data.department} 收支决算总计变动", [(f"{y}年", v) for y, v in data.totals]),
            "expenditure_structure": pie_chart(f"{data.department} {data.year}年 支出决算结构", data.classes),
            "three_public_structure": pie_chart(f"{data.department} {data.year}年 “三公”经费结构", data.three_public),
        }
        if data.execution:  # only where the department-year's budget is loaded beside its 决算
            title = f"{data.department} {data.execution_year}年 一般公共预算支出 预算与决算（按类）"
            charts["budget_vs_final"] = _png(budget_vs_final_figure(title, data.execution))
        return charts


def write_charts(charts: dict[str, bytes], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, png in charts.items():
        paths[name] = folder / f"{name}.png"
        paths[name].write_bytes(png)
    return paths
