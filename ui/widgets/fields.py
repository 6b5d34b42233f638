"""Form rows shared by Hearth's dialogs.

- :class:`FieldMessage` (from :mod:`ui.widgets.field_message`): the message under a field
  when its input cannot be used (its line kept free, so a message never moves the fields
  below); :func:`recheck_on_edit`.
- :func:`add_field`: a ``label: field`` form row with its message; :func:`dialog_buttons`.
- :class:`FieldRow`: an input with an inline error message under it.
- :class:`DateField`: a line edit that takes ``dd/mm/yyyy`` typing and shows UK dates.
- :class:`ChoiceCombo`: a combo box over a ``code -> label`` dict (codes stored, labels shown).
(:class:`ui.widgets.form_dialog.FormDialog` is the dialog they are used in.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.dates import ImpossibleDate, parse_uk, uk

from ui.widgets.field_caption import FieldCaption
from ui.widgets.field_message import FieldMessage as FieldMessage  # also imported from here
from ui.widgets.field_message import error_style as error_style
from ui.widgets.field_message import grow_to_fit as grow_to_fit
from ui.widgets.field_message import keep_line as keep_line
from ui.widgets.mnemonics import name_buttons
from ui.widgets.theme import box_style, text_style


def banner_style() -> str:
    """What went wrong, in a box above a form or a list."""
    return box_style("problem")


def hint_style() -> str:
    """Quieter words that explain."""
    return text_style("hint")


def notice_style() -> str:
    """Something to take note of (not an error), in a box."""
    return box_style("warning")


DATE_FORMAT_MESSAGE = "Enter the date as dd/mm/yyyy, for example 07/03/2021."


def date_message(error: ValueError) -> str:
    """What to say about a date that could not be read: no such day, or the wrong format."""
    return str(error) if isinstance(error, ImpossibleDate) else DATE_FORMAT_MESSAGE


def on_edit(editor: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever what ``editor`` holds changes (typing, choosing, ticking)."""
    _on_edit(editor, lambda *_args: slot())


def _on_edit(editor: QWidget, slot: Callable[..., None]) -> None:
    if isinstance(editor, QLineEdit | QPlainTextEdit):
        editor.textChanged.connect(slot)
    elif isinstance(editor, QComboBox):
        editor.currentIndexChanged.connect(slot)
        if editor.isEditable():
            editor.editTextChanged.connect(slot)
    elif isinstance(editor, QAbstractButton):
        editor.toggled.connect(slot)
    elif isinstance(editor, QDateTimeEdit):  # a time or a date box: no valueChanged
        editor.dateTimeChanged.connect(slot)
    elif isinstance(editor, QAbstractSpinBox):
        getattr(editor, "valueChanged").connect(slot)  # noqa: B009 - spin boxes of each kind
    elif isinstance(getattr(type(editor), "changed", None), Signal):
        getattr(editor, "changed").connect(slot)  # noqa: B009 - a composite editor's own signal


def recheck_on_edit(
    fields: Mapping[str, tuple[QWidget, FieldMessage]],
    problems: Callable[[], Mapping[str, str]],
) -> None:
    """While a field shows a message, check it again as it is edited: the message goes the
    moment the value is right (or changes to what is wrong now). Quiet fields stay quiet."""
    for key, (editor, message) in fields.items():

        def recheck(key: str = key, message: FieldMessage = message) -> None:
            if not message.isHidden():
                message.show_message(problems().get(key, ""))

        on_edit(editor, recheck)


QWIDGETSIZE_MAX = (1 << 24) - 1  # a widget's width with no maximum set


class FieldRow(QWidget):
    """An input widget with an error label under it; the label's line is kept while
    there is no error, so errors never move the other fields. ``edited`` is emitted
    whenever the input's value changes."""

    edited = Signal()

    def __init__(self, editor: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        # Given more height than a fixed-height box can take, the field stays at the top
        # (beside its label), with its message under it, not spread down the row.
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        # a tick box, or an input narrower than the row (a date, an NHS number), sits at
        # the left without narrowing the row: its hint wraps at the form's edge
        if isinstance(editor, QCheckBox) or editor.maximumWidth() < QWIDGETSIZE_MAX:
            layout.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.addWidget(editor)
        self.hint_label = QLabel(hint)
        self.hint_label.setStyleSheet(hint_style())
        self.hint_label.setWordWrap(True)
        self.hint_label.setVisible(bool(hint))
        layout.addWidget(self.hint_label)
        self.error_label = FieldMessage(reserve=True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.error_label)
        self.setFocusProxy(editor)
        on_edit(editor, self.edited.emit)
        # Take the form's width so hints and messages wrap at the dialog's edge, not the input's.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        window = self.window()
        if isinstance(window, QDialog):
            # Its first size ignores wrapped text (a large font wraps more): without this
            # the kept message lines squeezed the inputs of a dialog opened at 16 pt.
            grow_to_fit(window)

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
    caption = FieldCaption(label, field)
    form.addRow(caption, row)
    if not field.accessibleName():
        field.setAccessibleName(spoken(label))
    return row.error_label


def spoken(label: str) -> str:
    """A label as a screen reader names its field: no mnemonic, colon or required mark."""
    return label.replace("&", "").rstrip(" *").rstrip(":")


def named_row(
    form: QFormLayout, name: str, label: str, editor: QWidget, hint: str = ""
) -> FieldRow:
    """Add ``label: editor`` to ``form`` with a hint and a message line under the editor;
    the editor is named ``name`` (drafts and problems find it by that name) and takes the
    label as its accessible name."""
    row = FieldRow(editor, hint)
    caption = FieldCaption(label, editor)
    form.addRow(caption, row)
    editor.setObjectName(name)
    editor.setAccessibleName(spoken(label))
    return row


def dialog_buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named ``ok_text``, running ``on_ok``) and Cancel (closing ``dialog``)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    name_buttons(buttons)
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
        # Wide enough for the date and its placeholder in the font in use (140 px cut
        # them off at 16 pt).
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("dd/mm/yyyy0") + 24)
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
            # Suggestions in a list as one types: the default inline completion takes
            # Enter for itself whenever the text is selected (as when tabbing in), so
            # Enter did not save the dialog.
            completer = self.completer()
            assert completer is not None  # an editable combo has its completer
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
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


BASE_LINE_SPACING = 16  # a line of 10 pt text at 96 dpi, what pixel heights were chosen for


def lines_high(box: QWidget, pixels_at_10pt: int) -> int:
    """A text box's height for the lines ``pixels_at_10pt`` held at 10 pt, in the box's
    own font: it grows with the text size instead of clipping it."""
    lines = max(1, (pixels_at_10pt - 10) // BASE_LINE_SPACING)
    frame = 2 * (box.frameWidth() if isinstance(box, QFrame) else 1) + 10
    return lines * box.fontMetrics().lineSpacing() + frame


def long_text(height: int = 70, placeholder: str = "") -> QPlainTextEdit:
    """A box for writing at length: Tab moves on (it does not type a tab), as many lines
    high as ``height`` pixels held at 10 pt, in the font in use."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(lines_high(box, height))
    box.setPlaceholderText(placeholder)
    return box
