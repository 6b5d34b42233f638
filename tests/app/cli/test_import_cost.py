"""What each command imports: ``hearth`` run for real under ``python -X importtime``.

The command line starts at once only if a command imports what it needs and no more
(README, "The command line"). Judged by module *names*, not times, so the test holds
on a busy machine: ``hearth families`` importing Qt fails here whether it costs 50 ms
or 500. Each case also names modules the command must import, so a run that read no
import lines (a changed output format, a command that failed early) cannot pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.caseload_store import Profile, Store
from tests.builders import SYNTHETIC_PASSPHRASE, add_numbered_plan, small_family

ROOT = Path(__file__).resolve().parents[3]
IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)\s*$")

# Never needed to read a store: the window, the service, documents, migrations, the network.
WINDOW_AND_SERVICE = ("PySide6", "shiboken6", "fastapi", "starlette", "uvicorn", "httpx")
DOCUMENTS = ("reportlab", "uharfbuzz", "pikepdf", "pypdfium2", "openpyxl", "PIL")
# Alembic only when a store needs updating; these stores are at the newest revision.
MIGRATIONS = ("alembic", "mako")
STORE = ("sqlalchemy", "sqlcipher3", "app.store.caseload_store")

# (arguments after `hearth`, modules it must not import, modules it must import)
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "version": (
        ("--version",),
        (*WINDOW_AND_SERVICE, *DOCUMENTS, *MIGRATIONS, *STORE, "cryptography", "app.cli.main"),
        ("app.version",),
    ),
    "families": (
        ("families", "--store", "{store}"),
        (*WINDOW_AND_SERVICE, *DOCUMENTS, *MIGRATIONS),
        (*STORE, "app.families.caseload"),
    ),
    "check": (
        ("check", "--store", "{store}"),
        (*WINDOW_AND_SERVICE, *DOCUMENTS, *MIGRATIONS, "app.families.caseload"),
        (*STORE, "app.cli.check_command"),
    ),
    "print": (
        ("print", "--store", "{store}", "--family", "{family}", "--document", "plan",
         "--out", "{out}"),
        # only the plan's own modules among the documents
        (*WINDOW_AND_SERVICE, *MIGRATIONS, "openpyxl", "pypdfium2", "app.documents.chronology",
         "app.casework.chronology", "app.documents.ehat_summary", "app.documents.sos_map"),
        # (-X importtime leaves out a module imported by importlib.import_module, as the
        # catalogue imports a document's; the modules that one imports are listed)
        (*STORE, "reportlab", "app.documents.catalogue", "app.documents.family_plan_needs"),
    ),
}


def imported_modules(stderr: str) -> set[str]:
    """The modules ``-X importtime`` reports as imported (each dotted name)."""
    return {m.group(1) for line in stderr.splitlines() if (m := IMPORT_LINE.match(line))}


def top_level(names: set[str], wanted: tuple[str, ...]) -> list[str]:
    """Those of ``wanted`` that were imported, as a package or any module in it."""
    return sorted(w for w in wanted if any(n == w or n.startswith(w + ".") for n in names))


def test_the_import_lines_are_read() -> None:
    """The reader itself: a line of ``-X importtime`` output gives its module's name."""
    sample = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       233 |        359 |           cryptography.x509\n"
        "import time:      8100 |     241329 |   PySide6.QtWidgets\n"
        "hearth: some other line\n"
    )
    names = imported_modules(sample)
    assert names == {"cryptography.x509", "PySide6.QtWidgets"}
    assert top_level(names, ("PySide6", "fastapi", "crypto")) == ["PySide6"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_command_imports_only_what_it_needs(
    case: str, store: Store, store_dir: Path, profile: Profile, tmp_path: Path
) -> None:
    family = small_family(store, profile)
    add_numbered_plan(store, profile, family, 3)
    store.close()  # the command opens the store itself
    template, forbidden, needed = CASES[case]
    out = tmp_path / "plan.pdf"
    args = [a.format(store=store_dir, family=family.reference, out=out) for a in template]
    env = {**os.environ, "HEARTH_PASSPHRASE": SYNTHETIC_PASSPHRASE}
    result = subprocess.run(
        # ui.shell.launcher is what the installed `hearth` runs (pyproject's scripts)
        [sys.executable, "-X", "importtime", "-m", "ui.shell.launcher", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = imported_modules(result.stderr)
    assert top_level(names, needed) == sorted(needed), "the import lines were not read"
    assert top_level(names, forbidden) == [], f"`hearth {template[0]}` imports too much"
    if case == "print":
        assert out.read_bytes().startswith(b"%PDF")


# Run as `hearth --store DIR` runs it; when the unlock dialog is on screen, print the
# modules loaded by then and stop.
WAY_IN = """
import os, sys
from PySide6.QtCore import QTimer
from ui.shell import application
from ui.shell.launcher import main

show = application.Startup._show_way_in

def shown(self, *args):
    show(self, *args)
    def report():
        print(type(self.dialog).__name__, self.dialog.isVisible())
        print(*sorted(sys.modules))
        sys.stdout.flush()
        os._exit(0)
    QTimer.singleShot(0, report)

application.Startup._show_way_in = shown
main(["--store", sys.argv[1]])
"""


def test_the_unlock_dialog_shows_before_the_store_and_the_window_are_imported(
    store: Store, store_dir: Path
) -> None:
    store.close()
    result = subprocess.run(
        [sys.executable, "-c", WAY_IN, str(store_dir)],
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    shown, modules = result.stdout.splitlines()[:2]
    assert shown == "UnlockDialog True"
    names = set(modules.split())
    assert top_level(names, ("PySide6.QtWidgets", "ui.access.unlock_dialog")) == [
        "PySide6.QtWidgets", "ui.access.unlock_dialog"
    ]
    later = ("sqlalchemy", "sqlcipher3", "app.store.caseload_store", "ui.shell.main_window",
             "app.sync", "alembic", *DOCUMENTS, "fastapi", "httpx")
    assert top_level(names, later) == []
