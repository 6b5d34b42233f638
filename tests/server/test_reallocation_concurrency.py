"""Team leads reallocating families inside their pushes while workers push and pull, all at
once: no request fails (PostgreSQL used to answer DeadlockDetected with a 500), and at the
end the allocations, the families' ``allocated_to``, every record's history and every
device's view of its scope agree."""

from __future__ import annotations

import datetime as dt
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from live_service import Device, LiveServer, new_family, new_person, op
from sqlalchemy import select

from app.sync.protocol import scope_digest
from server.models import Allocation, Record, RecordHistory

WORKERS = ("alice", "bob", "cara")
FAMILIES = 8
LEAD_DEVICES = 3
ROUNDS = 5
BATCH = 10
REALLOCATE_SHARE = 0.3


@dataclass
class View:
    """What one device holds after its pulls: (entity, id) -> change."""

    device: Device
    records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def sync(self, codes: list[int]) -> dict[str, Any] | None:
        """Pull every page; None if a page was not answered 200 (recorded in codes)."""
        while True:
            r = self.device.http.get("/sync/pull", params={"cursor": self.device.cursor})
            codes.append(r.status_code)
            if r.status_code != 200:
                return None
            page = r.json()
            for change in page["changes"]:
                self.records[(change["entity"], change["id"])] = change
            gone = set(page["purge"])
            self.records = {k: c for k, c in self.records.items() if c["family_id"] not in gone}
            self.device.cursor = page["next_cursor"]
            if not page["has_more"]:
                return page["scope"]

    def of_type(self, entity: str) -> list[dict[str, Any]]:
        return [c for (e, _), c in sorted(self.records.items()) if e == entity]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def test_pushes_that_reallocate_never_fail_and_leave_one_consistent_state(
    people: LiveServer,
) -> None:
    people.add_user("cara")
    owner = people.enrol("alice", "owner")
    families = []
    for n in range(FAMILIES):
        fid, fam = new_family(f"R-{n}")
        kids = [new_person(fid, f"Kid {n}-{k}")[1] for k in range(2)]
        owner.push(fam, *kids)
        families.append(fid)
    for n, fid in enumerate(families):
        people.allocate(fid, WORKERS[n % len(WORKERS)])
    leads = [View(people.enrol("lena", f"lead {i}")) for i in range(LEAD_DEVICES)]
    workers = [View(people.enrol(name, "laptop")) for name in WORKERS]
    codes: list[int] = []
    lock = threading.Lock()

    def record(code: int) -> None:
        with lock:
            codes.append(code)

    def lead(index: int) -> None:
        view, rng = leads[index], random.Random(index)
        local: list[int] = []
        for n in range(ROUNDS):
            view.sync(local)
            fams, kids = view.of_type("family"), view.of_type("person")
            ops = []
            for i in range(BATCH):
                if rng.random() < REALLOCATE_SHARE:
                    fam = rng.choice(fams)
                    ops.append(op("family", fam["id"], {"allocated_to": rng.choice(WORKERS)},
                                  base=fam["version"], family_id=fam["id"]))
                else:
                    kid = rng.choice(kids)
                    ops.append(op("person", kid["id"], {"given_name": f"L{index}-{n}-{i}"},
                                  base=kid["version"], family_id=kid["family_id"]))
            local.append(view.device.http.post("/sync/push", json={"ops": ops}).status_code)
        for code in local:
            record(code)

    def worker(index: int) -> None:
        view, rng = workers[index], random.Random(100 + index)
        local: list[int] = []
        for n in range(ROUNDS):
            view.sync(local)
            kids = view.of_type("person")
            ops = []
            for i in range(3):
                if kids:
                    kid = rng.choice(kids)
                    edit = op("person", kid["id"], {"family_name": f"W{index}-{n}-{i}"},
                              base=kid["version"], family_id=kid["family_id"])
                    ops.append({**edit, "made_at": _now()})
            fams = view.of_type("family")
            if fams and n % 2:
                _, child = new_person(rng.choice(fams)["id"], f"New {index}-{n}")
                ops.append({**child, "made_at": _now()})
            if ops:
                local.append(view.device.http.post("/sync/push", json={"ops": ops}).status_code)
        for code in local:
            record(code)

    with ThreadPoolExecutor(LEAD_DEVICES + len(WORKERS)) as pool:
        jobs = [pool.submit(lead, i) for i in range(LEAD_DEVICES)]
        jobs += [pool.submit(worker, i) for i in range(len(WORKERS))]
        for job in jobs:
            job.result(timeout=600)

    assert codes and set(codes) == {200}, sorted(set(codes))

    with people.sessions() as s:
        holders = dict(s.execute(select(Allocation.family_id, Allocation.username)).all())
        family_rows = {r.id: r for r in s.scalars(select(Record).where(Record.entity == "family"))}
        records = list(s.scalars(select(Record)))
        history: dict[tuple[str, str], list[int]] = {}
        for h in s.scalars(select(RecordHistory).order_by(RecordHistory.version)):
            history.setdefault((h.entity, h.record_id), []).append(h.version)
    # Every family's allocation and its allocated_to agree.
    assert set(holders) == set(families)
    assert {fid: family_rows[fid].data["allocated_to"] for fid in families} == holders
    # Every record's versions are 1, 2, 3... with none lost or given twice.
    for r in records:
        assert history[(r.entity, r.id)] == list(range(1, r.version + 1)), r.id
    # Each device that pulled along the way holds exactly its scope now.
    for view in leads + workers:
        scope = view.sync(codes)
        assert scope is not None
        held = [(c["entity"], c["id"], c["version"]) for c in view.records.values()]
        assert (scope["count"], scope["digest"]) == scope_digest(held)
    for name, view in zip(WORKERS, workers, strict=True):
        assert sorted({c["family_id"] for c in view.records.values()}) == sorted(
            fid for fid, holder in holders.items() if holder == name)
    assert {c["family_id"] for v in leads for c in v.records.values()} == set(families)
