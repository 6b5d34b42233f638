"""Make the user guide's pictures (docs/guide/pictures/*.png) from the real screens.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_guide_pictures.py

Opens the demo store of synthetic families (in a temporary HEARTH_HOME, so nothing
of yours is touched or shown), shows the real main window, grabs each screen the
guide shows, and writes it small (at most 760 pixels wide, 64 colours). Run it
again after a screen changes, look at the pictures, and commit them.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "guide" / "pictures"
WIDTH = 760
COLOURS = 64


def _wait(app: object, done: Callable[[], bool], seconds: float = 30) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SystemExit("a screen did not finish loading")
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(20):
        QApplication.processEvents()


def _idle(app: object, runner: object) -> None:
    """Until no task is under way (a screen's data has arrived) and it is painted."""
    for _ in range(3):  # a load can start another load
        _wait(app, lambda: not runner.is_busy)  # type: ignore[attr-defined]


def _save(widget: object, name: str) -> None:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    pixmap = widget.grab()  # type: ignore[attr-defined]
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    import io

    image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    if image.width > WIDTH:
        image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.LANCZOS)
    image = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    OUT.mkdir(parents=True, exist_ok=True)
    image.save(OUT / f"{name}.png", optimize=True)
    print(f"{name}.png: {(OUT / f'{name}.png').stat().st_size // 1024} KB")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="hearth-guide-"))
    os.environ["HEARTH_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from app.demo.seed import DEMO_PASSPHRASE, ensure_demo_store
    from app.reference.levels_of_need import levels_in_use
    from app.reference.settings import Settings
    from app.store import paths
    from app.store.caseload_store import open_store
    from app.store.unlock_attempts import UnlockAttempts
    from db.models.families import Family

    from ui.access.settings_dialog import SettingsDialog
    from ui.documents.document_preview import DocumentPreview
    from ui.shell.application import configure_app
    from ui.shell.main_window import MainWindow
    from ui.shell.task_runner import TaskRunner

    app = QApplication.instance() or QApplication(["hearth"])
    configure_app(app)
    runner = TaskRunner()
    windows = []
    for lead in (False, True):
        folder = paths.demo_store(lead=lead)
        ensure_demo_store(folder, lead=lead)
        store = runner.run_on_store_thread(lambda f=folder: open_store(f, DEMO_PASSPHRASE)).result()
        window = MainWindow(runner, levels_in_use().levels, store, UnlockAttempts(folder=folder))
        window.resize(1180, 720)
        window.folder_label.hide()  # a temporary folder says nothing to a reader
        window.show()
        windows.append(window)
        caseload = window.caseload
        _wait(app, lambda c=caseload: c.pages.currentWidget() is not c.loading_label)
        if lead:
            team = window.today.team
            assert team is not None
            team.show()
            _idle(app, runner)
            _save(window, "team")
            window.close()
            continue
        window.today.show()
        _idle(app, runner)
        _save(window, "today")
        window.show_caseload()
        _idle(app, runner)
        _save(window, "caseload")
        first = store.run(lambda s: s.scalars(select(Family).order_by(Family.reference)).first())
        family_id, reference = first.id, first.reference
        window.open_family(family_id)
        _idle(app, runner)
        _save(window, "family")
        preview = DocumentPreview(runner, window.profile, reference, "plan", window)
        preview.resize(860, 700)
        ready: list[bool] = []
        preview.ready.connect(lambda r=ready: r.append(True))
        preview.show()
        preview.start()
        _wait(app, lambda r=ready: bool(r))
        _save(preview, "print")
        preview.close()
        dialog = SettingsDialog(runner, window.profile, Settings(), window)
        dialog.show()
        _idle(app, runner)
        _save(dialog, "settings")
        dialog.close()
        window.lock()
        _idle(app, runner)
        _save(window, "locked")
        window.close()
    runner.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
