"""Charts: the figures they plot (truth files) and Chinese labels drawn with the CJK font from pip."""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import shutil
import struct
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import duckdb
import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from lz_pipeline.analytics import charts
from lz_pipeline_tests.analytics import font_probe
from lz_pipeline_tests.conftest import OFFICE, REPO

D = Decimal


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_chart_data_is_the_reports_figures(warehouse: duckdb.DuckDBPyConnection) -> None:
    data = charts.chart_data(warehouse, OFFICE)
    assert data.year == 2020
    assert data.totals == [("2019", D("4187.34")), ("2020", D("3542.28"))]
    assert data.classes == [
        ("一般公共服务", D("2647.05")),
        ("社会保障和就业", D("535.29")),
        ("卫生健康", D("127.57")),
        ("住房保障", D("232.37")),
    ]
    assert data.three_public == [
        ("因公出国（境）费", D("0.31")),
        ("公务用车购置费", D("0")),
        ("公务用车运行维护费", D("78")),
        ("公务接待费", D("1.53")),
    ]


def test_charts_render_chinese_without_missing_glyphs(warehouse: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for every box it draws
        rendered = charts.render_charts(charts.chart_data(warehouse, OFFICE))
    paths = charts.write_charts(rendered, tmp_path)
    assert sorted(paths) == ["expenditure_structure", "three_public_structure", "total_by_year"]
    for name, png in rendered.items():
        width, height = _png_size(png)
        assert width > 600 and height > 400, name
        assert paths[name].read_bytes() == png
    assert charts.render_charts(charts.chart_data(warehouse, OFFICE)) == rendered  # same data, same bytes


def test_the_font_comes_from_pip_under_the_open_font_license() -> None:
    font = charts.cjk_font()
    assert font == charts.packaged_font()
    assert "site-packages/mplfonts/fonts" in font.as_posix()
    names = TTFont(font, lazy=True)["name"]
    assert names.getDebugName(4) == "Noto Sans CJK SC Regular"
    assert "SIL Open Font License, Version 1.1" in names.getDebugName(13)


def test_every_character_the_charts_print_has_a_glyph_of_its_own() -> None:
    text = font_probe.chart_text(font_probe.OFFICE_2020)
    assert {"泸", "办", "收", "支", "“", "（", "减"} <= set(text)
    report = font_probe.glyph_report(text, charts.cjk_font())
    assert report["boxes"] == ""  # no character drawn as the missing-glyph box, or as nothing
    assert report["distinct"] == report["checked"] == len(text)  # 收 and 支 differ, and so on
    assert report["box_ink"] > 0


def test_a_character_the_font_lacks_fails_the_chart_instead_of_drawing_a_box() -> None:
    data = dataclasses.replace(font_probe.OFFICE_2020, department="泸州市\ue000局")
    with pytest.raises(UserWarning, match="missing from font"):
        charts.render_charts(data)


def test_a_font_without_chinese_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    latin = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    monkeypatch.setenv("LZ_CJK_FONT", str(latin))
    charts.cjk_font.cache_clear()
    try:
        with pytest.raises(charts.CJKFontMissing, match="has no glyph for 收支决算"):
            charts.cjk_font()
    finally:
        monkeypatch.undo()
        charts.cjk_font.cache_clear()


def _hidden_font_dirs() -> list[str]:
    """The folders matplotlib and fontconfig look in for system fonts (matplotlib's own X11 list)."""
    folders = [*font_manager.X11FontDirectories, str(Path.home() / ".fonts"), "/usr/local/share/fonts"]
    return sorted({folder for folder in folders if Path(folder).is_dir()})


def test_charts_draw_with_the_system_fonts_hidden(tmp_path: Path) -> None:
    """A bare machine: every system font folder is an empty mount in a private namespace (root only)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        if os.environ.get("CI"):
            pytest.fail("CI runs as root with unshare: this test must not skip there")
        pytest.skip("hiding the system fonts needs root and unshare (util-linux)")
    empty = tmp_path / "empty"
    empty.mkdir()
    mounts = " && ".join(f"mount --bind {shlex.quote(str(empty))} {shlex.quote(d)}" for d in _hidden_font_dirs())
    probe = f"{shlex.quote(sys.executable)} -m lz_pipeline_tests.analytics.font_probe {shlex.quote(str(tmp_path))}"
    env = os.environ | {"MPLCONFIGDIR": str(tmp_path / "mpl"), "HOME": str(tmp_path)}  # no font cache of before
    env.pop("LZ_CJK_FONT", None)
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{mounts} && exec {probe}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["system_fonts"] == []
    assert summary["family"] == "Noto Sans CJK SC"
    assert summary["glyphs"]["boxes"] == ""
    assert summary["glyphs"]["distinct"] == summary["glyphs"]["checked"] > 40
    for name in ("total_by_year", "expenditure_structure", "three_public_structure", "budget_vs_final"):
        width, height = _png_size(Path(summary["charts"][name]).read_bytes())
        assert width > 600 and height > 400, name
    assert "Glyph" not in result.stderr


def test_shares_in_the_legend_are_half_up() -> None:
    # 78 / 79.84 = 97.6954…%; the report prints 97.69
    assert charts.share(D("78"), D("79.84")) == D("97.70")
    assert charts.share(D("0.31"), D("79.84")) == D("0.39")


def test_bar_labels_state_the_change_as_the_report_does() -> None:
    assert charts.bar_labels([D("4187.34"), D("3542.28")]) == ["4,187.34", "3,542.28\n减少645.06，下降15.41%"]


# 泸州市人民政府办公室 2020 by 类: its 部门预算 (sample truth: 2647.05, 535.30, 127.58, 232.37) against the
# published 决算 (2647.05, 535.29, 127.57, 232.37); 完成预算 % half-up (127.57 / 127.58 = 99.992…%).
OFFICE_2020_EXECUTION = font_probe.OFFICE_2020.execution


def _bars(figure) -> tuple[list[str], list[list[float]]]:
    """The 类 top to bottom, and each series' bar lengths in that order."""
    axes = figure.axes[0]
    ticks = sorted(zip(axes.get_yticks(), [t.get_text() for t in axes.get_yticklabels()], strict=True), reverse=True)
    lengths = [[bar.get_width() for bar in sorted(c.patches, key=lambda bar: -bar.get_y())] for c in axes.containers]
    return [name for _, name in ticks], lengths


def test_budget_against_final_draws_a_pair_of_bars_per_class() -> None:
    figure = charts.budget_vs_final_figure("预算与决算", OFFICE_2020_EXECUTION)
    names, lengths = _bars(figure)
    assert names == ["一般公共服务", "社会保障和就业", "卫生健康", "住房保障"]
    assert lengths == [[2647.05, 535.30, 127.58, 232.37], [2647.05, 535.29, 127.57, 232.37]]
    assert [text.get_text() for text in figure.axes[0].get_legend().get_texts()] == ["预算数", "决算数"]
    budgets = ["2,647.05", "535.30", "127.58", "232.37"]
    finals = ["2,647.05（完成100.00%）", "535.29（完成100.00%）", "127.57（完成99.99%）", "232.37（完成100.00%）"]
    assert sorted(text.get_text() for text in figure.axes[0].texts) == sorted([*budgets, *finals])


def test_a_class_only_one_side_prints_is_a_bar_of_nought_labelled_none() -> None:
    figure = charts.budget_vs_final_figure("预算与决算", [("住房保障", None, D("12.50"), None)])
    assert _bars(figure) == (["住房保障"], [[0.0], [12.5]])
    assert sorted(text.get_text() for text in figure.axes[0].texts) == ["12.50", "无"]


def test_budget_against_final_chart_reads_the_view(budget_warehouse: duckdb.DuckDBPyConnection) -> None:
    data = charts.chart_data(budget_warehouse, OFFICE)
    assert (data.execution_year, data.execution) == (2020, OFFICE_2020_EXECUTION)  # the latest year with both
    names, lengths = _bars(charts.budget_vs_final_figure("预算与决算", data.execution))
    assert names == ["一般公共服务", "社会保障和就业", "卫生健康", "住房保障"]
    assert lengths == [[2647.05, 535.30, 127.58, 232.37], [2647.05, 535.29, 127.57, 232.37]]
    assert "budget_vs_final" in charts.render_charts(data)
