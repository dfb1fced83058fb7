"""Advisory checks: codes missing from the code lists, year-over-year swings (figures from the truth files)."""

from __future__ import annotations

from decimal import Decimal

from lz_pipeline.checks.advisories import Swing, UnknownCode, unknown_codes, yoy_swings
from lz_pipeline.defs.checks import code_lists_for
from lz_pipeline.normalize.tables import NormalizedDocument

D = Decimal
# 泸州市人民政府办公室, 支出决算表 合计 / 类 rows and the 收、支总计 (truth files 2019 and 2020).
OFFICE_2019 = {
    "收、支总计": D("4187.34"),
    "支出 201 一般公共服务支出": D("3180.62"),
    "支出 208 社会保障和就业支出": D("567.45"),
    "支出 210 卫生健康支出": D("135.20"),
    "支出 221 住房保障支出": D("304.07"),
    "基本支出": D("2902.74"),
    "项目支出": D("1284.60"),
}
OFFICE_2020 = {
    "收、支总计": D("3542.28"),
    "支出 201 一般公共服务支出": D("2647.05"),
    "支出 208 社会保障和就业支出": D("535.29"),
    "支出 210 卫生健康支出": D("127.57"),
    "支出 221 住房保障支出": D("232.37"),
    "基本支出": D("2689.78"),
    "项目支出": D("852.50"),
}


def test_every_code_of_the_2020_report_is_in_the_code_lists(normalized_2020: NormalizedDocument) -> None:
    known = code_lists_for(2020)
    assert set(known) == {"function", "economic"}
    assert unknown_codes(normalized_2020, known) == []


def test_a_code_missing_from_the_list_is_reported_once_per_table(normalized_2020: NormalizedDocument) -> None:
    known = code_lists_for(2020)
    known["function"].discard("2010350")  # 事业运行
    assert unknown_codes(normalized_2020, known) == [
        UnknownCode("收入决算表", "2010350", "事业运行", 8),
        UnknownCode("支出决算表", "2010350", "事业运行", 9),
        UnknownCode("财政拨款支出决算明细表", "2010350", "事业运行", 12),
        UnknownCode("一般公共预算财政拨款支出决算表", "2010350", "事业运行", 13),
    ]


def test_no_figure_of_the_office_moved_by_half_from_2019_to_2020() -> None:
    assert yoy_swings(OFFICE_2020, OFFICE_2019) == []  # 收、支总计 −15.41%, 项目支出 −33.64% at most


def test_a_lower_threshold_flags_exactly_the_project_expenditure() -> None:
    (swing,) = yoy_swings(OFFICE_2020, OFFICE_2019, threshold=D("0.3"))
    assert swing == Swing("项目支出", D("1284.60"), D("852.50"))
    assert swing.change == D("-432.10")


def test_a_figure_that_drops_to_zero_is_a_swing() -> None:
    assert yoy_swings({"项目支出": D(0)}, {"项目支出": D("852.50")}) == [Swing("项目支出", D("852.50"), D(0))]
