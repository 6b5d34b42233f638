"""Random edits and flaky syncs for the randomised sync tests (test_sync_random.py,
test_sync_random_moves.py): a transport whose connections drop at random, one random
edit of a family or a child, and the checks that every device agrees with the service."""

from __future__ import annotations

import contextlib
import random
from typing import Any

from sqlalchemy import select

from app.records.writes import content_columns, to_wire
from app.store.recovery_seal import RecoveryPublicKey
from app.sync.transport import PullPage, ServerUnreachable
from db.models import Family, OutboxOp, Person

FAMILY_FIELDS = ("town", "phone", "contact_notes", "email", "lead_professional")
PERSON_FIELDS = ("given_name", "school_or_setting", "language")


class Flaky:
    """The real transport, with connections that drop at random moments."""

    def __init__(self, inner: Any, rng: random.Random, rate: float) -> None:
        self.inner, self.rng, self.rate = inner, rng, rate

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.rng.random() < self.rate / 2:
            raise ServerUnreachable("dropped before the server saw it (test)")
        result = self.inner.push(ops)
        if self.rng.random() < self.rate / 2:
            raise ServerUnreachable("dropped after the server applied it (test)")
        return result  # type: ignore[no-any-return]

    def pull(self, cursor: int, limit: int) -> PullPage:
        if self.rng.random() < self.rate:
            raise ServerUnreachable("dropped mid-pull (test)")
        return self.inner.pull(cursor, limit)  # type: ignore[no-any-return]

    def conflicts(self) -> list[dict[str, Any]]:
        return self.inner.conflicts()  # type: ignore[no-any-return]

    def reference(self) -> dict[str, Any]:
        return self.inner.reference()  # type: ignore[no-any-return]

    def recovery_key(self) -> RecoveryPublicKey | None:
        return self.inner.recovery_key()  # type: ignore[no-any-return]


def _state(device: Any, model: Any) -> dict[str, tuple[int | None, bool, dict[str, Any]]]:
    columns = content_columns(model)

    def read(session: Any) -> dict[str, tuple[int | None, bool, dict[str, Any]]]:
        return {
            r.id: (r.version, r.deleted, {c: to_wire(getattr(r, c)) for c in columns})
            for r in session.scalars(select(model))
        }

    return device.run(read)  # type: ignore[no-any-return]


def random_edit(device: Any, rng: random.Random, tag: str, family_ids: list[str],
                person_ids: list[str], *, family_share: float
                ) -> tuple[str, str, str, Any] | None:
    """Edit one field of a random family or child the device holds; what was entered
    (entity, id, field, value), or None when the device does not hold it."""
    if rng.random() < family_share:
        fid = rng.choice(family_ids)
        field = rng.choice(FAMILY_FIELDS)
        value = f"{field[:5]} {tag}" if field != "email" else f"{tag}@example.org"
        if device.family(fid) is None:
            return None
        device.edit(Family, fid, **{field: value})
        return ("family", fid, field, value)
    pid = rng.choice(person_ids)
    person = device.person(pid)
    if person is None or person.deleted:
        return None
    field = rng.choice(PERSON_FIELDS)
    value = f"{field[:5]} {tag}"
    device.edit(Person, pid, **{field: value})
    return ("person", pid, field, value)


def sync_flakily(device: Any, rng: random.Random) -> None:
    """One sync over a connection that may drop, with random batch and page sizes."""
    transport = Flaky(device.transport(), rng, rate=0.25)
    with contextlib.suppress(ServerUnreachable):
        device.engine(transport, push_batch=rng.choice([1, 3, 500]),
                      pull_limit=rng.choice([2, 7, 1000])).sync()


def settle(devices: list[Any]) -> None:
    """Everyone syncs until nothing moves; nothing is left waiting anywhere."""
    for _ in range(3):
        for device in devices:
            device.sync()
    for device in devices:
        assert device.count(OutboxOp) == 0, device.name


def assert_agrees(device: Any, server: dict[tuple[str, str], Any],
                  families: set[str] | None = None) -> None:
    """The device holds exactly the service's records of ``families`` (None: all) and
    agrees with the service about each."""
    for model, entity in ((Family, "family"), (Person, "person")):
        local = _state(device, model)
        expected = {rid for (e, rid), row in server.items()
                    if e == entity and (families is None or row.family_id in families)}
        assert set(local) == expected, (device.name, entity)
        for rid, (version, deleted, data) in local.items():
            row = server[(entity, rid)]
            assert (version, deleted) == (row.version, row.deleted), (device.name, rid)
            for field in FAMILY_FIELDS + PERSON_FIELDS:
                if field in data:
                    assert data[field] == row.data.get(field), (device.name, rid, field)
