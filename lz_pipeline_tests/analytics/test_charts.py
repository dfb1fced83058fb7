"""Charts: the figures they plot (truth files) and Chinese labels drawn with a real CJK font."""

from __future__ import annotations

import struct
import warnings
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from lz_pipeline.analytics import charts
from lz_pipeline_tests.conftest import OFFICE

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
    try:
        font = charts.cjk_font()
    except charts.CJKFontMissing as error:
        pytest.skip(str(error))
    assert font.suffix in {".ttc", ".ttf"}
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


def test_shares_in_the_legend_are_half_up() -> None:
    # 78 / 79.84 = 97.6954…%; the report prints 97.69
    assert charts.share(D("78"), D("79.84")) == D("97.70")
    assert charts.share(D("0.31"), D("79.84")) == D("0.39")


def test_bar_labels_state_the_change_as_the_report_does() -> None:
    assert charts.bar_labels([D("4187.34"), D("3542.28")]) == ["4,187.34", "3,542.28\n减少645.06，下降15.41%"]
