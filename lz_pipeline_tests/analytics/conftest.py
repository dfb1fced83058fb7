"""A warehouse holding the 2019 and 2020 sample documents, with every derived table refreshed."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from lz_pipeline.analytics.reconcile import document_claims, load_claims
from lz_pipeline.derived.project import build
from lz_pipeline.extract.reader import extract_document
from lz_pipeline.normalize.tables import NormalizedDocument, normalize_document
from lz_pipeline.warehouse.load import load_document
from lz_pipeline_tests.conftest import OFFICE, OFFICE_2019


@pytest.fixture(scope="session")
def normalized_2019() -> NormalizedDocument:
    return normalize_document(extract_document(OFFICE_2019), OFFICE, 2019)


def build_warehouse(
    path: Path, *documents: NormalizedDocument, refresh: Callable[[Path], object] | None = None, claims: bool = False
) -> None:
    """Load the documents (and, with ``claims``, their narrative claims), then build the derived layer (or
    ``refresh`` it otherwise)."""
    with duckdb.connect(str(path)) as conn:
        for document in documents:
            load_document(conn, document)
            if claims:
                load_claims(conn, document.department, document.year, document_claims(document))
    (refresh or (lambda p: build(p, tests=False)))(path)


@pytest.fixture(scope="session")
def warehouse(
    tmp_path_factory: pytest.TempPathFactory, normalized_2019: NormalizedDocument, normalized_2020: NormalizedDocument
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to a warehouse with both sample years and all analytics refreshed."""
    path = tmp_path_factory.mktemp("analytics") / "w.duckdb"
    build_warehouse(path, normalized_2019, normalized_2020, claims=True)
    with duckdb.connect(str(path), read_only=True) as conn:
        yield conn


def with_code(document: NormalizedDocument, old: str, new: str) -> NormalizedDocument:
    """A copy of the document whose 支出决算表 books ``old`` under ``new`` (as another code edition would)."""
    changed = copy.deepcopy(document)
    for record in changed.tables["expenditure"].records:
        if record.keys["code"] == old:
            record.keys["code"] = new
    return changed
