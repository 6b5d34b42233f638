"""Issue 10 on real devices against the live service on loopback:

* a change made offline before a family was reallocated is never deleted from
  the old holder's device before the service has it, and reaches the new
  holder (applied, or as a conflict that names who made it);
* a record the service sends that a device cannot store is set aside and
  reported by ``hearth sync``, and the rest of the sync completes.

People, families and values are synthetic.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.store.caseload_store import Profile, create_store, open_store
from app.store.recovery_seal import RecoveryPublicKey
from app.sync import conflicts
from app.sync.status import sync_status
from app.sync.transport import PullPage
from db.models import Family, OutboxOp, Person, SyncPurgeDue, SyncSetAside
from server.models import Conflict, Record, RecordHistory


class TypingDuringSync:
    """The worker types while ``hearth sync`` runs: an edit lands between push and pull."""

    def __init__(self, inner: Any, typing: Any) -> None:
        self.inner, self.typing, self.typed = inner, typing, False
        self.pushed: list[dict[str, Any]] = []

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.pushed.extend(ops)
        return self.inner.push(ops)  # type: ignore[no-any-return]

    def pull(self, cursor: int, limit: int) -> PullPage:
        if not self.typed:
            self.typed = True
            self.typing()
        return self.inner.pull(cursor, limit)  # type: ignore[no-any-return]

    def conflicts(self) -> list[dict[str, Any]]:
        return self.inner.conflicts()  # type: ignore[no-any-return]

    def reference(self) -> dict[str, Any]:
        return self.inner.reference()  # type: ignore[no-any-return]

    def recovery_key(self) -> RecoveryPublicKey | None:
        return self.inner.recovery_key()  # type: ignore[no-any-return]


def _values_on_server(live_server: Any, fid: str, field: str) -> set[Any]:
    """Every value of one family field the service holds: history and conflicts."""
    with live_server.session() as s:
        history = {h.data.get(field) for h in s.scalars(
            select(RecordHistory).where(RecordHistory.record_id == fid))}
        kept = {c.local_value for c in s.scalars(
            select(Conflict).where(Conflict.record_id == fid, Conflict.field == field))}
    return history | kept


def test_typed_during_the_sync_that_moves_the_family_is_kept_until_the_service_has_it(
    client: Any, live_server: Any
) -> None:
    robin = client("robin", "robin")
    fid = robin.new_family("Larkspur", town="Widnes")
    robin.sync()
    robin.edit(Family, fid, town="Runcorn")  # offline
    live_server.allocate(fid, "sam")

    typing = TypingDuringSync(robin.transport(),
                              lambda: robin.edit(Family, fid, phone="01632 960777"))
    report = robin.sync(typing)
    assert report.digest_ok and report.purged_families == 0
    assert robin.family(fid).phone == "01632 960777"  # not deleted: not yet sent
    assert robin.count(SyncPurgeDue) == 1

    report = robin.sync()
    assert report.purged_families == 1 and robin.family(fid) is None
    assert robin.count(OutboxOp, OutboxOp.family_id == fid) == 0
    # Both edits left this device in a push before the family went; made_at says when.
    sent = [op for op in typing.pushed if op["entity"] == "family"]
    assert sent and all(op["made_at"] for op in sent)
    # The service has both: the edit made while robin held the family was applied, the
    # one typed after it moved is kept as a conflict for the new holder.
    assert "Runcorn" in _values_on_server(live_server, fid, "town")
    assert "01632 960777" in _values_on_server(live_server, fid, "phone")


def test_an_offline_edit_reaches_the_new_holder_after_reallocation(
    client: Any, live_server: Any
) -> None:
    robin, sam = client("robin", "robin"), client("sam", "sam")
    fid = robin.new_family("Mallow", town="Widnes")
    robin.sync()
    sam.sync()
    robin.edit(Family, fid, town="Runcorn")  # offline, before the family moves
    live_server.allocate(fid, "sam")
    robin.sync()
    sam.sync()

    assert "Runcorn" in _values_on_server(live_server, fid, "town")
    # Made while robin held the family: applied, and the new holder has it.
    assert sam.family(fid).town == "Runcorn"
    assert robin.family(fid) is None  # purged once the service had it


def test_an_edit_made_after_the_family_moved_reaches_the_new_holder_as_a_conflict(
    client: Any, live_server: Any
) -> None:
    robin, sam = client("robin", "robin"), client("sam", "sam")
    fid = robin.new_family("Mallow", town="Widnes")
    robin.sync()
    sam.sync()
    live_server.allocate(fid, "sam")
    robin.edit(Family, fid, town="Runcorn")  # offline, after the family moved
    robin.sync()
    sam.sync()

    assert "Runcorn" in _values_on_server(live_server, fid, "town")
    assert sam.family(fid).town == "Widnes"
    # Kept as a conflict for the new holder, naming who and when.
    [item] = [i for i in sam.run(conflicts.list_conflicts) if i.field == "town"]
    assert item.here_text == "Runcorn" and item.made_by == "robin"
    assert item.made_text.startswith("Changed by robin on ")
    assert robin.family(fid) is None  # purged once the service had it


def hearth(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def test_hearth_sync_sets_aside_a_record_it_cannot_store_and_completes(
    client: Any, live_server: Any, tmp_path: Path
) -> None:
    robin = client("robin", "robin")
    good = robin.new_family("Nettle")
    bad = robin.new_family("Orache", town="Zebulon-Quartermaine")
    child = robin.add_child(bad, "Pip")  # waits for its family, which is set aside
    robin.sync()
    # What an older, unchecking service stored from some device: a date that does not exist.
    with live_server.session() as s:
        record = s.get(Record, ("family", bad))
        record.data = {**record.data, "request_date": "2024-02-31"}

    folder = tmp_path / "lee"
    create_store(folder, live_server.passphrase,
                 Profile("Lee Laptop", "team_lead", "North", "lee.laptop")).close()
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase,
               HEARTH_SERVER_PASSWORD=live_server.password)
    first = hearth("sync", "--store", str(folder), "--server", live_server.url,
                   "--username", "lee", env=env)
    assert first.returncode == 0, first.stderr
    assert ("1 record from the service could not be stored here and was set aside (family)"
            in first.stdout)
    for output in (first.stdout, first.stderr):
        assert "Zebulon" not in output and "2024-02-31" not in output

    again = hearth("sync", "--store", str(folder), env=env)
    assert again.returncode == 0, again.stderr  # no endless re-download, no "differs"
    assert "set aside (family)" in again.stdout

    store = open_store(folder, live_server.passphrase)
    try:
        assert store.run(lambda s: s.get(Family, good).family_name) == "Nettle"
        assert store.run(lambda s: s.get(Family, bad)) is None
        assert store.run(lambda s: [r.record_id for r in s.scalars(select(SyncSetAside))]) == [
            bad]
        assert store.run(sync_status).set_aside == 1
    finally:
        store.close()

    # Its next version fits: the next sync stores it and nothing is set aside any more.
    robin.edit(Family, bad, town="Widnes", request_date=dt.date(2024, 2, 28))
    robin.sync()
    fixed = hearth("sync", "--store", str(folder), env=env)
    assert fixed.returncode == 0 and "set aside" not in fixed.stdout
    store = open_store(folder, live_server.passphrase)
    try:
        assert store.run(lambda s: s.get(Family, bad).town) == "Widnes"
        assert store.run(lambda s: s.get(Person, child).given_name) == "Pip"
    finally:
        store.close()
