"""A document names its own department and year; a path that says otherwise is a clear error."""

from __future__ import annotations

import pytest

from lz_pipeline.errors import DocumentMismatch
from lz_pipeline.extract.reader import RawDocument, extract_document
from lz_pipeline.normalize.tables import check_identity
from lz_pipeline_tests.conftest import OFFICE, SHANGHAI


def test_the_document_says_who_and_when(raw_2020: RawDocument) -> None:
    assert (raw_2020.department, raw_2020.year) == (OFFICE, 2020)  # 部门：泸州市人民政府办公室, 2020 年度


def test_the_real_report_names_itself_on_its_cover() -> None:
    raw = extract_document(SHANGHAI)
    assert (raw.department, raw.year) == ("上海市普陀区财政局", 2024)  # cover: 上海市普陀区财政局 / 2024年度部门决算


def test_a_path_naming_another_department_fails_naming_both(raw_2020: RawDocument) -> None:
    with pytest.raises(DocumentMismatch) as raised:
        check_identity(raw_2020, "泸州市财政局", 2020)
    assert str(raised.value) == (
        f"{raw_2020.path}: the document names another department or year than its path: it names itself"
        f" '{OFFICE}', its path says '泸州市财政局' (no alias in dim_department)"
    )


def test_a_known_alias_is_the_same_department(raw_2020: RawDocument) -> None:
    check_identity(raw_2020, "泸州市政府办", 2020, aliases=(OFFICE,))


def test_a_path_naming_another_year_fails(raw_2020: RawDocument) -> None:
    with pytest.raises(DocumentMismatch, match="it is the 2020 report, its path says 2021"):
        check_identity(raw_2020, OFFICE, 2021)
