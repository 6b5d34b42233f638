"""The Help menu's About Hearth box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.licences import licence_text
from app.version import version


def show_about(parent: QWidget) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "About Hearth",
        f"Hearth {version()}: early help casework, offline first. Everything on this "
        "computer is kept in an encrypted store that only your passphrase opens.\n\n"
        "Hearth is built on free software: Show Details lists each part it bundles and its "
        "licence.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setDetailedText(licence_text())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
