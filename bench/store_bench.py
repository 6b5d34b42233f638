"""What encryption costs: the same workload on SQLCipher and on plain SQLite.

The workload is what a worker's session does to the store, one unit of work
(one transaction) at a time as the app runs it: load the caseload, open 200
families (each read is audited, so it writes too), and make 500 changes through
``app.records.writes.update`` (each with its outbox operation and audit event).
The databases hold the same 10,000 synthetic families on the same pages: the plain one
is the encrypted one decrypted page by page where each page lies (bench/same_pages.py
says why not with ``sqlcipher_export``).

The floor is plain SQLite: the same SQLite library the store runs on (SQLCipher's,
SQLite 3.53), opened without a key, so the two differ in the encryption alone. The
figure is SQLCipher's time and its ratio to the floor (budget 1.10x), measured in
the same run. The system's own SQLite (Python's ``sqlite3``: on Debian 12 an older
release, 3.40, built with other options such as secure delete and no lookaside
memory) runs the same workload for reference (``store_workload_system_sqlite``); it
differs from the store's library in more than the encryption.

Each round works on fresh copies of all three, in turn, the order turning between
rounds; each time is the best of the rounds (the least disturbed by whatever else
the machine is doing). Beside the seconds, the CPU seconds of the same runs and
their ratio: encryption costs CPU, while most of a small commit's time is its fsync
(``synchronous = FULL``, the same for both), which a disk shared with other work
makes vary by more than the encryption costs. The settings measured, and why they
were chosen, are in ``db/engine.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import time
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, select
from sqlalchemy.orm import Session

from app.families.caseload import load_caseload
from app.families.households import load_family
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed, load_levels
from app.store.caseload_store import DB_NAME, Profile, Store, open_store
from bench.harness import (
    BENCH_PASSPHRASE,
    Result,
    cached_plain_copy,
    copy_store,
    stopwatch,
    with_floor,
)
from db.engine import apply_pragmas, make_engine
from db.models import Family

ROUNDS = 7
READS = 200
UPDATES = 500
BUDGET_RATIO = 1.10  # issue 18: encryption nearly free


def _family_ids(session: Session) -> list[str]:
    return sorted(session.scalars(select(Family.id)))


def _update(session: Session, actor: Profile, family_id: str, n: int) -> None:
    family = session.get(Family, family_id)
    assert family is not None
    records.update(
        session,
        actor,
        family,
        contact_notes=f"Benchmark change {n}: visit arranged.",
        last_contact=dt.date.today() - dt.timedelta(days=n % 30),
    )


def workload(store: Store, levels: LevelsOfNeed, family_ids: list[str]) -> tuple[float, float]:
    """Run the workload; return its seconds and the CPU seconds this process spent."""
    rng = random.Random(11)
    reads = rng.sample(family_ids, min(READS, len(family_ids)))
    updates = [rng.choice(family_ids) for _ in range(UPDATES)]
    cpu = time.process_time()
    with stopwatch() as elapsed:
        rows = store.run(load_caseload, levels)
        assert len(rows) == len(family_ids)
        for family_id in reads:
            store.run(load_family, store.profile, family_id)
        for n, family_id in enumerate(updates):
            store.run(_update, store.profile, family_id, n)
    return elapsed(), time.process_time() - cpu


def _encrypted(folder: Path) -> Store:
    return open_store(copy_store(folder), BENCH_PASSPHRASE)


def _unkeyed_sqlcipher(path: Path) -> Engine:
    """Plain SQLite through the store's own SQLite library (SQLCipher's), with no key."""
    import sqlcipher3

    engine = create_engine(URL.create("sqlite", database=str(path)), module=sqlcipher3.dbapi2)
    event.listen(engine, "connect", apply_pragmas)  # as make_engine does
    return engine


def _plain(folder: Path, profile: Profile, *, system: bool) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    shutil.copy2(cached_plain_copy(), path)
    engine = make_engine(path, None) if system else _unkeyed_sqlcipher(path)
    return Store(folder, engine, profile)


def _one(store: Store, levels: LevelsOfNeed, ids: list[str] | None) -> tuple[list[str],
                                                                         float, float]:
    try:
        own_ids = store.run(_family_ids)
        assert ids is None or own_ids == ids, "the plain copy must hold the same families"
        return (own_ids, *workload(store, levels, own_ids))
    finally:
        store.close()


def run(workdir: Path) -> list[Result]:
    levels = load_levels()
    cached_plain_copy()  # build both caches before any timing
    profile: Profile | None = None  # the worker's, from the first (encrypted) store
    kinds = ("cipher", "plain", "system")
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    ids: list[str] | None = None
    for round_no in range(ROUNDS):
        turn = round_no % len(kinds)
        for kind in kinds[turn:] + kinds[:turn]:
            folder = workdir / f"{kind}-{round_no}"
            if kind == "cipher":
                store = _encrypted(folder)
                profile = store.profile
            else:
                assert profile is not None
                store = _plain(folder, profile, system=kind == "system")
            ids, seconds, cpu = _one(store, levels, ids)
            times[kind].append((seconds, cpu))
            shutil.rmtree(folder, ignore_errors=True)
    cipher, plain = times["cipher"], times["plain"]
    return [
        Result("store_workload_system_sqlite (reference)", min(t for t, _ in times["system"]),
               "s"),
        *with_floor("store_workload_sqlcipher", min(t for t, _ in cipher),
                    min(t for t, _ in plain), "s", ratio_budget=BUDGET_RATIO,
                    floor_name="plain_sqlite"),
        *with_floor("store_workload_sqlcipher_cpu", min(c for _, c in cipher),
                    min(c for _, c in plain), "s", ratio_budget=BUDGET_RATIO,
                    floor_name="plain_sqlite"),
    ]
