"""The scope count and digest kept per process agree, after every kind of change, with
the digest computed afresh over the records in scope (app.sync.protocol.scope_digest)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.sync.protocol import scope_digest
from server import admin, scope_check, sync_service
from server.db import current_seq, init_database, session_factory
from server.models import Record
from server.scope import Caller, record_in_scope_clause

CALLERS = [
    Caller("alice", "worker", "North"),
    Caller("bob", "worker", "North"),
    Caller("sam", "worker", "South"),
    Caller("lena", "team_lead", "North"),
    Caller("sue", "team_lead", "South"),
    Caller("ada", "admin", None),
]


@pytest.fixture
def sessions(migrated_database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = init_database(migrated_database_url)
    factory = session_factory(engine)
    with factory.begin() as s:
        admin.add_team(s, "North")
        admin.add_team(s, "South")
        for c in CALLERS:
            admin.add_user(s, c.username, name=c.username, role=c.role, team=c.team,
                           password="x" * 12)
    yield factory
    engine.dispose()


def fresh(session: Session, caller: Caller) -> tuple[int, str]:
    rows = session.execute(
        select(Record.entity, Record.id, Record.version).where(record_in_scope_clause(caller))
    ).all()
    return scope_digest((e, i, v) for e, i, v in rows)


def push(factory: sessionmaker[Session], caller: Caller, **op: object) -> dict[str, object]:
    with factory.begin() as s:
        outcome = sync_service.push(s, caller, [sync_service.PushOp(
            op_id=str(uuid.uuid4()), entity=str(op["entity"]), id=str(op["id"]),
            family_id=op.get("family_id"), base_version=op.get("base"),  # type: ignore[arg-type]
            fields=dict(op.get("fields", {})), deleted=bool(op.get("deleted", False)))])
    return outcome.results[0]


def test_cached_digest_matches_a_fresh_one_through_random_changes(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"full": 0, "updated": 0}
    full, updated = scope_check._full, scope_check._updated

    def counting_full(*args: object) -> object:
        calls["full"] += 1
        return full(*args)  # type: ignore[arg-type]

    def counting_updated(*args: object) -> object:
        calls["updated"] += 1
        return updated(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(scope_check, "_full", counting_full)
    monkeypatch.setattr(scope_check, "_updated", counting_updated)
    rng = random.Random(20240601)
    families: dict[str, int] = {}
    people: dict[str, tuple[str, int]] = {}
    workers = [c for c in CALLERS if c.role == "worker"]
    for step in range(120):
        action = rng.choice(["family", "person", "edit", "delete", "move", "allocate", "event"])
        who = rng.choice(workers)
        if action == "family" or not families:
            fid = str(uuid.uuid4())
            r = push(sessions, who, entity="family", id=fid, family_id=fid,
                     fields={"reference": f"R{step}", "family_name": "Synthetic"})
            families[fid] = int(r["version"])  # type: ignore[arg-type]
        elif action == "person":
            fid = rng.choice(list(families))
            pid = str(uuid.uuid4())
            r = push(sessions, CALLERS[5], entity="person", id=pid, family_id=fid,
                     fields={"family_id": fid, "role": "child", "given_name": "C"})
            people[pid] = (fid, int(r["version"]))  # type: ignore[arg-type]
        elif action == "edit" and people:
            pid = rng.choice(list(people))
            fid, v = people[pid]
            r = push(sessions, CALLERS[5], entity="person", id=pid, family_id=fid, base=v,
                     fields={"given_name": f"N{step}"})
            people[pid] = (fid, int(r["version"] or v))  # type: ignore[arg-type]
        elif action == "delete" and people:
            pid = rng.choice(list(people))
            fid, v = people[pid]
            push(sessions, CALLERS[5], entity="person", id=pid, family_id=fid, base=v,
                 deleted=True)
        elif action == "move" and people and len(families) > 1:
            pid = rng.choice(list(people))
            fid, v = people[pid]
            target = rng.choice([f for f in families if f != fid])
            r = push(sessions, CALLERS[5], entity="person", id=pid, family_id=fid, base=v,
                     fields={"family_id": target})
            if r["status"] != "rejected":
                people[pid] = (target, int(r["version"]))  # type: ignore[arg-type]
        elif action == "allocate":
            fid = rng.choice(list(families))
            with sessions.begin() as s:
                admin.allocate(s, fid, rng.choice(workers).username)
        elif action == "event":
            push(sessions, who, entity="audit_event", id=str(uuid.uuid4()),
                 fields={"at": "2025-01-01T10:00:00+00:00", "actor": who.username,
                         "action": "open_caseload", "family_id": None})
        for caller in rng.sample(CALLERS, 3):
            with sessions.begin() as s:
                _, count, digest = scope_check.scope_summary(s, caller, current_seq(s))
                assert (count, digest) == fresh(s, caller), (step, action, caller.username)
    # Both ways were taken: brought up to date from the changes, and read again in full.
    assert calls["updated"] > 100 and calls["full"] > 20, calls
