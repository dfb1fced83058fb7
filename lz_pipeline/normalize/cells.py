"""Cell text → typed values, exactly: amounts to Decimal, codes to digits, names to one clean line."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Printed as: 1,630.09 · 1630.09 · -12.50 · (12.50) · －12.50 · 0.00 · blank · - · —
_AMOUNT = re.compile(r"^(?P<sign>[-−]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$")
_DASHES = {"-", "—", "–", "－", "--", "——", "/"}
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_INNER_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")

WANYUAN_PER_YUAN = Decimal("0.0001")


class CellError(ValueError):
    """Cell text that is not what its column says it is."""


def _fold(text: str) -> str:
    """Full-width digits, commas and minus signs to ASCII; strip every kind of space."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded)


def parse_amount(text: str) -> Decimal | None:
    """An amount exactly as printed; None for a blank or dash cell (which the tables use for zero).

    Raises CellError for anything else, so text is never silently turned into a wrong number.
    """
    folded = _fold(text)
    if folded == "" or folded in _DASHES:
        return None
    negative = folded.startswith("(") and folded.endswith(")")
    if negative:
        folded = folded[1:-1]
    match = _AMOUNT.match(folded)
    if match is None:
        raise CellError(f"not an amount: {text!r}")
    digits = match["int"].replace(",", "") + ("." + match["frac"] if match["frac"] else "")
    try:
        value = Decimal(digits)
    except InvalidOperation as error:  # pragma: no cover - the regex admits only digits
        raise CellError(f"not an amount: {text!r}") from error
    return -value if negative or match["sign"] else value


def to_wanyuan(value: Decimal, unit: str) -> Decimal:
    """万元 exactly: an amount printed in 元 is divided by 10 000 (DECIMAL(20,6) holds it)."""
    if unit == "万元":
        return value
    if unit == "元":
        return value * WANYUAN_PER_YUAN
    raise CellError(f"unknown unit: {unit!r}")


def parse_code(text: str) -> str | None:
    """A classification code (3, 5 or 7 digits) or None when the cell holds no code."""
    folded = _fold(text)
    return folded if _CODE.match(folded) else None


def join_split_code(parts: list[str]) -> str | None:
    """类 | 款 | 项 columns (``201`` | ``03`` | ``01``) → ``2010301``."""
    folded = [_fold(p) for p in parts]
    if not folded or not re.fullmatch(r"\d{3}", folded[0]):
        return None
    code = folded[0]
    for part in folded[1:]:
        if part == "":
            break
        if not re.fullmatch(r"\d{2}", part):
            return None
        code += part
    return code


def code_level(code: str) -> int:
    """1 = 类, 2 = 款, 3 = 项 (functional codes: 3/5/7 digits; economic: 3/5)."""
    return {3: 1, 5: 2, 7: 3}[len(code)]


def clean_name(text: str) -> str:
    """One line: wrapped cells joined, spaces inside Chinese text removed.

    Full-width punctuation stays as printed: （室） is part of the official name.
    """
    joined = text.replace("\u3000", " ").replace("\n", "").strip()
    return _INNER_SPACE.sub("", joined)


def split_code_and_name(text: str) -> tuple[str | None, str]:
    """A cell holding ``2010301 行政运行`` (or the code on one line and the name on the next)."""
    folded = text.strip()
    match = re.match(r"^(\d{3}(?:\d{2}){0,2})\s*(.*)$", folded, re.S)
    if match and match.group(2):
        return match.group(1), clean_name(match.group(2))
    return None, clean_name(folded)
