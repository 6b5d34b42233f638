"""Form rows shared by Hearth's dialogs.

- :class:`FieldMessage`: the message under a field when its input cannot be used.
- :func:`add_field`: a ``label: field`` form row with its message; :func:`dialog_buttons`.
- :class:`FieldRow`: an input with an inline error message under it.
- :class:`DateField`: a line edit that takes ``dd/mm/yyyy`` typing and shows UK dates.
- :class:`ChoiceCombo`: a combo box over a ``code -> label`` dict (codes stored, labels shown).
- :class:`FormDialog`: a dialog that saves through the task runner, shows each
  validation problem next to its field and stays open until the save succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.dates import parse_uk, uk
from app.errors import HearthError, ValidationFailed

ERROR_STYLE = "color: #b00020; font-weight: 600;"
BANNER_STYLE = (
    "background: #fdecea; color: #8a1c1c; border: 1px solid #f5c2c0;"
    " border-radius: 4px; padding: 6px 8px;"
)
HINT_STYLE = "color: #555555;"

DATE_FORMAT_MESSAGE = "Enter the date as dd/mm/yyyy, for example 07/03/2021."


class FieldMessage(QLabel):
    """The message shown under a field when its input cannot be used; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        window = self.window()
        if isinstance(window, QDialog) and window.isVisible():
            grow_to_fit(window)


def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for its wrapped text (a new message can need more lines)."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalSizeHint().height()
    if needed > window.height():
        window.resize(width, needed)


class FieldRow(QWidget):
    """An input widget with an error label under it, hidden while there is no error."""

    def __init__(self, editor: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if isinstance(editor, QCheckBox):
            layout.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.addWidget(editor)
        self.hint_label = QLabel(hint)
        self.hint_label.setStyleSheet(HINT_STYLE)
        self.hint_label.setWordWrap(True)
        self.hint_label.setVisible(bool(hint))
        layout.addWidget(self.hint_label)
        self.error_label = FieldMessage()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error_label)
        self.setFocusProxy(editor)
        # Take the form's width so hints and messages wrap at the dialog's edge, not the input's.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    @property
    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def set_error(self, message: str) -> None:
        self.error_label.show_message(message)
        self.error_label.setAccessibleName(message)

    def clear_error(self) -> None:
        self.set_error("")


def add_field(form: QFormLayout, label: str, field: QWidget) -> FieldMessage:
    """Add ``label: field`` to ``form`` with a message line under the field; return the message."""
    row = FieldRow(field)
    caption = QLabel(label)
    caption.setBuddy(field)
    form.addRow(caption, row)
    return row.error_label


def dialog_buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named ``ok_text``, running ``on_ok``) and Cancel (closing ``dialog``)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok_button.setText(ok_text)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok_button


class DateField(QLineEdit):
    """Typing ``dd/mm/yyyy`` (or ``d/m/yyyy``, ``yyyy-mm-dd``); shows UK format once typed."""

    def __init__(self, date: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)
        self.setMaximumWidth(140)
        self.set_date(date)
        self.editingFinished.connect(self._tidy)

    def set_date(self, date: dt.date | None) -> None:
        self.setText(uk(date))

    def date(self) -> dt.date | None:
        """The date typed, None when empty; raise ValueError when it is not a date."""
        return parse_uk(self.text())

    def _tidy(self) -> None:
        try:
            date = self.date()
        except ValueError:
            return
        if date is not None:
            self.setText(uk(date))


class ChoiceCombo(QComboBox):
    """A combo over ``code -> label``. With ``editable`` a person may type another value.

    ``blank`` adds a first, empty choice (code ``""``) with that text.
    """

    def __init__(
        self,
        choices: Mapping[str, str],
        *,
        blank: str | None = None,
        editable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(editable)
        if editable:
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if blank is not None:
            self.addItem(blank, "")
        for code, label in choices.items():
            self.addItem(label, code)
        self.setMaxVisibleItems(20)

    def code(self) -> str:
        if self.isEditable():
            text = self.currentText().strip()
            index = self.findText(text, Qt.MatchFlag.MatchFixedString)
            return str(self.itemData(index)) if index >= 0 else text
        data = self.currentData()
        return "" if data is None else str(data)

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)
        elif self.isEditable():
            self.setEditText(code)
        elif code:
            # A value from elsewhere (say a council's older list): keep it choosable.
            self.addItem(code, code)
            self.setCurrentIndex(self.count() - 1)


def plain_text(widget: QWidget) -> str:
    """The text a form input holds, whatever its kind."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, ChoiceCombo):
        return widget.code()
    if isinstance(widget, QComboBox):
        return widget.currentText().strip()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    raise TypeError(f"no text for {type(widget).__name__}")


class FormDialog(QDialog):
    """A dialog whose Save runs a store service; problems show next to their fields.

    A subclass adds rows with :meth:`add_row`, and implements :meth:`collect`
    (return the service and its arguments, or raise ValidationFailed for
    problems found before saving, such as a date that is not a date).
    """

    saved = Signal(str)

    def __init__(self, runner: Any, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.setModal(True)
        self.rows: dict[str, FieldRow] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._saving = False

        self.banner = QLabel()
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    # -- building -------------------------------------------------------------

    def add_row(
        self, form: QFormLayout, name: str, label: str, editor: QWidget, hint: str = ""
    ) -> FieldRow:
        row = FieldRow(editor, hint)
        caption = QLabel(label)
        caption.setBuddy(editor)
        form.addRow(caption, row)
        self.rows[name] = row
        self._forms[name] = form
        editor.setObjectName(name)
        editor.setAccessibleName(label.replace("&", "").rstrip(":"))
        return row

    @staticmethod
    def new_form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(8)
        return form

    def set_row_visible(self, name: str, visible: bool) -> None:
        self._forms[name].setRowVisible(self.rows[name], visible)

    # -- reading --------------------------------------------------------------

    def read_date(self, name: str, problems: dict[str, str]) -> dt.date | None:
        editor = self.rows[name].editor
        assert isinstance(editor, DateField)
        try:
            return editor.date()
        except ValueError:
            problems[name] = DATE_FORMAT_MESSAGE
            return None

    def collect(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        raise NotImplementedError

    def result_id(self, result: Any) -> str:
        return str(result)

    # -- saving ---------------------------------------------------------------

    @property
    def is_saving(self) -> bool:
        return self._saving

    def clear_problems(self) -> None:
        for row in self.rows.values():
            row.clear_error()
        self.banner.hide()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self.clear_problems()
        first: FieldRow | None = None
        general: list[str] = []
        for name, message in problems.items():
            row = self.rows.get(name)
            if row is None or row.isHidden():
                general.append(message)
                continue
            row.set_error(message)
            first = first or row
        if general:
            self.show_banner(" ".join(general))
        elif first is not None:
            self.show_banner("Please check the highlighted details.")
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        # Tall enough for the wrapped messages at this width (adjustSize ignores wrapping,
        # and a fixed-height editor then had its message drawn over it).
        grow_to_fit(self)

    def show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def save(self) -> None:
        if self._saving:
            return
        try:
            service, args = self.collect()
        except ValidationFailed as problems:
            self.show_problems(problems.problems)
            return
        self.clear_problems()
        self._set_saving(True)
        self.runner.run_store(service, *args, done=self._saved, error=self._failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_button.setText("Saving…" if saving else "Save")

    def _saved(self, result: Any) -> None:
        self._set_saving(False)
        self.saved.emit(self.result_id(result))
        self.accept()

    def _failed(self, error: HearthError) -> None:
        self._set_saving(False)
        if isinstance(error, ValidationFailed):
            self.show_problems(error.problems)
        else:
            self.show_banner(error.message)
