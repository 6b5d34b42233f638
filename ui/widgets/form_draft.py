"""Drafts of the dialogs where people write at length (a visit, a meeting, a closure, a
significant event): what is typed is kept in the encrypted store within half a second of
each keystroke, typing on or not (:mod:`app.casework.form_drafts`), and offered again
when the dialog next opens for the same record, so a crash or a flat battery loses at
most the last second.

:func:`field_values` and :func:`restore_values` read and fill a dialog's named inputs
(every input a dialog names with ``setObjectName``); a dialog with more (a list of
follow-ups, say) adds to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTime, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)
from shiboken6 import isValid

from app.casework.form_drafts import Draft, drop_draft, load_draft, save_draft
from app.dates import uk

from ui.widgets.fields import ChoiceCombo

EVERY_MS = 500  # the draft is written at most this long after a keystroke


def _inputs(dialog: QWidget) -> dict[str, QWidget]:
    """The dialog's named inputs (not the parts of a combo or a spin box)."""
    found: dict[str, QWidget] = {}
    for widget in dialog.findChildren(QWidget):
        name = widget.objectName()
        if not name or name.startswith("qt_"):
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox) or (
            isinstance(widget, QAbstractButton) and widget.isCheckable()
        ):
            found.setdefault(name, widget)
    return found


def field_values(dialog: QWidget) -> dict[str, Any]:
    """What each named input holds: text, a choice's code, a time, a tick."""
    values: dict[str, Any] = {}
    for name, widget in _inputs(dialog).items():
        if isinstance(widget, QPlainTextEdit):
            values[name] = widget.toPlainText()
        elif isinstance(widget, QLineEdit):
            values[name] = widget.text()
        elif isinstance(widget, ChoiceCombo):
            values[name] = widget.code()
        elif isinstance(widget, QComboBox):
            values[name] = widget.currentText()
        elif isinstance(widget, QTimeEdit):
            values[name] = widget.time().toString("HH:mm")
        elif isinstance(widget, QAbstractSpinBox):
            values[name] = widget.text()
        elif isinstance(widget, QAbstractButton):
            values[name] = widget.isChecked()
    return values


def restore_values(dialog: QWidget, values: dict[str, Any]) -> None:
    """Put ``values`` back into the dialog's named inputs (unknown names are ignored)."""
    for name, widget in _inputs(dialog).items():
        if name not in values or not widget.isEnabled():
            continue
        value = values[name]
        if isinstance(widget, QPlainTextEdit) and isinstance(value, str):
            widget.setPlainText(value)
            widget.moveCursor(QTextCursor.MoveOperation.End)  # typing carries on after it
        elif isinstance(widget, QLineEdit) and isinstance(value, str):
            widget.setText(value)
        elif isinstance(widget, ChoiceCombo) and isinstance(value, str):
            widget.set_code(value)
        elif isinstance(widget, QComboBox) and isinstance(value, str):
            widget.setCurrentText(value)
        elif isinstance(widget, QTimeEdit) and isinstance(value, str):
            widget.setTime(QTime.fromString(value, "HH:mm"))
        elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
            widget.setChecked(value)


def _local_time(instant: dt.datetime) -> str:
    local = instant.astimezone()
    return f"{uk(local.date())} at {local:%H:%M}"


class DraftKeeper(QObject):
    """Keeps one dialog's draft under ``key``: writes it as people type, offers it when
    the dialog opens, drops it when the dialog saves (the dialog wraps its service with
    :func:`app.casework.form_drafts.dropping_draft`) or the worker discards it."""

    def __init__(
        self,
        dialog: QWidget,
        runner: Any,
        key: str,
        family_id: str | None,
        *,
        fields: Callable[[], dict[str, Any]],
        restore: Callable[[dict[str, Any]], None],
        changed: Callable[[], bool],
        notice: QLabel,
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.runner = runner
        self.key = key
        self.family_id = family_id
        self.fields = fields
        self.restore = restore
        self.changed = changed
        self.notice = notice
        self.restored: Draft | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.write)
        self._stopped = False

    def follow_edits(self) -> None:
        """Write the draft within half a second of each change to a named input (while
        people type on, every half second: a pause is not needed)."""
        for widget in _inputs(self.dialog).values():
            if isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self.edited)
            elif isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.edited)
            elif isinstance(widget, QAbstractSpinBox):
                widget.editingFinished.connect(self.edited)
            elif isinstance(widget, QAbstractButton):
                widget.toggled.connect(self.edited)

    def edited(self, *_args: object) -> None:
        if not self.timer.isActive() and not self._stopped:
            self.timer.start()

    def offer(self) -> None:
        """Look for a draft of this dialog; put it back if there is one."""
        self.runner.run_store(load_draft, self.key, done=self._found, error=lambda _e: None)

    def _found(self, draft: Draft | None) -> None:
        if draft is None or not isValid(self.dialog) or self._stopped:
            return
        if self.changed():
            return  # typing started before the draft arrived: never type over it
        self.restored = draft
        self.restore(draft.fields)
        self.notice.setText(
            f"What you typed on {_local_time(draft.saved_at)} was kept and is back: "
            "it is not saved yet."
        )
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.show()

    def write(self) -> None:
        if self._stopped or not isValid(self.dialog):
            return
        if not self.changed() and self.restored is None:
            return
        title = self.dialog.windowTitle()
        self.runner.run_store(
            save_draft, self.key, self.family_id, title, self.fields(), error=lambda _e: None
        )

    def stop(self) -> None:
        """No more writes (the dialog saved, or is closing)."""
        self._stopped = True
        self.timer.stop()

    def discard(self) -> None:
        """The worker threw the changes away: the draft goes too."""
        self.stop()
        self.runner.run_store(drop_draft, self.key, error=lambda _e: None)
