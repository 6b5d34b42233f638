"""Randomised, with families moving between workers and deletes racing edits: four
devices (two workers, their team lead and an administrator) edit, add and remove
children, and sync in random order over connections that drop; meanwhile families
are reallocated, by the service's administrator and from the team lead's device.

At the end every device holds exactly its scope and agrees with the service, and
every value anyone entered is the current value, or in the service's history, or
kept in a conflict (a whole new record as one "(new record)" conflict). A seeded
generator, so a failure can be replayed."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from app.families import households as families
from app.sync.protocol import NEW_RECORD_FIELD
from db.models import Family
from server.models import Allocation, Conflict, Record, RecordHistory
from tests.e2e.random_sync import (
    assert_agrees,
    random_edit,
    settle,
    sync_flakily,
)

WORKERS = ("robin", "sam")


def _kept_values(s: Any) -> set[tuple[str, str, str, str]]:
    """(entity, id, field, repr(value)) of every value kept in a conflict."""
    kept = set()
    for c in s.scalars(select(Conflict)):
        if c.field == NEW_RECORD_FIELD and isinstance(c.local_value, dict):
            kept |= {(c.entity, c.record_id, k, repr(v)) for k, v in c.local_value.items()}
        for value in (c.local_value, c.server_value):
            kept.add((c.entity, c.record_id, c.field, repr(value)))
    return kept


@pytest.mark.slow
@pytest.mark.parametrize("seed", [5, 41])
def test_moves_and_racing_deletes_lose_nothing(client: Any, live_server: Any, seed: int) -> None:
    rng = random.Random(seed)
    robin, sam = client("robin", "robin"), client("sam", "sam")
    lee, root = client("lee", "lee"), client("root", "root")
    devices = [robin, sam, lee, root]
    family_ids = [robin.new_family(f"Family {n}", town="Widnes") for n in range(4)]
    person_ids = [robin.add_child(f, f"Child {n}") for n, f in enumerate(family_ids)]
    for device in devices:
        device.sync()
    entered: list[tuple[str, str, str, Any]] = []  # entity, id, field, value

    for step in range(90):
        device = rng.choice(devices)
        action = rng.random()
        tag = f"m{seed}-{step}-{device.name}"
        if action < 0.35:
            edited = random_edit(device, rng, tag, family_ids, person_ids, family_share=0.5)
            if edited is not None:
                entered.append(edited)
        elif action < 0.45:
            fid = rng.choice(family_ids)
            if device.family(fid) is None:
                continue
            name = f"New {tag}"
            person_ids.append(device.add_child(fid, name))
            entered.append(("person", person_ids[-1], "given_name", name))
        elif action < 0.55:
            # A delete that may race an edit of the same child on another device.
            pid = rng.choice(person_ids)
            person = device.person(pid)
            if person is None or person.deleted:
                continue
            device.run(families.remove_person, device.actor, pid)
        elif action < 0.65:
            fid = rng.choice(family_ids)
            to = rng.choice(WORKERS)
            if rng.random() < 0.5:
                live_server.allocate(fid, to)  # hearth-server allocate
            elif lee.family(fid) is not None:
                lee.edit(Family, fid, allocated_to=to)  # the team lead, from her laptop
        else:
            sync_flakily(device, rng)

    settle(devices)

    with live_server.session() as s:
        server = {(r.entity, r.id): r for r in s.scalars(select(Record))}
        holders = {a.family_id: a.username for a in s.scalars(select(Allocation))}
        history = {(h.entity, h.record_id, k, repr(v))
                   for h in s.scalars(select(RecordHistory)) for k, v in h.data.items()}
        kept = _kept_values(s)

    # Nothing duplicated, nothing made twice: each child on the service at most once, and
    # every child anyone added is there or kept whole for the family's holder.
    on_server = [pid for (e, pid) in server if e == "person"]
    assert len(on_server) == len(set(on_server))
    for pid in person_ids:
        assert ("person", pid) in server or any(
            k[:3] == ("person", pid, "given_name") for k in kept), pid
    # Every device holds exactly its scope, and agrees with the service about it.
    for device in devices:
        sees_all = device.name in ("lee", "root")  # the team lead and the administrator
        assert_agrees(device, server, {f for f, who in holders.items()
                                       if sees_all or who == device.name})
    # Nothing lost: every value entered is current, or in the history, or in a conflict.
    for entity, rid, field, value in entered:
        row = server.get((entity, rid))
        current = row is not None and row.data.get(field) == value
        assert current or (entity, rid, field, repr(value)) in kept | history, (
            entity, rid, field, value)
