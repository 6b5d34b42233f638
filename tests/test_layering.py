"""The core (app/, db/, server/) never imports Qt widgets or GUI, nor the ui package.

Two checks: the import statements themselves (read with ast, so a forbidden
import in a rarely used function is caught), and, in a fresh interpreter,
importing every core module and looking at what ended up in sys.modules (which
catches a forbidden import made indirectly through a dependency).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CORE = ("app", "db", "server")
FORBIDDEN_QT = ("PySide6.QtWidgets", "PySide6.QtGui")


def core_files() -> list[Path]:
    files = []
    for package in CORE:
        files += sorted((PROJECT / package).rglob("*.py"))
    return files


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in ``path`` names, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
            # "from PySide6 import QtWidgets" names the submodule in the alias.
            names += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in (
            "import_module",
            "__import__",
        ) and (
            node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append((node.lineno, node.args[0].value))
    return names


def is_forbidden(module: str, package: str) -> bool:
    if any(module == qt or module.startswith(qt + ".") for qt in FORBIDDEN_QT):
        return True
    if module == "ui" or module.startswith("ui."):
        return True
    # db is below app: it never reaches up into it.
    return bool(package == "db" and (module == "app" or module.startswith("app.")))


def test_the_core_is_there_to_check() -> None:
    files = core_files()
    assert len(files) > 20
    assert PROJECT / "app" / "store" / "caseload_store.py" in files
    assert PROJECT / "db" / "models" / "__init__.py" in files


def test_no_core_module_names_a_forbidden_import() -> None:
    offences = []
    for path in core_files():
        package = path.relative_to(PROJECT).parts[0]
        for line, module in imported_names(path):
            if is_forbidden(module, package):
                offences.append(f"{path.relative_to(PROJECT)}:{line} imports {module}")
    assert offences == []


def test_the_import_check_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import PySide6.QtWidgets\n"
        "from PySide6 import QtGui\n"
        "from PySide6.QtWidgets import QLabel\n"
        "def later():\n"
        "    import ui.shell.main_window\n"
        "    importlib.import_module('PySide6.QtGui')\n"
        "from PySide6 import QtCore\n",
        encoding="utf-8",
    )
    found = [module for _, module in imported_names(sample) if is_forbidden(module, "app")]
    assert found == [
        "PySide6.QtWidgets",
        "PySide6.QtGui",
        "PySide6.QtWidgets",
        "PySide6.QtWidgets.QLabel",
        "ui.shell.main_window",
        "PySide6.QtGui",
    ]


# Modules that are not meant to be imported as such: Alembic loads its env.py and
# revision files itself (env.py refuses to run outside a migration), and
# __main__ starts the service.
SKIP_PARTS = ("__main__", "env")
SKIP_FOLDERS = ("migrations",)

IMPORT_ALL = r"""
import importlib, json, pkgutil, sys

packages, skip_parts, skip_folders = json.loads(sys.argv[1])
imported, failed = [], {}
for package in packages:
    root = importlib.import_module(package)
    imported.append(package)
    for info in pkgutil.walk_packages(root.__path__, prefix=package + "."):
        parts = info.name.split(".")
        if parts[-1] in skip_parts or any(p in skip_folders for p in parts[1:]):
            continue
        try:
            importlib.import_module(info.name)
            imported.append(info.name)
        except Exception as exc:
            failed[info.name] = f"{type(exc).__name__}: {exc}"
loaded = sorted(
    name for name in sys.modules
    if name.startswith(("PySide6.QtWidgets", "PySide6.QtGui", "ui.")) or name == "ui"
)
print(json.dumps({"imported": imported, "failed": failed, "loaded": loaded}))
"""


def test_importing_every_core_module_loads_no_widgets_gui_or_ui() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            IMPORT_ALL,
            json.dumps([list(CORE), list(SKIP_PARTS), list(SKIP_FOLDERS)]),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=240,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}, "core modules that cannot even be imported"
    expected = {
        "app.store.caseload_store",
        "app.store.vault",
        "app.families.households",
        "db.models",
        "db.engine",
    }
    assert expected <= set(report["imported"])
    assert any(name.startswith("server.") for name in report["imported"])
    assert report["loaded"] == []


@pytest.mark.parametrize("package", CORE)
def test_each_core_package_has_an_init(package: str) -> None:
    assert (PROJECT / package / "__init__.py").is_file()
