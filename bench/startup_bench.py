"""Start-up: ``hearth --version``, ``families``, ``check`` and ``print`` on the demo
store, and the app from launch to its unlock dialog, each against its floor.

Every figure is a fresh process, timed from launch to exit (the app: to the unlock
dialog on screen), and its floor is the bare work underneath, run the same way in
the same round:

- ``--version``: Python starting and stopping (``python -c pass``);
- ``families``: Python, the key derivation (Argon2id with the key file's own
  parameters) and the SQL read of the families and their people, with SQLCipher
  alone (no SQLAlchemy, no Hearth);
- ``check``: the same with the checks' SQL (SQLCipher's, SQLite's and the foreign key
  checks, and a count of every table);
- ``print``: the families floor plus reportlab imported and a one-page PDF made;
- the app: a bare QApplication showing an empty dialog.

Hearth's modules are compiled to bytecode once, into the work folder (as an installed
app's are at install), even where ``PYTHONDONTWRITEBYTECODE`` is set.

The demo store is made in the work folder (60 families, as ``hearth --demo`` makes
it). Each figure is the best of the rounds (the least disturbed by whatever else the
machine is doing), the floor likewise, and the ratio is of the two. Each is given in
seconds from launch and in CPU seconds (``*_cpu``): on a machine busy with other work
the first grows with the queue for a CPU, the second hardly (the key derivation runs
four lanes on threads, so its CPU seconds exceed its seconds on a quiet machine).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import Result, stopwatch

ROUNDS = 5
VERSION_BUDGET_S = 0.2
COMMAND_BUDGET_S = 1.0
DIALOG_BUDGET_S = 1.0

# The floors, as programs of their own: Python, SQLCipher and cryptography only.
FLOOR_READ = """
import base64, json, os, sys
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
import sqlcipher3
body = json.loads(open(sys.argv[1], encoding="utf-8").read())
kdf = body["kdf"]
Argon2id(salt=base64.b64decode(body["salt"]), length=32, iterations=kdf["iterations"],
         lanes=kdf["lanes"], memory_cost=kdf["memory_kib"]).derive(
    os.environ["HEARTH_PASSPHRASE"].encode())
conn = sqlcipher3.connect(sys.argv[2])
conn.execute('PRAGMA key = "' + os.environ["BENCH_RAW_KEY"] + '"')
for statement in json.loads(sys.argv[3]):
    conn.execute(statement).fetchall()
if sys.argv[4] == "pdf":
    import io
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph("Family plan", getSampleStyleSheet()["Title"])])
conn.close()
"""

FLOOR_DIALOG = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication(["hearth"])
dialog = QDialog()
dialog.show()
QTimer.singleShot(0, lambda: os._exit(0))
app.exec()
"""

# The app as `hearth --store DIR` runs it, stopped once the way in is on screen.
APP_TO_DIALOG = """
import os, sys
from PySide6.QtCore import QTimer
from ui.shell import application
from ui.shell.launcher import main
show = application.Startup._show_way_in
def shown(self, *args):
    show(self, *args)
    QTimer.singleShot(0, lambda: os._exit(0 if type(self.dialog).__name__ == "UnlockDialog" else 3))
application.Startup._show_way_in = shown
main(["--store", sys.argv[1]])
"""


def _hearth() -> list[str]:
    """How the installed ``hearth`` is run (its script beside this Python, else the module
    the script calls)."""
    script = Path(sys.executable).with_name("hearth")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ui.shell.launcher"]


def _cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` to its end: (seconds from launch to exit, CPU seconds it used)."""
    cpu = _cpu_of_children()
    with stopwatch() as elapsed:
        done = subprocess.run(list(argv), env=env, capture_output=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[1:3]} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed(), _cpu_of_children() - cpu


def _demo_store(workdir: Path) -> tuple[Path, str]:
    """The demo store in ``workdir``, and a family in it with a plan to print."""
    from sqlalchemy import select

    from app.demo.seed import DEMO_PASSPHRASE, ensure_demo_store
    from app.documents.catalogue import load_document
    from app.errors import HearthError
    from app.store.caseload_store import open_store
    from db.models import Family

    folder = workdir / "demo"
    ensure_demo_store(folder)
    store = open_store(folder, DEMO_PASSPHRASE)
    try:
        references = store.run(lambda s: sorted(s.scalars(select(Family.reference))))
        for reference in references:
            try:
                store.run(load_document, store.profile, reference, "plan")
            except HearthError:
                continue
            return folder, reference
    finally:
        store.close()
    raise RuntimeError("no family in the demo store has a plan")


def _check_sql(folder: Path, env: dict[str, str]) -> list[str]:
    import sqlcipher3

    conn = sqlcipher3.connect(str(folder / "hearth.db"))
    try:
        conn.execute(f'PRAGMA key = "{env["BENCH_RAW_KEY"]}"')
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    finally:
        conn.close()
    return ["PRAGMA cipher_integrity_check", "PRAGMA integrity_check",
            "PRAGMA foreign_key_check", *(f'SELECT count(*) FROM "{t}"' for t in tables)]


def _kdf_seconds(folder: Path, passphrase: str) -> float:
    from app.store import vault

    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        vault.unwrap_key(folder / "hearth.key", passphrase)
        best = min(best, time.perf_counter() - started)
    return best


def run(workdir: Path) -> list[Result]:
    from app.demo.seed import DEMO_PASSPHRASE
    from app.store import vault

    folder, family = _demo_store(workdir)
    key = vault.unwrap_key(folder / "hearth.key", DEMO_PASSPHRASE)
    env = {**os.environ, "HEARTH_PASSPHRASE": DEMO_PASSPHRASE, "QT_QPA_PLATFORM": "offscreen",
           "BENCH_RAW_KEY": key.sqlcipher_pragma_value(), "HEARTH_HOME": str(workdir / "home"),
           # Bytecode as an installed app has it: written once (outside the source tree),
           # even where the shell says not to (PYTHONDONTWRITEBYTECODE), or every run would
           # compile Hearth's modules again (0.15 s of `hearth print`).
           "PYTHONPYCACHEPREFIX": str(workdir / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    store, keyfile, db = str(folder), str(folder / "hearth.key"), str(folder / "hearth.db")
    read = json.dumps(["SELECT * FROM family", "SELECT * FROM person"])
    checks = json.dumps(_check_sql(folder, env))
    floor = [sys.executable, "-c", FLOOR_READ, keyfile, db]
    hearth = _hearth()
    out = str(workdir / "plan.pdf")
    # name -> (budget, the command, its floor)
    cases: dict[str, tuple[float, list[str], list[str]]] = {
        "version": (VERSION_BUDGET_S, [*hearth, "--version"], [sys.executable, "-c", "pass"]),
        "families": (COMMAND_BUDGET_S, [*hearth, "families", "--store", store],
                     [*floor, read, "-"]),
        "check": (COMMAND_BUDGET_S, [*hearth, "check", "--store", store], [*floor, checks, "-"]),
        "print": (COMMAND_BUDGET_S,
                  [*hearth, "print", "--store", store, "--family", family, "--document", "plan",
                   "--out", out], [*floor, read, "pdf"]),
        "app_to_unlock_dialog": (DIALOG_BUDGET_S, [sys.executable, "-c", APP_TO_DIALOG, store],
                                 [sys.executable, "-c", FLOOR_DIALOG]),
    }
    for argv in [c[1] for c in cases.values()] + [c[2] for c in cases.values()]:
        _run(argv, env)  # once untimed: files into the page cache, .pyc written
    # name -> best [wall, cpu] of the command, and of its floor
    best = {name: ([float("inf")] * 2, [float("inf")] * 2) for name in cases}
    for _ in range(ROUNDS):
        for name, (_budget, command, its_floor) in cases.items():
            for kept, argv in zip(best[name], (command, its_floor), strict=True):
                kept[:] = [min(a, b) for a, b in zip(kept, _run(argv, env), strict=True)]
    results: list[Result] = []
    for name, (budget, _command, _floor) in cases.items():
        (wall, cpu), (floor_wall, floor_cpu) = best[name]
        prefix = name if name.startswith("app") else f"cli_{name}"
        results += [
            Result(prefix, wall, "s", budget),
            Result(f"{prefix}_floor", floor_wall, "s"),
            Result(f"{prefix}_vs_floor", wall / floor_wall, "x"),
            # CPU seconds: what a busy machine's waiting does not blur
            Result(f"{prefix}_cpu", cpu, "s"),
            Result(f"{prefix}_cpu_vs_floor", cpu / max(floor_cpu, 1e-3), "x"),
        ]
    kdf = _kdf_seconds(folder, DEMO_PASSPHRASE)
    results.append(Result("key_derivation (part of every store floor)", kdf, "s"))
    return results
