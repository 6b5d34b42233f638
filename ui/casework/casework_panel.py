"""The base of each casework tab (:class:`CaseworkPanel`: loads through the task runner,
one dialog at a time, errors as sentences, read-only for a closed family) and the small
pieces the tabs share: styles, toolbars, muted labels, lists of names in words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget
from shiboken6 import isValid

from app.errors import HearthError
from app.families.households import FamilyDetail
from app.store.caseload_store import Profile

from ui.widgets.fields import BANNER_STYLE

CLOSED_STYLE = (
    "background: #eceff1; color: #263238; border: 1px solid #90a4ae;"
    " border-left: 5px solid #455a64; border-radius: 4px; padding: 8px 10px; font-weight: 600;"
)
NOTICE_STYLE = (
    "background: #fff4e0; color: #5c3a00; border: 1px solid #f0c987;"
    " border-radius: 4px; padding: 6px 8px;"
)
WARNING_STYLE = NOTICE_STYLE
OVERDUE_COLOUR = "#b3261e"
MUTED_STYLE = "color: #555555;"

# The areas Today and the chronology can open, by tab.


class CaseworkPanel(QWidget):
    """The base of a casework tab.

    ``changed`` says the family's records changed (the view reloads the family,
    which reloads every tab). A subclass implements :meth:`reload` and
    :meth:`_update_buttons`, and lists its edit buttons in ``edit_buttons``.
    """

    changed = Signal()
    loaded = Signal()

    def __init__(self, runner: Any, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.profile = profile
        self.family: FamilyDetail | None = None
        self.family_id: str | None = None
        self.read_only = False
        self.dialog: QWidget | None = None
        self.edit_buttons: list[QPushButton] = []
        self._token = 0
        # Asks "are you sure?"; replaceable so tests can answer without a message box.
        self.confirm: Callable[[str, str], bool] = self._ask

        self.message = QLabel()
        self.message.setObjectName("caseworkMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(BANNER_STYLE)
        self.message.hide()

    # -- family -------------------------------------------------------------------

    def set_family(self, detail: FamilyDetail, read_only: bool) -> None:
        new = detail.family.id != self.family_id
        self.family = detail
        self.family_id = detail.family.id
        if new:
            self.show_message("")
            self.clear()
        self.set_read_only(read_only)
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def clear(self) -> None:
        """Forget the previous family's rows (a new family is loading)."""

    def reload(self) -> None:
        raise NotImplementedError

    def next_token(self) -> int:
        self._token += 1
        return self._token

    def is_current(self, token: int) -> bool:
        """The answer to the latest load, and the tab still exists (answers can outlive it)."""
        return token == self._token and isValid(self)

    def _update_buttons(self) -> None:
        for button in self.edit_buttons:
            button.setEnabled(not self.read_only and self.family_id is not None)

    # -- messages -----------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def failed(self, error: HearthError) -> None:
        if isValid(self):
            self.show_message(error.message)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- dialogs ------------------------------------------------------------------

    def dialog_open(self) -> bool:
        """One dialog at a time: a second request brings the open one forward."""
        if self.dialog is None:
            return False
        self.dialog.raise_()
        self.dialog.activateWindow()
        return True

    def open_dialog(self, dialog: Any, on_saved: Callable[[str], None] | None = None) -> None:
        self.dialog = dialog
        if hasattr(dialog, "saved"):
            dialog.saved.connect(on_saved or self.record_saved)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def record_saved(self, _record_id: str = "") -> None:
        if not isValid(self):
            return
        self.show_message("")
        self.changed.emit()

    # -- opening a record from elsewhere -------------------------------------------

    def open_record(self, record_id: str) -> None:
        """Select (and open) a record once the tab has loaded (Today and the chronology use it)."""


def toolbar(*widgets: QWidget) -> QHBoxLayout:
    bar = QHBoxLayout()
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    return bar


def muted_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(MUTED_STYLE)
    return label


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
