"""Every window shows Hearth's icon (title bar, task bar, Alt+Tab)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

ICON = Path(__file__).resolve().parents[3] / "packaging" / "icons" / "hearth-256.png"


def test_a_window_carries_the_hearth_icon(qtbot: QtBot) -> None:
    window = QDialog()
    qtbot.addWidget(window)
    icon = window.windowIcon()
    assert not icon.isNull()
    shown = icon.pixmap(256, 256).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    assert shown == QImage(str(ICON)).convertToFormat(QImage.Format.Format_ARGB32)
