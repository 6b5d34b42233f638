"""Consent: recording, validation, withdrawal (the record stays), what is in
force now, and the gate assessments use. Real SQLCipher stores in tmp_path;
every person and family is synthetic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import dates
from app.casework.consent import (
    current_consent,
    family_agencies,
    list_consents,
    require_consent_to_assess,
)
from app.casework.consent_data import ConsentRequest, ConsentRequired, WithdrawalRequest
from app.casework.consent_writes import record_consent, withdraw_consent
from app.errors import RecordFinal, ValidationFailed
from app.records import writes as records
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Consent, ConsentWithdrawal, OutboxOp
from tests.builders import Agency, Member, add_family

TODAY = dates.today()


@dataclass(frozen=True)
class Brookfields:
    family_id: str
    parent_id: str
    child_id: str
    unborn_id: str
    other_family_parent_id: str


@pytest.fixture
def household(store: Store, profile: Profile) -> Brookfields:
    """A parent, a child of the family, an unborn baby and three agencies; and a parent
    in another family."""

    def make(session: Session) -> Brookfields:
        built = add_family(
            session, profile, "Brookfield",
            people=(
                Member("alex", "parent_carer", "Alex"),
                Member("sam", "child", "Sam", dt.date(2010, 3, 1)),
                Member("unborn", "unborn", "", expected=TODAY + dt.timedelta(days=60)),
            ),
            agencies=tuple(Agency(a, a) for a in ("School", "Health visiting", "Housing")),
        )
        other = add_family(
            session, profile, "Elsewhere", people=(Member("jo", "parent_carer", "Jo"),)
        )
        return Brookfields(built.id, built["alex"], built["sam"], built["unborn"], other["jo"])

    return store.run(make)


def request(h: Brookfields, **overrides: Any) -> ConsentRequest:
    values: dict[str, Any] = {
        "family_id": h.family_id,
        "given_by_person_id": h.parent_id,
        "given_by_name": "",
        "method": "signed_paper",
        "given_on": TODAY - dt.timedelta(days=3),
        "scope_assess": True,
        "share_agencies": ("School", "Health visiting"),
        "refer_services": ("Parenting group",),
    }
    values.update(overrides)
    return ConsentRequest(**values)


def count(store: Store, model: Any, *where: Any) -> int:
    return int(store.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where))))


# ---------------------------------------------------------------- recording


def test_recorded_consent_is_in_force_and_summarised(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    consent = store.run(record_consent, profile, request(household))
    assert consent.given_by_name == "Alex Brookfield"  # taken from the person chosen
    assert consent.taken_by == profile.name
    assert consent.state == "in_force" and not consent.withdrawn
    assert consent.method_label == "Signed paper form"

    status = store.run(current_consent, household.family_id)
    assert status.can_assess
    assert status.share_agencies == ("School", "Health visiting")
    assert status.refer_services == ("Parenting group",)
    assert status.summary == (
        "Consent to assess, to share with School, Health visiting and to refer to Parenting group"
    )


def test_no_consent_is_said_plainly(store: Store, household: Brookfields) -> None:
    status = store.run(current_consent, household.family_id)
    assert not status.can_assess and not status.any_recorded
    assert status.summary == "No consent recorded"


def test_recording_writes_one_outbox_op_and_one_audit_event(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    before_ops = count(store, OutboxOp)
    consent = store.run(record_consent, profile, request(household))
    ops = store.run(
        lambda s: list(s.scalars(select(OutboxOp).where(OutboxOp.seq > 0).order_by(OutboxOp.seq)))
    )[before_ops:]
    entities = sorted(op.entity for op in ops)
    assert entities == ["audit_event", "consent"]
    consent_op = next(op for op in ops if op.entity == "consent")
    assert consent_op.entity_id == consent.id and consent_op.family_id == household.family_id
    assert consent_op.fields["share_agencies"] == ["School", "Health visiting"]
    assert consent_op.fields["given_on"] == (TODAY - dt.timedelta(days=3)).isoformat()
    assert count(store, AuditEvent, AuditEvent.entity_id == consent.id,
                 AuditEvent.action == "create") == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"scope_assess": False, "share_agencies": (), "refer_services": ()}, "scope", "covers"),
        ({"given_on": TODAY + dt.timedelta(days=1)}, "given_on", "future"),
        ({"method": "carrier_pigeon"}, "method", "signed paper form, verbal or electronic"),
        ({"share_agencies": ("Police",)}, "share_agencies", "Police is not one of this family"),
        ({"given_by_person_id": None, "given_by_name": "  "}, "given_by_name", "who gave"),
    ],
)
def test_consent_that_cannot_be_recorded_says_why(
    store: Store,
    profile: Profile,
    household: Brookfields,
    overrides: dict[str, Any],
    field: str,
    words: str,
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        store.run(record_consent, profile, request(household, **overrides))
    assert words in caught.value.problems[field]
    assert count(store, Consent) == 0


def test_only_a_parent_carer_or_a_young_person_with_capacity_gives_consent(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        store.run(
            record_consent, profile, request(household, given_by_person_id=household.unborn_id)
        )
    assert "parent or carer" in caught.value.problems["given_by_person_id"]

    with pytest.raises(ValidationFailed) as caught:
        store.run(
            record_consent, profile,
            request(household, given_by_person_id=household.other_family_parent_id),
        )
    assert caught.value.problems["given_by_person_id"] == "Choose someone in this family."

    with pytest.raises(ValidationFailed) as caught:
        store.run(
            record_consent, profile, request(household, given_by_person_id=household.child_id)
        )
    assert "capacity" in caught.value.problems["capacity_note"]

    young = store.run(
        record_consent,
        profile,
        request(
            household,
            given_by_person_id=household.child_id,
            capacity_note="Sixteen, understands what sharing means and chose freely.",
            scope_assess=False,
            share_agencies=(),
            refer_services=("Youth service",),
            method="verbal",
        ),
    )
    assert young.given_by_name == "Sam Brookfield" and young.method == "verbal"


def test_share_agencies_are_chosen_from_the_familys_agencies(
    store: Store, household: Brookfields
) -> None:
    assert store.run(family_agencies, household.family_id) == (
        "Health visiting", "Housing", "School"
    )


def test_a_recorded_consent_is_final(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    consent = store.run(record_consent, profile, request(household))

    def change(session: Any) -> None:
        records.update(session, profile, session.get(Consent, consent.id), notes="edited")

    def delete(session: Any) -> None:
        records.mark_deleted(session, profile, session.get(Consent, consent.id))

    with pytest.raises(RecordFinal):
        store.run(change)
    with pytest.raises(RecordFinal):
        store.run(delete)
    assert store.run(lambda s: s.get(Consent, consent.id).notes) == ""


# ---------------------------------------------------------------- withdrawal


def test_withdrawal_keeps_the_record_and_ends_consent(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    consent = store.run(record_consent, profile, request(household))
    ops_before = count(store, OutboxOp)
    after = store.run(
        withdraw_consent,
        profile,
        WithdrawalRequest(consent.id, TODAY, "Alex Brookfield", notes="Said on the phone."),
    )
    assert after.withdrawn and after.state == "withdrawn"
    assert after.withdrawn_on == TODAY
    assert after.withdrawals[0].withdrawn_by == "Alex Brookfield"
    assert after.withdrawals[0].all_of_it
    # The consent itself is untouched and still listed.
    row = store.run(lambda s: (s.get(Consent, consent.id).scope_assess,
                               s.get(Consent, consent.id).deleted))
    assert row == (True, False)
    listed = store.run(list_consents, profile, household.family_id)
    assert [c.id for c in listed] == [consent.id]
    status = store.run(current_consent, household.family_id)
    assert not status.can_assess and status.share_agencies == () and status.all_withdrawn
    assert status.summary.startswith("Consent withdrawn on ")
    # One withdrawal record, with its outbox op and audit event.
    assert count(store, ConsentWithdrawal) == 1
    new_ops = store.run(
        lambda s: sorted(op.entity for op in s.scalars(select(OutboxOp)))
    )
    assert len(new_ops) == ops_before + 2
    assert new_ops.count("consent_withdrawal") == 1


def test_partial_withdrawal_keeps_the_rest_in_force(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    consent = store.run(record_consent, profile, request(household))
    after = store.run(
        withdraw_consent,
        profile,
        WithdrawalRequest(
            consent.id, TODAY, "Alex Brookfield", all_of_it=False, share_agencies=("School",)
        ),
    )
    assert after.state == "partly_withdrawn"
    assert after.assess_now and after.share_now == ("Health visiting",)
    assert after.share_agencies == ("School", "Health visiting")  # as given, kept
    status = store.run(current_consent, household.family_id)
    assert status.can_assess and status.share_agencies == ("Health visiting",)

    # Taking back everything that is left is a full withdrawal.
    final = store.run(
        withdraw_consent,
        profile,
        WithdrawalRequest(
            consent.id, TODAY, "Alex Brookfield", all_of_it=False, assess=True,
            share_agencies=("Health visiting",), refer_services=("Parenting group",),
        ),
    )
    assert final.withdrawn and final.withdrawals[-1].all_of_it
    assert len(final.withdrawals) == 2


def test_withdrawals_that_cannot_be_recorded_say_why(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    consent = store.run(record_consent, profile, request(household))
    cases = [
        (WithdrawalRequest(consent.id, TODAY + dt.timedelta(days=2), "Alex"), "withdrawn_on",
         "future"),
        (WithdrawalRequest(consent.id, TODAY - dt.timedelta(days=30), "Alex"), "withdrawn_on",
         "cannot be withdrawn before"),
        (WithdrawalRequest(consent.id, TODAY, " "), "withdrawn_by", "who withdrew"),
        (WithdrawalRequest(consent.id, TODAY, "Alex", all_of_it=False,
                           share_agencies=("Housing",)), "scope", "Choose which part"),
    ]
    for withdrawal, field, words in cases:
        with pytest.raises(ValidationFailed) as caught:
            store.run(withdraw_consent, profile, withdrawal)
        assert words in caught.value.problems[field]
    assert count(store, ConsentWithdrawal) == 0

    store.run(withdraw_consent, profile, WithdrawalRequest(consent.id, TODAY, "Alex"))
    with pytest.raises(ValidationFailed) as caught:
        store.run(withdraw_consent, profile, WithdrawalRequest(consent.id, TODAY, "Alex"))
    assert "already been withdrawn" in caught.value.problems["consent_id"]


def test_a_withdrawal_is_final_too(store: Store, profile: Profile, household: Brookfields) -> None:
    consent = store.run(record_consent, profile, request(household))
    store.run(withdraw_consent, profile, WithdrawalRequest(consent.id, TODAY, "Alex"))

    def change(session: Any) -> None:
        row = session.scalars(select(ConsentWithdrawal)).one()
        records.update(session, profile, row, notes="changed my mind")

    with pytest.raises(RecordFinal):
        store.run(change)


def test_consents_from_different_people_add_up(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    parent = store.run(
        record_consent, profile,
        request(household, share_agencies=("School",), refer_services=()),
    )
    store.run(
        record_consent,
        profile,
        request(
            household, given_by_person_id=household.child_id,
            capacity_note="Understands and agrees.", scope_assess=False,
            share_agencies=("Housing",), refer_services=("Youth service",),
            given_on=TODAY,
        ),
    )
    status = store.run(current_consent, household.family_id)
    assert status.can_assess
    assert status.share_agencies == ("School", "Housing")
    assert status.refer_services == ("Youth service",)
    assert [c.given_on for c in status.consents] == [TODAY, TODAY - dt.timedelta(days=3)]

    store.run(withdraw_consent, profile, WithdrawalRequest(parent.id, TODAY, "Alex"))
    status = store.run(current_consent, household.family_id)
    assert not status.can_assess and status.share_agencies == ("Housing",)
    assert not status.all_withdrawn
    assert status.summary == "Consent to share with Housing and to refer to Youth service"


# ---------------------------------------------------------------- the gate


def test_the_assessment_gate_explains_what_is_missing(
    store: Store, profile: Profile, household: Brookfields
) -> None:
    with pytest.raises(ConsentRequired, match="none is recorded"):
        store.run(require_consent_to_assess, household.family_id)

    share_only = store.run(
        record_consent, profile, request(household, scope_assess=False, refer_services=())
    )
    with pytest.raises(ConsentRequired, match="does not cover assessing"):
        store.run(require_consent_to_assess, household.family_id)

    store.run(withdraw_consent, profile, WithdrawalRequest(share_only.id, TODAY, "Alex"))
    with pytest.raises(ConsentRequired, match="withdrawn their consent"):
        store.run(require_consent_to_assess, household.family_id)

    store.run(record_consent, profile, request(household, given_on=TODAY))
    assert store.run(require_consent_to_assess, household.family_id).can_assess
