"""Randomised: many edits on three devices, syncs in random order, random dropped
connections. At the end every device agrees with the server, nothing is duplicated,
and every value anyone entered is the current value, or kept in a conflict, or in
the server's history. A seeded generator, so a failure can be replayed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import select

from app.families import households as families
from server.models import Conflict, Record, RecordHistory
from tests.e2e.random_sync import (
    assert_agrees,
    random_edit,
    settle,
    sync_flakily,
)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 23])
def test_random_edits_on_three_devices_converge_and_lose_nothing(
    client: Any, live_server: Any, seed: int
) -> None:
    rng = random.Random(seed)
    robin, lee, root = client("robin", "robin"), client("lee", "lee"), client("root", "root")
    devices = [robin, lee, root]
    family_ids = [robin.new_family(f"Family {n}", town="Widnes") for n in range(3)]
    person_ids = [robin.add_child(f, f"Child {n}") for n, f in enumerate(family_ids)]
    robin.sync()
    lee.sync()
    root.sync()
    entered: list[tuple[str, str, str, Any]] = []  # entity, id, field, value

    for step in range(70):
        device = rng.choice(devices)
        action = rng.random()
        tag = f"s{seed}-{step}-{device.name}"
        if action < 0.45:
            edited = random_edit(device, rng, tag, family_ids, person_ids, family_share=0.6)
            if edited is not None:
                entered.append(edited)
        elif action < 0.55:
            fid = rng.choice(family_ids)
            if device.family(fid) is None:
                continue
            name = f"New {tag}"
            pid = device.add_child(fid, name, dt.date(2020, 1, 1))
            person_ids.append(pid)
            entered.append(("person", pid, "given_name", name))
        elif action < 0.6:
            pid = rng.choice(person_ids)
            person = device.person(pid)
            if person is None or person.deleted:
                continue
            device.run(families.remove_person, device.actor, pid)
        else:
            sync_flakily(device, rng)

    settle(devices)

    with live_server.session() as s:
        server = {(r.entity, r.id): r for r in s.scalars(select(Record))}
        history = {(h.entity, h.record_id, k, repr(v))
                    for h in s.scalars(select(RecordHistory)) for k, v in h.data.items()}
        kept = {(c.entity, c.record_id, c.field, repr(v))
                for c in s.scalars(select(Conflict)) for v in (c.local_value, c.server_value)}

    # Nothing duplicated: each person made once on the server.
    assert sorted(pid for (e, pid) in server if e == "person") == sorted(set(person_ids))
    # Every device agrees with the server about every record it holds (and holds them all).
    for device in devices:
        assert_agrees(device, server)
    # Nothing lost: every value entered is current, or in a conflict, or in the history.
    for entity, rid, field, value in entered:
        current = server[(entity, rid)].data.get(field) == value
        assert current or (entity, rid, field, repr(value)) in kept | history, (
            entity, rid, field, value)
