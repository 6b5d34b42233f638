"""Every change to a synced record writes its outbox operation and audit event, atomically."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import RecordFinal
from app.records import writes as records
from app.store.caseload_store import Profile, Store
from db.models import SYNCED_MODELS, AuditEvent, Family, OutboxOp, Person

REQUEST_DATE = dt.date(2024, 3, 5)


class Boom(Exception):
    pass


def ops(session: Session) -> list[OutboxOp]:
    return list(session.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


def events(session: Session) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.at)))


def op_entities(session: Session) -> Counter[str]:
    return Counter(op.entity for op in ops(session))


def new_family(session: Session, actor: Profile, **extra: Any) -> Family:
    return records.create(
        session,
        actor,
        Family,
        reference=extra.pop("reference", "EH-000001"),
        family_name=extra.pop("family_name", "Testingham"),
        request_date=REQUEST_DATE,
        **extra,
    )


def test_create_writes_one_op_and_one_audit_event(store: Store, profile: Profile) -> None:
    def work(session: Session) -> dict[str, Any]:
        family = new_family(session, profile)
        session.flush()
        family_ops = [o for o in ops(session) if o.entity == "family"]
        audit = events(session)
        assert len(family_ops) == 1 and len(audit) == 1
        op, event = family_ops[0], audit[0]
        # The audit event is itself a synced (append-only) record with its own op.
        assert op_entities(session) == Counter({"family": 1, "audit_event": 1})
        assert op.entity_id == family.id and op.family_id == family.id
        assert op.base_version is None and op.deleted is False
        assert (event.action, event.entity, event.entity_id) == ("create", "family", family.id)
        assert event.actor == profile.username and event.family_id == family.id
        return {"id": family.id, "fields": dict(op.fields)}

    result = store.run(work)
    fields = result["fields"]
    assert fields["family_name"] == "Testingham"
    assert fields["request_date"] == "2024-03-05"
    assert fields["last_contact"] is None
    # Sync bookkeeping is never part of the changed fields.
    assert not set(fields) & {"id", "version", "updated_at", "updated_by", "deleted"}

    def check(session: Session) -> None:
        family = session.get(Family, result["id"])
        assert family is not None
        assert family.version is None and family.deleted is False
        assert family.updated_by == profile.username
        assert family.updated_at.tzinfo is not None
        assert abs(family.updated_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)

    store.run(check)


def test_fields_are_stored_as_json_wire_values(store: Store, profile: Profile) -> None:
    store.run(new_family, profile)

    def check(session: Session) -> None:
        session.expire_all()
        by_entity = {o.entity: o for o in ops(session)}
        assert by_entity["family"].fields["request_date"] == "2024-03-05"
        at = by_entity["audit_event"].fields["at"]
        assert isinstance(at, str)
        parsed = dt.datetime.fromisoformat(at)
        assert parsed.utcoffset() == dt.timedelta(0)

    store.run(check)


def test_a_rolled_back_create_writes_nothing(store: Store, profile: Profile) -> None:
    def work(session: Session) -> None:
        new_family(session, profile)
        session.flush()
        raise Boom()

    with pytest.raises(Boom):
        store.run(work)

    def check(session: Session) -> None:
        for table in (Family, OutboxOp, AuditEvent):
            assert session.scalar(select(func.count()).select_from(table)) == 0

    store.run(check)


def test_update_writes_only_the_changed_fields(store: Store, profile: Profile) -> None:
    family_id = store.run(lambda s: new_family(s, profile).id)

    def work(session: Session) -> dict[str, Any]:
        family = session.get(Family, family_id)
        assert family is not None
        before_ops, before_events = len(ops(session)), len(events(session))
        changed = records.update(
            session,
            actor,
            family,
            family_name="Testingham",
            town="Sampletown",
            next_review=dt.date(2025, 1, 31),
        )
        new_ops = ops(session)[before_ops:]
        new_events = events(session)[before_events:]
        assert [o.entity for o in new_ops] == ["family", "audit_event"]
        assert len(new_events) == 1 and new_events[0].action == "update"
        return {"changed": changed, "fields": dict(new_ops[0].fields)}

    actor = Profile("Sam Other", "team_lead", "North", "sam.other")
    result = store.run(work)
    assert set(result["changed"]) == {"town", "next_review"}
    assert result["fields"] == {"town": "Sampletown", "next_review": "2025-01-31"}

    def check(session: Session) -> None:
        family = session.get(Family, family_id)
        assert family is not None and family.updated_by == "sam.other"
        assert family.town == "Sampletown"

    store.run(check)


def test_update_with_no_real_change_writes_nothing(store: Store, profile: Profile) -> None:
    family_id = store.run(lambda s: new_family(s, profile, town="Sampletown").id)

    def work(session: Session) -> None:
        family = session.get(Family, family_id)
        assert family is not None
        stamp = family.updated_at
        before = (len(ops(session)), len(events(session)))
        assert (
            records.update(session, profile, family, town="Sampletown", request_date=REQUEST_DATE)
            == {}
        )
        assert records.update(session, profile, family) == {}
        session.flush()
        assert (len(ops(session)), len(events(session))) == before
        assert family.updated_at == stamp

    store.run(work)


def test_a_rolled_back_update_writes_nothing(store: Store, profile: Profile) -> None:
    family_id = store.run(lambda s: new_family(s, profile).id)
    before = store.run(lambda s: (len(ops(s)), len(events(s))))

    def work(session: Session) -> None:
        family = session.get(Family, family_id)
        assert family is not None
        records.update(session, profile, family, town="Elsewhere")
        session.flush()
        raise Boom()

    with pytest.raises(Boom):
        store.run(work)
    assert store.run(lambda s: (len(ops(s)), len(events(s)))) == before
    assert store.run(lambda s: s.get(Family, family_id).town) == ""


def test_base_version_is_the_records_version(store: Store, profile: Profile) -> None:
    family_id = store.run(lambda s: new_family(s, profile).id)

    def synced(session: Session) -> None:
        family = session.get(Family, family_id)
        assert family is not None
        family.version = 7  # as the sync client does after the server accepts it

    store.run(synced)

    def work(session: Session) -> tuple[int | None, int | None]:
        family = session.get(Family, family_id)
        assert family is not None
        records.update(session, profile, family, phone="01234 567890")
        records.mark_deleted(session, profile, family)
        family_ops = [o for o in ops(session) if o.entity == "family"]
        return family_ops[-2].base_version, family_ops[-1].base_version

    assert store.run(work) == (7, 7)
    # The create op, written before any sync, had no base version.
    first = store.run(lambda s: [o for o in ops(s) if o.entity == "family"][0].base_version)
    assert first is None


def test_mark_deleted_tombstones_and_writes_one_op(store: Store, profile: Profile) -> None:
    def work(session: Session) -> tuple[str, str]:
        family = new_family(session, profile)
        person = records.create(
            session, profile, Person, family_id=family.id, role="child", given_name="Ada"
        )
        before = len(ops(session))
        records.mark_deleted(session, profile, person)
        new = ops(session)[before:]
        assert [o.entity for o in new] == ["person", "audit_event"]
        assert new[0].deleted is True and new[0].fields == {}
        assert new[0].family_id == family.id
        # Deleting twice changes nothing more.
        records.mark_deleted(session, profile, person)
        assert len(ops(session)) == before + 2
        return family.id, person.id

    family_id, person_id = store.run(work)

    def check(session: Session) -> None:
        person = session.get(Person, person_id)
        assert person is not None and person.deleted is True  # never hard-deleted
        delete_events = [e for e in events(session) if e.action == "delete"]
        assert len(delete_events) == 1
        assert delete_events[0].entity_id == person_id and delete_events[0].family_id == family_id

    store.run(check)


def test_final_records_refuse_update_and_delete(store: Store, profile: Profile) -> None:
    def work(session: Session) -> None:
        family = new_family(session, profile)
        event = records.audit(session, profile, "open", family)
        before = (len(ops(session)), len(events(session)))
        with pytest.raises(RecordFinal) as caught:
            records.update(session, profile, event, action="tampered")
        assert "final" in caught.value.message
        with pytest.raises(RecordFinal):
            records.mark_deleted(session, profile, event)
        assert event.action == "open" and event.deleted is False
        assert (len(ops(session)), len(events(session))) == before

    store.run(work)


def test_update_refuses_unknown_or_bookkeeping_fields(store: Store, profile: Profile) -> None:
    def work(session: Session) -> None:
        family = new_family(session, profile)
        for bad in ({"no_such_field": 1}, {"version": 3}, {"deleted": True}, {"updated_by": "x"}):
            with pytest.raises(ValueError):
                records.update(session, profile, family, **bad)
        assert family.version is None and family.deleted is False

    store.run(work)


def test_create_ignores_attempts_to_preset_sync_state(store: Store, profile: Profile) -> None:
    def work(session: Session) -> None:
        family = new_family(session, profile, version=12, deleted=True, updated_by="someone.else")
        assert family.version is None and family.deleted is False
        assert family.updated_by == profile.username
        assert len(family.id) == 36

    store.run(work)


def test_audit_of_a_read_records_who_and_what(store: Store, profile: Profile) -> None:
    def work(session: Session) -> None:
        family = new_family(session, profile)
        event = records.audit(session, profile, "open", family)
        assert (event.actor, event.action, event.entity, event.entity_id) == (
            profile.username,
            "open",
            "family",
            family.id,
        )
        assert event.family_id == family.id
        plain = records.audit(session, profile, "export", family_id=family.id)
        assert plain.entity == "" and plain.family_id == family.id

    store.run(work)


def test_every_synced_model_has_the_sync_columns() -> None:
    for model in SYNCED_MODELS:
        columns = {c.name: c for c in model.__table__.columns}  # type: ignore[attr-defined]
        for name in ("id", "version", "updated_at", "updated_by", "deleted"):
            assert name in columns, (model.__name__, name)
        assert columns["version"].nullable
        assert columns["id"].primary_key
        assert model.__sync__.entity


def test_to_wire_renders_dates_and_instants_as_iso_text() -> None:
    assert records.to_wire(dt.date(2024, 2, 29)) == "2024-02-29"
    bst = dt.timezone(dt.timedelta(hours=1))
    assert (
        records.to_wire(dt.datetime(2024, 6, 1, 13, 0, tzinfo=bst)) == "2024-06-01T12:00:00+00:00"
    )
    assert (
        records.to_wire("text") == "text"
        and records.to_wire(None) is None
        and records.to_wire(3) == 3
    )
