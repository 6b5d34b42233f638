"""Shown at launch instead of the unlock dialog when the store folder holds a store
whose making was interrupted: it says what was found, and offers to set it aside
(renamed, never deleted) and start again, or to quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import HearthError
from app.store.set_aside import set_aside

from ui.widgets.fields import FieldMessage


def found_text(folder: Path, findings: list[str]) -> str:
    found = "; ".join(findings)
    return (
        f"In the store folder {folder} Hearth found {found}\n\n"
        "A store like this cannot be opened. Setting it aside renames the folder and keeps "
        "everything in it (nothing is deleted), then you can create a new store."
    )


class HalfMadeDialog(QDialog):
    """Emits ``done_set_aside(Path)`` once the folder is renamed; Quit rejects."""

    done_set_aside = Signal(object)

    def __init__(self, folder: Path, findings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hearth")
        self._folder = Path(folder)
        title = QLabel("This store was never finished")
        title.setObjectName("dialogTitle")
        self.found = QLabel(found_text(self._folder, findings))
        self.found.setWordWrap(True)
        self.message = FieldMessage()
        self.set_aside_button = QPushButton("Set it aside and start again")
        self.set_aside_button.setDefault(True)
        self.set_aside_button.clicked.connect(self._set_aside)
        self.quit_button = QPushButton("Quit")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.set_aside_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.found)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def _set_aside(self) -> None:
        try:
            moved = set_aside(self._folder)
        except HearthError as exc:
            self.message.show_message(exc.message)
            return
        self.done_set_aside.emit(moved)
