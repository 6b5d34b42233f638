"""A council's own form, all the way: the administrator loads it (with the council's option
lists) into the live service with ``hearth-server load-reference``; Robin's laptop fetches
it as it syncs, and after Hearth starts again Robin starts it from the family's "New
assessment…" menu, fills it in the real wizard by clicking and typing, and completes it.
Lee, the team lead, syncs a laptop of his own (its own configuration folder, nothing of
the council's on it yet), opens the assessment, signs it off from the list and prints it;
Robin syncs again and sees it signed off in the list and in the chronology, and prints it
(Print > Other assessments), reading back the same words Lee's print has. Real service on
loopback, real encrypted stores, real widgets, real PDFs. Every name is invented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QWizard

from app import dates
from app.documents.family_facts import form_registry
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, create_store
from app.sync import enrolment
from server import cli as server_cli
from tests.builders import Built, Consent, Member, add_family, days, in_store
from tests.council_forms import RIVERSIDE_CHILD_HEALTH, RIVERSIDE_OPTION_LISTS
from tests.e2e.conftest import PASSPHRASE, PASSWORD, Client, LiveServer
from tests.pdf_text import Pdf, read_pdf
from tests.ui.assessments.test_assessments_panel import open_wizard
from tests.ui.assessments.test_new_assessment_menu import choose_from_menu, open_preview
from tests.ui.wizard.test_wizard import next_page

from ui.assessments.assessments_panel import AssessmentsPanel
from ui.family.family_view import FamilyView
from ui.shell.task_runner import TaskRunner
from ui.wizard.form_wizard import forget_shared_forms

TITLE = "Riverside child health and school check"
BORN = dates.today() - dt.timedelta(days=365 * 6 + 30)
SEEN_ON = days(-2)
HOW_RUBY_IS = "Ruby is sleeping better and talks about her new friend Noor."
MISSED_BECAUSE = "The bus did not come."


@pytest.fixture
def closing_widgets() -> Iterator[None]:
    """Wizards closed in the test are deleted before the next test restyles the
    application (as tests/ui/conftest.py does)."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def team_lead_laptop(server: LiveServer, tmp_path: Path) -> Client:
    """Lee's own laptop: a store whose profile is a team lead's, enrolled as Lee."""
    profile = Profile(name="Lee Synthetic", role="team_lead", team="North", username="lee")
    store = create_store(tmp_path / "clients" / "lee", PASSPHRASE, profile)
    enrolment.enrol(store, server.url, "lee", PASSWORD)
    return Client("lee", store, server)


def started_again(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Hearth on this laptop (its own configuration folder), as it is after starting:
    the council's forms read afresh (a sync says "used from the next time Hearth
    starts")."""
    monkeypatch.setenv("HEARTH_HOME", str(home))
    form_registry.cache_clear()
    forget_shared_forms()  # what the windows use: read by an earlier test in this process


def open_family(qtbot: Any, runner: TaskRunner, levels: LevelsOfNeed, profile: Profile,
                family_id: str) -> FamilyView:
    """The family's page, as the worker opens it, on its Assessments tab."""
    view = FamilyView(runner, levels, profile)
    view.assessments_panel.wizard_delay_ms = 60
    view.assessments_panel.confirm = lambda title, text: True
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.show_family(family_id)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20_000)
    qtbot.waitUntil(lambda: view.assessments_panel.consent is not None, timeout=20_000)
    click_tab(qtbot, view, "Assessments")
    return view


def click_tab(qtbot: Any, view: FamilyView, text: str) -> None:
    bar = view.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).startswith(text))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert view.tabs.currentIndex() == index


def print_other_assessments(qtbot: Any, view: FamilyView) -> Pdf:
    """Print > Other assessments…: the preview's PDF, read back."""
    preview = open_preview(qtbot, view, "assessments", "Other assessments…")
    pdf = read_pdf(preview.pdf)
    preview.close()
    return pdf


def click(qtbot: Any, widget: Any) -> None:
    """Click a button, or a tick box on its box (a wide one's middle may be past its words)."""
    qtbot.waitUntil(widget.isVisible)  # a row's widgets are shown by the event loop
    if isinstance(widget, QCheckBox):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def complete_in_the_wizard(qtbot: Any, panel: AssessmentsPanel, ids: Built) -> None:
    """Start the council's form from New assessment… and fill it as Robin would."""
    wizard = open_wizard(qtbot, panel, lambda: choose_from_menu(qtbot, panel.new_menu,
                                                                 f"{TITLE}…"))
    assert (wizard.definition.id, wizard.definition.version) == ("riverside_child_health", 1)
    page = wizard.current_page_id
    assert page() == "identifiers"
    assert wizard.block("age_now").value() == 6  # from the family record, never asked
    qtbot.keyClicks(wizard.block("seen_on").editor.edit, SEEN_ON.strftime("%d/%m/%Y"))
    nhs = wizard.block("nhs_number").editor.edit
    qtbot.keyClicks(nhs, "9434765919")
    qtbot.keyClick(nhs, Qt.Key.Key_Return)  # Enter: the number tidied, and on to Next
    assert nhs.text() == "943 476 5919"
    assert page() == "contacts"

    visits = wizard.block("health_contacts").editor
    click(qtbot, visits.add_button)
    row = visits.rows[0]
    qtbot.keyClicks(row.blocks["visit_child"].editor.combo, "Ruby")
    qtbot.keyClicks(row.blocks["visit_date"].editor.edit, days(-20).strftime("%d/%m/%Y"))
    click(qtbot, row.blocks["visit_missed"].editor.button_for(True))
    assert row.blocks["missed_reason"].caption.text() == "Why was it missed? *"
    next_page(qtbot, wizard)
    assert page() == "contacts"  # the reason is needed in this row
    assert row.blocks["missed_reason"].error == "Please answer this question."
    qtbot.keyClicks(row.blocks["missed_reason"].editor.edit, MISSED_BECAUSE)
    click(qtbot, wizard.block("children_seen").editor.boxes[ids["ruby"]])
    each = wizard.block("each_child").editor
    qtbot.waitUntil(lambda: len(each.rows) == 1)
    qtbot.keyClicks(each.rows[0].blocks["seen_how"].editor.edit, HOW_RUBY_IS)
    next_page(qtbot, wizard)
    assert page() == "background"
    qtbot.keyClicks(wizard.block("ethnicity").editor.combo, "Pakistani")
    next_page(qtbot, wizard)
    assert page() == "wellbeing"
    click(qtbot, wizard.block("school_grade").editor.button_for(2))
    qtbot.keyClicks(wizard.block("missed_days").editor.edit, "3")
    click(qtbot, wizard.block("family_agreed").editor.box)
    with qtbot.waitSignal(wizard.completed, timeout=20_000):
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: panel.wizard is None, timeout=10_000)


def assert_the_answers_print(pdf: Pdf) -> None:
    text = pdf.text
    for said in (TITLE, "Ruby Ashdown", "943 476 5919", HOW_RUBY_IS, MISSED_BECAUSE,
                 "Pakistani", "Grade 2: Misses the odd day.",
                 "Confirmed by Robin Synthetic"):
        assert said in text, (said, text)


def test_a_councils_own_form_from_load_reference_to_a_second_device(
    qtbot: Any, live_server: LiveServer, client: Any, levels: LevelsOfNeed, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], closing_widgets: None,
) -> None:
    # The administrator loads the council's own folder: its form and its option lists,
    # as the council wrote them
    council = tmp_path / "council"
    (council / "forms").mkdir(parents=True)
    (council / "forms" / "child_health.yaml").write_text(RIVERSIDE_CHILD_HEALTH, encoding="utf-8")
    (council / "forms" / "option_lists.yaml").write_text(RIVERSIDE_OPTION_LISTS, encoding="utf-8")
    monkeypatch.setenv("HEARTH_DATABASE_URL", live_server.database_url)
    assert server_cli.main(["load-reference", str(council)]) == 0
    assert "Loaded forms (2 files)." in capsys.readouterr().out

    # Robin's laptop has no council forms until it syncs
    started_again(monkeypatch, tmp_path / "robin-home")
    robin = client("robin", "robin")
    ids = in_store(robin.store, add_family, robin.actor, "Ashdown", people=(
        Member("carer", "parent_carer", "Jas", dt.date(1989, 3, 4)),
        Member("ruby", "child", "Ruby", BORN),
    ), consent=Consent("carer", days(-10)))
    report = robin.sync()
    assert "forms" in report.reference_changed and report.reference_problems == ()
    started_again(monkeypatch, tmp_path / "robin-home")
    robin_runner = TaskRunner()
    robin_runner.store = robin.store
    lee_runner = TaskRunner()
    try:
        view = open_family(qtbot, robin_runner, levels, robin.actor, ids.id)
        panel = view.assessments_panel
        complete_in_the_wizard(qtbot, panel, ids)
        qtbot.waitUntil(lambda: [r.status for r in panel.model.rows] == ["completed"],
                        timeout=10_000)
        assert panel.model.rows[0].title == TITLE
        assert robin.sync().rejected == 0

        # Lee's laptop: its own configuration, fetched as it syncs; he signs it off
        started_again(monkeypatch, tmp_path / "lee-home")
        lee = team_lead_laptop(live_server, tmp_path)
        try:
            report = lee.sync()
            assert "forms" in report.reference_changed and report.reference_problems == ()
            started_again(monkeypatch, tmp_path / "lee-home")
            lee_runner.store = lee.store
            lee_view = open_family(qtbot, lee_runner, levels, lee.actor, ids.id)
            lead = lee_view.assessments_panel
            qtbot.waitUntil(lambda: [r.status for r in lead.model.rows] == ["completed"],
                            timeout=10_000)
            lead.table.selectRow(0)
            wizard = open_wizard(qtbot, lead, lambda: click(qtbot, lead.open_button))
            assert wizard.read_only and wizard.definition.id == "riverside_child_health"
            assert wizard.block("nhs_number").value() == "943 476 5919"
            qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton),
                             Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: lead.wizard is None)
            lead.table.selectRow(0)
            click(qtbot, lead.sign_off_button)
            with qtbot.waitSignal(lead.dialog.saved, timeout=5000):
                click(qtbot, lead.dialog.save_button)
            qtbot.waitUntil(lambda: lead.model.rows[0].status == "signed_off", timeout=10_000)
            leads_print = print_other_assessments(qtbot, lee_view)
            assert_the_answers_print(leads_print)
            assert lee.sync().rejected == 0
            lee_view.close()
        finally:
            qtbot.waitUntil(lambda: not lee_runner.is_busy, timeout=20_000)
            lee.store.close()

        # Robin syncs: signed off in the list and in the chronology, and it prints the same
        started_again(monkeypatch, tmp_path / "robin-home")
        assert robin.sync().pulled > 0
        view.close()
        view = open_family(qtbot, robin_runner, levels, robin.actor, ids.id)
        panel = view.assessments_panel
        qtbot.waitUntil(lambda: [r.status for r in panel.model.rows] == ["signed_off"],
                        timeout=10_000)
        click_tab(qtbot, view, "Chronology")
        chronology = view.casework.chronology
        qtbot.waitUntil(lambda: f"{TITLE} completed" in [i.title for i in chronology.model.rows],
                        timeout=10_000)
        item = next(i for i in chronology.model.rows if i.title == f"{TITLE} completed")
        assert item.date == SEEN_ON  # dated by its own date question
        robins_print = print_other_assessments(qtbot, view)
        (tmp_path / "other-assessments.pdf").write_bytes(robins_print.content)  # to look at
        assert_the_answers_print(robins_print)
        assert "Status Signed off by Lee Synthetic" in robins_print.text
        # word for word up to the contact box, which names the worker as each store knows
        # them (Lee's knows a colleague by username only: app.families.allocation)
        mine, leads = (pdf.text.split(" Contact Get in touch")[0]
                       for pdf in (robins_print, leads_print))
        assert mine == leads and len(mine) > 800
        assert robins_print.outline == leads_print.outline
        assert "Your worker Robin Synthetic" in robins_print.text
        assert "Your worker Robin" in leads_print.text
        view.close()
    finally:
        for runner in (robin_runner, lee_runner):
            qtbot.waitUntil(lambda runner=runner: not runner.is_busy, timeout=20_000)
            runner.shutdown()
