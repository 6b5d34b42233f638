"""Messages beside a field: shown on Save, gone the moment the field is right, and never
moving another field (issue 17). Real widgets, typing and clicking; synthetic names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.dates import ImpossibleDate, parse_uk
from app.families import households as families
from app.families.households import FamilyData
from app.store.caseload_store import Profile, Store
from app.store.unlock_attempts import UnlockAttempts

from ui.access.passphrase_dialog import ChangePassphraseDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.family.person_dialog import PersonDialog
from ui.shell.task_runner import TaskRunner
from ui.widgets.fields import DATE_FORMAT_MESSAGE

SHOTS = Path("/tmp/valid17")


def place(widget: QWidget) -> QRect:
    """Where ``widget`` sits in its window (its own geometry() is relative to its row)."""
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def places(widgets: list[QWidget]) -> list[QRect]:
    """Where the widgets sit once every layout pass asked for has run (Qt runs them on a
    later turn of the event loop, so a measure taken at once could miss a move)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()
    return [place(w) for w in widgets]


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/1999", "There is no 31 February 1999."),
        ("29/02/2023", "There is no 29 February 2023."),
        ("2024-04-31", "There is no 31 April 2024."),
        ("00/05/2020", "There is no 0 May 2020."),
    ],
)
def test_an_impossible_date_is_named_as_such(text: str, message: str) -> None:
    with pytest.raises(ImpossibleDate, match=message):
        parse_uk(text)


def test_a_format_mistake_is_still_a_format_mistake() -> None:
    for text in ("31st Feb", "1999/02/31", "31/02/99", "3102 1999", "12/31/2020"):
        with pytest.raises(ValueError) as raised:
            parse_uk(text)
        assert not isinstance(raised.value, ImpossibleDate), text
        assert text not in str(raised.value)  # errors name the problem, never the value
    assert parse_uk("29/02/2024") == dt.date(2024, 2, 29)


def test_welcome_messages_go_as_each_field_is_fixed_and_nothing_moves(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path
) -> None:
    dialog = WelcomeDialog(runner, store_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = [dialog.name, dialog.role, dialog.team, dialog.passphrase, dialog.confirm]
    before, size = places(fields), dialog.size()

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.name_message.isVisible() and dialog.name_message.text() == "Enter your name."
    assert dialog.team_message.isVisible() and dialog.passphrase_message.isVisible()
    assert places(fields) == before and dialog.size() == size
    dialog.grab().save(str(SHOTS / "welcome-errors.png"))

    qtbot.keyClicks(dialog.name, "R")  # one letter is a name: the message goes at once
    assert dialog.name_message.isHidden()
    assert dialog.team_message.isVisible()  # the others stay until they are fixed
    qtbot.keyClicks(dialog.team, "Riverside")
    assert dialog.team_message.isHidden()
    qtbot.keyClicks(dialog.passphrase, "short")  # still wrong: still a message
    assert dialog.passphrase_message.isVisible()
    qtbot.keyClicks(dialog.passphrase, "-but-now-long-enough")
    assert dialog.passphrase_message.isHidden()
    dialog.role.setFocus()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)
    assert dialog.role_message.isHidden()
    assert places(fields) == before
    qtbot.keyClicks(dialog.name, "obin")  # a quiet field stays quiet as it is typed
    assert dialog.name_message.isHidden()
    dialog.grab().save(str(SHOTS / "welcome-cleared.png"))


@pytest.fixture
def family_id(store: Store, profile: Profile) -> str:
    return store.run(families.save_family, profile, FamilyData(id=None, family_name="Hollowby"))


def test_person_messages_clear_on_the_fix_and_never_move_the_fields(
    qtbot: QtBot, store_runner: TaskRunner, profile: Profile, family_id: str
) -> None:
    dialog = PersonDialog(store_runner, profile, family_id, family_name="Hollowby")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    others = [dialog.family_name, dialog.relationship, dialog.gender, dialog.ethnicity,
              dialog.school, dialog.nhs_number, dialog.save_button]
    before = places(others)

    qtbot.keyClicks(dialog.date_of_birth, "31/02/1999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["date_of_birth"].error == "There is no 31 February 1999."
    assert dialog.rows["given_name"].error == "Enter a first name."
    assert dialog.banner.isHidden()  # the messages are by the fields: no banner pushing them
    assert places(others) == before
    dialog.grab().save(str(SHOTS / "person-errors.png"))

    retype(qtbot, dialog.date_of_birth, "28/02/1999")
    assert dialog.rows["date_of_birth"].error == ""  # gone as the last digit is typed
    assert dialog.rows["given_name"].error == "Enter a first name."
    assert dialog.dob_row.hint_label.text().startswith("Age today")
    assert places(others) == before  # the age appearing moves nothing either
    qtbot.keyClicks(dialog.given_name, "Ada")
    assert dialog.rows["given_name"].error == ""
    assert places(others) == before
    dialog.grab().save(str(SHOTS / "person-cleared.png"))

    retype(qtbot, dialog.date_of_birth, "28th Feb")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["date_of_birth"].error == DATE_FORMAT_MESSAGE
    retype(qtbot, dialog.date_of_birth, "31/04/2001")  # still wrong, but wrong differently
    assert dialog.rows["date_of_birth"].error == "There is no 31 April 2001."
    assert places(others) == before
    assert dialog.isVisible()


@pytest.fixture(params=["narrow", "narrow at 16 pt"])
def text_size(request: pytest.FixtureRequest) -> Iterator[str]:
    """The system's text as it is, or at 16 pt, while the test runs."""
    before = QApplication.font()
    if request.param.endswith("16 pt"):
        font = QFont(before)
        font.setPointSizeF(16)
        QApplication.setFont(font)
    yield request.param
    QApplication.setFont(before)


def test_no_message_however_long_moves_a_field_at_a_narrow_width_or_large_text(
    qtbot: QtBot, runner: TaskRunner, store_dir: Path, text_size: str
) -> None:
    dialog = ChangePassphraseDialog(runner, store_dir, UnlockAttempts())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(1, dialog.height())  # as narrow as it goes
    qtbot.wait(20)
    fields = [dialog.old, dialog.new, dialog.confirm, dialog.ok_button]
    before, size = places(fields), dialog.size()
    line = dialog.new_message.height()

    qtbot.keyClicks(dialog.old, "current-passphrase")
    qtbot.keyClicks(dialog.new, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    message = dialog.new_message
    assert message.isVisible()
    assert message.is_elided()  # longer than the room it has: cut to its line ...
    assert message.shown_text().endswith("…")
    assert message.height() == line
    assert message.toolTip() == message.text() == message.accessibleDescription()  # ... whole
    assert len(message.text()) > len(message.shown_text())
    assert places(fields) == before and dialog.size() == size  # nothing moved
    dialog.grab().save(str(SHOTS / f"long-message-{text_size.replace(' ', '-')}.png"))

    qtbot.keyClicks(dialog.new, "-and-now-long-enough")
    assert message.isHidden()  # gone at once, and nothing jumps
    assert places(fields) == before and dialog.size() == size

    dialog.resize(dialog.width() + 2000, dialog.height())  # room enough: the whole message
    retype(qtbot, dialog.new, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: message.isVisible())
    assert not message.is_elided() and message.shown_text() == message.text()
    assert message.toolTip() == ""
