"""Accounts over their life, through ``hearth-server`` and the real endpoints: a user who
leaves is deactivated (no enrolment, every device revoked), can come back, and devices
are listed with their user, name, last sync and how far behind they are.

The commands run in this process (server_command.py), beside the live service."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import server_command
from live_service import PASSWORD, LiveServer, new_family, new_person
from sqlalchemy import select, update

from server.models import AuditLog, Device, User


def hearth_server(live: LiveServer, tmp_path: Path, *args: str,
                  ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HEARTH_DATABASE_URL=live.database_url,
               HEARTH_SERVER_HOME=str(tmp_path / "server-home"))
    return server_command.hearth_server(env, *args)


def enrol(live: LiveServer, username: str, password: str = PASSWORD) -> httpx.Response:
    return live.client().post("/auth/enrol", json={
        "username": username, "password": password, "device_name": "Laptop"})


def device_line(listing: str, device_id: str) -> str:
    return next(line for line in listing.splitlines() if line.startswith(device_id))


def test_deactivate_revokes_every_device_and_refuses_enrolment(
        people: LiveServer, tmp_path: Path) -> None:
    laptop, tablet = people.enrol("alice", "Laptop 7"), people.enrol("alice", "Tablet")
    other = people.enrol("bob")
    fid, fam = new_family("D-1")
    laptop.push(fam)
    laptop.pull_all()

    r = hearth_server(people, tmp_path, "deactivate-user", "alice")
    assert r.returncode == 0, r.stderr
    assert "Deactivated alice; revoked 2 devices" in r.stdout
    for device in (laptop, tablet):  # their next sync answers device_revoked: they wipe
        answer = device.http.get("/sync/pull", params={"cursor": 0})
        assert answer.status_code == 401
        assert answer.json()["detail"]["code"] == "device_revoked"
    assert other.http.get("/sync/pull").status_code == 200  # others carry on

    right = enrol(people, "alice")
    assert right.status_code == 401
    assert right.json()["detail"] == {
        "code": "account_inactive",
        "message": "This account is not active. Ask your administrator to reactivate it."}
    # Without the password, a deactivated account looks like any wrong guess.
    wrong, unknown = enrol(people, "alice", "a wrong guess"), enrol(people, "nobody", "a guess")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["detail"]["code"] == "bad_credentials"

    listing = hearth_server(people, tmp_path, "devices").stdout
    assert "revoked" in device_line(listing, laptop.device_id)
    assert "revoked" in device_line(listing, tablet.device_id)
    assert device_line(listing, other.device_id).endswith("active")
    with people.sessions() as s:
        user = s.get(User, "alice")
        assert user is not None and not user.active and user.deactivated_at is not None
        details = [(a.username, a.detail) for a in s.scalars(select(AuditLog))]
    assert ("alice", "account deactivated; 2 devices revoked") in details
    assert ("alice", "enrolment refused: account not active") in details

    again = hearth_server(people, tmp_path, "deactivate-user", "alice")
    assert again.returncode == 0 and "Already deactivated alice; revoked 0 devices" in again.stdout

    r = hearth_server(people, tmp_path, "reactivate-user", "alice")
    assert r.returncode == 0 and "Reactivated alice" in r.stdout
    assert enrol(people, "alice").status_code == 200
    # Old devices stay revoked (they have wiped); the new one works.
    assert laptop.http.get("/sync/pull").json()["detail"]["code"] == "device_revoked"
    fresh = people.enrol("alice", "New laptop")
    changes, _, _ = fresh.pull_all()
    assert {c["id"] for c in changes} == {fid}

    assert "already active" in hearth_server(people, tmp_path, "reactivate-user", "alice").stderr
    missing = hearth_server(people, tmp_path, "deactivate-user", "nobody")
    assert missing.returncode == 1 and missing.stderr.strip() == (
        "hearth-server: No user called 'nobody'.")


def test_a_deactivated_users_token_is_refused_even_if_a_device_was_missed(
        people: LiveServer) -> None:
    laptop = people.enrol("alice")
    with people.sessions.begin() as s:  # the account alone, as if a device escaped revocation
        s.execute(update(User).where(User.username == "alice").values(active=False))
    answer = laptop.http.get("/sync/pull")
    assert answer.status_code == 401 and answer.json()["detail"]["code"] == "device_revoked"
    push = laptop.http.post("/sync/push", json={"ops": []})
    assert push.status_code == 401 and push.json()["detail"]["code"] == "device_revoked"


def test_devices_list_user_name_last_sync_and_how_far_behind(
        people: LiveServer, tmp_path: Path) -> None:
    laptop = people.enrol("alice", "Laptop 7")
    phone = people.enrol("alice", "Spare laptop")
    fid, fam = new_family("B-1")
    laptop.push(fam, new_person(fid, "Zero")[1])
    # A paged pull records its place only on the last page: one write per sync at most.
    assert laptop.pull_page(limit=1)["has_more"] is True
    with people.sessions() as s:
        assert s.get(Device, laptop.device_id).last_cursor is None
    laptop.pull_all()
    with people.sessions() as s:
        device = s.get(Device, laptop.device_id)
        assert device is not None and device.last_cursor == laptop.cursor > 0
        assert device.last_sync_at is not None
    # Three more records in alice's scope, made on her other device after the laptop synced.
    _, p1 = new_person(fid, "One")
    _, p2 = new_person(fid, "Two")
    fid2, fam2 = new_family("B-2")
    phone.push(p1, p2, fam2)
    # And one outside her scope, which does not count.
    people.enrol("sam").push(new_family("S-1")[1])

    listing = hearth_server(people, tmp_path, "devices")
    assert listing.returncode == 0, listing.stderr
    line = device_line(listing.stdout, laptop.device_id)
    assert "Laptop 7" in line and "alice (alice (synthetic))" in line
    assert "last sync 20" in line and " behind 3 " in line and line.endswith("active")
    never = device_line(listing.stdout, phone.device_id)
    assert "Spare laptop" in never and "last sync never" in never and " behind 5 " in never
    assert "(behind: records in the user's scope changed since" in listing.stdout

    laptop.pull_all()
    line = device_line(hearth_server(people, tmp_path, "devices").stdout, laptop.device_id)
    assert " behind 0 " in line
    # A family moved away is a purge the device still has to do: it counts.
    people.allocate(fid2, "bob")
    line = device_line(hearth_server(people, tmp_path, "devices").stdout, laptop.device_id)
    assert " behind 1 " in line


def test_an_idle_sync_writes_nothing_when_nothing_moved(people: LiveServer) -> None:
    laptop = people.enrol("alice")
    laptop.pull_all()
    with people.sessions() as s:
        first = s.get(Device, laptop.device_id)
        assert first is not None and first.last_sync_at is not None
        stamp = first.last_sync_at
    laptop.pull_all()  # same cursor, within the minute: the row is left alone
    with people.sessions() as s:
        assert s.get(Device, laptop.device_id).last_sync_at == stamp
    _, fam = new_family("I-1")
    laptop.push(fam)
    laptop.pull_all()  # the cursor moved: recorded
    with people.sessions() as s:
        device = s.get(Device, laptop.device_id)
        assert device.last_cursor == laptop.cursor and device.last_sync_at > stamp
