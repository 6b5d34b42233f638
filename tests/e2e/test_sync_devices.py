"""Two and three real client stores against a live central service on loopback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from app.families import households as families
from app.sync import conflicts
from app.sync.transport import DeviceRevoked
from db.models import Family, OutboxOp, Person, SyncConflict
from server.models import Conflict, Record, RecordHistory


def test_different_fields_edited_offline_on_two_devices_both_survive(client: Any) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    fid = robin.new_family("Amberley", town="Widnes")
    pid = robin.add_child(fid, "Jo")
    robin.sync()
    lee.sync()
    # Both offline: different fields of the same family and of the same child.
    robin.edit(Family, fid, phone="01632 960001", town="Runcorn")
    lee.edit(Family, fid, email="amberley@example.org", postcode="WA7 5AB")
    lee.edit(Person, pid, school_or_setting="Synthetic Primary")
    robin.edit(Person, pid, language="Welsh")
    robin.sync()
    lee.sync()
    robin.sync()
    for device in (robin, lee):
        family = device.family(fid)
        assert (family.phone, family.town, family.email, family.postcode) == (
            "01632 960001", "Runcorn", "amberley@example.org", "WA7 5AB")
        person = device.person(pid)
        assert (person.school_or_setting, person.language) == ("Synthetic Primary", "Welsh")
        assert device.count(SyncConflict) == 0 and device.count(OutboxOp) == 0
    assert robin.family(fid).version == lee.family(fid).version


def test_same_field_conflict_shows_both_values_and_the_resolution_reaches_everyone(
    client: Any, live_server: Any
) -> None:
    robin, lee, root = client("robin", "robin"), client("lee", "lee"), client("root", "root")
    fid = robin.new_family("Bramble", contact_notes="Prefers mornings")
    for device in (robin, lee, root):
        device.sync()
    robin.edit(Family, fid, contact_notes="Prefers afternoons")
    lee.edit(Family, fid, contact_notes="Call after 4pm only")
    robin.sync()
    report = lee.sync()

    assert report.new_conflicts == 1
    [item] = lee.run(conflicts.list_conflicts)
    assert item.field == "contact_notes"
    assert item.base_text == "Prefers mornings"
    assert item.here_text == "Call after 4pm only"
    assert item.server_text == "Prefers afternoons"
    # The server kept one value and stored both.
    with live_server.session() as s:
        row = s.scalar(select(Conflict))
        assert (row.local_value, row.server_value) == ("Call after 4pm only", "Prefers afternoons")
        assert s.get(Record, ("family", fid)).data["contact_notes"] == "Prefers afternoons"
    # The other devices see the open conflict too.
    root.sync()
    assert [i.field for i in root.run(conflicts.list_conflicts)] == ["contact_notes"]

    merged = "Afternoons; after 4pm on school days"
    lee.run(conflicts.resolve, lee.actor, conflicts.Resolution(item.id, "merged", merged))
    lee.sync()
    robin.sync()
    root.sync()
    for device in (robin, lee, root):
        assert device.family(fid).contact_notes == merged
        assert device.run(lambda s: s.scalar(
            select(SyncConflict.status).where(SyncConflict.field == "contact_notes"))) in (
            None, "resolved")
        assert device.run(conflicts.list_conflicts) == []
    with live_server.session() as s:
        assert s.scalar(select(Conflict.status)) == "resolved"
        values = [h.data["contact_notes"] for h in s.scalars(
            select(RecordHistory).where(RecordHistory.record_id == fid)
            .order_by(RecordHistory.version))]
    # Every accepted value is in the history; the losing one is kept in the conflict.
    assert values[0] == "Prefers mornings" and values[-1] == merged
    assert "Prefers afternoons" in values


def test_create_edit_and_delete_across_three_devices(client: Any) -> None:
    robin, lee, root = client("robin", "robin"), client("lee", "lee"), client("root", "root")
    fid = robin.new_family("Cedar")
    first = robin.add_child(fid, "Ari", dt.date(2018, 1, 2))
    robin.sync()
    lee.sync()
    second = lee.add_child(fid, "Bo", dt.date(2020, 5, 6))
    lee.edit(Person, first, given_name="Arianne")
    lee.sync()
    robin.sync()
    robin.run(families.remove_person, robin.actor, second)
    robin.sync()
    lee.sync()
    root.sync()
    for device in (robin, lee, root):
        assert device.person(first).given_name == "Arianne"
        assert device.person(second).deleted is True
        detail = device.run(families.load_family, device.actor, fid)
        assert [m.given_name for m in detail.members] == ["Arianne"]


def test_team_lead_sees_their_team_and_not_another(client: Any) -> None:
    robin, kit = client("robin", "robin"), client("kit", "kit")
    lee, ash = client("lee", "lee"), client("ash", "ash")
    north = robin.new_family("Dale")
    south = kit.new_family("Elm")
    robin.sync()
    kit.sync()
    lee.sync()
    ash.sync()
    assert lee.family(north) is not None and lee.family(south) is None
    assert ash.family(south) is not None and ash.family(north) is None
    assert robin.family(south) is None and kit.family(north) is None


def test_reallocation_purges_the_family_from_the_old_workers_device(
    client: Any, live_server: Any
) -> None:
    robin, sam = client("robin", "robin"), client("sam", "sam")
    fid = robin.new_family("Fern")
    pid = robin.add_child(fid, "Cai")
    robin.sync()
    live_server.allocate(fid, "sam")
    report = robin.sync()
    assert report.purged_families == 1
    assert robin.family(fid) is None and robin.person(pid) is None
    assert robin.count(OutboxOp, OutboxOp.family_id == fid) == 0
    sam.sync()
    assert sam.family(fid).allocated_to == "sam"
    assert sam.person(pid).given_name == "Cai"
    # The new holder works on it; the old one never gets it back.
    sam.edit(Family, fid, town="Halton")
    sam.sync()
    robin.sync()
    assert robin.family(fid) is None


def test_revoked_device_wipes_its_store(client: Any, live_server: Any) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    fid = robin.new_family("Gale")
    robin.sync()
    lee.sync()
    folder = lee.store.folder
    live_server.revoke(lee.device_id)
    with pytest.raises(DeviceRevoked) as info:
        lee.sync()
    assert "wiped" in info.value.message
    assert not (folder / "hearth.db").exists() and not (folder / "hearth.key").exists()
    assert not (folder / "hearth.db-wal").exists() and not (folder / "backups").exists()
    # Everyone else carries on.
    robin.edit(Family, fid, town="Moore")
    assert robin.sync().pushed >= 1
