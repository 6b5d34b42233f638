"""Size limits: no module in app/, db/, server/ or ui/ over 400 lines, no function over 60.

A module counts every line of its file; a function (or method) counts from its ``def``
line to its last line, docstring included (a nested function counts inside its parent
and on its own). Migration revisions (``*/migrations/versions/``) are exempt: each is
history, written once and never edited.

The allowlists below are empty: no module and no function is over its limit. They stay
as the way to admit one offender for a short while (listed with its size, it may only
shrink); the test fails when a new one crosses a limit, when a listed one grows, and
when a listed one is back under its limit or gone.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "db", "server", "ui")
MODULE_LIMIT = 400
FUNCTION_LIMIT = 60

# Modules over 400 lines today, with their lines. May only shrink.
MODULES_OVER_LIMIT: dict[str, int] = {
}

# Functions over 60 lines today, with their lines. May only shrink.
FUNCTIONS_OVER_LIMIT: dict[str, int] = {
}


def _sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((PROJECT / package).rglob("*.py"))
        if not ("migrations" in path.parts and "versions" in path.parts)
    ]


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    """(qualified name, lines) of every function and method under ``tree``."""
    found: list[tuple[str, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            found.append((name, (node.end_lineno or node.lineno) - node.lineno + 1))
            found += _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, prefix + node.name + ".")
        else:
            found += _functions(node, prefix)
    return found


@cache
def measure() -> tuple[dict[str, int], dict[str, int]]:
    """Every module's lines and every function's lines, keyed as in the allowlists."""
    modules: dict[str, int] = {}
    functions: dict[str, int] = {}
    for path in _sources():
        key = path.relative_to(PROJECT).as_posix()
        text = path.read_text(encoding="utf-8")
        modules[key] = len(text.splitlines())
        for name, lines in _functions(ast.parse(text, filename=key)):
            functions[f"{key}::{name}"] = lines
    return modules, functions


def problems(sizes: dict[str, int], allowed: dict[str, int], limit: int) -> list[str]:
    found = []
    for key, lines in sorted(sizes.items()):
        if lines <= limit:
            continue
        if key not in allowed:
            found.append(f"{key}: {lines} lines, over the limit of {limit}: split it")
        elif lines > allowed[key]:
            found.append(f"{key}: grew from {allowed[key]} to {lines} lines: split it")
        elif lines < allowed[key]:
            found.append(f"{key}: down to {lines} lines: lower its allowlist entry to match")
    for key in sorted(allowed):
        if sizes.get(key, 0) <= limit:
            found.append(f"{key}: under {limit} lines or gone: remove its allowlist entry")
    return found


def test_no_module_over_the_limit() -> None:
    modules, _ = measure()
    assert problems(modules, MODULES_OVER_LIMIT, MODULE_LIMIT) == []


def test_no_function_over_the_limit() -> None:
    _, functions = measure()
    assert problems(functions, FUNCTIONS_OVER_LIMIT, FUNCTION_LIMIT) == []


def test_the_size_check_reads_the_tree() -> None:
    modules, functions = measure()
    assert "app/sync/engine.py" in modules or "app/sync/protocol.py" in modules
    assert len(modules) > 100 and len(functions) > 1000


def test_the_size_check_says_what_to_do() -> None:
    allowed = {"a.py": 500, "b.py": 450, "c.py": 420, "gone.py": 900}
    sizes = {"a.py": 501, "b.py": 440, "c.py": 420, "d.py": 401, "e.py": 400}
    assert problems(sizes, allowed, 400) == [
        "a.py: grew from 500 to 501 lines: split it",
        "b.py: down to 440 lines: lower its allowlist entry to match",
        "d.py: 401 lines, over the limit of 400: split it",
        "gone.py: under 400 lines or gone: remove its allowlist entry",
    ]


def test_functions_are_measured_with_their_nesting() -> None:
    tree = ast.parse(
        "def outer():\n    def inner():\n        pass\n    return inner\n"
        "class K:\n    async def method(self):\n        return 1\n"
    )
    assert _functions(tree) == [("outer", 4), ("outer.inner", 2), ("K.method", 2)]
