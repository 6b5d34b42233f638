"""Nothing typed into a visit record is lost: a stray Escape asks first, what is typed is
kept as a draft as the worker types, and a crash mid-note brings it back next time."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.casework import visits
from app.store.caseload_store import Profile, Store
from db.models import FormDraft
from tests.builders import CaseworkFamily

from ui.casework.visit_dialog import VisitDialog

WAIT = 20_000
NOTE = "Mum said the boiler is fixed; Noah showed me his room."


def drafts(store: Store) -> dict[str, dict[str, Any]]:
    return store.run(
        lambda s: {row.key: dict(row.fields) for row in s.scalars(select(FormDraft))}
    )


def new_visit(qtbot: QtBot, view: Any) -> VisitDialog:
    view.tabs.setCurrentIndex(view.casework.tab_index["visits"])
    panel = view.casework.visits
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, VisitDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as the window system does: the keyboard is the dialog's
    qtbot.waitActive(dialog)
    dialog.notes.setFocus()
    return dialog


def test_escape_asks_before_a_visit_note_is_thrown_away(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily
) -> None:
    dialog = new_visit(qtbot, family_view(seeded.family_id))
    qtbot.keyClicks(dialog.notes, NOTE)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is not None, timeout=WAIT)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.discard_question, Qt.Key.Key_Escape)  # Keep editing
    qtbot.waitUntil(lambda: dialog.discard_question is None, timeout=WAIT)
    assert dialog.notes.toPlainText() == NOTE


def test_a_crash_mid_note_loses_nothing_and_saving_clears_the_draft(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store, profile: Profile
) -> None:
    view = family_view(seeded.family_id)
    dialog = new_visit(qtbot, view)
    key = f"visit:new:{seeded.family_id}"
    qtbot.keyClicks(dialog.notes, NOTE)
    dialog.add_follow_up("Ring the school nurse")
    qtbot.waitUntil(lambda: drafts(store).get(key, {}).get("notes") == NOTE, timeout=WAIT)
    qtbot.waitUntil(
        lambda: drafts(store)[key].get("new_follow_ups") == ["Ring the school nurse"],
        timeout=WAIT,
    )

    # The "crash": the dialog is gone without closing, asking or saving.
    view.casework.visits.dialog = None
    shiboken6.delete(dialog)

    again = new_visit(qtbot, view)
    qtbot.waitUntil(lambda: again.notes.toPlainText() == NOTE, timeout=WAIT)
    notice = again.drafts.notice if again.drafts else None
    assert notice is not None and "was kept and is back" in notice.text()
    follow_ups = [again.follow_list.item(i).text() for i in range(again.follow_list.count())]
    assert follow_ups == ["Ring the school nurse"]

    again.kind.set_code("home_visit")
    with qtbot.waitSignal(again.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    stored = store.run(visits.load_visit, profile, saved.args[0])
    assert stored.notes == NOTE
    assert key not in drafts(store)  # saved with the record, in one transaction


def test_discarding_drops_the_draft(
    qtbot: QtBot, family_view: Any, seeded: CaseworkFamily, store: Store
) -> None:
    dialog = new_visit(qtbot, family_view(seeded.family_id))
    key = f"visit:new:{seeded.family_id}"
    qtbot.keyClicks(dialog.notes, "Not this one.")
    qtbot.waitUntil(lambda: key in drafts(store), timeout=WAIT)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.discard_question is not None, timeout=WAIT)
    box = dialog.discard_question
    discard = next(b for b in box.buttons() if b.text().replace("&", "") == "Discard")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: key not in drafts(store), timeout=WAIT)
