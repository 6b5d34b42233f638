"""Many devices pushing at once while another pulls: a record's versions stay unique and ordered,
merges of different fields never lose a value, and a concurrent puller misses nothing
(sequence numbers become visible in order on PostgreSQL as on SQLite)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from live_service import LiveServer, new_family, new_person, op

from app.sync.protocol import scope_digest

WRITERS = 6
ROUNDS = 8
FIELDS = ["town", "phone", "email", "postcode", "lead_agency", "contact_notes"]


def test_concurrent_pushes_and_pulls(people: LiveServer) -> None:
    owner = people.enrol("alice", "owner")
    fid, fam = new_family("K-1")
    v1 = owner.push(fam)[0]["version"]
    writers = [people.enrol("alice", f"device {i}") for i in range(WRITERS)]
    reader = people.enrol("alice", "reader")
    done = threading.Event()
    seen: dict[tuple[str, str], int] = {}
    reader_errors: list[str] = []

    def write(index: int) -> list[dict[str, Any]]:
        device, field = writers[index], FIELDS[index]
        base, results = v1, []
        for n in range(ROUNDS):
            _, person = new_person(fid, f"Child {index}-{n}")
            edit = op("family", fid, {field: f"{index}-{n}"}, base=base, family_id=fid)
            got = device.push(person, edit)
            results.extend(got)
            base = got[1]["version"]
        return results

    def read() -> None:
        last = 0
        while True:
            finished = done.is_set()
            page = reader.pull_page()
            for change in page["changes"]:
                if change["seq"] <= last:
                    reader_errors.append(f"seq went back: {change['seq']} after {last}")
                last = change["seq"]
                seen[(change["entity"], change["id"])] = change["version"]
            reader.cursor = page["next_cursor"]
            if finished and not page["has_more"]:
                return

    reading = threading.Thread(target=read)
    reading.start()
    with ThreadPoolExecutor(WRITERS) as pool:
        results = [r for batch in pool.map(write, range(WRITERS)) for r in batch]
    done.set()
    reading.join(timeout=120)
    assert not reading.is_alive()
    assert reader_errors == []

    assert {r["status"] for r in results} <= {"applied", "merged"}
    # Each writer's results alternate: a new person (version 1), then the family edit.
    assert {r["version"] for r in results[0::2]} == {1}
    family_versions = sorted(r["version"] for r in results[1::2])
    # Every accepted edit of the family made its own version; none was given twice.
    assert family_versions == list(range(v1 + 1, v1 + 1 + WRITERS * ROUNDS))
    history = owner.http.get(f"/sync/history/family/{fid}").json()["versions"]
    assert len(history) == 1 + WRITERS * ROUNDS
    assert [h["version"] for h in history] == sorted(h["version"] for h in history)
    final = history[-1]["data"]
    for index in range(WRITERS):
        assert final[FIELDS[index]] == f"{index}-{ROUNDS - 1}"  # nobody's last edit was lost

    # The concurrent reader ended with exactly the server's scope: nothing skipped.
    page = reader.pull_page()
    assert page["changes"] == []
    scope = page["scope"]
    assert scope["count"] == 1 + WRITERS * ROUNDS
    assert (scope["count"], scope["digest"]) == scope_digest(
        (entity, rid, version) for (entity, rid), version in seen.items())


def test_more_devices_at_once_than_handler_threads(people: LiveServer) -> None:
    """Three times as many devices as the service has handler threads, each pushing
    and pulling at the same moment: every request is answered, none fails. (The
    embedded SQLite service used to stall here: a transaction begun while checking
    the token held SQLite's one write lock while the handler waited for a thread.)"""
    from server.app import HANDLER_THREADS

    owner = people.enrol("alice", "owner")
    fid, fam = new_family("K-2")
    owner.push(fam)
    devices = [people.enrol("alice", f"device {i}") for i in range(3 * HANDLER_THREADS)]
    start = threading.Barrier(len(devices))

    def sync(index: int) -> tuple[list[str], int, int]:
        """(push statuses, records in scope after the pull, conflicts' HTTP status)."""
        device = devices[index]
        start.wait(timeout=60)
        _, person = new_person(fid, f"Child {index}")
        statuses = [r["status"] for r in device.push(person)]
        _, _, scope = device.pull_all()
        conflicts = device.http.get("/sync/conflicts")
        return statuses, scope["count"], conflicts.status_code

    with ThreadPoolExecutor(len(devices)) as pool:
        outcomes = list(pool.map(sync, range(len(devices))))
    assert [statuses for statuses, _, _ in outcomes] == [["applied"]] * len(devices)
    assert {status for _, _, status in outcomes} == {200}
    # Each device's pull held at least the family and its own new person.
    assert min(count for _, count, _ in outcomes) >= 2
    _, _, scope = owner.pull_all()
    assert scope["count"] == 1 + len(devices)
