"""A department-year's PDFs grouped into its publications: the 决算 and the 预算, each from one PDF or two."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lz_pipeline.catalog import DocumentKind
from lz_pipeline.errors import NotAJuesuan
from lz_pipeline.extract.reader import extract_document, extract_files
from lz_pipeline.normalize.documents import normalize_department_year
from lz_pipeline.raw import RawDocument
from lz_pipeline_tests.conftest import OFFICE, REAL

COMMITTEE_2017 = REAL / "budgets/jiangsu/2017/江苏省委办公厅"
TEXT, TABLES = "江苏省委办公厅2017年部门预算.pdf", "江苏省委办公厅2017年预算公开表格.pdf"


@pytest.fixture(scope="module")
def committee_files() -> list[RawDocument]:
    return extract_files(sorted(COMMITTEE_2017.glob("*.pdf")))


def test_text_and_tables_pdfs_make_one_budget(committee_files: list[RawDocument]) -> None:
    by_name = {Path(raw.path).name: raw for raw in committee_files}
    assert by_name[TEXT].is_text_only and by_name[TEXT].document_kind is DocumentKind.BUDGET  # from its text
    assert not by_name[TABLES].is_text_only and by_name[TABLES].document_kind is DocumentKind.BUDGET  # its tables
    # The tables print the full name, the text the short one: the same department (dim_department aliases).
    result = normalize_department_year(committee_files, "中国共产党江苏省委员会办公厅", 2017, ("江苏省委办公厅",))
    (budget,) = result.documents
    assert budget.document_kind is DocumentKind.BUDGET and result.notes == []
    assert [Path(f.path).name for f in budget.files] == [TABLES, TEXT]  # the tables' PDF first
    assert Path(budget.narrative_file).name == TEXT and Path(budget.source_file).name == TABLES
    assert {Path(t.source_file).name for t in budget.tables.values()} == {TABLES}
    assert len(budget.narrative) == 13  # every page of the 13-page text PDF is narrative


def test_a_lone_pdf_without_tables_is_refused() -> None:
    with pytest.raises(NotAJuesuan, match="not a 部门决算 or 部门预算 document"):
        extract_files([COMMITTEE_2017 / TEXT])


def test_a_text_without_its_tables_is_noted_and_the_rest_loads(raw_2020: RawDocument) -> None:
    text = dataclasses.replace(
        extract_document(COMMITTEE_2017 / TEXT, require_tables=False), department=None, year=None
    )
    result = normalize_department_year([raw_2020, text], OFFICE, 2020)
    assert [d.document_kind for d in result.documents] == [DocumentKind.FINAL]
    assert result.notes == [f"预算: text only ({COMMITTEE_2017 / TEXT}), its tables are in no PDF: nothing to load"]
    assert len(result.files) == 2


def test_a_text_naming_neither_publication_is_refused(raw_2020: RawDocument) -> None:
    text = dataclasses.replace(raw_2020, tables=[], printed_kind=None, family="")
    with pytest.raises(NotAJuesuan, match="its text names neither a 部门决算 nor a 部门预算"):
        normalize_department_year([raw_2020, text], OFFICE, 2020)
