"""Issue 17: every field of the family dialog has a label a person can read (the second
address line had none), and the request date shows whole, at the usual size and at 16 pt.

Real widgets over a real store, driven with the mouse and keys; all data is synthetic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.families import households as families
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store

from ui.family.family_dialog import FamilyDialog
from ui.family.person_dialog import PersonDialog
from ui.shell.task_runner import TaskRunner
from ui.widgets import window_memory


@pytest.fixture(params=[0.0, 16.0])
def point_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    before = QApplication.font()
    if request.param:
        font = QFont(before)
        font.setPointSizeF(request.param)
        QApplication.setFont(font)
    yield request.param
    QApplication.setFont(before)



def test_the_second_address_line_has_a_label(
    qtbot: QtBot, store_runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
    store: Store,
) -> None:
    fid = store.run(families.save_family, profile,
                    families.FamilyData(id=None, family_name="Hollowby"))
    detail = store.run(families.load_family, profile, fid)
    dialog = FamilyDialog(store_runner, levels, profile, detail.family)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    row = dialog.rows["address_line2"]
    captions = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.address_line2]
    assert [c.text() for c in captions] == ["Address line 2"] and captions[0].isVisible()
    assert row.isVisible()
    assert dialog.address_line2.accessibleName() == "Address line 2"
    qtbot.mouseClick(dialog.address_line2, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.address_line2, "Flat 2")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = store.run(families.load_family, profile, fid)
    assert saved.family.address_line2 == "Flat 2"


def test_the_request_date_shows_whole(
    qtbot: QtBot, point_size: float, store_runner: TaskRunner, levels: LevelsOfNeed,
    profile: Profile, store: Store,
) -> None:
    fid = store.run(families.save_family, profile, families.FamilyData(
        id=None, family_name="Hollowby", request_date=dt.date(2026, 11, 28)))
    detail = store.run(families.load_family, profile, fid)
    dialog = FamilyDialog(store_runner, levels, profile, detail.family)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    date = dialog.request_date
    assert date.text() == "28/11/2026"
    words = date.fontMetrics().horizontalAdvance("88/88/8888")  # the widest date
    room = date.contentsRect().width() - date.textMargins().left() - date.textMargins().right()
    assert words + 8 <= room  # 8: the line edit's own inner margins and the cursor


def test_the_person_dialog_fits_a_laptop_at_16_pt_and_its_form_scrolls(
    qtbot: QtBot, store_runner: TaskRunner, profile: Profile, store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 17: at 16 pt the person dialog was 856 px tall, taller than a 768 screen."""
    before = QApplication.font()
    font = QFont(before)
    font.setPointSizeF(16)
    QApplication.setFont(font)
    try:
        room = QRect(0, 0, 1366, 728)
        monkeypatch.setattr(window_memory, "available_area", lambda _w: room)
        fid = store.run(families.save_family, profile,
                        families.FamilyData(id=None, family_name="Hollowby"))
        dialog = PersonDialog(store_runner, profile, fid, family_name="Hollowby")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.height() <= room.height() - window_memory.FRAME_ROOM.height()
        # the keyboard reaches the last field, and the form scrolls to show it
        qtbot.keyClicks(dialog.given_name, "Rowan")
        dialog.role.setFocus()
        for _ in range(40):
            if dialog.focusWidget() is dialog.nhs_number:
                break
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.nhs_number
        qtbot.wait(20)
        assert not dialog.nhs_number.visibleRegion().isEmpty()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.rows["date_of_birth"].error))
        assert dialog.height() <= room.height() - window_memory.FRAME_ROOM.height()
        qtbot.keyClicks(dialog.date_of_birth, "02/02/2020")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    finally:
        QApplication.setFont(before)
