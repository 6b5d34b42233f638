"""Nothing typed is thrown away unasked: :class:`GuardsInput`, mixed into a dialog (before
its Qt base), makes Escape, Cancel and the window's close button ask "Discard…?" when
anything was typed or chosen since the dialog opened (Keep editing is the default), and
keeps drafts of the dialogs where people write at length (:mod:`ui.widgets.form_draft`).
The form dialogs have it (:class:`ui.widgets.form_dialog.FormDialog`), and so do the
wizards and the other dialogs that take input."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.widgets.fields import notice_style
from ui.widgets.form_draft import DraftKeeper, field_values, restore_values


def typed_values(dialog: QWidget) -> tuple[object, ...]:
    """Everything a person can type or choose in ``dialog``, in a fixed order: what the
    discard guard compares with how the dialog opened."""
    values: list[object] = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
        elif isinstance(widget, QListWidget):
            values.append(tuple(widget.item(i).text() for i in range(widget.count())))
    return tuple(values)


class GuardsInput:
    """The discard question and the drafts, for any dialog: mixed in before the Qt base
    (``class ReviewWizard(GuardsInput, QWizard)``), with :meth:`guard_input` called in the
    dialog's ``__init__``."""

    def guard_input(self) -> None:
        self._opened_with: tuple[object, ...] | None = None  # what it held when shown
        self._discarding = False
        self.drafts: DraftKeeper | None = None  # see keep_drafts
        self.discard_question: QMessageBox | None = None

    @property
    def as_dialog(self) -> QDialog:
        return cast(QDialog, self)

    # -- what was typed ---------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # type: ignore[misc]
        if self._opened_with is None:
            self._opened_with = typed_values(self.as_dialog)
            if self.drafts is not None:
                self.drafts.offer()

    def has_changes(self) -> bool:
        """Whether anything was typed or chosen since the dialog opened."""
        return self._opened_with is not None and typed_values(self.as_dialog) != self._opened_with

    def busy_saving(self) -> bool:
        """A save under way (it closes the dialog when done): Escape waits for it."""
        return False

    def reject(self) -> None:
        """Escape, Cancel or the window's close button: with changes, ask first."""
        if self.busy_saving():
            return
        if self._discarding or not self.has_changes():
            super().reject()  # type: ignore[misc]
            return
        if self.discard_question is not None:
            self.discard_question.raise_()
            return
        self._ask_discard()

    def _ask_discard(self) -> None:
        title = self.as_dialog.windowTitle() or "this form"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard changes?",
            f"Discard what you typed in “{title}”?\n\nNone of it has been saved.",
            QMessageBox.StandardButton.NoButton,
            self.as_dialog,
        )
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setObjectName("discardQuestion")
        self.discard_question = box
        box.finished.connect(lambda _result: self._discard_answered(box, discard))
        box.open()

    def _discard_answered(self, box: QMessageBox, discard: QAbstractButton) -> None:
        self.discard_question = None
        box.deleteLater()
        if box.clickedButton() is discard:
            self._discarding = True
            if self.drafts is not None:
                self.drafts.discard()
            self.reject()

    # -- drafts -------------------------------------------------------------------

    def keep_drafts(self, key: str, family_id: str | None, runner: Any = None) -> None:
        """Keep what is typed as a draft under ``key`` (for the dialogs where people write
        at length): call once the dialog is built and filled."""
        runner = runner if runner is not None else getattr(self, "runner", None)
        notice = QLabel()
        notice.setObjectName("draftNotice")
        notice.setWordWrap(True)
        notice.setStyleSheet(notice_style())
        notice.hide()
        layout = self.as_dialog.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, notice)
        self.drafts = DraftKeeper(
            self.as_dialog, runner, key, family_id,
            fields=self.draft_fields, restore=self.restore_draft, changed=self.has_changes,
            notice=notice,
        )
        self.drafts.follow_edits()

    def draft_fields(self) -> dict[str, Any]:
        """What a draft keeps (override to add inputs that have no name)."""
        return field_values(self.as_dialog)

    def restore_draft(self, fields: dict[str, Any]) -> None:
        restore_values(self.as_dialog, fields)
