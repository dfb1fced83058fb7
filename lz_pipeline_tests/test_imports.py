"""No import cycles in lz_pipeline: neither between modules nor between its subpackages (extract →
normalize → extract would be one even when no single module imports itself back)."""

from __future__ import annotations

from lz_pipeline.imports import cycles, graph, subpackage_graph


def test_no_module_imports_itself_back() -> None:
    assert cycles(graph()) == []


def test_no_subpackage_imports_itself_back() -> None:
    assert cycles(subpackage_graph()) == []


def test_the_graph_sees_the_imports() -> None:
    """The checker reads real edges (a checker that finds no imports would find no cycles either)."""
    edges = graph()
    assert "lz_pipeline.catalog" in edges["lz_pipeline.extract.locate"]
    assert "lz_pipeline.settings" in edges["lz_pipeline.runner"]  # ``from lz_pipeline import settings``
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
