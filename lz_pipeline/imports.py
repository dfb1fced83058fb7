"""The package's own import graph, read from the source (nothing is imported).

Used by the warehouse's schema fingerprint (the source of every module the schema is built from) and by
the test that keeps the package free of import cycles.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = "lz_pipeline"
ROOT = Path(__file__).resolve().parent


@cache
def modules() -> dict[str, Path]:
    """Module name → its source file, for every module of the package."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported(tree: ast.AST, known: dict[str, Path]) -> set[str]:
    """Every package module an import statement names, wherever it sits (deferred imports count too:
    they hide a cycle from the interpreter, not from the design)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from lz_pipeline import settings`` imports the module settings, not only the package
            names.update(
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module for a in node.names
            )
    return {name for name in names if name in known}


@cache
def imports_of(module: str) -> frozenset[str]:
    """The package modules ``module`` imports (itself and the bare package left out)."""
    known = modules()
    tree = ast.parse(known[module].read_text(encoding="utf-8"))
    return frozenset(_imported(tree, known) - {module, PACKAGE})


def graph() -> dict[str, frozenset[str]]:
    """Module → the package modules it imports, for the whole package."""
    return {name: imports_of(name) for name in modules()}


def closure(module: str) -> set[str]:
    """``module`` and every package module it imports, directly or not (only those are read)."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(imports_of(name))
    return seen


def subpackage(module: str) -> str:
    """The unit of layering: ``lz_pipeline.extract.reader`` → ``lz_pipeline.extract``; top-level modules
    are their own unit."""
    return ".".join(module.split(".")[:2])


def cycles(edges: dict[str, frozenset[str]] | dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def subpackage_graph() -> dict[str, set[str]]:
    """The module graph folded onto subpackages: an edge wherever a module of one imports a module of another."""
    folded: dict[str, set[str]] = {}
    for module, imported in graph().items():
        source = subpackage(module)
        folded.setdefault(source, set()).update(subpackage(m) for m in imported if subpackage(m) != source)
    return folded
