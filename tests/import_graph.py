"""The project's import graph, read from the source with ``ast`` (nothing is imported).

Every import statement counts, wherever it is: at the top, inside a function, or under
``if TYPE_CHECKING``. ``tests/test_import_rules.py`` checks the layers, cycles and
private names against it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
# The packages whose imports are ruled; tests and benchmarks may reach anywhere.
PACKAGES = ("app", "db", "server", "ui", "migrations")


@dataclass(frozen=True)
class Import:
    """One name an importer takes from a project module."""

    importer: str  # the importing module, dotted
    line: int
    target: str  # the project module imported (the most specific that exists)
    name: str  # the name taken from it ("" for a whole module)


def module_name(path: Path, root: Path = PROJECT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = PROJECT) -> dict[str, Path]:
    """Every module of the ruled packages, by dotted name."""
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path, root)] = path
    return modules


def _absolute(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The dotted name a (possibly relative) ``from`` import names."""
    if level == 0:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _existing(name: str, modules: dict[str, Path]) -> str | None:
    """``name`` or its longest prefix that is a project module."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imports_of(importer: str, path: Path, modules: dict[str, Path]) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _existing(alias.name, modules)
                if target is not None:
                    yield Import(importer, node.lineno, target, "")
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(importer, is_package, node.level, node.module)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:  # "from app.sync import engine"
                    yield Import(importer, node.lineno, submodule, "")
                    continue
                target = _existing(source, modules)
                if target is not None:
                    yield Import(importer, node.lineno, target, alias.name)


def all_imports(root: Path = PROJECT) -> list[Import]:
    modules = project_modules(root)
    found: list[Import] = []
    for name, path in modules.items():
        found += imports_of(name, path, modules)
    return found


def graph(imports: Iterable[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for imp in imports:
        if imp.target != imp.importer:
            edges.setdefault(imp.importer, set()).add(imp.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    nodes = set(edges) | {n for targets in edges.values() for n in targets}
    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found
