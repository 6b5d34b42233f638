"""Pictures of the meeting dialog, the visit dialog and the review wizard (issue 17), in the
light and dark palettes and at 16 pt, with their messages showing: saved under the test's
output folder (HEARTH_LOOK_SHOTS to keep them elsewhere) to be looked at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.casework import plans
from app.families.households import load_family
from app.reference.casework_settings import CaseworkSettings
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily
from tests.ui.casework.test_casework_field_errors import tick

from ui.casework.attendees_table import CAME
from ui.casework.meeting_dialog import MeetingDialog
from ui.casework.review_wizard import ReviewWizard
from ui.casework.visit_dialog import VisitDialog
from ui.shell.application import STYLE_FILE
from ui.shell.task_runner import TaskRunner
from ui.widgets.theme import apply_theme

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


@pytest.fixture(params=["light", "dark", "large"])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    template = STYLE_FILE.read_text(encoding="utf-8")
    before = QApplication.font()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    apply_theme(qapp, "dark" if request.param == "dark" else "light", template)
    if request.param == "large":
        font = QFont(before)
        font.setPointSizeF(16)
        QApplication.setFont(font)
    yield request.param
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.setFont(before)
    apply_theme(qapp, "light", template)


def shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HEARTH_LOOK_SHOTS", "") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(qtbot: QtBot, widget: QWidget, path: Path) -> None:
    qtbot.wait(60)
    assert widget.grab().save(str(path))


def test_pictures_of_the_casework_dialogs(
    qtbot: QtBot, look: str, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily, tmp_path: Path,
) -> None:
    folder = shots_folder(tmp_path)
    family = store.run(load_family, profile, seeded.family_id)
    meeting = MeetingDialog(store_runner, profile, family, CaseworkSettings())
    qtbot.addWidget(meeting)
    meeting.show()
    qtbot.waitExposed(meeting)
    shoot(qtbot, meeting, folder / f"meeting-{look}.png")
    meeting.form.held_on.selectAll()
    qtbot.keyClicks(meeting.form.held_on, "31/02/2020")
    qtbot.mouseClick(meeting.save_button, Qt.MouseButton.LeftButton)
    shoot(qtbot, meeting, folder / f"meeting-errors-{look}.png")

    visit = VisitDialog(store_runner, profile, family)
    qtbot.addWidget(visit)
    visit.show()
    qtbot.waitExposed(visit)
    qtbot.mouseClick(visit.save_button, Qt.MouseButton.LeftButton)
    shoot(qtbot, visit, folder / f"visit-errors-{look}.png")

    plan = store.run(plans.load_plan, profile, seeded.family_id)
    wizard = ReviewWizard(store_runner, profile, family, CaseworkSettings(), plan)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    shoot(qtbot, wizard, folder / f"review-meeting-{look}.png")
    for page in wizard.pages:  # nothing wider than the page: no sideways scrolling, at 16 pt
        body = page.scroll_area.widget()
        assert body.minimumSizeHint().width() <= page.scroll_area.viewport().width()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    shoot(qtbot, wizard, folder / f"review-meeting-errors-{look}.png")
    tick(qtbot, wizard.form.attendees, 0, CAME)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    shoot(qtbot, wizard, folder / f"review-action-{look}.png")
    while wizard.currentPage() is not wizard.record_page:
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    shoot(qtbot, wizard, folder / f"review-record-{look}.png")
    for w in (meeting, visit, wizard):
        w.done(0)
