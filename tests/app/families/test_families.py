"""Family services: validation a worker can act on, level-of-need decisions, audited opening."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import dates
from app.errors import HearthError, NotFound, ValidationFailed
from app.families import households as families
from app.families.households import (
    AgencyData,
    FamilyData,
    LevelDecision,
    PersonData,
    change_level,
    load_family,
    record_opened,
    save_agency,
    save_family,
    save_person,
    validate_family,
    validate_person,
)
from app.families.personal_details import nhs_number_valid
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import AuditEvent, Family, LevelChange, OutboxOp, Person

TODAY = dates.today()
VALID_NHS = "943 476 5919"


@pytest.fixture
def family_id(store: Store, profile: Profile) -> str:
    return store.run(
        save_family,
        profile,
        FamilyData(id=None, family_name="Testingham", postcode="wa7 5ab", request_source="school"),
    )


def problems_of(error: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return error.value.problems


# ------------------------------------------------------------------ validation


def test_family_needs_a_name() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_family(FamilyData(id=None, family_name="   "))
    assert problems_of(caught) == {"family_name": "Enter the family's name."}
    assert "Enter the family's name." in caught.value.message


def test_family_validation_names_each_bad_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_family(
            FamilyData(
                id=None,
                family_name="Testingham",
                postcode="NOT A CODE",
                email="nobody-at-example",
                request_date=TODAY + dt.timedelta(days=1),
                request_source="carrier pigeon",
                status="lost",
            )
        )
    problems = problems_of(caught)
    assert set(problems) == {"postcode", "email", "request_date", "request_source", "status"}
    assert "postcode" in problems["postcode"].lower()
    assert "future" in problems["request_date"]


def test_uk_postcodes_are_accepted_and_kept_in_capitals(store: Store, profile: Profile) -> None:
    typed_and_kept = {
        "WA7 5AB": "WA7 5AB",
        "wa7 5ab": "WA7 5AB",
        " SW1A 1AA ": "SW1A 1AA",
        "M1 1AE": "M1 1AE",
        "B33 8TH": "B33 8TH",
        "cr2 6xh": "CR2 6XH",
        "DN551PT": "DN551PT",
    }
    kept = {}
    for typed in typed_and_kept:
        data = FamilyData(id=None, family_name="Testingham", postcode=typed)
        family_id = store.run(save_family, profile, data)
        kept[typed] = store.run(lambda s, fid=family_id: s.get(Family, fid).postcode)
    assert kept == typed_and_kept


def test_person_date_of_birth_cannot_be_in_the_future() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_person(
            PersonData(
                id=None,
                family_id="f",
                role="child",
                given_name="Ada",
                date_of_birth=TODAY + dt.timedelta(days=1),
            )
        )
    assert problems_of(caught) == {"date_of_birth": "A date of birth cannot be in the future."}


def test_person_born_today_is_fine(store: Store, profile: Profile, family_id: str) -> None:
    data = PersonData(
        id=None, family_id=family_id, role="child", given_name="Ada", date_of_birth=TODAY
    )
    person_id = store.run(save_person, profile, data)
    assert store.run(lambda s: s.get(Person, person_id).date_of_birth) == TODAY


def test_person_needs_a_name_and_a_role() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_person(
            PersonData(id=None, family_id="f", role="child", given_name=" ", date_of_birth=TODAY)
        )
    assert problems_of(caught) == {"given_name": "Enter a first name."}
    with pytest.raises(ValidationFailed) as caught:
        validate_person(PersonData(id=None, family_id="f", role="pet", given_name="Rex"))
    assert "role" in problems_of(caught)


def test_a_child_needs_a_date_of_birth() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_person(PersonData(id=None, family_id="f", role="child", given_name="Ada"))
    assert "date_of_birth" in problems_of(caught)


def test_implausibly_old_date_of_birth_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_person(
            PersonData(
                id=None,
                family_id="f",
                role="parent_carer",
                given_name="Old",
                date_of_birth=dt.date(1890, 1, 1),
            )
        )
    assert "120 years" in problems_of(caught)["date_of_birth"]


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "401 023 2137"])
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs_number_valid(number)


@pytest.mark.parametrize(
    "number", ["943 476 5918", "123", "94347659190", "abcdefghij", "0000000010"]
)
def test_bad_nhs_numbers_are_refused_with_a_message(number: str) -> None:
    assert not nhs_number_valid(number)
    with pytest.raises(ValidationFailed) as caught:
        validate_person(
            PersonData(
                id=None, family_id="f", role="parent_carer", given_name="Ada", nhs_number=number
            )
        )
    assert "NHS number" in problems_of(caught)["nhs_number"]


def test_unborn_baby_needs_a_due_date_that_has_not_long_passed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_person(PersonData(id=None, family_id="f", role="unborn", given_name=""))
    assert problems_of(caught) == {"expected_date": "Enter the baby's due date."}
    with pytest.raises(ValidationFailed) as caught:
        validate_person(
            PersonData(
                id=None,
                family_id="f",
                role="unborn",
                given_name="",
                expected_date=TODAY - dt.timedelta(days=90),
            )
        )
    assert "due date has passed" in problems_of(caught)["expected_date"]
    with pytest.raises(ValidationFailed) as caught:
        validate_person(
            PersonData(
                id=None,
                family_id="f",
                role="unborn",
                given_name="",
                expected_date=TODAY + dt.timedelta(days=400),
            )
        )
    assert "40 weeks" in problems_of(caught)["expected_date"]
    # A due date a little in the past is normal: babies come late.
    validate_person(
        PersonData(
            id=None,
            family_id="f",
            role="unborn",
            given_name="",
            expected_date=TODAY - dt.timedelta(days=7),
        )
    )


# ------------------------------------------------------------------ saving


def test_save_family_creates_with_a_reference_and_allocation(
    store: Store, profile: Profile, family_id: str
) -> None:
    def check(session: Session) -> None:
        family = session.get(Family, family_id)
        assert family is not None
        assert family.reference.startswith("EH-")
        assert family.postcode == "WA7 5AB"  # normalised
        assert family.allocated_to == profile.username
        assert family.status == "open"

    store.run(check)
    second = store.run(save_family, profile, FamilyData(id=None, family_name="Otherton"))
    refs = store.run(lambda s: sorted(s.scalars(select(Family.reference))))
    assert len(set(refs)) == 2
    assert second != family_id


def test_save_family_update_keeps_reference_and_writes_changes(
    store: Store, profile: Profile, family_id: str
) -> None:
    detail = store.run(load_family, profile, family_id)
    edited = replace(detail.family, town="Sampletown", reference="EH-999999")
    assert store.run(save_family, profile, edited) == family_id
    after = store.run(load_family, profile, family_id)
    assert after.family.town == "Sampletown"
    assert after.family.reference == detail.family.reference


def test_invalid_family_writes_nothing(store: Store, profile: Profile) -> None:
    with pytest.raises(ValidationFailed):
        store.run(save_family, profile, FamilyData(id=None, family_name=""))
    assert store.run(lambda s: s.scalar(select(OutboxOp.seq))) is None


def test_save_person_clears_the_date_that_does_not_apply(
    store: Store, profile: Profile, family_id: str
) -> None:
    unborn = store.run(
        save_person,
        profile,
        PersonData(
            id=None,
            family_id=family_id,
            role="unborn",
            given_name="",
            expected_date=TODAY + dt.timedelta(days=30),
            date_of_birth=TODAY - dt.timedelta(days=30),
        ),
    )
    child = store.run(
        save_person,
        profile,
        PersonData(
            id=None,
            family_id=family_id,
            role="child",
            given_name="Ada",
            date_of_birth=TODAY - dt.timedelta(days=700),
            expected_date=TODAY,
            nhs_number=VALID_NHS,
        ),
    )

    def check(session: Session) -> None:
        u, c = session.get(Person, unborn), session.get(Person, child)
        assert u is not None and c is not None
        assert u.date_of_birth is None and u.expected_date is not None
        assert c.expected_date is None and c.nhs_number == "9434765919"

    store.run(check)


def test_save_person_for_a_missing_family_is_not_found(store: Store, profile: Profile) -> None:
    with pytest.raises(NotFound):
        store.run(
            save_person,
            profile,
            PersonData(id=None, family_id="no-such-family", role="parent_carer", given_name="Ada"),
        )


def test_agency_needs_a_name(store: Store, profile: Profile, family_id: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        store.run(save_agency, profile, AgencyData(id=None, family_id=family_id, agency=" "))
    assert "agency" in caught.value.problems


def test_removing_a_person_hides_them_from_the_family(
    store: Store, profile: Profile, family_id: str
) -> None:
    person_id = store.run(
        save_person,
        profile,
        PersonData(id=None, family_id=family_id, role="parent_carer", given_name="Ada"),
    )
    store.run(families.remove_person, profile, person_id)
    detail = store.run(load_family, profile, family_id)
    assert detail.members == ()
    assert store.run(lambda s: s.get(Person, person_id).deleted) is True


# ------------------------------------------------------------------ load_family


def test_load_family_returns_plain_data_and_writes_an_open_audit_event(
    store: Store, profile: Profile, family_id: str
) -> None:
    store.run(
        save_person,
        profile,
        PersonData(
            id=None,
            family_id=family_id,
            role="child",
            given_name="Ada",
            date_of_birth=TODAY - dt.timedelta(days=400),
        ),
    )
    store.run(
        save_agency,
        profile,
        AgencyData(id=None, family_id=family_id, agency="School", contact_name="Ms Test"),
    )
    before = store.run(
        lambda s: len(list(s.scalars(select(AuditEvent).where(AuditEvent.action == "open"))))
    )

    detail = store.run(load_family, profile, family_id)
    assert store.run(
        lambda s: len(list(s.scalars(select(AuditEvent).where(AuditEvent.action == "open"))))
    ) == before, "a load writes nothing"
    store.run(record_opened, profile, family_id)

    assert detail.family.family_name == "Testingham"
    assert [m.given_name for m in detail.children] == ["Ada"]
    assert [a.contact_name for a in detail.agencies] == ["Ms Test"]
    opens = store.run(
        lambda s: [
            (e.actor, e.entity_id, e.family_id)
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "open"))
        ]
    )
    assert len(opens) == before + 1
    assert opens[-1] == (profile.username, family_id, family_id)
    # Nothing handed back is a live ORM object.
    for value in (detail, detail.family, *detail.members, *detail.agencies):
        assert not hasattr(value, "_sa_instance_state")


def test_load_family_of_a_deleted_or_unknown_family_is_not_found(
    store: Store, profile: Profile, family_id: str
) -> None:
    with pytest.raises(NotFound):
        store.run(load_family, profile, "no-such-id")

    def delete(session: Session) -> None:
        from app.records import writes as records

        family = session.get(Family, family_id)
        assert family is not None
        records.mark_deleted(session, profile, family)

    store.run(delete)
    with pytest.raises(NotFound):
        store.run(load_family, profile, family_id)


# ------------------------------------------------------------------ level of need


def decide(
    store: Store, profile: Profile, levels: LevelsOfNeed, family_id: str, to: str, days_ago: int = 0
) -> str:
    change = store.run(
        change_level,
        profile,
        levels,
        LevelDecision(
            family_id=family_id,
            to_level=to,
            decided_on=TODAY - dt.timedelta(days=days_ago),
            reason=f"Reason for {to}",
            decided_by="Team lead",
        ),
    )
    return change.direction


def status_and_level(store: Store, family_id: str) -> tuple[str, str]:
    return store.run(
        lambda s: (s.get(Family, family_id).status, s.get(Family, family_id).level_code)
    )


def test_level_changes_have_directions_and_move_the_status(
    store: Store, profile: Profile, levels: LevelsOfNeed, family_id: str
) -> None:
    steps = [
        ("early_help", "initial", "open"),
        ("universal", "down", "open"),
        ("early_help", "up", "open"),
        ("child_in_need", "step_up", "stepped_up"),
        ("child_protection", "up", "stepped_up"),
        ("child_in_need", "down", "stepped_up"),
        ("early_help", "step_down", "open"),
        ("child_protection", "step_up", "stepped_up"),
        ("universal", "step_down", "open"),
    ]
    for days_ago, (to, direction, status) in zip(range(len(steps), 0, -1), steps, strict=True):
        assert decide(store, profile, levels, family_id, to, days_ago) == direction, to
        assert status_and_level(store, family_id) == (status, to)

    history = store.run(load_family, profile, family_id).level_history
    # Newest first, every decision kept with its from/to and who decided.
    assert [h.direction for h in history] == [d for _, d, _ in reversed(steps)]
    assert history[0].from_level == "child_protection" and history[0].to_level == "universal"
    assert all(h.decided_by == "Team lead" and h.reason for h in history)


def test_a_change_of_level_writes_a_level_change_and_a_family_update(
    store: Store, profile: Profile, levels: LevelsOfNeed, family_id: str
) -> None:
    decide(store, profile, levels, family_id, "early_help")
    before = store.run(
        lambda s: [o.entity for o in s.scalars(select(OutboxOp).order_by(OutboxOp.seq))]
    )
    decide(store, profile, levels, family_id, "child_in_need")
    after = store.run(
        lambda s: [o.entity for o in s.scalars(select(OutboxOp).order_by(OutboxOp.seq))]
    )
    new = after[len(before) :]
    assert sorted(new) == sorted(["level_change", "audit_event", "family", "audit_event"])
    changes = store.run(lambda s: len(list(s.scalars(select(LevelChange)))))
    assert changes == 2


def test_changing_to_the_same_level_is_refused(
    store: Store, profile: Profile, levels: LevelsOfNeed, family_id: str
) -> None:
    decide(store, profile, levels, family_id, "early_help")
    with pytest.raises(HearthError) as caught:
        decide(store, profile, levels, family_id, "early_help")
    assert "already at Early Help" in caught.value.message
    assert store.run(lambda s: len(list(s.scalars(select(LevelChange))))) == 1


def test_level_decision_validation(
    store: Store, profile: Profile, levels: LevelsOfNeed, family_id: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        store.run(
            change_level,
            profile,
            levels,
            LevelDecision(
                family_id=family_id,
                to_level="tier_9",
                decided_on=TODAY + dt.timedelta(days=1),
                reason=" ",
                decided_by="",
            ),
        )
    assert set(caught.value.problems) == {"to_level", "reason", "decided_by", "decided_on"}
    assert (
        "reason" in caught.value.problems["reason"].lower()
        or "why" in caught.value.problems["reason"]
    )
    assert status_and_level(store, family_id) == ("open", "")


def test_a_reference_already_in_use_is_a_validation_message(
    store: Store, profile: Profile, family_id: str
) -> None:
    taken = store.run(lambda s: s.get(Family, family_id).reference)
    with pytest.raises(ValidationFailed) as caught:
        store.run(
            save_family, profile, FamilyData(id=None, family_name="Otherton", reference=taken)
        )
    assert caught.value.problems == {
        "reference": f"Another family already has the reference {taken}."
    }
    own = store.run(
        save_family, profile, FamilyData(id=None, family_name="Otherton", reference="HAL-0042")
    )
    assert store.run(lambda s: s.get(Family, own).reference) == "HAL-0042"
