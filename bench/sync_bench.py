"""Sync over loopback: the first sync of a 10,000-family scope, and incremental syncs.

A real central service (server.app.create_app over a SQLite file in the work
folder, uvicorn on 127.0.0.1) and real client stores. The service is first
loaded with the worker's 10,000-family caseload as if it had been pushed (the
records, their first versions and allocations, written in bulk, so the
benchmark does not take as long as a first push would); a push of 500 families
through the API gives the push rate for information. Then a team lead's new,
empty store makes its first sync of the whole scope (budget 30 s), three times over,
each time a new team lead's (so the service has not worked out that scope's digest
before); the figure is the best of the three. Then the
worker changes 100 families and syncs (budget 1 s), and the team lead syncs
those 100 changes in (budget 1 s). Everything is synthetic.

The first sync is printed against its floor (bench/sync_floor.py: the same records
bulk-inserted into a new SQLCipher store in one transaction, plus the same bytes over
loopback), budget 2x; the incremental syncs against a sync with nothing new (what any
sync costs: its round trips and the scope check).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.harness import (
    BENCH_PASSPHRASE,
    Result,
    bench_families,
    copy_store,
    stopwatch,
    with_floor,
)
from bench.sync_floor import bulk_insert_seconds, loopback_seconds, pulled_bytes

PASSWORD = "bench synthetic password"
TEAM = "Bench Team"
OTHER_TEAM = "Bench Other Team"  # the push-rate store's families stay out of the lead's scope
# The first sync is timed this many times, each by a new team lead of the team: its figure
# and its floor's are the best of them.
FIRST_SYNC_ROUNDS = 3
LEADS = tuple(f"bench.lead{n}" for n in range(1, FIRST_SYNC_ROUNDS + 1))


class _Server:
    """``hearth-server serve`` in its own process on loopback, over ``database_url``
    (with ``workers`` worker processes)."""

    def __init__(self, database_url: str, workers: int = 1) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.database_url = database_url
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _Server:
        import httpx

        env = dict(os.environ, HEARTH_DATABASE_URL=self.database_url)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(self.workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(600):
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError("the benchmark server did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _load_service(sessions: Any, store: Any, username: str, team: str) -> int:
    """Put every synced record of ``store`` on the service as its first version (in bulk),
    and mark them synced in the store; return how many records."""
    from sqlalchemy import insert, select, update

    from app.records.writes import content_columns, family_of, to_wire
    from db.models import SYNCED_MODELS, OutboxOp
    from server.models import CHANGE_COUNTER, Allocation, Counter, Record, RecordHistory

    def read(session: Any) -> list[tuple[Any, str, str | None, bool, dict[str, Any], Any, str]]:
        rows = []
        for model in SYNCED_MODELS:
            columns = content_columns(model)
            for record in session.scalars(select(model)):
                data = {c: to_wire(getattr(record, c)) for c in columns}
                rows.append((model, record.id, family_of(record), bool(record.deleted), data,
                             record.updated_at, record.updated_by))
        return rows

    rows = store.run(read)
    records, history, versions = [], [], []
    families: set[str] = set()
    for seq, (model, rid, family_id, deleted, data, at, _by) in enumerate(rows, start=1):
        entity = model.__sync__.entity
        if model.__sync__.family_key == "id":
            families.add(rid)
            data["allocated_to"] = username
        records.append(dict(entity=entity, id=rid, family_id=family_id, owner=username,
                            version=seq, seq=seq, deleted=deleted, data=data, updated_at=at,
                            updated_by=username, device_id=None))
        history.append(dict(entity=entity, record_id=rid, version=seq, family_id=family_id,
                            deleted=deleted, data=data, at=at, by=username, device_id=None))
        versions.append((model, rid, seq))
    with sessions.begin() as s:
        s.execute(insert(Record), records)
        s.execute(insert(RecordHistory), history)
        s.execute(insert(Allocation), [dict(family_id=f, username=username, team=team)
                                       for f in sorted(families)])
        counter = s.get(Counter, CHANGE_COUNTER)
        if counter is None:
            s.add(Counter(name=CHANGE_COUNTER, value=len(rows)))
        else:
            counter.value = len(rows)

    def mark_synced(session: Any) -> None:
        by_model: dict[Any, list[dict[str, Any]]] = {}
        for model, rid, seq in versions:
            by_model.setdefault(model, []).append({"id": rid, "version": seq,
                                                   "allocated_to": username})
        for model, values in by_model.items():
            if model.__sync__.family_key != "id":
                values = [{"id": v["id"], "version": v["version"]} for v in values]
            session.execute(update(model), values)
        session.execute(OutboxOp.__table__.delete())

    store.run(mark_synced)
    return len(rows)


def _edit_families(session: Any, actor: Any, count: int) -> int:
    from sqlalchemy import select

    from app.records import writes as records
    from db.models import Family

    families = session.scalars(select(Family).order_by(Family.reference).limit(count)).all()
    for n, family in enumerate(families):
        records.update(session, actor, family, phone=f"01632 96{n % 10000:04d}")
    return len(families)


def _prepare_service(database_url: str, worker: Any) -> int:
    """Create the service's database with the people, loaded with the worker's caseload."""
    from server import admin
    from server.db import init_database, session_factory

    engine = init_database(database_url)
    try:
        sessions = session_factory(engine)
        with sessions.begin() as s:
            admin.add_team(s, TEAM)
            admin.add_team(s, OTHER_TEAM)
            for username, role, team in (("bench.worker", "worker", TEAM),
                                         *((lead, "team_lead", TEAM) for lead in LEADS),
                                         ("bench.pusher", "worker", OTHER_TEAM)):
                admin.add_user(s, username, name=username.replace(".", " ").title(), role=role,
                               team=team, password=PASSWORD)
        return _load_service(sessions, worker, "bench.worker", TEAM)
    finally:
        engine.dispose()


def _first_sync_floor(workdir: Path, server_url: str, lead: Any,
                      round_no: int) -> tuple[float, float, int, int]:
    """The floor of the first sync that filled ``lead``: the same records bulk-inserted
    into a new store, plus as many bytes over loopback; also the bytes of the replies."""
    from app.sync.engine import DEFAULT_PULL_LIMIT
    from app.sync.status import credentials

    _url, token = lead.run(credentials)
    json_bytes, wire_bytes = pulled_bytes(server_url, token, DEFAULT_PULL_LIMIT)
    insert_s = bulk_insert_seconds(lead, workdir / f"floor-store-{round_no}")
    network_s = loopback_seconds(json_bytes)
    return insert_s, network_s, json_bytes, wire_bytes


def _first_syncs(workdir: Path, server_url: str, families: int) -> tuple[Any, list[Result]]:
    """FIRST_SYNC_ROUNDS first syncs of the whole scope, each by another team lead's new
    device (each lead's scope is the team's, and the service's kept digest of it is cold),
    each followed by its floor. Each figure is the best of its rounds: the one least
    disturbed by whatever else the machine did (its spread is printed beside it)."""
    from app.store.caseload_store import Profile, create_store
    from app.sync import enrolment
    from app.sync.engine import sync_store

    synced: list[float] = []
    floors: list[tuple[float, float, int, int]] = []
    leads: list[Any] = []
    records = 0
    try:
        for n, username in enumerate(LEADS):
            lead = create_store(workdir / f"lead-{n}", BENCH_PASSPHRASE,
                                Profile(f"Bench Lead {n}", "team_lead", TEAM, username))
            leads.append(lead)
            enrolment.enrol(lead, server_url, username, PASSWORD)
            with stopwatch() as elapsed:
                records = sync_store(lead).pulled
            synced.append(elapsed())
            floors.append(_first_sync_floor(workdir, server_url, lead, n))
    except BaseException:
        for lead in leads:
            lead.close()
        raise
    for lead in leads[1:]:
        lead.close()
    insert_s = min(f[0] for f in floors)
    network_s = min(f[1] for f in floors)
    spread = f"{min(synced):.2f}-{max(synced):.2f} s"
    return leads[0], [
        *with_floor(f"first_sync_{families}_family_scope", min(synced), insert_s + network_s,
                    "s", budget=30, ratio_budget=2.0, floor_name="bulk_insert_plus_loopback"),
        Result(f"first_sync_rounds ({spread})", len(synced), "first syncs"),
        Result("first_sync_floor_part_bulk_insert_one_transaction", insert_s, "s"),
        Result("first_sync_floor_part_same_bytes_over_loopback", network_s, "s"),
        Result("first_sync_reply_json", floors[0][2] / 1e6, "MB"),
        Result("first_sync_reply_on_the_wire_gzip", floors[0][3] / 1e6, "MB"),
        Result("first_sync_records", records, "records"),
    ]


def run(workdir: Path) -> list[Result]:
    from app.demo.seed import seed
    from app.store.caseload_store import Profile, create_store, open_store
    from app.sync import enrolment
    from app.sync.engine import sync_store

    families = bench_families()
    results: list[Result] = []
    database_url = f"sqlite:///{workdir / 'hearth-server.db'}"
    worker = open_store(copy_store(workdir / "worker"), BENCH_PASSPHRASE)
    lead = None
    pusher = create_store(workdir / "pusher", BENCH_PASSPHRASE,
                          Profile("Bench Pusher", "family_support_worker", OTHER_TEAM,
                                  "bench.pusher"))
    try:
        with stopwatch() as elapsed:
            loaded = _prepare_service(database_url, worker)
        results.append(Result(f"service_loaded_with_{loaded}_records", elapsed(), "s"))
        with _Server(database_url) as server:
            for store, username in ((worker, "bench.worker"), (pusher, "bench.pusher")):
                enrolment.enrol(store, server.url, username, PASSWORD)
            sync_store(worker)  # the worker's device takes the service's view once

            seed(pusher, 500, 2)
            with stopwatch() as elapsed:
                report = sync_store(pusher)
            results.append(Result("push_rate_first_push_of_500_families",
                                  report.pushed / max(elapsed(), 1e-9), "ops/s"))

            lead, first_figures = _first_syncs(workdir, server.url, families)
            results += first_figures

            changed = worker.run(_edit_families, worker.profile, 100)
            with stopwatch() as elapsed:
                sync_store(worker)
            pushed = elapsed()
            with stopwatch() as elapsed:
                report = sync_store(lead)
            pulled = elapsed()
            with stopwatch() as elapsed:
                sync_store(lead)
            nothing = elapsed()
            results.append(Result("sync_with_nothing_new", nothing, "s", 1))
            for name, value in ((f"incremental_sync_push_{changed}_changes", pushed),
                                (f"incremental_sync_pull_{changed}_changes", pulled)):
                results += with_floor(name, value, nothing, "s", budget=1,
                                      floor_name="sync_with_nothing_new")
    finally:
        for store in (worker, pusher, *([] if lead is None else [lead])):
            store.close()
    return results
