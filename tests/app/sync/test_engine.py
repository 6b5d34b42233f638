"""The client sync engine against the real central service, in process.

Each test builds real SQLCipher stores in tmp_path and a real service
(server.app.create_app over a SQLite file) reached through HttpTransport with
Starlette's in-process client; faults are injected by wrapping the transport.
All people and families are synthetic.
"""

from __future__ import annotations

import json
import threading
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.families import households as families
from app.records import writes as records
from app.records.writes import META_SENT_UPTO
from app.reference import council_config
from app.reference.levels_of_need import DEFAULT_FILE, load_levels
from app.store.caseload_store import Profile, create_store, read_meta, write_meta
from app.store.paths import config_folder
from app.sync import conflicts, enrolment
from app.sync.conflict_intake import NEW_RECORD_FIELD
from app.sync.engine import SyncCancelled, SyncEngine, SyncProgress
from app.sync.push import next_batch
from app.sync.status import (
    META_CURSOR,
    META_REFERENCE_CHECKED,
    credentials,
    sync_status,
)
from app.sync.transport import BadReply, DeviceRevoked, PullPage, ServerUnreachable, SyncError
from db.models import AuditEvent, Family, OutboxOp, Person, SyncParked

with warnings.catch_warnings():
    warnings.simplefilter("ignore")

from server import admin
from server.models import Conflict, Record, RecordHistory
from tests.app.sync.devices import (
    PASSWORD,
    URL,
    Recording,
    Service,
    add_child,
    count,
    edit_family,
    family_field,
    new_family,
)
from tests.builders import SYNTHETIC_PASSPHRASE as PASSPHRASE


class Dropping(Recording):
    """The connection drops: after the server has answered the n-th call of a kind."""

    def __init__(self, inner: Any, *, push_after: int | None = None,
                 pull_after: int | None = None) -> None:
        super().__init__(inner)
        self.push_after = push_after
        self.pull_after = pull_after
        self.pushes = self.pulls = 0

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = super().push(ops)
        self.pushes += 1
        if self.push_after is not None and self.pushes >= self.push_after:
            raise ServerUnreachable("connection dropped (test)")
        return result

    def pull(self, cursor: int, limit: int) -> PullPage:
        self.pulls += 1
        if self.pull_after is not None and self.pulls > self.pull_after:
            raise ServerUnreachable("connection dropped (test)")
        return super().pull(cursor, limit)


# ---------------------------------------------------------------- push and pull


def test_round_trip_to_a_second_device_writes_no_outbox_there(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Amberley", postcode="WA7 5AB")
    pid = add_child(robin, fid, "Jo")

    report = robin.sync()
    assert report.pushed > 0 and report.waiting == 0
    assert count(robin, OutboxOp) == 0
    version = family_field(robin, fid, "version")
    assert version is not None

    report = lee.sync()
    assert report.pulled >= 2
    assert family_field(lee, fid, "family_name") == "Amberley"
    assert family_field(lee, fid, "version") == version
    assert lee.run(lambda s: s.get(Person, pid).given_name) == "Jo"
    # Pulling wrote no outbox op and no audit event of its own on lee's device.
    assert count(lee, OutboxOp) == 0
    assert count(lee, AuditEvent, AuditEvent.actor == "lee") == 0
    status = lee.run(sync_status)
    assert status.enrolled and status.last_synced is not None and status.waiting == 0


def test_every_edit_reaches_the_server_history_in_order(
    device: Any, service: Service
) -> None:
    robin = device("robin", "robin")
    fid = new_family(robin, "Ashby")
    for town in ("Runcorn", "Widnes", "Halton"):
        edit_family(robin, fid, town=town)
    rec = Recording(robin.transport())
    report = robin.sync(rec)
    family_ops = [op for batch in rec.pushed for op in batch if op["entity"] == "family"]
    # One op per request for the same record, each rebased on the version before it.
    assert [op["fields"].get("town") for op in family_ops] == ["", "Runcorn", "Widnes", "Halton"]
    assert all(sum(op["id"] == fid for op in batch) <= 1 for batch in rec.pushed)
    assert report.new_conflicts == 0
    with service.session() as s:
        towns = [h.data["town"] for h in s.scalars(
            select(RecordHistory).where(RecordHistory.record_id == fid)
            .order_by(RecordHistory.version))]
    assert towns == ["", "Runcorn", "Widnes", "Halton"]


def test_op_after_one_already_sent_is_rebased_on_the_acknowledged_version(
    device: Any, service: Service
) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Bexley")
    robin.sync()
    lee.sync()
    edit_family(robin, fid, phone="01632 960001")
    # The first edit goes out but the answer is lost; then a second edit is made.
    with pytest.raises(ServerUnreachable):
        robin.sync(Dropping(robin.transport(), push_after=1))
    edit_family(robin, fid, phone="01632 960002", town="Hale")
    rec = Recording(robin.transport())
    report = robin.sync(rec)
    assert report.new_conflicts == 0 and report.open_conflicts == 0
    family_ops = [op for batch in rec.pushed for op in batch if op["entity"] == "family"]
    assert len(family_ops) == 2  # the resent one, then the later one in its own batch
    assert family_ops[1]["base_version"] is not None
    with service.session() as s:
        data = s.get(Record, ("family", fid)).data
        assert data["phone"] == "01632 960002" and data["town"] == "Hale"
        assert s.scalar(select(func.count()).select_from(Conflict)) == 0
    lee.sync()
    assert family_field(lee, fid, "phone") == "01632 960002"


def test_pull_never_overwrites_a_field_with_a_waiting_local_change(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Croft")
    robin.sync()
    lee.sync()
    edit_family(lee, fid, phone="01632 960111")  # not yet synced
    edit_family(robin, fid, phone="01632 960222", town="Frodsham")
    robin.sync()

    lee.engine().pull()
    assert family_field(lee, fid, "town") == "Frodsham"
    assert family_field(lee, fid, "phone") == "01632 960111"
    assert count(lee, OutboxOp, OutboxOp.entity == "family") == 1


def test_same_field_conflict_is_kept_both_values_visible_and_resolution_syncs(
    device: Any, service: Service
) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Dunmore", town="Widnes")
    robin.sync()
    lee.sync()
    edit_family(robin, fid, town="Runcorn", phone="01632 960333")
    edit_family(lee, fid, town="Halton", email="dunmore@example.org")
    robin.sync()
    report = lee.sync()

    assert report.new_conflicts == 1 and report.open_conflicts == 1
    # Fields changed on one side only merged; the server kept its town.
    assert family_field(lee, fid, "phone") == "01632 960333"
    assert family_field(lee, fid, "email") == "dunmore@example.org"
    assert family_field(lee, fid, "town") == "Runcorn"
    [item] = lee.run(conflicts.list_conflicts)
    assert (item.field, item.base_text, item.here_text, item.server_text) == (
        "town", "Widnes", "Halton", "Runcorn")
    assert "Dunmore" in item.record_label and item.can_merge

    lee.run(conflicts.resolve, lee.actor,
            conflicts.Resolution(item.id, "merged", "Runcorn and Halton"))
    assert lee.run(conflicts.list_conflicts) == []
    lee.sync()
    robin.sync()
    assert family_field(robin, fid, "town") == "Runcorn and Halton"
    assert family_field(lee, fid, "town") == "Runcorn and Halton"
    with service.session() as s:
        assert s.scalar(select(Conflict.status)) == "resolved"
    # robin's device also sees the conflict as settled (none open there).
    assert robin.run(sync_status).open_conflicts == 0


def test_choosing_the_server_value_still_tells_the_server(device: Any, service: Service) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Eastham")
    robin.sync()
    lee.sync()
    edit_family(robin, fid, town="Ellesmere")
    edit_family(lee, fid, town="Eccleston")
    robin.sync()
    lee.sync()
    [item] = lee.run(conflicts.list_conflicts)
    op_id = lee.run(conflicts.resolve, lee.actor, conflicts.Resolution(item.id, "server"))
    assert op_id is not None
    lee.sync()
    with service.session() as s:
        assert s.scalar(select(Conflict.status)) == "resolved"
        assert s.get(Record, ("family", fid)).data["town"] == "Ellesmere"


def test_a_child_that_arrives_before_its_family_is_parked_then_stored(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Fairfield")
    pid = add_child(robin, fid, "Ash")
    robin.sync()
    edit_family(robin, fid, town="Moore")  # the family's seq is now after the child's
    robin.sync()

    parked_seen: list[int] = []

    def progress(p: SyncProgress) -> None:
        if p.phase == "pull":
            parked_seen.append(count(lee, SyncParked))

    lee.sync(pull_limit=1, progress=progress)
    assert max(parked_seen) >= 1  # the child waited for its family
    assert count(lee, SyncParked) == 0
    assert lee.run(lambda s: s.get(Person, pid).family_id) == fid
    assert family_field(lee, fid, "town") == "Moore"


def test_deletion_travels_as_a_tombstone(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Gorse")
    pid = add_child(robin, fid)
    robin.sync()
    lee.sync()
    lee.run(families.remove_person, lee.actor, pid)
    lee.sync()
    robin.sync()
    assert robin.run(lambda s: s.get(Person, pid).deleted) is True


def test_reallocation_purges_the_family_from_the_old_workers_device(
    device: Any, service: Service
) -> None:
    robin, sam = device("robin", "robin"), device("sam", "sam")
    fid = new_family(robin, "Hollins")
    add_child(robin, fid)
    keep = new_family(robin, "Ivy")
    robin.sync()
    with service.session() as s:
        admin.allocate(s, fid, "sam")
    edit_family(robin, keep, town="Daresbury")
    report = robin.sync()
    assert report.purged_families == 1
    assert robin.run(lambda s: s.get(Family, fid)) is None
    assert count(robin, Person, Person.family_id == fid) == 0
    assert count(robin, AuditEvent, AuditEvent.family_id == fid) == 0
    assert family_field(robin, keep, "town") == "Daresbury"
    sam.sync()
    assert family_field(sam, fid, "family_name") == "Hollins"
    assert family_field(sam, fid, "allocated_to") == "sam"
    assert count(sam, Person, Person.family_id == fid) == 1


def test_digest_mismatch_pulls_the_scope_again(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Juniper")
    pid = add_child(robin, fid)
    robin.sync()
    lee.sync()
    lee.run(lambda s: s.execute(text("DELETE FROM person WHERE id = :i"), {"i": pid}))
    report = lee.sync()
    assert report.repulled and report.digest_ok
    assert lee.run(lambda s: s.get(Person, pid)) is not None


def test_enrolled_devices_give_family_references_of_their_own(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    a, b = new_family(robin, "Kestrel"), new_family(lee, "Larch")
    a2 = new_family(robin, "Kestrel Two")
    assert [family_field(robin, f, "reference") for f in (a, a2)] == [
        "EH-001-00001", "EH-001-00002"]
    assert family_field(lee, b, "reference") == "EH-002-00001"
    for _ in range(2):
        robin.sync()
        lee.sync()
    # The team lead holds all three, as they were made: nothing needed renaming.
    assert {family_field(lee, f, "reference") for f in (a, a2, b)} == {
        "EH-001-00001", "EH-001-00002", "EH-002-00001"}
    rowan = new_family(lee, "Rowan")  # numbered among lee's own, not the others
    assert family_field(lee, rowan, "reference") == "EH-002-00002"
    assert family_field(robin, a, "reference") == "EH-001-00001"


def test_family_references_that_clash_end_up_distinct_and_agreed(device: Any) -> None:
    """References typed by hand (or given before a store was connected) can still clash."""
    robin, lee = device("robin", "robin"), device("lee", "lee")
    a = new_family(robin, "Kestrel", reference="EH-000001")
    b = new_family(lee, "Larch", reference="EH-000001")
    for _ in range(2):
        robin.sync()
        lee.sync()
    # lee (team lead) sees both families; robin only their own.
    refs_lee = {f: family_field(lee, f, "reference") for f in (a, b)}
    assert len(set(refs_lee.values())) == 2
    assert family_field(robin, a, "reference") == refs_lee[a]
    assert count(lee, OutboxOp) == 0 and count(robin, OutboxOp) == 0


def test_change_to_a_family_out_of_scope_is_kept_as_a_local_conflict(
    device: Any, service: Service
) -> None:
    robin, kit = device("robin", "robin"), device("kit", "kit")
    fid = new_family(kit, "Meadow")
    kit.sync()

    def smuggle(session: Any) -> None:
        # A copy of kit's family that robin's store should never have held.
        session.add(Family(id=fid, reference="X-1", family_name="Meadow", version=None,
                           updated_by="robin"))
        session.flush()
        records.create(session, robin.actor, Person, family_id=fid, role="child",
                       given_name="Pip")

    robin.run(smuggle)
    report = robin.sync()
    assert report.rejected >= 1
    items = robin.run(conflicts.list_conflicts)
    person_items = [i for i in items if i.entity == "person"]
    assert person_items and person_items[0].reason == "out_of_scope"
    assert person_items[0].field == NEW_RECORD_FIELD and "Pip" in person_items[0].here_text
    assert not person_items[0].can_merge
    with service.session() as s:
        assert s.scalar(select(func.count()).select_from(Record).where(
            Record.entity == "person")) == 0


def test_a_refusal_whose_answer_was_lost_is_still_kept_locally(device: Any) -> None:
    robin, kit = device("robin", "robin"), device("kit", "kit")
    fid = new_family(kit, "Marsh")
    kit.sync()

    def smuggle(session: Any) -> None:
        session.add(Family(id=fid, reference="X-2", family_name="Marsh", version=None,
                           updated_by="robin"))
        session.flush()
        records.create(session, robin.actor, Person, family_id=fid, role="child",
                       given_name="Wren")

    robin.run(smuggle)
    with pytest.raises(ServerUnreachable):
        robin.sync(Dropping(robin.transport(), push_after=1))
    robin.sync()  # the server answers "duplicate", with the first answer's reason
    person_items = [i for i in robin.run(conflicts.list_conflicts) if i.entity == "person"]
    assert [i.reason for i in person_items] == ["out_of_scope"]
    assert "Wren" in person_items[0].here_text


# ---------------------------------------------------------------- faults


def test_connection_drop_mid_push_then_one_more_sync_loses_and_duplicates_nothing(
    device: Any, service: Service
) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    ids = [new_family(robin, f"Family {n}") for n in range(6)]
    drop = Dropping(robin.transport(), push_after=2)
    with pytest.raises(ServerUnreachable):
        SyncEngine(robin.store.run, drop, push_batch=3).sync()
    assert count(robin, OutboxOp) > 0  # the unacknowledged batch is still waiting
    robin.sync()
    assert count(robin, OutboxOp) == 0
    with service.session() as s:
        assert s.scalar(select(func.count()).select_from(Record).where(
            Record.entity == "family")) == 6
    lee.sync()
    assert sorted(family_field(lee, f, "family_name") for f in ids) == sorted(
        f"Family {n}" for n in range(6))


def test_connection_drop_mid_pull_resumes_from_the_last_applied_page(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    ids = [new_family(robin, f"Family {n}") for n in range(5)]
    robin.sync()
    drop = Dropping(lee.transport(), pull_after=3)
    with pytest.raises(ServerUnreachable):
        SyncEngine(lee.store.run, drop, pull_limit=2).sync()
    cursor = int(lee.run(lambda s: s.execute(text(
        "SELECT value FROM store_meta WHERE key = :k"), {"k": META_CURSOR}).scalar()))
    assert cursor > 0
    rec = Recording(lee.transport())
    SyncEngine(lee.store.run, rec, pull_limit=2).sync()
    assert all(family_field(lee, f, "version") is not None for f in ids)


class Corrupting(Recording):
    def pull(self, cursor: int, limit: int) -> PullPage:
        page = super().pull(cursor, limit)
        bad = [dict(c, data=dict(c["data"], request_date="31/02/2020")) for c in page.changes]
        return replace(page, changes=bad)


def test_a_record_that_does_not_fit_is_set_aside_and_a_newer_version_is_stored(
    device: Any,
) -> None:
    """A value that does not fit its declared type stops neither the page nor the sync."""
    robin, lee = device("robin", "robin"), device("lee", "lee")
    fid = new_family(robin, "Nettle")
    other = new_family(robin, "Nightshade")
    robin.sync()

    class OneBad(Recording):
        def pull(self, cursor: int, limit: int) -> PullPage:
            page = super().pull(cursor, limit)
            return replace(page, changes=[
                dict(c, data=dict(c["data"], request_date="31/02/2020")) if c["id"] == fid
                else c for c in page.changes])

    report = lee.sync(OneBad(lee.transport()))
    assert report.set_aside == 1 and report.set_aside_kinds == ("family",)
    assert report.digest_ok and not report.repulled  # the set-aside record counts as held
    assert lee.run(lambda s: s.get(Family, fid)) is None
    assert family_field(lee, other, "family_name") == "Nightshade"
    assert lee.run(sync_status).set_aside == 1
    # The next sync does not pull everything again for it.
    rec = Recording(lee.transport())
    assert lee.sync(rec).set_aside == 1
    # Its next version arrives whole: it is stored and no longer set aside.
    edit_family(robin, fid, town="Widnes")
    robin.sync()
    report = lee.sync()
    assert report.set_aside == 0
    assert family_field(lee, fid, "town") == "Widnes"


def test_cancelled_first_sync_keeps_what_arrived_and_resumes(device: Any) -> None:
    robin, lee = device("robin", "robin"), device("lee", "lee")
    ids = [new_family(robin, f"Family {n}") for n in range(4)]
    robin.sync()
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def progress(p: SyncProgress) -> None:
        seen.append(p)
        if p.phase == "pull" and p.done > 0:
            cancel.set()

    with pytest.raises(SyncCancelled):
        lee.sync(pull_limit=2, progress=progress, cancel=cancel)
    held = count(lee, Family)
    assert 0 < held < 4
    rec = Recording(lee.transport())
    lee.sync(rec)
    assert count(lee, Family) == 4
    assert all(family_field(lee, f, "version") is not None for f in ids)


def test_revoked_device_wipes_its_store(device: Any, service: Service) -> None:
    robin = device("robin", "robin")
    new_family(robin, "Oak")
    robin.sync()
    folder = robin.store.folder
    assert (folder / "hearth.db").exists() and (folder / "hearth.key").exists()
    device_id = robin.run(sync_status).device_id
    with service.session() as s:
        admin.revoke_device(s, device_id)
    with pytest.raises(DeviceRevoked) as info:
        robin.sync()
    assert "wiped" in info.value.message
    assert not robin.store.is_open
    left = [p.name for p in folder.iterdir()] if folder.exists() else []
    assert not any(name.startswith("hearth") for name in left)
    assert "backups" not in left


def test_sent_marker_is_written_before_the_request_goes_out(device: Any) -> None:
    robin = device("robin", "robin")
    new_family(robin, "Pine")
    batch = robin.run(next_batch, 10)
    assert batch
    top = robin.run(lambda s: s.scalar(select(func.max(OutboxOp.seq))))
    assert robin.run(read_meta, META_SENT_UPTO) == str(top)


# ---------------------------------------------------------------- enrolment


def test_enrolment_keeps_the_credential_only_inside_the_encrypted_store(
    device: Any, hearth_home: Path
) -> None:
    robin = device("robin", "robin")
    _, token = robin.run(credentials)
    assert len(token) > 20
    assert robin.actor.username == "robin" and robin.actor.name == "Robin Synthetic"
    assert robin.actor.team == "North"
    robin.store.close()
    needle = token.encode()
    for root in (robin.store.folder, hearth_home):
        for path in root.rglob("*"):
            if path.is_file():
                assert needle not in path.read_bytes(), path.name


def test_enrolment_refusals(service: Service, tmp_path: Path) -> None:
    profile = Profile(name="Someone", role="health_visitor", team="North", username="someone")
    store = create_store(tmp_path / "s", PASSPHRASE, profile)
    try:
        with pytest.raises(SyncError) as info:
            enrolment.enrol(store, URL, "robin", "wrong password", transport=service.transport())
        assert "username or password" in info.value.message
        assert not store.run(sync_status).enrolled
        with pytest.raises(SyncError) as info:
            enrolment.enrol(store, "http://hearth.example.org", "robin", PASSWORD)
        assert "https://" in info.value.message
        enrolment.enrol(store, URL, "robin", PASSWORD, transport=service.transport())
        assert store.profile.role == "health_visitor"  # a worker keeps the role they gave
        with pytest.raises(SyncError) as info:
            enrolment.enrol(store, URL, "robin", PASSWORD, transport=service.transport())
        assert "already connected" in info.value.message
    finally:
        store.close()


def test_sync_installs_the_councils_reference_data_and_fetches_it_hourly(
    device: Any, service: Service
) -> None:
    levels = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    levels["name"] = "Synthetic Borough continuum"
    with service.session() as s:
        admin.load_reference(s, {"levels_of_need": levels,
                                 "agencies": ["School nursing", "Family hub"]})
    robin = device("robin", "robin")
    counting = Counting(robin.transport())
    report = robin.sync(counting)
    assert report.reference_changed == ("levels of need", "agencies")
    assert report.reference_problems == ()
    assert load_levels().name == "Synthetic Borough continuum"
    assert council_config.agencies() == ["School nursing", "Family hub"]
    # Within the hour the next sync does not ask again.
    assert robin.sync(counting).reference_changed == () and counting.references == 1
    # An hour on, it asks; a damaged answer is reported and installs nothing.
    robin.run(write_meta, META_REFERENCE_CHECKED, "2020-01-01T00:00:00+00:00")
    counting.damaged = True
    report = robin.sync(counting)
    assert counting.references == 2 and report.reference_changed == ()
    assert "could not be fetched" in report.reference_problems[0]
    assert council_config.agencies() == ["School nursing", "Family hub"]
    assert robin.sync(counting).reference_problems and counting.references == 3  # tries again


class Counting(Recording):
    """Counts reference fetches; ``damaged``: the reply is not what the protocol says."""

    def __init__(self, inner: Any) -> None:
        super().__init__(inner)
        self.references = 0
        self.damaged = False

    def reference(self) -> dict[str, Any]:
        self.references += 1
        if self.damaged:
            raise BadReply("reference reply is not an object")
        return super().reference()


def test_reference_data_that_cannot_be_saved_is_reported_and_the_sync_completes(
    device: Any, service: Service
) -> None:
    with service.session() as s:
        admin.load_reference(s, {"agencies": ["Family hub"]})
    robin = device("robin", "robin")
    new_family(robin, "Foxglove")
    blocked = config_folder()
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the configuration folder should be", encoding="utf-8")
    report = robin.sync()
    assert report.pushed == 2 and report.reference_changed == ()
    assert "could not be saved" in report.reference_problems[0]
    blocked.unlink()
    assert robin.sync().reference_changed == ("agencies",)  # the next sync tries again
