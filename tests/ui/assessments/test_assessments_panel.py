"""The family view's Consent and Assessments tabs, driven as a worker and a
team lead would: the consent gate (and recording and withdrawing consent),
the GCP2 training gate, the council's EHAT variant, completing an EHAT that
recommends another level, sign-off and return with the worker seeing the
comment, and amendment. Real widgets over a real encrypted store; every name
is invented."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWizard

from app import dates
from app.casework import assessment_completion, assessment_drafts, assessments, consent_writes
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.casework.consent_data import ConsentRequest
from app.families import households as families
from app.families.personal_details import age_words
from app.forms.loader import FormRegistry
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import Agency, Built, Consent, Member, add_family, in_store
from tests.council_forms import write_form_choices
from tests.ui.conftest import tasks_done_before_callbacks

from ui.assessments.assessments_panel import AssessmentsPanel
from ui.assessments.choice_dialog import ChoiceDialog
from ui.assessments.review_dialog import ReviewDialog
from ui.casework.consent_dialog import ConsentDialog
from ui.casework.withdraw_dialog import WithdrawConsentDialog
from ui.family.family_view import FamilyView
from ui.family.level_dialog import LevelDialog
from ui.shell.task_runner import TaskRunner
from ui.wizard.form_wizard import AssessmentWizard

TODAY = dates.today()
TEAM_LEAD = Profile(
    name="Kim Leadperson", role="team_lead", team="North Locality Team", username="kim.leadperson"
)

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


def quillfields(store: Store, profile: Profile, *, with_consent: bool = False) -> Built:
    """A carer and two children, a school and housing; verbal consent to assess, or none."""
    return in_store(
        store, add_family, profile, "Quillfield", lead_professional="Robin Testworker",
        people=(
            Member("alex", "parent_carer", "Alex", dt.date(1990, 4, 2)),
            Member("mia", "child", "Mia", TODAY - dt.timedelta(days=365 * 7)),
            Member("leo", "child", "Leo", TODAY - dt.timedelta(days=365 * 2)),
        ),
        agencies=(Agency("school", "School"), Agency("housing", "Housing")),
        consent=Consent("alex", method="verbal") if with_consent else None,
    )


def give_consent(store: Store, profile: Profile, ids: Built) -> None:
    store.run(
        consent_writes.record_consent,
        profile,
        ConsentRequest(
            family_id=ids["family"],
            given_by_person_id=ids["alex"],
            given_by_name="",
            method="verbal",
            given_on=TODAY,
            scope_assess=True,
        ),
    )


def ehat_answers(ids: dict[str, str], level: str = "early_help") -> dict[str, Any]:
    """A complete, valid set of answers to the shipped EHAT."""
    return {
        "assessment_date": TODAY.isoformat(),
        "requested_by": "school",
        "reason_for_assessment": "Attendance has dropped.",
        "children_assessed": [ids["mia"]],
        "people_seen": [ids["alex"], ids["mia"]],
        "child_development_summary": "Mia worries about school.",
        "parenting_summary": "Warm and tired.",
        "family_environment_summary": "A damp flat.",
        "children_voice": [
            {
                "voice_child": ids["mia"],
                "voice_how": "drawing",
                "voice_words": "A house with a garden.",
            }
        ],
        "parents_voice": [{"voice_adult": ids["alex"], "voice_adult_words": "Mornings are hard."}],
        "analysis_strengths": "Love and humour.",
        "analysis_needs": "Routines and housing.",
        "fam_needed": False,
        "no_fam_reason": "The family and school can plan together.",
        "recommended_level": level,
        "level_reason": "Needs in more than one area.",
        "next_steps": "Review in six weeks.",
    }


def completed_ehat(
    store: Store, profile: Profile, registry: FormRegistry, ids: dict[str, str]
) -> str:
    detail = store.run(
        assessment_drafts.start_assessment,
        profile,
        NewAssessment(ids["family"], registry.latest("ehat")),
        registry,
    )
    store.run(
        assessment_drafts.save_draft, profile, DraftSave(detail.id, ehat_answers(ids), "outcome")
    )
    store.run(
        assessment_completion.complete_assessment, profile, CompleteAssessment(detail.id), registry
    )
    return detail.id


def family_view(
    qtbot: Any,
    store_runner: TaskRunner,
    levels: LevelsOfNeed,
    profile: Profile,
    family_id: str,
    registry: FormRegistry,
) -> FamilyView:
    view = FamilyView(store_runner, levels, profile)
    view.assessments_panel._registry = registry
    view.assessments_panel.wizard_delay_ms = 60
    view.assessments_panel.confirm = lambda title, text: True
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    view.show_family(family_id)
    qtbot.waitUntil(lambda: view.is_loaded, timeout=20_000)
    qtbot.waitUntil(lambda: view.consent_panel.status is not None, timeout=20_000)
    qtbot.waitUntil(lambda: view.assessments_panel.consent is not None, timeout=20_000)
    view.tabs.setCurrentWidget(view.assessments_panel)  # the worker is on the Assessments tab
    return view


def open_wizard(qtbot: Any, panel: AssessmentsPanel, action: Any) -> AssessmentWizard:
    with qtbot.waitSignal(panel.wizard_opened, timeout=5000) as opened:
        action()
    wizard = opened.args[0]
    assert isinstance(wizard, AssessmentWizard)
    qtbot.waitExposed(wizard)
    wizard.confirm = lambda title, text: True
    return wizard


def close_wizard(qtbot: Any, panel: AssessmentsPanel, wizard: AssessmentWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.wizard is None)


# ---------------------------------------------------------------- consent


def test_the_gate_is_shown_however_fast_the_store_answers(
    qtbot, store, profile, store_runner, levels, registry, monkeypatch
):
    """Each tab's load finishes before its answer is even asked for (as on a machine
    busy enough to pause the window between the two): the Consent tab's answer must still
    reach the Assessments tab, which is given the family after it."""
    tasks_done_before_callbacks(store_runner, monkeypatch)
    ids = quillfields(store, profile)
    view = FamilyView(store_runner, levels, profile)
    qtbot.addWidget(view)
    view.show()
    view.show_family(ids["family"])
    qtbot.waitUntil(lambda: view.is_loaded and view.consent_panel.status is not None)
    qtbot.waitUntil(lambda: view.assessments_panel.consent is not None, timeout=2000)
    assert "needs the family's consent to assess" in view.assessments_panel.gate_text


def test_consent_gate_explains_and_offers_to_record_consent_first(
    qtbot, store, profile, store_runner, levels, registry
):
    ids = quillfields(store, profile)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    assert view.consent_badge.text() == "No consent recorded"
    assert "needs the family's consent to assess" in panel.gate_text
    assert panel.consent_button.isVisibleTo(panel)

    panel.choose_form = lambda forms: pytest.fail("no form is chosen without consent")
    qtbot.mouseClick(panel.new_buttons["ehat"], Qt.MouseButton.LeftButton)
    assert panel.wizard is None
    assert store.run(assessments.list_assessments, profile, ids["family"]) == ()

    # "Record consent…" from the gate: the Consent tab, its dialog, "to assess" ticked
    view.tabs.setCurrentIndex(view.assessments_tab)
    qtbot.mouseClick(panel.consent_button, Qt.MouseButton.LeftButton)
    assert view.tabs.currentIndex() == view.consent_tab
    dialog = view.consent_panel.dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.assess.isChecked()
    assert sorted(dialog.agency_boxes) == ["Housing", "School"]

    # a young person giving consent needs a note about capacity; a method is needed
    dialog.choose_giver(ids["mia"])
    assert not dialog.rows["capacity_note"].isHidden()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.rows["method"].error))
    assert "Choose how consent was given" in dialog.rows["method"].error
    assert "capacity" in dialog.rows["capacity_note"].error

    dialog.choose_giver(ids["alex"])
    assert dialog.giver_name.text() == "Alex Quillfield"
    dialog.method.set_code("signed_paper")
    dialog.agency_boxes["School"].setChecked(True)
    qtbot.keyClicks(dialog.services, "Young carers service")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.consent is not None and panel.consent.can_assess)
    assert panel.gate_text == ""
    assert view.consent_badge.text() == "Consent to assess ✓"
    assert "to share with School" in view.consent_panel.summary.text()
    assert "to refer to Young carers service" in view.consent_panel.summary.text()

    # now the assessment starts (the council offers the example EHAT too: the worker
    # picks ours)
    write_form_choices(offered_examples=["ehat_short_council_b"])
    offered: list[str] = []

    def pick(forms):
        offered.extend(f.id for f in forms)
        return next(f for f in forms if f.id == "ehat")

    panel.choose_form = pick
    wizard = open_wizard(
        qtbot, panel, lambda: qtbot.mouseClick(panel.new_buttons["ehat"], Qt.MouseButton.LeftButton)
    )
    assert sorted(offered) == ["ehat", "ehat_short_council_b"]
    assert wizard.definition.id == "ehat"
    assert "Quillfield family" in wizard.windowTitle()
    close_wizard(qtbot, panel, wizard)
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    assert panel.model.rows[0].status == "draft"


def test_withdrawn_consent_is_kept_and_closes_the_gate_again(
    qtbot, store, profile, store_runner, levels, registry
):
    ids = quillfields(store, profile, with_consent=True)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    assert panel.gate_text == ""
    consents = view.consent_panel
    consents.table.selectRow(0)
    dialog = consents.withdraw_selected()
    assert isinstance(dialog, WithdrawConsentDialog)
    assert dialog.withdrawn_by.text() == "Alex Quillfield"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # nothing chosen yet
    assert "all of the consent" in dialog.rows["scope"].error
    indicator = QPoint(8, dialog.all_of_it.height() // 2)  # on the button, not beside it
    qtbot.mouseClick(dialog.all_of_it, Qt.MouseButton.LeftButton, pos=indicator)
    assert dialog.all_of_it.isChecked()
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.consent_badge.text() == "Consent withdrawn")
    assert len(consents.model.rows) == 1  # the record stays
    assert consents.model.rows[0].state == "withdrawn"
    assert "withdrawn their consent" in panel.gate_text
    assert not consents.withdraw_button.isEnabled() or consents.selected() is None


def test_starting_while_consent_is_unknown_is_refused_by_the_service_with_a_reason(
    qtbot, store, profile, store_runner, levels, registry
):
    ids = quillfields(store, profile)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    panel.consent = None  # not loaded yet: the service decides
    panel.choose_child = lambda children, title: ids["mia"]
    qtbot.mouseClick(panel.new_buttons["three_houses"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "none is recorded for this family" in panel.gate_text)
    assert panel.consent_button.isVisibleTo(panel)
    assert panel.wizard is None


# ---------------------------------------------------------------- GCP2 and the council variant


def test_gcp2_is_only_for_trained_practitioners(
    qtbot, store, profile, store_runner, levels, registry,
):
    ids = quillfields(store, profile, with_consent=True)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    panel.choose_child = lambda children, title: pytest.fail("untrained: no child is chosen")
    qtbot.mouseClick(panel.new_buttons["gcp2"], Qt.MouseButton.LeftButton)
    assert "only be used by practitioners trained in it" in panel.gate_text
    assert not panel.consent_button.isVisibleTo(panel)
    assert panel.wizard is None

    trained = Profile(
        name=profile.name,
        role=profile.role,
        team=profile.team,
        username=profile.username,
        gcp2_trained=True,
    )
    trained_view = family_view(qtbot, store_runner, levels, trained, ids["family"], registry)
    tpanel = trained_view.assessments_panel
    asked: list[list[str]] = []

    def child(children, title):
        asked.append([c.given_name for c in children])
        return ids["leo"]

    tpanel.choose_child = child
    wizard = open_wizard(
        qtbot,
        tpanel,
        lambda: qtbot.mouseClick(tpanel.new_buttons["gcp2"], Qt.MouseButton.LeftButton),
    )
    assert asked == [["Mia", "Leo"]] or asked == [["Leo", "Mia"]]
    assert wizard.definition.id == "gcp2"
    assert "about Leo Quillfield" in wizard.windowTitle()
    assert tpanel.gate_text == ""
    close_wizard(qtbot, tpanel, wizard)


def test_the_council_variant_ehat_is_offered_and_opens_with_its_own_pages(
    qtbot, store, profile, store_runner, levels, registry
):
    write_form_choices(offered_examples=["ehat_short_council_b"])
    ids = quillfields(store, profile, with_consent=True)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    # "Which assessment?" lists each form by title and version date, never its id.
    offered: list[str] = []

    def answer() -> None:
        asking = [w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ChoiceDialog) and w.isVisible()]
        if not asking:
            QTimer.singleShot(20, answer)
            return
        choices = asking[0].choices
        offered.extend(choices.item(i).text() for i in range(choices.count()))
        short = next(i for i, t in enumerate(offered) if "short form" in t)
        place = choices.visualItemRect(choices.item(short)).center()
        qtbot.mouseClick(choices.viewport(), Qt.MouseButton.LeftButton, pos=place)
        assert asking[0].ok_button.text() == "Use this form"
        qtbot.mouseClick(asking[0].ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    wizard = open_wizard(
        qtbot, panel, lambda: qtbot.mouseClick(panel.new_buttons["ehat"], Qt.MouseButton.LeftButton)
    )
    assert sorted(offered) == [
        "Early Help Assessment (short form), version of 22 November 2026",
        "Early Help Assessment, version of 22 November 2026",
    ]
    assert wizard.definition.title == "Early Help Assessment (short form)"
    assert wizard.current_form_page().title_label.text() == "What is happening?"
    assert wizard.side.page_list.count() == len(wizard.definition.pages)
    assert wizard.block("agencies_involved").editor is not None
    close_wizard(qtbot, panel, wizard)
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    assert panel.model.rows[0].form_id == "ehat_short_council_b"


# ---------------------------------------------------------------- completing, level, review


def test_completing_an_ehat_offers_the_recommended_level_change(
    qtbot, store, profile, store_runner, levels, registry
):
    ids = quillfields(store, profile, with_consent=True)
    store.run(
        families.change_level,
        profile,
        levels,
        families.LevelDecision(
            ids["family"], "early_help", TODAY, "Agreed at the request.", profile.name
        ),
    )
    detail = store.run(
        assessment_drafts.start_assessment,
        profile,
        NewAssessment(ids["family"], registry.latest("ehat")),
        registry,
    )
    store.run(
        assessment_drafts.save_draft,
        profile,
        DraftSave(detail.id, ehat_answers(ids, "child_in_need"), "outcome"),
    )
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    panel.table.selectRow(0)
    assert panel.open_button.text() == "Resume"
    wizard = open_wizard(qtbot, panel, panel.open_selected)
    assert wizard.current_page_id() == "outcome"  # resumed where it was left
    asked: list[str] = []
    panel.confirm = lambda title, text: asked.append(text) or True
    with qtbot.waitSignal(wizard.completed, timeout=10_000):
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
    assert (
        asked and "recommends Child in Need; the family's level of need is Early Help" in asked[0]
    )
    dialog = panel.dialog
    assert isinstance(dialog, LevelDialog)
    assert dialog.level.code() == "child_in_need"
    assert "Early Help Assessment completed on" in dialog.reason.toPlainText()
    assert dialog.direction_text == "This is a step up to children's social care."
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.family.level_code == "child_in_need"
    )
    history = view.detail.level_history[0]
    assert history.to_level == "child_in_need"
    assert "Early Help Assessment completed on" in history.reason
    qtbot.waitUntil(lambda: panel.model.rows and panel.model.rows[0].status == "completed")


def test_return_with_a_comment_reaches_the_worker_who_amends(
    qtbot, store, profile, store_runner, levels, registry
):
    ids = quillfields(store, profile, with_consent=True)
    assessment_id = completed_ehat(store, profile, registry, ids)

    # the team lead returns it with a comment
    lead_view = family_view(qtbot, store_runner, levels, TEAM_LEAD, ids["family"], registry)
    lead = lead_view.assessments_panel
    qtbot.waitUntil(lambda: len(lead.model.rows) == 1)
    assert lead.sign_off_button.isVisibleTo(lead) and lead.return_button.isVisibleTo(lead)
    lead.table.selectRow(0)
    dialog = lead.review_selected("returned")
    assert isinstance(dialog, ReviewDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Say what needs to change" in dialog.rows["comment"].error
    qtbot.keyClicks(dialog.comment, "Please add Leo's view as well.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lead.model.rows[0].status == "returned")

    # the worker sees the comment in the list and on the assessment itself
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    assert not panel.sign_off_button.isVisibleTo(panel)
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    panel.table.selectRow(0)
    assert panel.model.rows[0].status_label == "Returned"
    assert "Returned by Kim Leadperson" in panel.detail.text()
    assert "Please add Leo's view as well." in panel.detail.text()
    wizard = open_wizard(qtbot, panel, panel.open_selected)
    assert wizard.read_only
    notice = wizard.current_form_page().notice.text()
    assert "Please add Leo's view as well." in notice and "Returned by Kim Leadperson" in notice
    close_wizard(qtbot, panel, wizard)

    # the correction: a new draft, linked, with the comment beside it; the original stays
    panel.table.selectRow(0)
    amendment = open_wizard(qtbot, panel, panel.amend_selected)
    assert not amendment.read_only
    assert amendment.detail.amends_id == assessment_id
    assert "correction of the assessment" in amendment.current_form_page().notice.text()
    assert "Please add Leo's view as well." in amendment.current_form_page().notice.text()
    assert amendment.answers()["next_steps"] == "Review in six weeks."
    close_wizard(qtbot, panel, amendment)
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2)
    by_id = {row.id: row for row in panel.model.rows}
    original = by_id[assessment_id]
    assert original.status == "returned" and original.amended_by_id is not None
    assert any(row.amends_id == assessment_id and row.is_draft for row in panel.model.rows)
    # the original still opens, read-only, as it was
    panel.select_assessment(assessment_id)
    again = open_wizard(qtbot, panel, panel.open_selected)
    assert again.read_only and again.block("next_steps").display.text() == "Review in six weeks."
    close_wizard(qtbot, panel, again)


def test_team_lead_signs_off_and_it_is_recorded(
    qtbot, store, profile, store_runner, levels, registry,
):
    ids = quillfields(store, profile, with_consent=True)
    assessment_id = completed_ehat(store, profile, registry, ids)
    view = family_view(qtbot, store_runner, levels, TEAM_LEAD, ids["family"], registry)
    panel = view.assessments_panel
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    panel.table.selectRow(0)
    dialog = panel.review_selected("signed_off")
    assert isinstance(dialog, ReviewDialog)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rows[0].status == "signed_off")
    panel.table.selectRow(0)
    assert not panel.sign_off_button.isEnabled()
    assert "Signed off by Kim Leadperson" in panel.detail.text()
    detail = store.run(assessments.load_assessment, profile, assessment_id)
    assert [(r.outcome, r.reviewed_by) for r in detail.reviews] == [
        ("signed_off", "kim.leadperson")
    ]


def test_a_lead_audits_a_record_without_consent_and_a_worker_cannot(
    qtbot, store, profile, store_runner, levels, registry
):
    from app.casework.assessment_data import NewAssessment
    from app.casework.assessment_drafts import NotAnAuditor, start_assessment

    ids = quillfields(store, profile)  # no consent to assess: an audit does not need it
    worker_view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    assert not worker_view.assessments_panel.new_buttons["case_audit"].isVisible()
    audit_form = registry.latest("case_audit")
    with pytest.raises(NotAnAuditor):
        store.run(start_assessment, profile, NewAssessment(ids["family"], audit_form), registry)

    view = family_view(qtbot, store_runner, levels, TEAM_LEAD, ids["family"], registry)
    panel = view.assessments_panel
    button = panel.new_buttons["case_audit"]
    assert button.isVisible()
    wizard = open_wizard(qtbot, panel, lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
    assert wizard.definition.kind == "case_audit"  # opened though no consent is in force
    close_wizard(qtbot, panel, wizard)
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1)
    assert panel.model.rows[0].kind == "case_audit"


def test_three_houses_asks_which_child_in_a_small_dialog_of_the_apps_own(
    qtbot, store, profile, store_runner, levels, registry
):
    """Issue 17: a plain Qt question box asked which child; now the children are listed by
    name and age, and OK says what happens. The keyboard alone answers it."""
    ids = quillfields(store, profile, with_consent=True)
    view = family_view(qtbot, store_runner, levels, profile, ids["family"], registry)
    panel = view.assessments_panel
    seen: dict[str, Any] = {}

    def answer() -> None:
        asking = [w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ChoiceDialog) and w.isVisible()]
        if not asking:
            QTimer.singleShot(20, answer)
            return
        dialog = asking[0]
        seen["title"] = dialog.windowTitle()
        seen["choices"] = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
        seen["ok"] = dialog.ok_button.text()
        seen["focus"] = dialog.focusWidget() is dialog.choices
        qtbot.keyClick(dialog.choices, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.choices, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    wizard = open_wizard(
        qtbot, panel,
        lambda: qtbot.mouseClick(panel.new_buttons["three_houses"], Qt.MouseButton.LeftButton),
    )
    assert seen["title"] == "Which child?"
    born = {"Leo": TODAY - dt.timedelta(days=365 * 2), "Mia": TODAY - dt.timedelta(days=365 * 7)}
    assert sorted(seen["choices"]) == [f"{n} Quillfield, {age_words(d)}" for n, d in born.items()]
    assert seen["ok"] == "Start three houses" and seen["focus"]
    second = seen["choices"][1].split(",")[0]
    assert f"about {second}" in wizard.windowTitle()
    close_wizard(qtbot, panel, wizard)
