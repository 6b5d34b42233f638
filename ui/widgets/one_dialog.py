"""One dialog at a time on a screen: a second request raises the open one instead
(a double click also counts as "activated"), and a closed dialog is let go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class OneDialogAtATime:
    """Mixed into a screen (before its Qt base): :meth:`open_dialog` shows a dialog whose
    ``saved(id)`` (when it has one) goes to :meth:`dialog_saved` or ``on_saved``;
    :meth:`dialog_open` says whether one is up, and brings it forward."""

    dialog: Any = None

    def dialog_saved(self, record_id: str) -> None:
        """What the screen does after its dialog saved (override)."""

    def dialog_open(self) -> bool:
        if self.dialog is None:
            return False
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def open_dialog(self, dialog: Any, on_saved: Callable[[str], None] | None = None) -> None:
        self.dialog = dialog
        if hasattr(dialog, "saved"):
            dialog.saved.connect(on_saved or self.dialog_saved)
        dialog.finished.connect(lambda _result: self.dialog_closed(dialog))
        dialog.open()

    def dialog_closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
