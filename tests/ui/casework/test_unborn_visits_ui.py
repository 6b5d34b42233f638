"""A family expecting a baby: the visit dialog offers the pregnancy where a visit is
about a child (never "No children are recorded"), an antenatal contact as a kind of
visit, and the chronology says the pregnancy was talked about. Synthetic names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.casework import visit_writes, visits
from app.casework.chronology import build_chronology
from app.casework.visit_data import ChildSeen, VisitRequest
from app.dates import uk
from app.errors import ValidationFailed
from app.store.caseload_store import Profile, Store
from tests.builders import Built, Member, add_family, days, in_store, years_ago

from ui.casework.visit_dialog import VisitDialog

WAIT = 20_000


def expecting(store: Store, profile: Profile, *, born: bool = False) -> Built:
    people = [Member("sam", "parent_carer", "Sam", years_ago(24))]
    if born:
        people.append(Member("ivy", "child", "Ivy", years_ago(4)))
    people.append(Member("baby", "unborn", "", expected=days(90)))
    return in_store(store, add_family, profile, "Brackenby", people=tuple(people))


def record_dialog(family_view: Any, family_id: str) -> VisitDialog:
    view = family_view(family_id)
    view.tabs.setCurrentIndex(view.casework.tab_index["visits"])
    panel = view.casework.visits
    panel.record_visit()
    dialog = panel.dialog
    assert isinstance(dialog, VisitDialog)
    return dialog


def texts(dialog: VisitDialog, row: str) -> list[str]:
    return [label.text() for label in dialog.rows[row].findChildren(QLabel)]


def test_the_pregnancy_is_offered_and_recorded_when_no_child_is_born_yet(
    qtbot: QtBot, family_view: Any, store: Store, profile: Profile
) -> None:
    family = expecting(store, profile)
    dialog = record_dialog(family_view, family.id)
    shown = texts(dialog, "children_seen")
    assert f"Expected baby (due {uk(days(90))})" in shown
    assert not [t for t in shown if "No children" in t]
    assert dialog.kind.findData("antenatal") >= 0
    assert not dialog.rows["child_words"].isVisibleTo(dialog)  # no child born yet to speak
    dialog.grab().save("/tmp/unborn-visit-dialog.png")
    dialog.date.setText(uk(days(-1)))
    dialog.time.setTime(QTime(10, 30))
    dialog.kind.set_code("antenatal")
    talked = dialog.pregnancy[family["baby"]]
    qtbot.mouseClick(talked, Qt.MouseButton.LeftButton)
    assert talked.isChecked()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    stored = store.run(visits.load_visit, profile, saved.args[0])
    assert stored.kind_label == "Antenatal contact (with the midwife)"
    [baby] = stored.children_seen
    assert baby.person_id == family["baby"] and baby.pregnancy is True and not baby.seen
    assert not stored.any_child_seen
    chronology = store.run(build_chronology, profile, family.id)
    item = next(i for i in chronology.items if i.record_id == stored.id)
    assert "The pregnancy was talked about: Unborn baby" in item.detail
    assert "Children seen" not in item.detail and "Not seen" not in item.detail
    assert item.child_ids == (family["baby"],)


def test_a_born_child_and_an_expected_baby_each_have_their_own_row(
    qtbot: QtBot, family_view: Any, store: Store, profile: Profile
) -> None:
    family = expecting(store, profile, born=True)
    dialog = record_dialog(family_view, family.id)
    assert set(dialog.child_seen) == {family["ivy"]}
    assert set(dialog.pregnancy) == {family["baby"]}
    assert dialog.rows["child_words"].isVisibleTo(dialog)
    dialog.date.setText(uk(days(-1)))
    dialog.kind.set_code("home_visit")
    qtbot.mouseClick(dialog.child_seen[family["ivy"]], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = store.run(visits.load_visit, profile, saved.args[0])
    words = {c.person_id: (c.seen, c.pregnancy) for c in stored.children_seen}
    assert words == {family["ivy"]: (True, None), family["baby"]: (False, False)}


def test_a_family_with_no_baby_expected_has_no_antenatal_kind_and_says_no_children(
    qtbot: QtBot, family_view: Any, store: Store, profile: Profile
) -> None:
    family = in_store(
        store, add_family, profile, "Corrow",
        people=(Member("kai", "parent_carer", "Kai", years_ago(30)),),
    )
    dialog = record_dialog(family_view, family.id)
    assert dialog.kind.findData("antenatal") < 0
    assert "No children are recorded in the household." in texts(dialog, "children_seen")


def test_an_unborn_baby_cannot_be_recorded_as_seen(store: Store, profile: Profile) -> None:
    family = expecting(store, profile)
    request = VisitRequest(
        family_id=family.id,
        occurred_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
        kind="home_visit",
        children_seen=(ChildSeen(family["baby"], True),),
    )
    with pytest.raises(ValidationFailed) as refused:
        store.run(visit_writes.save_visit, profile, request)
    assert refused.value.problems["children_seen"] == (
        "An unborn baby cannot be seen: say whether the pregnancy was talked about."
    )
