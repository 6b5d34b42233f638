"""One dialog at a time on a screen: a second request raises the open one instead
(a double click also counts as "activated"), and a closed dialog is let go."""

from __future__ import annotations

from typing import Any


class OneDialogAtATime:
    """Mixed into a screen (before its Qt base): ``_open`` shows a form dialog whose
    ``saved(id)`` goes to ``_dialog_saved``; ``_dialog_open`` says whether one is up."""

    dialog: Any = None

    def _dialog_saved(self, record_id: str) -> None:
        """What the screen does after its dialog saved (override)."""

    def _dialog_open(self) -> bool:
        if self.dialog is None:
            return False
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._dialog_saved)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
