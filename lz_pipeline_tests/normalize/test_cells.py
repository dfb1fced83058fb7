from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lz_pipeline.normalize.cells import (
    CellError,
    clean_name,
    code_level,
    join_split_code,
    parse_amount,
    parse_code,
    split_code_and_name,
    to_wanyuan,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,630.09", Decimal("1630.09")),
        ("3542.28", Decimal("3542.28")),
        ("0.00", Decimal("0.00")),
        (" 12,345,678.90 ", Decimal("12345678.90")),
        ("-12.50", Decimal("-12.50")),
        ("(12.50)", Decimal("-12.50")),
        ("－１２.５０", Decimal("-12.50")),  # full-width minus and digits
        ("1,630.0\n9", Decimal("1630.09")),  # a cell wrapped inside the number
        ("", None),
        ("-", None),
        ("—", None),
    ],
)
def test_parse_amount(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["合计", "12,34.5", "1.2.3", "2020年", "abc", "1,6300.09"])
def test_parse_amount_refuses_text(text: str) -> None:
    with pytest.raises(CellError):
        parse_amount(text)


def test_yuan_converts_to_wanyuan_exactly() -> None:
    assert to_wanyuan(Decimal("16300912.34"), "元") == Decimal("1630.091234")
    assert to_wanyuan(Decimal("1630.09"), "万元") == Decimal("1630.09")
    with pytest.raises(CellError):
        to_wanyuan(Decimal(1), "千元")


def test_codes() -> None:
    assert parse_code("2010301") == "2010301"
    assert parse_code(" 201 ") == "201"
    assert parse_code("2010") is None
    assert parse_code("合计") is None
    assert join_split_code(["201", "03", "01"]) == "2010301"
    assert join_split_code(["201", "03", ""]) == "20103"
    assert join_split_code(["201", "", ""]) == "201"
    assert join_split_code(["类", "款", "项"]) is None
    assert [code_level(c) for c in ("201", "20103", "2010301")] == [1, 2, 3]


def test_names() -> None:
    assert clean_name("机关事业单位基本养老保险缴\n费支出") == "机关事业单位基本养老保险缴费支出"
    assert clean_name("政府办公厅（室）及 相关机构事务") == "政府办公厅（室）及相关机构事务"
    assert split_code_and_name("2010301\n行政运行") == ("2010301", "行政运行")
    assert split_code_and_name("行政运行") == (None, "行政运行")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_printed_amounts_round_trip(value: Decimal) -> None:
    printed = f"{value:,.2f}"
    assert parse_amount(printed) == value


@given(st.text(max_size=20))
def test_parse_amount_never_guesses(text: str) -> None:
    """Any text is either an exact amount, blank, or refused: never a crash or a silent guess."""
    try:
        value = parse_amount(text)
    except CellError:
        return
    if value is not None:
        assert isinstance(value, Decimal)
        digits = [c for c in text if c.isdigit()]
        assert digits, text


@given(st.text(max_size=12))
def test_codes_are_digits_of_a_level_or_nothing(text: str) -> None:
    code = parse_code(text)
    assert code is None or (code.isascii() and code.isdigit() and code_level(code) in (1, 2, 3))


@given(st.lists(st.text(alphabet="0123456789 类款项", max_size=4), min_size=1, max_size=3))
def test_split_codes_join_to_a_code_of_their_digits_or_nothing(parts: list[str]) -> None:
    code = join_split_code(parts)
    if code is not None:
        assert code_level(code) in (1, 2, 3)
        assert code == "".join(p.replace(" ", "") for p in parts)[: len(code)]


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_yuan_and_wanyuan_agree_exactly(value: Decimal) -> None:
    assert to_wanyuan(value, "元") * 10000 == value
    assert to_wanyuan(value, "万元") == value


@given(st.text(max_size=30))
def test_clean_name_is_one_line_and_keeps_every_character(text: str) -> None:
    name = clean_name(text)
    assert "\n" not in name and "\u3000" not in name
    assert set(name) <= set(text) | {" "}
