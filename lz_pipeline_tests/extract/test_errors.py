"""Bad PDFs fail with a typed error that names the file and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from lz_pipeline.errors import (
    EncryptedPdf,
    ExtractionError,
    NotAJuesuan,
    NotAPdf,
    NoTextLayer,
)
from lz_pipeline.extract.reader import extract_document
from lz_pipeline_tests.conftest import OFFICE_2020
from lz_pipeline_tests.fixtures import bad_pdfs


@pytest.mark.parametrize(
    ("make", "error", "reason"),
    [
        (lambda t: bad_pdfs.random_bytes(t), NotAPdf, "no %PDF- header"),
        (lambda t: bad_pdfs.truncated(OFFICE_2020, t), NotAPdf, "not a readable PDF"),
        (lambda t: bad_pdfs.encrypted(OFFICE_2020, t), EncryptedPdf, "encrypted PDF"),
        (lambda t: bad_pdfs.scanned(OFFICE_2020, t, range(5, 9)), NoTextLayer, "none of its 4 pages has any text"),
        (
            lambda t: bad_pdfs.only_pages(OFFICE_2020, t, [0, 1, 2]),
            NotAJuesuan,
            "none of its 3 pages has a table title and unit line",
        ),
    ],
    ids=["random-bytes", "truncated", "encrypted", "scanned", "narrative-only"],
)
def test_bad_pdf_fails_with_named_file_and_reason(
    tmp_path: Path, make, error: type[ExtractionError], reason: str
) -> None:
    path = make(tmp_path / "坏文件.pdf")
    with pytest.raises(error) as raised:
        extract_document(path)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert reason in message


def test_a_document_missing_a_table_loads_the_others(tmp_path: Path) -> None:
    path = bad_pdfs.only_pages(OFFICE_2020, tmp_path / "缺表.pdf", [*range(0, 7), *range(8, 22)])  # without page 8
    raw = extract_document(path)
    assert raw.missing == ["income"]
    assert [t.kind_key for t in raw.tables if t.status == "quarantined"] == []
    assert len([t for t in raw.tables if t.status == "loaded"]) == 9
