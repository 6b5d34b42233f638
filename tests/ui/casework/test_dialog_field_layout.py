"""The consent and closure dialogs lay their fields out as every form dialog does (issue
17): each label beside its field, on the field's first line of text (at the top of a
multi-line box, level with a line edit's text), and nothing cut off at the dialog's edge,
the closure's outcomes and their notes included. Opened with the buttons a worker presses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.builders import CaseworkFamily

from ui.casework.closure_dialog import CloseFamilyDialog
from ui.casework.consent_dialog import ConsentDialog

WAIT = 20_000


def _open(qtbot: QtBot, view: Any, button: Any, owner: Any) -> Any:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: owner.dialog is not None and owner.dialog.isVisible(), timeout=WAIT)
    return owner.dialog


def _caption(editor: QWidget) -> QLabel:
    """The label a form shows beside ``editor`` (its row's label)."""
    row = editor.parentWidget()
    assert row is not None
    form = row.parentWidget().layout() if row.parentWidget() else None
    assert isinstance(form, QFormLayout)
    label = form.labelForField(row)
    assert isinstance(label, QLabel)
    return label


def _text_top(label: QLabel, dialog: QWidget) -> int:
    """Where the label's text starts, in the dialog's coordinates."""
    return label.mapTo(dialog, QPoint(0, label.contentsRect().top())).y()


def _top(widget: QWidget, dialog: QWidget) -> int:
    return widget.mapTo(dialog, QPoint(0, 0)).y()


def _check_alignment(dialog: QWidget, boxes: list[QWidget]) -> None:
    for box in boxes:
        label = _caption(box)
        label_top = _text_top(label, dialog)
        if isinstance(box, QPlainTextEdit):
            # At the top of the box: on its first line, not floating above nor in the middle.
            assert 0 <= label_top - _top(box, dialog) <= 10, box.objectName()
        else:
            middle = _top(box, dialog) + box.height() / 2
            text_middle = label_top + label.fontMetrics().height() / 2
            assert abs(text_middle - middle) <= 3, box.objectName()


def test_consent_labels_sit_on_their_fields_first_lines(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    view = family_view(seeded.family_id)
    view.tabs.setCurrentIndex(view.consent_tab)
    panel = view.consent_panel
    dialog = _open(qtbot, view, panel.record_button, panel)
    assert isinstance(dialog, ConsentDialog)
    _check_alignment(dialog, [dialog.notes, dialog.taken_by, dialog.given_on, dialog.giver])
    # Its scroll area never scrolls sideways: the form is as wide as it needs.
    assert dialog.scroll_area.viewport().width() >= dialog.notes.parentWidget().width()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_closure_labels_align_and_outcomes_fit_the_dialog(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    view = family_view(seeded.family_id)
    cw = view.casework
    dialog = _open(qtbot, view, cw.close_button, cw)
    assert isinstance(dialog, CloseFamilyDialog)
    _check_alignment(
        dialog,
        [dialog.reason_detail, dialog.family_feedback, dialog.child_feedback, dialog.closed_on],
    )
    table = dialog.outcomes
    assert table.outcomes, "the synthetic family's plan has outcomes"
    viewport = table.parentWidget()
    assert viewport is not None
    notes = table.findChildren(QLineEdit)
    assert len(notes) == len(table.outcomes)
    for note in notes:
        right = note.mapTo(viewport, QPoint(note.width(), 0)).x()
        assert right <= viewport.width()  # the note and its placeholder are not cut off
        assert note.width() >= note.fontMetrics().horizontalAdvance(note.placeholderText())
    # The outcomes are still marked with the mouse, and the mark reaches the request.
    first = table.findChild(QWidget, "achieved_0_yes")
    assert first is not None
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert table.values()[0].achieved == "yes"
    dialog.done(0)
