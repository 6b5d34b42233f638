"""The add-action dialog's messages: beside their field, never over the text box, gone
once the field is right, and nothing moving as they come and go (issue 17)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.builders import CaseworkFamily
from tests.ui.casework.test_plan_owners import action_dialog


def place(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def test_action_messages_sit_under_their_box_and_go_as_it_is_fixed(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    dialog = action_dialog(family_view, seeded.family_id)
    qtbot.waitExposed(dialog)
    dialog.text.clear()
    others = [dialog.text, dialog.owner, dialog.due_on, dialog.domain, dialog.save_button]
    before = [place(w) for w in others]

    qtbot.keyClicks(dialog.due_on, "31/02/2030")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text_row, due_row = dialog.rows["text"], dialog.rows["due_on"]
    assert text_row.error == "Say what will be done."
    assert due_row.error == "There is no 31 February 2030."
    assert [place(w) for w in others] == before
    message = place(text_row.error_label)
    assert not message.intersects(place(dialog.text))  # under the box, not over it
    assert message.bottom() < place(dialog.owner).top()
    dialog.grab().save("/tmp/valid17/action-errors.png")

    qtbot.keyClicks(dialog.text, "Book a dentist appointment")
    assert text_row.error == ""
    assert due_row.error == "There is no 31 February 2030."
    dialog.due_on.setFocus()
    qtbot.keyClick(dialog.due_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.due_on, "28/02/2030")
    assert due_row.error == ""
    assert [place(w) for w in others] == before
    dialog.grab().save("/tmp/valid17/action-cleared.png")
