"""The review wizard in the assessment wizard's look (issue 17): the page list with
progress, the page header, required marks, problems beside their fields (gone on the fix,
nothing moving, the first scrolled to), "Record review"; a review nobody came to refused;
what was typed kept through Escape and a failed save. Real wizard over a real store,
clicks and keys; synthetic names."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QListWidget, QMessageBox, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.casework import meetings, plan_writes, plans
from app.casework.form_drafts import load_draft
from app.families.households import load_family
from app.reference.casework_settings import CaseworkSettings
from app.store.caseload_store import Profile, Store
from tests.builders import CaseworkFamily
from tests.ui.casework.test_casework_field_errors import tick

from ui.casework.attendees_table import CAME
from ui.casework.meeting_form import NOBODY_CAME
from ui.casework.review_pages import ActionPage
from ui.casework.review_wizard import ReviewWizard
from ui.shell.task_runner import TaskRunner

WAIT = 20_000


def open_review(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family_id: str
) -> ReviewWizard:
    family = store.run(load_family, profile, family_id)
    plan = store.run(plans.load_plan, profile, family_id)
    wizard = ReviewWizard(runner, profile, family, CaseworkSettings(), plan)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=WAIT)  # it has looked for a draft
    return wizard


def click(qtbot: QtBot, wizard: ReviewWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def in_page(widget: QWidget, body: QWidget) -> QRect:
    """Where ``widget`` sits on its page (the page scrolls: the window is no reference)."""
    return QRect(widget.mapTo(body, QPoint(0, 0)), widget.size())


def seen(widget: QWidget, viewport: QWidget) -> bool:
    """Whether ``widget`` is wholly inside the scrolled ``viewport``."""
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


def side_texts(pages: QListWidget) -> list[str]:
    return [pages.item(i).text() for i in range(pages.count())]


def test_the_review_looks_and_behaves_as_the_assessment_wizard(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    wizard = open_review(qtbot, store_runner, store, profile, seeded.family_id)
    side = wizard.side
    assert side.progress_label.text() == "Page 1 of 7"
    assert side_texts(side.page_list)[0] == "▸  The review meeting"
    assert side_texts(side.page_list)[1].startswith("   Action 1: ")
    page = wizard.meeting_page
    assert page.title_label.text() == "The review meeting"
    assert wizard.form.rows["held_on"].editor.accessibleName() == "Date held"
    body = page.scroll_area.widget()
    form = wizard.form
    others: list[QWidget] = [form.held_on, form.venue, form.chair, form.next_review,
                             form.attendees, form.family_views, form.decisions]
    before = [in_page(w, body) for w in others]

    click(qtbot, wizard, QWizard.WizardButton.NextButton)  # nobody ticked as having come
    came = form.rows["attendees"]
    assert wizard.currentPage() is page
    assert came.error == NOBODY_CAME  # beside the list of people, not in a banner
    assert page.banner.text() == (
        "1 question needs your attention on this page: see the messages below."
    )
    assert seen(came.error_label, page.scroll_area.viewport())  # scrolled to the problem
    assert [in_page(w, body) for w in others] == before

    table = form.attendees
    tick(qtbot, table, table.row_of("Jade Ashworth"), CAME)
    assert came.error == "" and page.banner.isHidden()  # gone with the tick
    assert [in_page(w, body) for w in others] == before
    qtbot.keyClicks(form.decisions, "Keep going; housing chased again.")

    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    action = wizard.currentPage()
    assert isinstance(action, ActionPage) and action.title_label.text() == "Action 1 of 5"
    assert side.progress_label.text() == "Page 2 of 7"
    assert side_texts(side.page_list)[0] == "✓  The review meeting"
    action.status.setFocus()
    qtbot.keyClick(action.status, Qt.Key.Key_Down)
    qtbot.keyClick(action.note, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(action.note, " Seen by the therapist.")

    # The side list takes the worker to the last page (each page checked on the way).
    last = side.page_list.item(side.page_list.count() - 1)
    qtbot.mouseClick(side.page_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=side.page_list.visualItemRect(last).center())
    assert wizard.currentPage() is wizard.record_page
    assert side.progress_label.text() == "Page 7 of 7"
    record = wizard.button(QWizard.WizardButton.FinishButton)
    assert record.text() == "&Record review" and record.isVisible()
    assert "“Record review”" in wizard.record_page.findChild(QWidget, "pageHelp").text()
    assert "1 person came" in wizard.record_page.summary.text()
    with qtbot.waitSignal(wizard.saved, timeout=WAIT) as saved:
        qtbot.mouseClick(record, Qt.MouseButton.LeftButton)
    detail = store.run(meetings.load_meeting, profile, saved.args[0])
    assert detail.decisions == "Keep going; housing chased again."
    assert [a.name for a in detail.present] == ["Jade Ashworth"]
    assert store.run(load_draft, f"review:new:{seeded.family_id}") is None  # draft gone too


def test_nothing_typed_is_lost_on_escape_or_a_failed_save(
    qtbot: QtBot, store_runner: TaskRunner, store: Store, profile: Profile,
    seeded: CaseworkFamily,
) -> None:
    wizard = open_review(qtbot, store_runner, store, profile, seeded.family_id)
    form = wizard.form
    table = form.attendees
    tick(qtbot, table, table.row_of("Liam Carter"), CAME)
    qtbot.keyClicks(form.decisions, "Housing to inspect the damp within two weeks.")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    first = wizard.action_pages[0]
    qtbot.keyClick(first.note, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(first.note, " Therapy booked for Tuesday.")

    # Escape asks; Keep editing (the default) keeps everything.
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    question = wizard.discard_question
    assert isinstance(question, QMessageBox) and wizard.isVisible()
    keep = question.defaultButton()
    assert keep is not None and keep.text() == "&Keep editing"
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.discard_question is None)
    assert wizard.isVisible() and first.note.toPlainText().endswith("Tuesday.")

    # The fault: an action is taken out of the plan behind the wizard's back.
    store.run(plan_writes.remove_action, profile, seeded.action_ids[-1])
    while wizard.currentPage() is not wizard.record_page:
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
    record = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(record, Qt.MouseButton.LeftButton)
    banner = wizard.record_page.banner
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=WAIT)
    assert "no longer in this plan" in banner.text() and "still here" in banner.text()
    assert wizard.isVisible() and record.isEnabled() and record.text() == "&Record review"
    assert form.decisions.toPlainText() == "Housing to inspect the damp within two weeks."
    assert store.run(meetings.list_meetings, profile, seeded.family_id)[0].kind != "review"
    key = f"review:new:{seeded.family_id}"
    qtbot.waitUntil(lambda: store.run(load_draft, key) is not None, timeout=WAIT)
    draft = store.run(load_draft, key)
    assert draft.fields["decisions"] == "Housing to inspect the damp within two weeks."
    assert draft.fields[f"reviewNote_{first.action.id}"].endswith("Tuesday.")

    # Closed and opened again: all of it is back, the ticks too.
    wizard.done(0)
    again = open_review(qtbot, store_runner, store, profile, seeded.family_id)
    qtbot.waitUntil(
        lambda: again.form.decisions.toPlainText().startswith("Housing to inspect"),
        timeout=WAIT,
    )
    assert again.form.attendees.is_checked(again.form.attendees.row_of("Liam Carter"), CAME)
    assert again.action_pages[0].note.toPlainText().endswith("Tuesday.")
    assert len(again.action_pages) == 4
