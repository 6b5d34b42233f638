"""Setting a store aside from the screens: the question asked first, then the rename
(:func:`app.store.set_aside.set_aside`, which never deletes anything)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import HearthError
from app.store.set_aside import set_aside


class SetAsideQuestion(QMessageBox):
    """Asks "Set this store aside?", with "Keep this store" as the default answer.

    On "Set it aside and start a new store" the folder is renamed, then ``done_set_aside``
    carries its new path; if it cannot be renamed, ``failed`` carries the reason.
    """

    done_set_aside = Signal(object)
    failed = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            QMessageBox.Icon.Warning,
            "Set this store aside?",
            "Set this store aside and start a new one?",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        self._folder = Path(folder)
        self.setInformativeText(
            f"The folder {self._folder} will be renamed and kept as it is: nothing in it is "
            "deleted. Any changes you have not yet synced stay in that set-aside folder, "
            "where IT can recover them with your council's recovery key or your passphrase "
            "if you remember it.\n\n"
            "You then create a new store with a new passphrase, connect to the server and "
            "get your caseload again."
        )
        self.set_aside_button = self.addButton(
            "Set it aside and start a new store", QMessageBox.ButtonRole.DestructiveRole
        )
        self.keep_button = self.addButton("Keep this store", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.keep_button)
        self.setEscapeButton(self.keep_button)
        self.finished.connect(self._answered)

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is not self.set_aside_button:
            return
        try:
            moved = set_aside(self._folder)
        except HearthError as exc:
            self.failed.emit(exc)
            return
        self.done_set_aside.emit(moved)
