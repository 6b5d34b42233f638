"""Two instances of the service on one PostgreSQL database, as behind a load balancer:
devices enrol through one and sync through both in turn, and everything converges with
nothing lost. The service holds nothing between requests that another instance would
need: a token, a pull cursor, an op already taken, a conflict made across the two
instances are all the database's.

Each instance is a real ``hearth-server serve`` process on loopback. Skipped when no
PostgreSQL is given (HEARTH_TEST_POSTGRES_URL): two processes on one embedded SQLite
file are not a way the service is run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from live_service import API, PASSWORD, new_family, new_person, op
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.sync.protocol import scope_digest
from server import admin, auth
from server.db import init_database, session_factory
from server.models import AppliedOp, Record, RecordHistory

POSTGRES_ENV = "HEARTH_TEST_POSTGRES_URL"
pytestmark = pytest.mark.skipif(not os.environ.get(POSTGRES_ENV),
                                reason="two instances need PostgreSQL (HEARTH_TEST_POSTGRES_URL)")

DEVICES = 4
ROUNDS = 6


@pytest.fixture
def shared_database() -> Iterator[str]:
    """A fresh PostgreSQL database with the service's schema, North's workers alice and
    bob and its lead lena; dropped afterwards."""
    base = make_url(os.environ[POSTGRES_ENV])
    name = f"hearth_test_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        engine = init_database(url)
        # Cheap password hashes: each instance checks them with the costs they were made with.
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        original, auth.hasher = auth.hasher, cheap
        try:
            with session_factory(engine).begin() as s:
                admin.add_team(s, "North")
                for username, role in (("alice", "worker"), ("bob", "worker"),
                                       ("lena", "team_lead")):
                    admin.add_user(s, username, name=f"{username} (synthetic)", role=role,
                                   team="North", password=PASSWORD)
        finally:
            auth.hasher = original
        engine.dispose()
        yield url
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def instances(shared_database: str) -> Iterator[list[str]]:
    """Two ``hearth-server serve`` processes over the one database; their API addresses."""
    processes, urls = [], []
    env = dict(os.environ, HEARTH_DATABASE_URL=shared_database)
    try:
        for _ in range(2):
            port = _free_port()
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1",
                 "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE))
            urls.append(f"http://127.0.0.1:{port}")
        for process, url in zip(processes, urls, strict=True):
            _wait_until_up(process, url)
        yield [url + API for url in urls]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            if process.stderr is not None:
                process.stderr.close()


def _wait_until_up(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + API + "/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError("a service instance did not start")


@dataclass
class Device:
    """A device whose requests go to the two instances in turn, as a load balancer
    that keeps nothing per client would send them."""

    name: str
    token: str
    clients: list[httpx.Client]
    cursor: int = 0
    turn: int = 0
    versions: dict[tuple[str, str], int] = field(default_factory=dict)
    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    served_by: list[int] = field(default_factory=list)
    last_seq: int = 0
    out_of_order: list[int] = field(default_factory=list)

    def _next(self) -> httpx.Client:
        index = self.turn % len(self.clients)
        self.turn += 1
        self.served_by.append(index)
        return self.clients[index]

    def push(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        r = self._next().post("/sync/push", json={"ops": list(ops)})
        assert r.status_code == 200, r.text
        results: list[dict[str, Any]] = r.json()["results"]
        return results

    def pull_all(self, limit: int = 3) -> dict[str, Any]:
        """Pull to the end in small pages, each page from the other instance; the scope."""
        while True:
            r = self._next().get("/sync/pull", params={"cursor": self.cursor, "limit": limit})
            assert r.status_code == 200, r.text
            page = r.json()
            for change in page["changes"]:
                if change["seq"] <= self.last_seq:
                    self.out_of_order.append(change["seq"])
                self.last_seq = change["seq"]
                key = (change["entity"], change["id"])
                self.versions[key] = change["version"]
                self.data[key] = change["data"]
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                scope: dict[str, Any] = page["scope"]
                return scope

    def conflicts(self) -> list[dict[str, Any]]:
        r = self._next().get("/sync/conflicts")
        assert r.status_code == 200, r.text
        found: list[dict[str, Any]] = r.json()["conflicts"]
        return found


def _enrol(urls: list[str], through: int, username: str, name: str,
           opened: list[httpx.Client]) -> Device:
    with httpx.Client(base_url=urls[through], timeout=30) as anonymous:
        r = anonymous.post("/auth/enrol", json={"username": username, "password": PASSWORD,
                                                "device_name": name})
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    clients = [httpx.Client(base_url=url, timeout=60,
                            headers={"Authorization": f"Bearer {token}"}) for url in urls]
    opened.extend(clients)
    # The token was made by one instance; the device's first request goes to the other.
    return Device(name, token, clients, turn=through + 1)


@pytest.fixture
def opened() -> Iterator[list[httpx.Client]]:
    clients: list[httpx.Client] = []
    yield clients
    for client in clients:
        client.close()


def test_devices_syncing_through_two_instances_converge(
        instances: list[str], shared_database: str, opened: list[httpx.Client]) -> None:
    laptop = _enrol(instances, 0, "alice", "laptop", opened)
    tablet = _enrol(instances, 1, "alice", "tablet", opened)
    fid, family = new_family("T-1")
    people = [new_person(fid, f"Child {n}") for n in range(3)]
    sent = [family, *(person for _, person in people)]
    assert [r["status"] for r in laptop.push(*sent)] == ["applied"] * 4

    # The same ops again, through the other instance: known as taken, not taken twice.
    assert [r["status"] for r in laptop.push(*sent)] == ["duplicate"] * 4
    scope = tablet.pull_all()  # pages alternate between the instances
    assert scope["count"] == 4 and len(tablet.versions) == 4

    # A conflict made across the two instances: both edit the town from version 1.
    mine = laptop.push(op("family", fid, {"town": "Exampleton"}, base=1, family_id=fid))
    theirs = tablet.push(op("family", fid, {"town": "Sampleford"}, base=1, family_id=fid))
    assert mine[0]["status"] == "applied"
    assert theirs[0]["status"] == "conflict"
    [conflict] = theirs[0]["conflicts"]
    assert (conflict["field"], conflict["local_value"], conflict["server_value"]) == (
        "town", "Sampleford", "Exampleton")
    # Listed through either instance, as it would be on one.
    assert [c["id"] for c in laptop.conflicts()] == [conflict["id"]]
    assert [c["id"] for c in laptop.conflicts()] == [conflict["id"]]
    # Resolved through one instance, gone through the other.
    resolved = tablet.push(op("family", fid, {"town": "Sampleford"}, base=2, family_id=fid,
                              resolves=[conflict["id"]]))
    assert resolved[0]["status"] == "applied"
    assert tablet.conflicts() == [] and tablet.conflicts() == []

    for device in (laptop, tablet):
        device.pull_all()
        assert device.data[("family", fid)]["town"] == "Sampleford"
        assert set(device.served_by) == {0, 1}
    assert laptop.versions == tablet.versions
    assert laptop.versions[("family", fid)] == 3


def test_concurrent_devices_alternating_instances_lose_nothing(
        instances: list[str], shared_database: str, opened: list[httpx.Client]) -> None:
    """Devices of two workers push and pull at the same time, each request to the other
    instance than the last: every change is taken once, numbered in order, kept in
    history, and every device ends with the database's own state."""
    alice = [_enrol(instances, n % 2, "alice", f"alice {n}", opened) for n in range(DEVICES)]
    bob = _enrol(instances, 1, "bob", "bob laptop", opened)
    fid, family = new_family("T-2")
    assert alice[0].push(family)[0]["status"] == "applied"
    bob_fid, bob_family = new_family("T-3")
    assert bob.push(bob_family)[0]["status"] == "applied"
    for device in alice:
        device.pull_all()
    fields = ["phone", "email", "postcode", "lead_agency"]
    start = threading.Barrier(DEVICES)

    def work(index: int) -> list[str]:
        device, statuses = alice[index], []
        start.wait(timeout=60)
        for n in range(ROUNDS):
            base = device.versions[("family", fid)]
            _, person = new_person(fid, f"Child {index}-{n}")
            edit = op("family", fid, {fields[index]: f"{index}-{n}"}, base=base, family_id=fid)
            statuses += [r["status"] for r in device.push(person, edit)]
            device.pull_all(limit=4)
        return statuses

    with ThreadPoolExecutor(DEVICES) as pool:
        statuses = [s for batch in pool.map(work, range(DEVICES)) for s in batch]
    # Different fields of one family from different devices: merged, never a conflict.
    assert set(statuses) <= {"applied", "merged"}
    # Changes numbered by either instance arrive in order through both.
    assert [device.out_of_order for device in alice] == [[]] * DEVICES

    engine = create_engine(shared_database)
    try:
        with engine.connect() as conn:
            records = {(r.entity, r.id): r for r in conn.execute(select(Record))}
            history = {(e, i): n for e, i, n in conn.execute(
                select(RecordHistory.entity, RecordHistory.record_id, func.count())
                .group_by(RecordHistory.entity, RecordHistory.record_id))}
            taken = conn.execute(select(func.count()).select_from(AppliedOp)).scalar_one()
    finally:
        engine.dispose()
    # Each op taken once; each record's every version kept in history.
    assert taken == 2 + DEVICES * ROUNDS * 2
    assert all(history[key] == record.version for key, record in records.items())
    assert records[("family", fid)].version == 1 + DEVICES * ROUNDS
    final = records[("family", fid)].data
    for index in range(DEVICES):
        assert final[fields[index]] == f"{index}-{ROUNDS - 1}"  # nobody's last edit lost

    # Every device ends with exactly the database's records of its scope.
    alice_scope = {key: r.version for key, r in records.items() if r.family_id == fid}
    for device in alice:
        scope = device.pull_all()
        assert device.versions == alice_scope
        assert (scope["count"], scope["digest"]) == scope_digest(
            (e, i, v) for (e, i), v in alice_scope.items())
        assert device.data[("family", fid)] == final
    bob.pull_all()
    assert set(bob.versions) == {("family", bob_fid)}  # nothing of alice's leaked to bob
