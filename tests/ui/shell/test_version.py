"""One version, from pyproject.toml: ``hearth --version`` (answered before Qt or the
store is touched), ``hearth-server --version`` and Help > About."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _pyproject_version() -> str:
    found = re.search(r'(?m)^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text())
    assert found
    return found.group(1)


def test_both_commands_say_the_version_of_pyproject() -> None:
    expected = _pyproject_version()
    for command, name in ((["-m", "ui.shell.launcher"], "hearth"),
                          (["-m", "server.cli"], "hearth-server")):
        result = subprocess.run([sys.executable, *command, "--version"], cwd=ROOT,
                                capture_output=True, text=True, timeout=60,
                                env={"PATH": str(BIN), "QT_QPA_PLATFORM": "offscreen"})
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{name} {expected}"
        assert result.stderr == ""


def test_about_names_the_version(make_window: Any, caseload_store: dict[str, str],
                                 qtbot: QtBot) -> None:
    window = make_window()
    window.about_action.trigger()
    boxes: list[QMessageBox] = []

    def shown() -> bool:
        boxes[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()
                    and w.windowTitle() == "About Hearth"]
        return bool(boxes)

    qtbot.waitUntil(shown)
    assert f"Hearth {_pyproject_version()}:" in boxes[0].text()
    details = boxes[0].detailedText()  # Show Details: each bundled part and its licence
    assert "reportlab" in details and "LGPL-3.0" in details and "SIL OFL 1.1" in details
    boxes[0].button(QMessageBox.StandardButton.Ok).click()
