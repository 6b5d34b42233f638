"""Issue 17: every field of the family dialog has a label a person can read (the second
address line had none), and the request date shows whole, at the usual size and at 16 pt.

Real widgets over a real store, driven with the mouse and keys; all data is synthetic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.families import households as families
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store

from ui.family.family_dialog import FamilyDialog
from ui.shell.task_runner import TaskRunner


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
