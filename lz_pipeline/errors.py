"""Typed extraction errors: each names the file and says what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """A PDF that cannot be turned into tables; fails its own partition only."""

    reason = "cannot be extracted"

    def __init__(self, path: str | Path, detail: str = "", page: int | None = None) -> None:
        self.path = str(path)
        self.detail = detail
        self.page = page
        where = f" (page {page})" if page is not None else ""
        super().__init__(f"{self.path}{where}: {self.reason}" + (f": {detail}" if detail else ""))


class NotAPdf(ExtractionError):
    reason = "not a readable PDF (corrupt, truncated or another format)"


class EncryptedPdf(ExtractionError):
    reason = "encrypted PDF (password protected)"


class NoTextLayer(ExtractionError):
    reason = "no text layer (a scanned, image-only PDF; OCR it first)"


class NotAJuesuan(ExtractionError):
    reason = "not a 部门决算 or 部门预算 document (no appendix table title found)"


class TableShapeError(ExtractionError):
    reason = "table does not have the expected shape"


class DocumentMismatch(ExtractionError):
    reason = "the document names another department or year than its path"
