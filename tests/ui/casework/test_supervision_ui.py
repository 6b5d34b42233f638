"""Management oversight: a team lead records supervision of a family's case; it is
listed in the Oversight tab, synced like any record, and shown in the chronology."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import dates
from app.casework.chronology import build_chronology
from app.casework.supervision import (
    NotASupervisor,
    SupervisionRequest,
    list_supervisions,
    record_supervision,
)
from app.dates import uk
from app.errors import ValidationFailed
from app.store.caseload_store import Profile, Store
from db.models import OutboxOp
from tests.builders import CaseworkFamily

from ui.casework.supervision_dialog import SupervisionDialog
from ui.family.family_view import FamilyView
from ui.shell.task_runner import TaskRunner

WAIT = 20_000


def test_only_a_lead_records_supervision_and_it_is_checked(
    store: Store, profile: Profile, seeded: CaseworkFamily
) -> None:
    request = SupervisionRequest(seeded.family_id, dates.today(), "Progress on the plan.", "")
    with pytest.raises(NotASupervisor):
        store.run(record_supervision, profile, request)
    lead = dataclasses.replace(profile, role="team_lead")
    bad = dataclasses.replace(request, discussion=" ", next_due_on=dates.today())
    with pytest.raises(ValidationFailed) as caught:
        store.run(record_supervision, lead, bad)
    assert set(caught.value.problems) == {"discussion", "next_due_on"}
    made = store.run(record_supervision, lead, request)
    assert store.run(list_supervisions, lead, seeded.family_id)[0].id == made.id
    sent = store.run(lambda s: s.query(OutboxOp).filter_by(entity="supervision").count())
    assert sent == 1


def test_a_lead_records_supervision_from_the_oversight_tab(
    qtbot: QtBot, store: Store, store_runner: TaskRunner, levels: Any, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    lead = dataclasses.replace(profile, role="team_lead")
    view = FamilyView(store_runner, levels, lead)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    view.show_family(seeded.family_id)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    tab = view.casework.supervision
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=WAIT)
    assert tab.record_button.isVisible() and tab.empty.isVisible()

    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, SupervisionDialog)
    qtbot.keyClicks(dialog.discussion, "Housing letter chased; Noah settled at school.")
    qtbot.keyClicks(dialog.decisions, "Keep at early help; review in six weeks.")
    what, who, due = dialog.action_rows[0]
    qtbot.keyClicks(what, "Ring the housing officer")
    qtbot.keyClicks(who, "Robin")
    qtbot.keyClicks(due, uk(dates.today() + dt.timedelta(days=14)))
    qtbot.keyClicks(dialog.next_due_on, uk(dates.today() + dt.timedelta(days=42)))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(tab.rows) == 1, timeout=WAIT)
    assert "Ring the housing officer: Robin" in tab.detail.toPlainText()
    chronology = store.run(build_chronology, lead, seeded.family_id)
    assert any(i.type == "supervision" and "Management oversight" in i.title
               for i in chronology.items)


def test_a_worker_reads_oversight_but_cannot_record_it(
    qtbot: QtBot, store_runner: TaskRunner, levels: Any, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    view = FamilyView(store_runner, levels, profile)
    qtbot.addWidget(view)
    view.show()
    view.show_family(seeded.family_id)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    tab = view.casework.supervision
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=WAIT)
    assert tab.isVisible() and not tab.record_button.isVisible()
