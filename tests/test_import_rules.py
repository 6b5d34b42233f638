"""Import contracts: the layers, no import cycles, no reaching into another module's privates.

A plain test over the source's import statements (``tests/import_graph.py``, read with
``ast``) rather than import-linter: it needs no dependency, it sees imports inside
functions (import-linter's graph does too, but its cycle contract needs a plugin), and
its allowlists sit beside the rules they bend, each saying what must happen to it.

Layers, top to bottom: ``ui -> app -> db`` (with ``migrations``, the store's scripts,
beside ``db``). A layer imports only those below it, and ``ui`` reaches the store only
through ``app``. The central service (``server``) shares with the client only the sync
protocol, the value rules, the council configuration and the forms.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from tests.import_graph import (
    PROJECT,
    Import,
    all_imports,
    cycles,
    graph,
    imports_of,
    module_name,
    project_modules,
)

# What each package may import of the project (besides itself).
MAY_IMPORT: dict[str, set[str]] = {
    "ui": {"app"},
    "app": {"db", "migrations"},
    "db": {"migrations"},
    "migrations": {"db"},
    "server": {"db", "app"},  # app: only SERVER_MAY_USE, below
}
# The modules of app/ that the service shares with the client.
SERVER_MAY_USE = (
    "app.sync.protocol", "app.sync.values", "app.reference.council_config", "app.version"
)
SERVER_MAY_USE_PACKAGES = ("app.forms",)

# Import cycles that exist today, TO BE BROKEN: a cycle is allowed only inside one of
# these groups, so any new cycle fails. Remove a group once its cycle is gone; it may
# shrink, never grow.
KNOWN_CYCLES: list[frozenset[str]] = []

# A name with a leading underscore belongs to its module: no other module imports it or
# reads it as an attribute, not even one in the same package (if a sibling needs it, it
# is not private; rename it). A private *module* (``_wire.py``) may be imported from its
# own package only. Offenders today, TO BE FIXED; this list may only shrink.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str, str]] = set()  # (importer, module, name)


@cache
def _project_imports() -> tuple[Import, ...]:
    return tuple(all_imports())


@cache
def _project_private_uses() -> frozenset[tuple[str, str, str]]:
    return frozenset(private_uses())


def _top(module: str) -> str:
    return module.split(".")[0]


def layer_offences(imports: Iterable[Import]) -> list[str]:
    offences = []
    for imp in imports:
        have, want = _top(imp.importer), _top(imp.target)
        if have == want:
            continue
        allowed = want in MAY_IMPORT.get(have, set())
        if allowed and have == "server" and want == "app":
            allowed = imp.target in SERVER_MAY_USE or any(
                imp.target == p or imp.target.startswith(p + ".") for p in SERVER_MAY_USE_PACKAGES
            )
        if not allowed:
            offences.append(f"{imp.importer}:{imp.line} imports {imp.target}")
    return offences


def _private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def private_uses(root: Path = PROJECT) -> set[tuple[str, str, str]]:
    """(importer, module, name) for each private name or module taken from elsewhere."""
    modules = project_modules(root)
    found: set[tuple[str, str, str]] = set()
    for imp in all_imports(root):
        if imp.target == imp.importer:
            continue
        if _private(imp.name):
            found.add((imp.importer, imp.target, imp.name))
        parts = imp.target.split(".")
        hidden = [k for k, part in enumerate(parts) if _private(part)]
        if hidden and not imp.importer.startswith(".".join(parts[: hidden[0]]) + "."):
            found.add((imp.importer, imp.target, ""))
    # module._name, where ``module`` is a project module imported under that name
    for importer, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                local |= {a.asname: a.name for a in node.names if a.asname and a.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for a in node.names:
                    if f"{node.module}.{a.name}" in modules:
                        local[a.asname or a.name] = f"{node.module}.{a.name}"
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in local
                and _private(node.attr)
            ):
                found.add((importer, local[node.value.id], node.attr))
    return found


# -- the rules -----------------------------------------------------------------------


def test_the_graph_sees_the_project() -> None:
    imports = _project_imports()
    importers = {imp.importer for imp in imports}
    assert {"ui.shell.main_window", "app.sync.engine", "server.sync_service"} <= importers
    assert len(imports) > 1000


def test_each_layer_imports_only_the_layers_below_it() -> None:
    assert layer_offences(_project_imports()) == []


def test_no_new_import_cycle() -> None:
    found = cycles(graph(_project_imports()))
    new = [sorted(c) for c in found if not any(c <= known for known in KNOWN_CYCLES)]
    assert new == [], "a new import cycle: break it (no deferred import to hide it)"


@pytest.mark.parametrize("known", KNOWN_CYCLES, ids=lambda c: sorted(c)[0])
def test_a_known_cycle_still_exists_or_leaves_the_list(known: frozenset[str]) -> None:
    found = cycles(graph(_project_imports()))
    assert any(c & known for c in found), (
        f"the cycle through {sorted(known)} is broken: remove it from KNOWN_CYCLES"
    )


def test_no_new_import_of_a_private_name() -> None:
    new = sorted(_project_private_uses() - KNOWN_PRIVATE_IMPORTS)
    assert new == [], "private to its module: make it public or move it where it belongs"


def test_the_private_allowlist_only_shrinks() -> None:
    gone = sorted(KNOWN_PRIVATE_IMPORTS - _project_private_uses())
    assert gone == [], "fixed: remove these from KNOWN_PRIVATE_IMPORTS"


# -- the checks check ----------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_graph_sees_every_form_of_import(tmp_path: Path) -> None:
    _write(tmp_path, {
        "app/__init__.py": "",
        "app/a.py": "from app import b\n",
        "app/b.py": "def later():\n    from .c import thing\n",
        "app/c.py": "import app.a as again\n",
        "ui/__init__.py": "",
        "ui/view.py": "from app.c import _hidden\nfrom app import _wire\n",
        "app/_wire.py": "",
        "app/d.py": "from app import _wire\n",
    })
    modules = {module_name(p, tmp_path): p for p in sorted(tmp_path.rglob("*.py"))}
    imports = [i for m, p in modules.items() for i in imports_of(m, p, modules)]
    assert cycles(graph(imports)) == [frozenset({"app.a", "app.b", "app.c"})]
    assert Import("ui.view", 1, "app.c", "_hidden") in imports
    assert Import("ui.view", 2, "app._wire", "") in imports
    assert layer_offences(imports) == []
    assert layer_offences([Import("app.a", 3, "ui.view", "")]) == ["app.a:3 imports ui.view"]
    assert layer_offences([Import("server.x", 1, "app.sync.engine", "")]) != []
    assert layer_offences([Import("server.x", 1, "app.forms.schema", "")]) == []
    assert layer_offences([Import("ui.x", 1, "db.models", "")]) != []
    assert private_uses(tmp_path) == {("ui.view", "app.c", "_hidden"), ("ui.view", "app._wire", "")}


def test_the_project_root_is_this_checkout() -> None:
    assert (PROJECT / "pyproject.toml").is_file()
