"""Every document made from real store data and read back with pypdf: the
right content is in it, each page carries the family reference, the date
printed, the record version and "Page k of N", and headings are in the
outline. A family without the data gets a one-line error instead.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pytest
from sqlalchemy import select, update

from app.casework.assessments import latest_assessment, latest_gcp2_for_child, list_assessments
from app.casework.chronology import build_chronology
from app.casework.closure import latest_closure
from app.casework.consent import list_consents
from app.casework.meetings import list_meetings, load_meeting
from app.casework.plans import load_plan
from app.documents.agency_words import agency_in_a_sentence
from app.documents.catalogue import (
    DOCUMENT_NAMES,
    LABELS,
    UnknownDocument,
    available_documents,
    load_document,
    make_document,
    render_document,
)
from app.documents.family_facts import FamilyNotFound, NothingToPrint
from app.documents.layout.document_info import RecordStamp, RenderOptions, combined_stamp
from app.documents.review_record import plan_summary
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Family, PlanAction, PlanNeed, PlanOutcome
from tests.builders import TODAY, SmallFamily, add_numbered_plan, small_family
from tests.pdf_text import assert_page_furniture, flat, read_pdf, uk

LONDON = ZoneInfo("Europe/London")


def family_with(store: Store, name: str) -> str:
    """The reference of a demo family that has document ``name`` to print."""

    def find(session: Any) -> str | None:
        for family in session.scalars(select(Family).order_by(Family.reference)):
            if name in available_documents(session, store.profile, family.id):
                return family.reference
        return None

    reference = store.run(find)
    assert reference, f"no demo family has a {name} to print"
    return reference


def family_id_of(store: Store, reference: str) -> str:
    return str(
        store.run(lambda s: s.scalar(select(Family.id).where(Family.reference == reference)))
    )


def make(store: Store, reference: str, name: str, **options: Any) -> Any:
    data = store.run(load_document, store.profile, reference, name)
    return read_pdf(render_document(name, data, RenderOptions(**options)))


def names_in(store: Store, reference: str) -> dict[str, str]:
    def people(session: Any) -> dict[str, str]:
        from db.models import Person

        fid = family_id_of(store, reference)
        return {
            p.id: f"{p.given_name} {p.family_name}".strip()
            for p in session.scalars(select(Person).where(Person.family_id == fid))
        }

    return store.run(people)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- each document


def test_the_demo_store_can_make_every_document(demo_store: Store) -> None:
    for name in DOCUMENT_NAMES:
        if name == "assessments":
            continue  # no demo family has a form without a layout: test_council_form_documents
        reference = family_with(demo_store, name)
        pdf = make(demo_store, reference, name)
        assert pdf.page_count >= 1
        assert_page_furniture(pdf, reference, "Made from")
        assert pdf.outline, f"{name} has no outline entries"


def test_consent_form(demo_store: Store) -> None:
    reference = family_with(demo_store, "consent")
    fid = family_id_of(demo_store, reference)
    consents = demo_store.run(list_consents, demo_store.profile, fid)
    pdf = make(demo_store, reference, "consent")
    text = pdf.text
    assert "Your consent to early help" in pdf.outline
    for consent in consents:
        assert f"Consent given by {consent.given_by_name}" in text
        assert uk(consent.given_on) in text
        for agency in consent.share_now:
            assert flat(agency_in_a_sentence(agency)) in text
    assert text.count("Signature") >= len(consents)  # a signature block per person consenting
    assert "How to change your mind" in text and "withdraw" in text


def test_family_plan_has_every_action_with_owner_and_date(demo_store: Store) -> None:
    reference = family_with(demo_store, "plan")
    plan = demo_store.run(load_plan, demo_store.profile, family_id_of(demo_store, reference))
    pdf = make(demo_store, reference, "plan")
    text = pdf.text
    assert text.index("What is going well") < text.index("What we are working on")
    for outcome in plan.outcomes:
        assert flat(outcome.text) in text
    for action in plan.actions:
        assert flat(action.text) in text
        assert flat(action.owner_name) in text
        assert uk(action.due_on) in text
    assert "Your next review" in text
    assert "Agreeing the plan" in pdf.outline


def test_ehat_summary(demo_store: Store) -> None:
    reference = family_with(demo_store, "ehat")
    fid = family_id_of(demo_store, reference)
    detail = demo_store.run(latest_assessment, demo_store.profile, fid, "ehat")
    pdf = make(demo_store, reference, "ehat")
    text = pdf.text
    assert "Early Help Assessment summary" in text
    assert flat(detail.answers["analysis_strengths"]) in text
    assert flat(detail.answers["reason_for_assessment"]) in text
    assert uk(detail.completed_at.astimezone(LONDON).date()) in text
    assert "Putting it together" in pdf.outline  # a page of the form is a heading
    people = names_in(demo_store, reference)
    for child_id in detail.answers["children_assessed"]:
        assert people[child_id] in text


def test_gcp2_profile_with_chart_and_change(demo_store: Store) -> None:
    reference = family_with(demo_store, "gcp2")
    fid = family_id_of(demo_store, reference)
    summaries = demo_store.run(list_assessments, demo_store.profile, fid)
    child_id = next(a.child_person_id for a in summaries if a.kind == "gcp2")
    latest = demo_store.run(latest_gcp2_for_child, demo_store.profile, child_id)
    pdf = make(demo_store, reference, "gcp2")
    text = pdf.text
    assert latest.child_name in text
    for label in ("Nutrition", "Housing", "Clothing", "Hygiene", "Health", "Stimulation",
                  "Approval", "Disapproval", "Acceptance", "Physical care", "Safety"):
        assert label in text
    for grade in range(1, 6):
        assert f"Grade {grade}" in text  # the chart's columns
    assert flat(latest.answers["nutrition_evidence"]) in text
    twice = sum(1 for a in summaries if a.kind == "gcp2" and a.child_person_id == child_id) > 1
    if twice:
        assert "Change since the GCP2 of" in text and "Better by 1 grade" in text


def test_safety_map_three_columns_pairs_and_scaling(demo_store: Store) -> None:
    reference = family_with(demo_store, "sos")
    fid = family_id_of(demo_store, reference)
    detail = demo_store.run(latest_assessment, demo_store.profile, fid, "signs_of_safety")
    pdf = make(demo_store, reference, "sos")
    text = pdf.text
    for column in ("What are we worried about?", "What's working well?", "What needs to happen?"):
        assert column in text
    for row in detail.answers["danger_goals"]:
        assert flat(row["danger_statement"]) in text
        assert flat(row["safety_goal"]) in text
    for row in detail.answers["scaling"]:
        assert row["participant_name"] in text
        assert f"{row['score']} out of 10" in text
    # The demo made an earlier mapping: earlier scores are shown with their date.
    assert "First time scored" not in text


def test_review_record(demo_store: Store) -> None:
    reference = family_with(demo_store, "review")
    fid = family_id_of(demo_store, reference)
    meetings = demo_store.run(list_meetings, demo_store.profile, fid)
    review = next((m for m in meetings if m.is_review), meetings[0])
    detail = demo_store.run(load_meeting, demo_store.profile, review.id)
    pdf = make(demo_store, reference, "review")
    text = pdf.text
    assert uk(detail.held_on) in text
    for person in detail.present:
        assert person.name in text
    if detail.absent:
        assert "Invited but could not come" in text
    assert flat(detail.decisions) in text
    if detail.plan_snapshot is not None:
        for action in detail.plan_snapshot.plan.actions:
            assert flat(action.text) in text
        # The summary counts every action once (tests/app/documents/test_review_summary.py).
        assert plan_summary(detail.plan_snapshot.plan) in text


def test_closure_summary(demo_store: Store) -> None:
    reference = family_with(demo_store, "closure")
    fid = family_id_of(demo_store, reference)
    closure = demo_store.run(latest_closure, demo_store.profile, fid)
    pdf = make(demo_store, reference, "closure")
    text = pdf.text
    assert uk(closure.closed_on) in text
    assert closure.reason_label in text
    for item in closure.outcomes_achieved:
        assert flat(item.text) in text
    assert flat(closure.family_feedback) in text
    assert flat(closure.child_feedback) in text


def test_chronology(demo_store: Store) -> None:
    reference = family_with(demo_store, "chronology")
    fid = family_id_of(demo_store, reference)
    chronology = demo_store.run(build_chronology, demo_store.profile, fid)
    pdf = make(demo_store, reference, "chronology")
    text = pdf.text
    for item in chronology.items:
        assert flat(item.title) in text
    assert uk(chronology.items[0].date) in text


# ---------------------------------------------------------------- nothing to print


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("consent", "has no consent recorded to print."),
        ("plan", "has no plan to print."),
        ("ehat", "has no completed EHAT to print."),
        ("gcp2", "has no completed GCP2 to print."),
        ("sos", "has no completed safety mapping to print."),
        ("assessments", "has no other completed assessment to print."),
        ("review", "has no review or meeting to print."),
        ("closure", "has no closure to print."),
    ],
)
def test_a_family_without_the_data_gets_a_one_line_error(
    store: Store, profile: Profile, name: str, message: str
) -> None:
    fam = small_family(store, profile, consent=False)
    with pytest.raises(NothingToPrint) as caught:
        store.run(load_document, profile, fam.reference, name)
    assert caught.value.message == f"Family {fam.reference} {message}"
    assert "\n" not in caught.value.message


def test_unknown_family_and_document(store: Store, profile: Profile, family: SmallFamily) -> None:
    with pytest.raises(FamilyNotFound, match="no family with the reference EH-999999"):
        store.run(load_document, profile, "eh-999999", "consent")
    with pytest.raises(UnknownDocument, match="choose one of consent, plan"):
        store.run(load_document, profile, family.reference, "letter")
    # The reference is read as a worker types it.
    assert store.run(load_document, profile, f" {family.reference.lower()} ", "consent")


def test_available_documents_follow_the_records(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    assert store.run(available_documents, profile, family.id) == ("consent", "chronology")
    add_numbered_plan(store, profile, family, 3)
    assert store.run(available_documents, profile, family.id) == ("consent", "plan", "chronology")
    assert set(store.run(available_documents, profile, family.id)) <= set(DOCUMENT_NAMES)
    assert all(name in LABELS for name in DOCUMENT_NAMES)


# ---------------------------------------------------------------- long content, large print


def test_a_plan_of_sixty_actions_flows_over_pages_with_nothing_lost(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    texts = add_numbered_plan(store, profile, family, 60)
    pdf = make(store, family.reference, "plan")
    assert pdf.page_count > 1
    assert_page_furniture(pdf, family.reference, "Made from a record not yet synced")
    for text in texts:
        assert text in pdf.text, f"lost: {text}"
    for n in range(1, 61):
        assert f"Progress note {n:03d}" in pdf.text
    # Table headings repeat on every page the actions run over.
    assert sum(1 for page in pdf.pages if "What will happen" in page) >= pdf.page_count - 1
    large = make(store, family.reference, "plan", large_print=True)
    assert large.page_count > pdf.page_count
    for text in texts:
        assert text in large.text


def test_a_chronology_of_three_hundred_entries_flows_over_pages(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    from app.casework.chronology import save_chronology_entry
    from app.casework.chronology_data import ChronologyEntryRequest

    def add(session: Any) -> None:
        for n in range(300):
            save_chronology_entry(session, profile, ChronologyEntryRequest(
                family_id=family.id, occurred_on=TODAY - dt.timedelta(days=300 - n),
                event=f"Chronology event {n:03d} recorded for the test", source="School",
                impact_on_child=f"Impact {n:03d}", significant=n % 3 == 0,
                child_person_id=family.child_id))

    store.run(add)
    pdf = make(store, family.reference, "chronology")
    assert pdf.page_count > 5
    assert_page_furniture(pdf, family.reference, "Made from")
    text = pdf.text
    for n in range(300):
        assert f"Chronology event {n:03d} recorded for the test" in text
        assert f"Impact {n:03d}" in text
    assert f"Page {pdf.page_count} of {pdf.page_count}" in pdf.pages[-1]
    # Large print takes more pages (counted without reading their text back).
    data = store.run(load_document, store.profile, family.reference, "chronology")
    large = render_document("chronology", data, RenderOptions(large_print=True))
    assert len(pypdf.PdfReader(io.BytesIO(large)).pages) > pdf.page_count


def test_a_very_long_answer_is_split_not_clipped(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    """A progress note longer than a page still prints whole."""
    long_note = " ".join(f"word{n:04d}" for n in range(1400))

    def make_plan(session: Any) -> None:
        from app.casework.plan_data import ActionRequest, NeedRequest, OutcomeRequest
        from app.casework.plan_writes import save_action, save_need, save_outcome

        need = save_need(session, profile, NeedRequest(family.id, "A need", "health"))
        outcome = save_outcome(session, profile, OutcomeRequest(need.id, "An outcome"))
        save_action(session, profile, ActionRequest(
            outcome_id=outcome.id, text="An action with a very long note",
            owner_kind="person", owner_id=family.carer_id, due_on=TODAY,
            progress_note=long_note))

    store.run(make_plan)
    pdf = make(store, family.reference, "plan", large_print=True)
    assert pdf.page_count > 2
    for n in range(0, 1400, 7):
        assert f"word{n:04d}" in pdf.text


# ---------------------------------------------------------------- record version, audit


def test_record_version_once_synced(store: Store, profile: Profile, family: SmallFamily) -> None:
    add_numbered_plan(store, profile, family, 4)
    pdf = make(store, family.reference, "plan")
    assert "Made from a record not yet synced (last changed" in pdf.text

    def synced(session: Any) -> None:  # as the sync engine leaves records after a push
        for model, version in ((PlanNeed, 3), (PlanOutcome, 5), (PlanAction, 12)):
            session.execute(update(model).where(model.family_id == family.id)
                            .values(version=version))

    store.run(synced)
    pdf = make(store, family.reference, "plan")
    assert_page_furniture(pdf, family.reference, "Made from record version 12")


def test_combined_stamp() -> None:
    early = dt.datetime(2025, 3, 30, 0, 30, tzinfo=dt.UTC)
    late = dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC)  # after the clocks went forward
    assert combined_stamp([RecordStamp(4, early), RecordStamp(9, late)]) == RecordStamp(9, late)
    mixed = combined_stamp([RecordStamp(4, late), RecordStamp(None, early)])
    assert mixed == RecordStamp(None, early)
    assert RecordStamp(None, late).text() == (
        "Made from a record not yet synced (last changed 30/03/2025 02:30)"
    )
    assert RecordStamp(None, early).text().endswith("(last changed 30/03/2025 00:30)")
    assert RecordStamp(7).text() == "Made from record version 7"


def test_printing_is_audited(store: Store, profile: Profile, family: SmallFamily) -> None:
    make_document_bytes = store.run(make_document, profile, family.reference, "consent")
    assert read_pdf(make_document_bytes).page_count >= 1
    events = store.run(lambda s: [
        (e.action, e.actor) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.family_id == family.id,
                                     AuditEvent.action.like("print_%")))
    ])
    assert events == [("print_consent", profile.username)]


def test_family_reference_and_printed_date_are_options(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    data = store.run(load_document, profile, family.reference, "consent")
    pdf = read_pdf(render_document("consent", data,
                                   RenderOptions(printed_on=dt.date(2025, 10, 26))))
    assert "Printed 26/10/2025" in pdf.text
    name = store.run(lambda s: s.get(Family, family.id).family_name)
    assert f"{name} family" in pdf.pages[0]


def test_consent_form_never_says_more_than_is_agreed_now(
    store: Store, profile: Profile, family: SmallFamily
) -> None:
    from app.casework.consent_data import ConsentRequest, WithdrawalRequest
    from app.casework.consent_writes import record_consent, withdraw_consent
    from app.families.households import AgencyData, save_agency

    def consents(session: Any) -> None:
        save_agency(session, profile, AgencyData(None, family.id, "Health visiting"))
        young = record_consent(session, profile, ConsentRequest(
            family.id, family.child_id, "", "verbal", TODAY - dt.timedelta(days=20),
            scope_assess=True, share_agencies=("School", "Health visiting"),
            capacity_note="Understood what sharing means and agreed after we talked it through."))
        withdraw_consent(session, profile, WithdrawalRequest(
            young.id, TODAY - dt.timedelta(days=5), "Sky Brightwater", all_of_it=False,
            share_agencies=("School",)))
        food = record_consent(session, profile, ConsentRequest(
            family.id, family.carer_id, "", "electronic", TODAY - dt.timedelta(days=60),
            refer_services=("Food bank",)))
        withdraw_consent(session, profile, WithdrawalRequest(
            food.id, TODAY - dt.timedelta(days=2), "Alex Brightwater"))

    store.run(consents)
    pdf = make(store, family.reference, "consent")
    text = pdf.text
    sky = text[text.index("Consent given by Sky Brightwater"):]
    agreed = sky[sky.index("What you have agreed to"):sky.index("What you have since withdrawn")]
    assert "your health visitor" in agreed and "school" not in agreed  # withdrawn since
    assert f"Withdrawn by Sky Brightwater on {uk(TODAY - dt.timedelta(days=5))}: sharing with " \
           "your children's school." in text
    assert "Young person" in text
    assert "Understood what sharing means" not in text  # the worker's note, not the family's
    no_longer = text[text.index("Consent that is no longer in force"):]
    assert "Food bank" in no_longer and "all of this consent" in no_longer
    assert text.count("Signing as") == 4  # the two in force, each with the worker
