"""The reader without camelot: grids that cannot be right are recognised from their cells (so they are
re-read another way), and grids go to the tables located on their pages."""

from __future__ import annotations

from lz_pipeline.extract.locate import DocumentLayout, PageText, locate_tables
from lz_pipeline.extract.reader import RawPart, RawTable, _assign, grid_problem

GOOD = (
    ("项目", "", "本年支出合计"),
    ("科目编码", "科目名称", ""),
    ("栏次", "", "1"),
    ("合计", "", "3,542.28"),
    ("201", "一般公共服务支出", "2,647.05"),
    ("2010301", "行政运行", "1,630.09"),
)
# What camelot makes of a PDF whose CJK font has zero ascent/descent: Chinese text one row down.
SHIFTED = (
    ("", "", "本年支出合计"),
    ("项目", "", ""),
    ("科目编码", "科目名称", "1"),
    ("栏次", "", "3,542.28"),
    ("201合计", "", "2,647.05"),
    ("2010301", "一般公共服务支出", "1,630.09"),
)
SPLIT_CODES = (("201", "", "", "一般公共服务支出", "2,106.66"), ("201", "06", "01", "行政运行", "1,511.89"))


def _table(rows: tuple[tuple[str, ...], ...]) -> RawTable:
    return RawTable("expenditure", "支出决算表", "万元", None, "lattice-vector", [RawPart(9, rows)])


def test_a_right_grid_has_no_problem() -> None:
    assert grid_problem(_table(GOOD)) is None
    assert grid_problem(_table(SPLIT_CODES)) is None


def test_shifted_text_is_caught() -> None:
    assert grid_problem(_table(SHIFTED)) == "page 9: the 栏次 row holds amounts"
    without_index_row = (*tuple(r for r in SHIFTED if r[0] != "栏次"), ("2010302", "", "847.75"))
    assert grid_problem(_table(without_index_row)) == "page 9: code 2010302 has no name ('847.75')"


def test_a_table_whose_title_ends_a_page_takes_its_grid_from_the_next() -> None:
    """Title and unit line at the foot of page 4, the grid on page 5: still one whole table."""
    pages = [
        PageText(4, ("二、收入决算情况说明", "本年收入合计3542.28万元。", "公开02表", "收入决算表", "单位：万元")),
        PageText(5, ("项目 本年收入合计", "栏次 1", "合计 3,542.28", "201 一般公共服务支出 2,647.05")),
    ]
    located = locate_tables(pages)
    assert [(t.kind.key, t.pages) for t in located] == [("income", [4, 5])]
    layout = DocumentLayout("x.pdf", "0" * 64, pages, located)
    (income,) = _assign(layout, {5: [RawPart(5, GOOD)]}, "lattice-vector")
    assert income.pages == [5] and income.parts[0].rows == GOOD
