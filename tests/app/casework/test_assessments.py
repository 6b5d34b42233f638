"""Assessments: the consent and GCP2 gates, drafts that save themselves,
completion, amendment, sign-off and return, old form versions, GCP2 and
safety scaling history, imported GCP2 descriptors, the migration from a
store at 0003, and the new records syncing between two devices.

Real SQLCipher stores in tmp_path, the shipped forms, synthetic people only.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from app import dates
from app.casework.assessment_completion import (
    amend_assessment,
    complete_assessment,
    review_assessment,
)
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment, ReviewRequest
from app.casework.assessment_drafts import discard_draft, save_draft, start_assessment
from app.casework.assessment_errors import (
    AssessmentIncomplete,
    FormNotLoaded,
    Gcp2NotTrained,
    ReviewNotAllowed,
)
from app.casework.assessments import (
    descriptors_for_assessment,
    form_for,
    gcp2_change,
    latest_assessment,
    latest_gcp2_for_child,
    list_assessments,
    load_assessment,
    previous_gcp2,
    scaling_history,
)
from app.casework.consent import current_consent
from app.casework.consent_data import ConsentRequest, ConsentRequired, WithdrawalRequest
from app.casework.consent_writes import record_consent, withdraw_consent
from app.errors import HearthError, NotFound, RecordFinal, ValidationFailed
from app.forms.answers import field_id_of, validate_answers
from app.forms.definition import Field, FormDefinition, options_for
from app.forms.gcp2_descriptors import (
    META_KEY,
    AdministratorsOnly,
    DescriptorFileInvalid,
    DescriptorImport,
    descriptor_files,
    descriptors_in_use,
    import_descriptor_file,
    read_import_file,
    use_shipped_descriptors,
)
from app.forms.loader import SHIPPED_FORMS, FormRegistry, load_folders
from app.records import writes as records
from app.records.writes import META_SENT_UPTO
from app.reference.form_options import reference_options
from app.store.caseload_store import (
    Profile,
    Store,
    create_store,
    db_path,
    key_path,
    open_store,
    read_meta,
    write_meta,
)
from app.sync import enrolment
from app.sync.engine import sync_store
from app.sync.http_client import HttpTransport
from app.sync.status import credentials
from db.models import (
    STORE_MARKER,
    Assessment,
    AssessmentReview,
    AuditEvent,
    OutboxOp,
)
from server import admin
from server.app import create_app
from tests.builders import Agency, Consent, Level, Member, add_family, in_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TODAY = dates.today()
OPTIONS = reference_options()


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def profile() -> Profile:
    """The store's worker, trained in GCP2 (overrides the shared fixture)."""
    return Profile(
        name="Robin Testworker",
        role="family_support_worker",
        team="North Locality Team",
        username="robin.testworker",
        gcp2_trained=True,
    )


UNTRAINED = Profile("Ash Newstarter", "family_support_worker", "North Locality Team", "ash.new")
LEAD = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead", gcp2_trained=True)
ADMIN = Profile("Ari Admin", "administrator", "Council", "ari.admin")


@dataclass(frozen=True)
class AssessedHousehold:
    family_id: str
    parent_id: str
    child_id: str
    second_child_id: str
    consent_id: str


def assessed_household(
    store: Store, actor: Profile, *, consent: bool = True
) -> AssessedHousehold:
    """The Meadowbanks at Early Help: Dana, Rowan and Ellis, a school; consent to assess."""
    built = in_store(
        store, add_family, actor, "Meadowbank",
        people=(
            Member("dana", "parent_carer", "Dana"),
            Member("rowan", "child", "Rowan", dt.date(2017, 6, 2)),
            Member("ellis", "child", "Ellis", dt.date(2020, 1, 9)),
        ),
        agencies=(Agency("school", "School"),),
        level_path=(Level("early_help", TODAY, "Synthetic request for help", "Jo Lead"),),
        consent=Consent("dana") if consent else None,
    )
    return AssessedHousehold(built.id, built["dana"], built["rowan"], built["ellis"],
                             built.consent_id)


@pytest.fixture
def household(store: Store, profile: Profile) -> AssessedHousehold:
    return assessed_household(store, profile)


def people_of(store: Store, family_id: str) -> dict[str, str]:
    from app.casework.assessments import family_people

    return store.run(family_people, family_id)  # type: ignore[no-any-return]


def value_for(item: Field, people: Mapping[str, str]) -> Any:
    """A valid answer for any field type (synthetic)."""
    kind = item.type
    if kind in ("text", "long_text"):
        return "Synthetic answer"[: item.max_length or 100]
    if kind in ("choice", "multi_choice"):
        options = options_for(item, OPTIONS) or ()
        return options[0].value if kind == "choice" else [options[0].value]
    if kind == "date":
        return TODAY.isoformat()
    if kind == "number":
        return int(item.minimum) if item.minimum is not None else 1
    if kind == "yes_no":
        return False
    if kind == "person":
        chosen = next(pid for pid, role in people.items() if role in item.person_roles)
        return [chosen] if item.multiple else chosen
    if kind == "grade":
        return 2
    if kind == "scale":
        low = int(item.minimum if item.minimum is not None else 0)
        return low + 5
    if kind == "repeat":
        row = {sub.id: value_for(sub, people) for sub in item.fields}
        return [dict(row) for _ in range(max(1, item.min_rows))]
    raise AssertionError(kind)


def complete_answers(
    form: FormDefinition, people: Mapping[str, str], **given: Any
) -> dict[str, Any]:
    """Answers that complete ``form``: ``given`` first, the rest filled in."""
    answers: dict[str, Any] = dict(given)
    for _ in range(6):
        problems = validate_answers(form, answers, options=OPTIONS, people=people)
        if not problems:
            return answers
        for path in problems:
            top = field_id_of(path)
            assert top not in given, f"given answer {top} has a problem: {problems[path]}"
            answers[top] = value_for(form.field(top), people)
    raise AssertionError(f"could not complete {form.id}: {problems}")


def count(store: Store, model: Any, *where: Any) -> int:
    return int(store.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where))))


def ops_for(store: Store, entity_id: str) -> list[OutboxOp]:
    return store.run(  # type: ignore[no-any-return]
        lambda s: list(
            s.scalars(
                select(OutboxOp).where(OutboxOp.entity_id == entity_id).order_by(OutboxOp.seq)
            )
        )
    )


def start(
    store: Store, actor: Profile, registry: FormRegistry, h: AssessedHousehold, form_id: str,
    child: str | None = None,
) -> Any:
    return store.run(start_assessment, actor, NewAssessment(h.family_id, registry.latest(form_id),
                                                            child), registry)


def start_and_complete(
    store: Store, actor: Profile, registry: FormRegistry, h: AssessedHousehold, form_id: str,
    child: str | None = None, **given: Any,
) -> Any:
    draft = start(store, actor, registry, h, form_id, child)
    form = registry.get(draft.form_id, draft.form_version)
    answers = complete_answers(form, people_of(store, h.family_id), **given)
    store.run(save_draft, actor, DraftSave(draft.id, answers, form.pages[-1].id))
    return store.run(complete_assessment, actor, CompleteAssessment(draft.id), registry)


# ---------------------------------------------------------------- gates


def test_no_assessment_without_consent_to_assess(
    store: Store, profile: Profile, registry: FormRegistry
) -> None:
    h = assessed_household(store, profile, consent=False)
    with pytest.raises(ConsentRequired) as caught:
        start(store, profile, registry, h, "ehat")
    assert "consent" in caught.value.message and "Record consent to assess" in caught.value.message
    assert count(store, Assessment) == 0

    consent = store.run(
        record_consent, profile,
        ConsentRequest(h.family_id, h.parent_id, "", "verbal", TODAY, scope_assess=True),
    )
    draft = start(store, profile, registry, h, "ehat")
    assert draft.status == "draft"

    store.run(withdraw_consent, profile, WithdrawalRequest(consent.id, TODAY, "Dana Meadowbank"))
    with pytest.raises(ConsentRequired, match="withdrawn"):
        start(store, profile, registry, h, "signs_of_safety")
    # What was started before the withdrawal is still there.
    assert [a.id for a in store.run(list_assessments, profile, h.family_id)] == [draft.id]


def test_gcp2_only_for_trained_practitioners(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    with pytest.raises(Gcp2NotTrained) as caught:
        start(store, UNTRAINED, registry, household, "gcp2", household.child_id)
    assert "trained" in caught.value.message and "administrator" in caught.value.message
    # Other tools are open to the same worker.
    assert start(store, UNTRAINED, registry, household, "three_houses", household.child_id)
    done = start_and_complete(store, profile, registry, household, "gcp2", household.child_id)
    # Amending a GCP2 is using GCP2, too.
    with pytest.raises(Gcp2NotTrained):
        store.run(amend_assessment, UNTRAINED, done.assessment.id, registry)
    assert count(store, Assessment, Assessment.kind == "gcp2") == 1


def test_a_per_child_form_needs_a_child_of_this_family(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start(store, profile, registry, household, "gcp2")
    assert "choose which child" in caught.value.problems["child_person_id"]
    with pytest.raises(ValidationFailed) as caught:
        start(store, profile, registry, household, "gcp2", household.parent_id)
    assert "choose a child" in caught.value.problems["child_person_id"]
    with pytest.raises(ValidationFailed):
        start(store, profile, registry, household, "gcp2", "no-such-person")


# ---------------------------------------------------------------- starting and drafts


def test_start_records_the_form_version_descriptors_outbox_and_audit(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    draft = start(store, profile, registry, household, "gcp2", household.child_id)
    assert (draft.form_id, draft.form_version, draft.kind) == ("gcp2", 1, "gcp2")
    assert draft.title == "Graded Care Profile 2"
    assert draft.child_name == "Rowan Meadowbank"
    assert draft.status == "draft" and draft.answers == {} and draft.current_page == "physical_care"
    assert draft.started_by == profile.name and draft.completed_at is None
    assert draft.descriptors_source["gcp2"]["id"] == "gcp2_descriptors_neutral"
    assert draft.descriptors_source["gcp2"]["version"] == 1
    ops = ops_for(store, draft.id)
    assert len(ops) == 1 and ops[0].entity == "assessment" and ops[0].base_version is None
    assert ops[0].fields["form_version"] == 1 and ops[0].fields["answers"] == {}
    assert count(store, AuditEvent, AuditEvent.entity_id == draft.id,
                 AuditEvent.action == "create") == 1


def test_a_draft_saves_only_what_changed_and_resumes_after_reopening(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold,
    store_dir: Path, passphrase: str,
) -> None:
    draft = start(store, profile, registry, household, "ehat")
    first = store.run(save_draft, profile, DraftSave(draft.id, {"reason": "Synthetic worry"},
                                                     "reason"))
    assert first.changed
    audits = count(store, AuditEvent)
    ops = count(store, OutboxOp)
    again = store.run(save_draft, profile, DraftSave(draft.id, {"reason": "Synthetic worry"},
                                                     "reason"))
    assert not again.changed
    assert (count(store, AuditEvent), count(store, OutboxOp)) == (audits, ops)

    store.run(save_draft, profile, DraftSave(draft.id, {"reason": "Synthetic worry, more",
                                                        "request_date": TODAY}, "family"))
    # A crash or lock: the store is closed with no goodbye, then unlocked again.
    store.close()
    reopened = open_store(store_dir, passphrase)
    try:
        loaded = reopened.run(load_assessment, profile, draft.id)
        assert loaded.current_page == "family"
        assert loaded.answers == {"reason": "Synthetic worry, more",
                                  "request_date": TODAY.isoformat()}
        assert loaded.status == "draft"
        assert reopened.profile.gcp2_trained  # the profile flag survives reopening
    finally:
        reopened.close()


def test_autosave_folds_into_one_unsent_op_and_keeps_sent_ones(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    draft = start(store, profile, registry, household, "ehat")
    audit_before = count(store, AuditEvent)
    text = ""
    for letter in "Synthetic typing session":
        text += letter
        store.run(save_draft, profile, DraftSave(draft.id, {"reason": text}, "reason"))
    ops = ops_for(store, draft.id)
    assert len(ops) == 1  # the create op, holding the latest answers
    assert ops[0].fields["answers"] == {"reason": "Synthetic typing session"}
    assert ops[0].fields["form_id"] == "ehat"
    # One update audit event for the stretch of typing (plus its own op).
    assert count(store, AuditEvent) == audit_before + 1
    update_events = store.run(lambda s: list(s.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == draft.id, AuditEvent.action == "update")
    )))
    assert len(update_events) == 1 and update_events[0].actor == profile.username
    row = store.run(lambda s: s.get(Assessment, draft.id))
    assert row.updated_by == profile.username

    # Once the op has gone to the server it is never changed again.
    store.run(
        lambda s: write_meta(s, META_SENT_UPTO, str(s.scalar(select(func.max(OutboxOp.seq)))))
    )
    sent_fields = dict(ops[0].fields)
    store.run(save_draft, profile, DraftSave(draft.id, {"reason": "After the sync"}, "reason"))
    store.run(save_draft, profile, DraftSave(draft.id, {"reason": "After the sync, more"},
                                             "reason"))
    after = ops_for(store, draft.id)
    assert len(after) == 2
    assert after[0].fields == sent_fields
    assert after[1].fields == {"answers": {"reason": "After the sync, more"}}
    assert after[1].base_version is None
    # The sent audit event stays; the new stretch has one event of its own.
    assert count(store, AuditEvent, AuditEvent.entity_id == draft.id,
                 AuditEvent.action == "update") == 2


def test_a_draft_can_be_discarded_but_a_completed_one_cannot(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    draft = start(store, profile, registry, household, "three_houses", household.child_id)
    store.run(discard_draft, profile, draft.id)
    assert store.run(list_assessments, profile, household.family_id) == ()
    with pytest.raises(NotFound):
        store.run(load_assessment, profile, draft.id)
    assert ops_for(store, draft.id)[-1].deleted

    done = start_and_complete(store, profile, registry, household, "three_houses",
                              household.child_id)
    with pytest.raises(RecordFinal):
        store.run(discard_draft, profile, done.assessment.id)


# ---------------------------------------------------------------- completing


def test_completion_names_the_fields_still_missing_and_writes_nothing(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    draft = start(store, profile, registry, household, "signs_of_safety")
    answers = {"harm": "Synthetic harm", "scaling": [{"participant_name": "Dana"}]}
    store.run(save_draft, profile, DraftSave(draft.id, answers, "worried"))
    ops = len(ops_for(store, draft.id))
    with pytest.raises(AssessmentIncomplete) as caught:
        store.run(complete_assessment, profile, CompleteAssessment(draft.id), registry)
    error = caught.value
    assert "danger" in error.problems and "harm" not in error.problems
    assert error.labels["danger"] == "What are we worried could happen to the children?"
    assert error.first_page == "worried"
    row_paths = [p for p in error.problems if p.startswith("scaling[0].")]
    assert row_paths, error.problems
    assert error.labels[row_paths[0]].startswith(
        registry.get("signs_of_safety", 1).field("scaling").label + ", row 1: "
    )
    assert "What are we worried could happen to the children?" in error.message
    assert error.message.startswith("This assessment cannot be completed yet.")
    loaded = store.run(load_assessment, profile, draft.id)
    assert loaded.status == "draft" and loaded.completed_at is None
    assert len(ops_for(store, draft.id)) == ops


def test_completing_makes_the_answers_final(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    result = start_and_complete(store, profile, registry, household, "three_houses",
                                household.child_id)
    done = result.assessment
    assert done.status == "completed" and done.is_final
    assert done.completed_by == profile.name and done.completed_at is not None
    assert result.recommended_level is None  # three houses has no outcome
    assert count(store, AuditEvent, AuditEvent.entity_id == done.id,
                 AuditEvent.action == "complete") == 1

    with pytest.raises(RecordFinal, match="make an amendment"):
        store.run(save_draft, profile, DraftSave(done.id, {"worries": "changed"}, ""))
    with pytest.raises(RecordFinal, match="make an amendment"):
        store.run(complete_assessment, profile, CompleteAssessment(done.id), registry)

    def sneak(session: Any) -> None:
        records.update(session, profile, session.get(Assessment, done.id), answers={})

    with pytest.raises(RecordFinal):
        store.run(sneak)
    assert store.run(load_assessment, profile, done.id).answers == done.answers


def test_completion_drops_answers_to_hidden_questions(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    form = registry.latest("ehat")
    assert form.field("fam_reason").visible_if is not None
    draft = start(store, profile, registry, household, "ehat")
    answers = complete_answers(form, people_of(store, household.family_id), fam_needed=False)
    # Written while "a meeting is needed" was still chosen, then hidden by changing it.
    answers["fam_reason"] = "Stale synthetic reason"
    store.run(save_draft, profile, DraftSave(draft.id, answers, "outcome"))
    assert "fam_reason" in store.run(load_assessment, profile, draft.id).answers
    done = store.run(complete_assessment, profile, CompleteAssessment(draft.id), registry)
    assert "fam_reason" not in done.assessment.answers
    assert done.assessment.answers["no_fam_reason"] == "Synthetic answer"


def test_an_ehat_recommending_another_level_says_so(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    same = start_and_complete(store, profile, registry, household, "ehat",
                              recommended_level="early_help", fam_needed=True)
    assert same.current_level == "early_help"
    assert same.recommended_level is None and same.fam_needed is True

    other = start_and_complete(store, profile, registry, household, "ehat",
                               recommended_level="child_in_need", fam_needed=False)
    assert other.recommended_level == "child_in_need" and other.fam_needed is False

    # The council variant, with its own outcome fields, loads with no code change.
    variant = start_and_complete(store, profile, registry, household, "ehat_short_council_b",
                                 level_of_need="universal")
    assert variant.assessment.kind == "ehat" and variant.recommended_level == "universal"


# ---------------------------------------------------------------- amendment


def test_amendment_is_a_new_linked_draft_and_the_original_stays(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    original = start_and_complete(store, profile, registry, household, "three_houses",
                                  household.child_id).assessment
    amendment = store.run(amend_assessment, profile, original.id, registry)
    assert amendment.id != original.id and amendment.amends_id == original.id
    assert amendment.status == "draft" and amendment.answers == original.answers
    assert amendment.form_version == original.form_version
    # Asking again opens the same draft amendment, not a second one.
    assert store.run(amend_assessment, profile, original.id, registry).id == amendment.id

    listed = {a.id: a for a in store.run(list_assessments, profile, household.family_id)}
    assert set(listed) == {original.id, amendment.id}
    assert listed[original.id].amended_by_id == amendment.id
    assert not listed[original.id].superseded and listed[original.id].status == "completed"

    answers = dict(amendment.answers)
    answers["worries"] = "Corrected synthetic worries"
    store.run(save_draft, profile, DraftSave(amendment.id, answers, ""))
    store.run(complete_assessment, profile, CompleteAssessment(amendment.id), registry)
    listed = {a.id: a for a in store.run(list_assessments, profile, household.family_id)}
    assert listed[original.id].superseded
    assert store.run(load_assessment, profile, original.id).answers == original.answers
    with pytest.raises(HearthError, match="already been corrected"):
        store.run(amend_assessment, profile, original.id, registry)
    draft = start(store, profile, registry, household, "three_houses", household.child_id)
    with pytest.raises(HearthError, match="still a draft"):
        store.run(amend_assessment, profile, draft.id, registry)


# ---------------------------------------------------------------- review


def test_sign_off_by_a_team_lead_is_recorded_and_final(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    done = start_and_complete(store, profile, registry, household, "ehat").assessment
    with pytest.raises(ReviewNotAllowed, match="Only a team lead"):
        store.run(review_assessment, profile, ReviewRequest(done.id, "signed_off"))
    draft = start(store, profile, registry, household, "signs_of_safety")
    with pytest.raises(ReviewNotAllowed, match="still a draft"):
        store.run(review_assessment, LEAD, ReviewRequest(draft.id, "signed_off"))

    signed = store.run(review_assessment, LEAD, ReviewRequest(done.id, "signed_off", "Thorough."))
    assert signed.status == "signed_off"
    review = signed.reviews[-1]
    assert (review.reviewed_by, review.reviewer_name) == ("lee.lead", "Lee Teamlead")
    assert review.outcome_label == "Signed off" and review.comment == "Thorough."
    assert count(store, AuditEvent, AuditEvent.actor == "lee.lead",
                 AuditEvent.action == "sign_off") == 1
    review_ops = store.run(lambda s: list(s.scalars(
        select(OutboxOp).where(OutboxOp.entity == "assessment_review"))))
    assert len(review_ops) == 1 and review_ops[0].fields["outcome"] == "signed_off"
    # The assessment row itself was not changed by the sign-off.
    assert store.run(lambda s: s.get(Assessment, done.id).status) == "completed"

    with pytest.raises(ReviewNotAllowed, match="already signed off by Lee Teamlead"):
        store.run(review_assessment, LEAD, ReviewRequest(done.id, "returned", "Wait"))

    def change(session: Any) -> None:
        records.update(session, LEAD, session.scalars(select(AssessmentReview)).one(),
                       comment="edited")

    with pytest.raises(RecordFinal):
        store.run(change)


def test_return_needs_a_comment_which_the_worker_sees(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    done = start_and_complete(store, profile, registry, household, "ehat").assessment
    with pytest.raises(ValidationFailed) as caught:
        store.run(review_assessment, LEAD, ReviewRequest(done.id, "returned", "  "))
    assert "what needs to change" in caught.value.problems["comment"]
    with pytest.raises(ValidationFailed):
        store.run(review_assessment, LEAD, ReviewRequest(done.id, "approved"))

    store.run(review_assessment, LEAD,
              ReviewRequest(done.id, "returned", "Add the child's own words, please."))
    row = store.run(list_assessments, profile, household.family_id)[0]
    assert row.status == "returned" and row.status_label == "Returned"
    assert row.latest_review is not None
    assert row.latest_review.comment == "Add the child's own words, please."
    assert count(store, AuditEvent, AuditEvent.action == "return") == 1

    # The worker puts it right with an amendment, which the lead then signs off.
    amendment = store.run(amend_assessment, profile, done.id, registry)
    store.run(complete_assessment, profile, CompleteAssessment(amendment.id), registry)
    with pytest.raises(ReviewNotAllowed, match="review the amendment"):
        store.run(review_assessment, LEAD, ReviewRequest(done.id, "signed_off"))
    signed = store.run(review_assessment, LEAD, ReviewRequest(amendment.id, "signed_off"))
    assert signed.status == "signed_off"


def test_every_step_writes_an_outbox_op_and_an_audit_event(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    def totals() -> tuple[int, int]:
        return count(store, OutboxOp), count(store, AuditEvent)

    form = registry.latest("three_houses")
    people = people_of(store, household.family_id)
    steps: list[tuple[str, Any]] = []
    made: dict[str, Any] = {}
    steps.append(("start", lambda: made.setdefault("a", start(
        store, profile, registry, household, "three_houses", household.child_id))))
    steps.append(("save", lambda: store.run(save_draft, profile, DraftSave(
        made["a"].id, complete_answers(form, people), "worries"))))
    steps.append(("complete", lambda: store.run(
        complete_assessment, profile, CompleteAssessment(made["a"].id), registry)))
    steps.append(("review", lambda: store.run(
        review_assessment, LEAD, ReviewRequest(made["a"].id, "returned", "More, please."))))
    steps.append(("amend", lambda: store.run(amend_assessment, profile, made["a"].id, registry)))
    for name, step in steps:
        ops, events = totals()
        step()
        after_ops, after_events = totals()
        assert after_ops > ops, f"{name} wrote no outbox op"
        assert after_events > events, f"{name} wrote no audit event"
    audit_ops = store.run(lambda s: s.scalar(
        select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == "audit_event")))
    assert audit_ops == count(store, AuditEvent)  # every audit event travels too


# ---------------------------------------------------------------- old form versions


VISIT_V1 = """
id: visit_check
version: 1
title: Visit check
kind: visit_check
pages:
  - id: visit
    title: The visit
    fields:
      - {id: seen, type: yes_no, label: Was the child seen?, required: true}
      - {id: notes, type: long_text, label: What happened, required: true}
"""

VISIT_V2 = """
id: visit_check
version: 2
title: Visit check (revised)
kind: visit_check
pages:
  - id: visit
    title: The visit
    fields:
      - {id: seen, type: yes_no, label: Did you see the child?, required: true}
      - {id: seen_alone, type: yes_no, label: Was the child seen alone?, required: true}
      - {id: notes, type: long_text, label: Notes of the visit, required: true}
"""


def test_a_new_form_version_does_not_change_an_old_assessment(
    store: Store, profile: Profile, household: AssessedHousehold, tmp_path: Path
) -> None:
    council = tmp_path / "council_forms"
    council.mkdir()
    (council / "visit_check.yaml").write_text(VISIT_V1, encoding="utf-8")
    before = load_folders([SHIPPED_FORMS, council]).registry
    draft = store.run(start_assessment, profile,
                      NewAssessment(household.family_id, before.latest("visit_check")), before)
    answers = {"seen": True, "notes": "Synthetic visit"}
    store.run(save_draft, profile, DraftSave(draft.id, answers, "visit"))

    # The council edits the form: a new version file is dropped in.
    (council / "visit_check_v2.yaml").write_text(VISIT_V2, encoding="utf-8")
    after = load_folders([SHIPPED_FORMS, council]).registry
    assert after.latest("visit_check").version == 2
    assert validate_answers(after.latest("visit_check"), answers)  # v2 would want more

    loaded = store.run(load_assessment, profile, draft.id)
    assert (loaded.form_id, loaded.form_version) == ("visit_check", 1)
    form = form_for(after, loaded)
    assert form.version == 1 and form.field("seen").label == "Was the child seen?"
    assert not form.has_field("seen_alone")
    done = store.run(complete_assessment, profile, CompleteAssessment(draft.id), after)
    assert done.assessment.status == "completed" and done.assessment.form_version == 1
    # New assessments take the newest version.
    newer = store.run(start_assessment, profile,
                      NewAssessment(household.family_id, after.latest("visit_check")), after)
    assert newer.form_version == 2 and newer.title == "Visit check (revised)"

    # Without the old file the assessment says what is missing instead of guessing.
    only_new = tmp_path / "only_new"
    only_new.mkdir()
    (only_new / "visit_check_v2.yaml").write_text(VISIT_V2, encoding="utf-8")
    lost = load_folders([SHIPPED_FORMS, only_new]).registry
    with pytest.raises(FormNotLoaded, match="version 1 of the form 'visit_check'"):
        form_for(lost, loaded)


# ---------------------------------------------------------------- history


def test_gcp2_history_and_change_since_the_previous_one(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    assert store.run(latest_gcp2_for_child, profile, household.child_id) is None
    first = start_and_complete(store, profile, registry, household, "gcp2", household.child_id,
                               nutrition=4, housing=4).assessment
    change = store.run(gcp2_change, profile, first.id, registry)
    assert change.previous_id is None and change.changes == ()
    assert change.profile[0].label == "Area grade: physical care"

    second = start_and_complete(store, profile, registry, household, "gcp2", household.child_id,
                                nutrition=2, housing=5).assessment
    # Another child's GCP2 is not part of this child's history.
    start_and_complete(store, profile, registry, household, "gcp2", household.second_child_id)
    assert store.run(latest_gcp2_for_child, profile, household.child_id).id == second.id
    assert store.run(previous_gcp2, profile, second.id).id == first.id
    change = store.run(gcp2_change, profile, second.id, registry)
    by_field = {c.field_id: c for c in change.changes}
    assert by_field["nutrition"].direction == "better"
    assert by_field["housing"].direction == "worse"
    assert by_field["clothing"].direction == "same"

    # Correcting the second: the amendment replaces it in the history.
    amendment = store.run(amend_assessment, profile, second.id, registry)
    assert store.run(previous_gcp2, profile, amendment.id).id == first.id
    store.run(complete_assessment, profile, CompleteAssessment(amendment.id), registry)
    assert store.run(latest_gcp2_for_child, profile, household.child_id).id == amendment.id
    assert store.run(previous_gcp2, profile, amendment.id).id == first.id


def test_safety_scaling_history_per_participant(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold
) -> None:
    form = registry.latest("signs_of_safety")
    group = form.field("scaling")
    base_row = {sub.id: value_for(sub, people_of(store, household.family_id))
                for sub in group.fields}

    def rows(*scores: tuple[str, str, int]) -> list[dict[str, Any]]:
        return [dict(base_row, participant_name=n, participant_role=r, score=s)
                for n, r, s in scores]

    first = start_and_complete(
        store, profile, registry, household, "signs_of_safety",
        scaling=rows(("Robin", "worker", 3), ("Dana", "parent", 5)),
    )
    start_and_complete(
        store, profile, registry, household, "signs_of_safety",
        scaling=rows(("Robin", "worker", 6), ("Dana", "parent", 7)),
    )
    series = {s.name: s for s in store.run(scaling_history, profile, household.family_id,
                                           registry)}
    assert [p.score for p in series["Robin"].points] == [3, 6]
    assert series["Robin"].change == 3 and series["Dana"].change == 2
    latest = store.run(latest_assessment, profile, household.family_id, "signs_of_safety")
    assert latest is not None and latest.id != first.assessment.id
    assert [r["score"] for r in latest.answers["scaling"]] == [6, 7]


# ---------------------------------------------------------------- GCP2 descriptors


def licensed_text(**changes: Any) -> str:
    data = yaml.safe_load((SHIPPED_FORMS / "gcp2_descriptors_neutral.yaml").read_text("utf-8"))
    data.update(id="council_gcp2_licensed", title="GCP2 descriptors (licensed, synthetic)",
                licensed=True, source="Synthetic test licence")
    for entry in data["descriptors"].values():
        entry[1] = "Licensed wording (synthetic): " + entry[1]
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def test_only_an_administrator_imports_descriptors(
    store: Store, profile: Profile, registry: FormRegistry
) -> None:
    for who in (profile, LEAD):
        with pytest.raises(AdministratorsOnly):
            store.run(import_descriptor_file, who, DescriptorImport("c.yaml", licensed_text()),
                      registry)
    with pytest.raises(AdministratorsOnly):
        store.run(use_shipped_descriptors, profile, registry)
    assert store.run(lambda s: read_meta(s, META_KEY)) == ""


def test_a_malformed_descriptor_file_is_refused_with_each_mistake(
    store: Store, registry: FormRegistry, tmp_path: Path
) -> None:
    data = yaml.safe_load(licensed_text())
    del data["descriptors"]["housing"]
    data["descriptors"]["nutrition"] = {1: "Only one grade"}
    broken = yaml.safe_dump(data)
    with pytest.raises(DescriptorFileInvalid) as caught:
        store.run(import_descriptor_file, ADMIN, DescriptorImport("council.yaml", broken), registry)
    text = "\n".join(caught.value.problems)
    assert "council.yaml: descriptors.nutrition" in text
    assert caught.value.message.startswith("council.yaml cannot be used as GCP2 descriptors")

    missing_entry = yaml.safe_load(licensed_text())
    del missing_entry["descriptors"]["housing"]
    with pytest.raises(DescriptorFileInvalid) as caught:
        store.run(import_descriptor_file, ADMIN,
                  DescriptorImport("council.yaml", yaml.safe_dump(missing_entry)), registry)
    assert any("descriptors.housing" in p and "missing" in p for p in caught.value.problems)

    for text_in, words in (
        ("descriptors_for: gcp2\nid: [oops\n", "not valid YAML"),
        (licensed_text(descriptors_for="other_tool"), "not 'gcp2'"),
        ((SHIPPED_FORMS / "three_houses.yaml").read_text("utf-8"), "not a descriptor file"),
        (licensed_text(id="gcp2_descriptors_neutral"), "new version number"),
    ):
        with pytest.raises(DescriptorFileInvalid) as caught:
            store.run(import_descriptor_file, ADMIN, DescriptorImport("x.yaml", text_in), registry)
        assert any(words in p for p in caught.value.problems), caught.value.problems
    assert store.run(lambda s: read_meta(s, META_KEY)) == ""

    not_utf8 = tmp_path / "latin1.yaml"
    not_utf8.write_bytes("descriptors_for: gcp2\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(HearthError, match="not UTF-8"):
        read_import_file(not_utf8)


def test_imported_descriptors_are_used_by_later_gcp2s_only(
    store: Store, profile: Profile, registry: FormRegistry, household: AssessedHousehold,
    tmp_path: Path, store_dir: Path, passphrase: str,
) -> None:
    before = start(store, profile, registry, household, "gcp2", household.child_id)
    chosen_file = tmp_path / "council_gcp2.yaml"
    chosen_file.write_text(licensed_text(), encoding="utf-8")
    info = store.run(import_descriptor_file, ADMIN, read_import_file(chosen_file), registry)
    assert (info.id, info.version, info.licensed, info.in_use) == (
        "council_gcp2_licensed", 1, True, True)
    assert info.imported_by == "Ari Admin" and info.entries == 13
    assert count(store, AuditEvent, AuditEvent.action == "import_descriptors") == 1
    # Kept inside the encrypted store, not as a file of its own.
    assert "Licensed wording" in store.run(lambda s: read_meta(s, META_KEY))

    after = start(store, profile, registry, household, "gcp2", household.child_id)
    assert after.descriptors_source["gcp2"]["id"] == "council_gcp2_licensed"
    assert before.descriptors_source["gcp2"]["id"] == "gcp2_descriptors_neutral"
    # Each renders with the wording it was started with.
    old_sets = store.run(descriptors_for_assessment, registry, before)
    new_sets = store.run(descriptors_for_assessment, registry, after)
    assert not old_sets["gcp2"].get("nutrition")[0].startswith("Licensed")  # type: ignore[index]
    assert new_sets["gcp2"].get("nutrition")[0].startswith("Licensed")  # type: ignore[index]

    # The choice lives in the store: it survives a lock and unlock.
    store.close()
    reopened = open_store(store_dir, passphrase)
    try:
        in_use = reopened.run(descriptors_in_use, registry)
        assert in_use is not None and in_use.id == "council_gcp2_licensed"
        listed = {f.id: f for f in reopened.run(descriptor_files, ADMIN, registry)}
        assert listed["council_gcp2_licensed"].in_use and listed["council_gcp2_licensed"].imported
        assert not listed["gcp2_descriptors_neutral"].in_use

        # Importing the same file again changes nothing but keeps it in use.
        again = reopened.run(import_descriptor_file, ADMIN,
                             DescriptorImport("again.yaml", licensed_text()), registry)
        assert again.in_use and again.file_name == "council_gcp2.yaml"

        # Back to the shipped wording for new ones; old ones keep theirs.
        reopened.run(use_shipped_descriptors, ADMIN, registry)
        third = reopened.run(start_assessment, profile,
                             NewAssessment(household.family_id, registry.latest("gcp2"),
                                           household.child_id), registry)
        assert third.descriptors_source["gcp2"]["id"] == "gcp2_descriptors_neutral"
        still = reopened.run(descriptors_for_assessment, registry, after)
        assert still["gcp2"].id == "council_gcp2_licensed"
    finally:
        reopened.close()


# ---------------------------------------------------------------- migration


def test_a_store_at_0003_upgrades_to_head_and_takes_assessments(
    tmp_path: Path, passphrase: str, registry: FormRegistry
) -> None:
    from app.store import vault
    from db.engine import make_engine
    from db.migrate import current_revision, head_revision, upgrade

    folder = tmp_path / "old_store"
    folder.mkdir()
    key = vault.create_key_file(key_path(folder), passphrase)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    upgrade(engine, "0003")
    old_profile = {"name": "Pat Oldstore", "role": "family_support_worker", "team": "North",
                   "username": "pat.old"}  # written before gcp2_trained existed
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO store_meta (key, value) VALUES ('marker', ?), ('profile', ?), "
            "('demo', '0')",
            (STORE_MARKER, json.dumps(old_profile)),
        )
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert "assessment" not in tables and "consent" not in tables
    assert current_revision(engine) == "0003"
    engine.dispose()

    store = open_store(folder, passphrase)
    try:
        assert current_revision(store.engine) == head_revision()  # type: ignore[arg-type]
        assert (folder / "backups").is_dir() and list((folder / "backups").iterdir())
        assert store.profile.gcp2_trained is False and store.profile.username == "pat.old"
        h = assessed_household(store, store.profile)
        draft = store.run(start_assessment, store.profile,
                          NewAssessment(h.family_id, registry.latest("ehat")), registry)
        assert store.run(load_assessment, store.profile, draft.id).status == "draft"
        with pytest.raises(Gcp2NotTrained):
            store.run(start_assessment, store.profile,
                      NewAssessment(h.family_id, registry.latest("gcp2"), h.child_id), registry)
    finally:
        store.close()


def test_profile_json_keeps_the_training_flag(profile: Profile) -> None:
    from app.store.caseload_store import _profile_from

    text = json.dumps(asdict(profile))
    assert _profile_from(text, Path(".")).gcp2_trained is True
    assert _profile_from(json.dumps({**asdict(profile), "gcp2_trained": "yes"}),
                         Path(".")).gcp2_trained is False


# ---------------------------------------------------------------- sync between two devices

SERVER_PASSWORD = "correct horse battery"
URL = "http://localhost"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Any]:
    app = create_app(f"sqlite:///{tmp_path / 'server.db'}")
    with app.state.sessions.begin() as s:
        admin.add_team(s, "North")
        admin.add_user(s, "robin", name="Robin Synthetic", role="worker", team="North",
                       password=SERVER_PASSWORD, gcp2_trained=True)
        admin.add_user(s, "lee", name="Lee Synthetic", role="team_lead", team="North",
                       password=SERVER_PASSWORD)
    with TestClient(app) as client:
        yield app, client
    app.state.engine.dispose()


def enrolled(service: Any, tmp_path: Path, name: str, passphrase: str) -> Store:
    _, client = service
    store = create_store(tmp_path / name, passphrase,
                         Profile("Someone", "family_support_worker", "North", "someone"))
    enrolment.enrol(store, URL, name, SERVER_PASSWORD,
                    transport=HttpTransport(URL, None, client=client))
    return store


def sync(store: Store, service: Any) -> Any:
    _, token = store.run(credentials)
    return sync_store(store, transport=HttpTransport(URL, token, client=service[1]))


def test_consent_assessments_and_reviews_sync_and_final_records_stay_final(
    service: Any, tmp_path: Path, passphrase: str, registry: FormRegistry
) -> None:
    robin = enrolled(service, tmp_path, "robin", passphrase)
    lee = enrolled(service, tmp_path, "lee", passphrase)
    try:
        assert robin.profile.gcp2_trained and not lee.profile.gcp2_trained
        assert lee.profile.role == "team_lead"
        h = assessed_household(robin, robin.profile)
        actor = robin.profile
        gcp2 = start_and_complete(robin, actor, registry, h, "gcp2", h.child_id).assessment
        amendment = robin.run(amend_assessment, actor, gcp2.id, registry)
        draft = start(robin, actor, registry, h, "ehat")
        robin.run(save_draft, actor, DraftSave(draft.id, {"reason": "Synthetic, offline"},
                                               "reason"))
        report = sync(robin, service)
        assert report.waiting == 0

        sync(lee, service)
        listed = {a.id: a for a in lee.run(list_assessments, lee.profile, h.family_id)}
        assert set(listed) == {gcp2.id, amendment.id, draft.id}
        assert listed[gcp2.id].status == "completed" and listed[amendment.id].amends_id == gcp2.id
        pulled = lee.run(load_assessment, lee.profile, gcp2.id)
        assert pulled.answers == gcp2.answers and pulled.completed_by == actor.name
        assert lee.run(load_assessment, lee.profile, draft.id).answers == {
            "reason": "Synthetic, offline"}
        assert lee.run(current_consent, h.family_id).can_assess

        lee.run(review_assessment, lee.profile,
                ReviewRequest(gcp2.id, "returned", "Evidence for housing, please."))
        robin.run(withdraw_consent, actor,
                  WithdrawalRequest(h.consent_id, TODAY, "Dana Meadowbank"))
        sync(lee, service)
        sync(robin, service)
        sync(lee, service)
        assert not lee.run(current_consent, h.family_id).can_assess
        assert lee.run(current_consent, h.family_id).consents[0].withdrawn
        seen = {a.id: a for a in robin.run(list_assessments, actor, h.family_id)}
        assert seen[gcp2.id].status == "returned"
        assert seen[gcp2.id].latest_review.comment == "Evidence for housing, please."  # type: ignore[union-attr]

        # A completed assessment is append-only on the server too: a change
        # pushed against it (as an old or tampered client might) is rejected.
        version = robin.run(lambda s: s.get(Assessment, gcp2.id).version)
        _, token = robin.run(credentials)
        results = HttpTransport(URL, token, client=service[1]).push([{
            "op_id": "11111111-2222-4333-8444-555555555555",
            "entity": "assessment", "id": gcp2.id, "family_id": h.family_id,
            "base_version": version, "fields": {"answers": {"nutrition": 1}},
            "deleted": False, "resolves": [],
        }])
        assert results[0]["status"] == "rejected" and results[0]["reason"] == "final"
        sync(lee, service)
        assert lee.run(load_assessment, lee.profile, gcp2.id).answers == gcp2.answers
    finally:
        robin.close()
        lee.close()
