"""Child process for test_visit_draft_kills: types a visit note, one key at a time,
into a real visit dialog over a real store, until it is killed.

Usage: python draft_typist.py STORE_DIR FAMILY_ID   (passphrase in HEARTH_PASSPHRASE)

It first prints ``READY <length of the note the dialog put back from a draft>``; after
each key press has been handled it prints ``<characters typed> <time>`` and flushes, so
the parent knows what had been typed, and when, at the moment of the kill.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.families.households import load_family
from app.store.caseload_store import open_store

from ui.casework.visit_dialog import VisitDialog
from ui.shell.task_runner import TaskRunner

TEXT = (
    "Home visit. Mum says the boiler is fixed and the flat is warm now. Noah showed me "
    "his room and his football cards; he said school is better since he moved class. "
) * 4


def main() -> None:
    folder, family_id = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(["draft_typist"])
    store = open_store(folder, os.environ["HEARTH_PASSPHRASE"])
    runner = TaskRunner()
    runner.store = store
    family = store.run(load_family, store.profile, family_id)
    dialog = VisitDialog(runner, store.profile, family)
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    app.processEvents()
    deadline = time.monotonic() + 30
    QTest.qWait(50)
    while runner.is_busy and time.monotonic() < deadline:
        QTest.qWait(20)  # the dialog has looked for a draft of its own, and put it back
    print("READY", len(dialog.notes.toPlainText()), flush=True)
    for typed, char in enumerate(TEXT, start=1):
        QTest.keyClick(dialog.notes, char)
        app.processEvents()
        print(typed, time.time(), flush=True)
        QTest.qWait(15)
    print("DONE", flush=True)
    QTest.qWait(60_000)


if __name__ == "__main__":
    main()
