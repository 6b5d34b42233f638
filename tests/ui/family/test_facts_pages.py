"""The family's "Address and contact" and "Request for help" tabs (issue 17: they were
nearly empty read-only pages): what is known laid out as a form, what is missing said with
what to add, a button to change it that opens the family's details, and that
button disabled while the family is closed. Real widgets over a real encrypted store;
synthetic families.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import add_family, in_store
from tests.ui.family.test_family_view import fernwoods, open_family, view  # noqa: F401

from ui.family.family_dialog import FamilyDialog
from ui.family.family_view import FamilyView


def _open_tab(view: FamilyView, page: object) -> None:
    view.tabs.setCurrentIndex(view.tabs.indexOf(page))  # type: ignore[arg-type]


def test_the_contact_tab_says_what_is_known_and_edits_from_the_address(
    qtbot: QtBot, view: FamilyView, store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    open_family(qtbot, view, fernwoods(store, profile, levels))
    page = view.contact_page
    _open_tab(view, page)
    assert page.values["address"].text() == "12 Example Row\nRuncorn\nWA7 1ZZ"
    assert page.values["contact_notes"].text() == "Mornings are best; knock loudly."
    # Who speaks what (no language most of them speak: each by name).
    assert sorted(page.values["languages"].text().splitlines()) == [
        "Alex Fernwood: English", "Jordan Fernwood: Polish",
    ]
    assert page.values["address"].isVisible()

    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, FamilyDialog) and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, FamilyDialog)
    assert dialog.address_line1.text() == "12 Example Row"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_request_tab_says_when_from_where_why_and_what_was_decided(
    qtbot: QtBot, view: FamilyView, store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    open_family(qtbot, view, fernwoods(store, profile, levels))
    page = view.request_page
    _open_tab(view, page)
    assert page.values["source"].text() == "Health visitor"
    assert page.values["date"].text().endswith("(3 months ago)")
    assert page.values["lead"].text() == "Sam Placeholder, Health visiting"
    assert page.values["first_level"].text().startswith("Early Help, on ")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(view.dialog, FamilyDialog) and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, FamilyDialog)
    assert dialog.request_reason.toPlainText().startswith("Parents asked for help")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_what_is_not_recorded_is_said_and_a_closed_family_cannot_be_edited(
    qtbot: QtBot, view: FamilyView, store: Store, profile: Profile
) -> None:
    family = in_store(store, add_family, profile, "Quillfeather", status="closed").id
    open_family(qtbot, view, family)
    contact, request = view.contact_page, view.request_page
    assert contact.values["contact_notes"].text().startswith("Nothing noted: add")
    assert contact.values["address"].text() == "No address recorded yet."
    assert request.values["first_level"].text().startswith("No level of need decided yet")
    assert not contact.edit_button.isEnabled() and not request.edit_button.isEnabled()
    _open_tab(view, contact)
    qtbot.mouseClick(contact.edit_button, Qt.MouseButton.LeftButton)
    assert view.dialog is None
