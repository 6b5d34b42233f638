"""What encryption costs: the same workload on SQLCipher and on plain SQLite.

The workload is what a worker's session does to the store, one unit of work
(one transaction) at a time as the app runs it: load the caseload, open 200
families (each read is audited, so it writes too), and make 500 changes through
``app.records.writes.update`` (each with its outbox operation and audit event). Both
databases hold the same 10,000 synthetic families: the plain one is the
encrypted one decrypted with ``sqlcipher_export``. Each round works on fresh
copies, alternating between the two; each time is the best of the rounds (the
least disturbed by whatever else the machine is doing) and the figure is the
ratio of the two.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from sqlalchemy import select
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
)
from db.engine import make_engine
from db.models import Family

ROUNDS = 5
READS = 200
UPDATES = 500
BUDGET_RATIO = 1.3


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


def workload(store: Store, levels: LevelsOfNeed, family_ids: list[str]) -> float:
    """Run the workload; return its seconds."""
    rng = random.Random(11)
    reads = rng.sample(family_ids, min(READS, len(family_ids)))
    updates = [rng.choice(family_ids) for _ in range(UPDATES)]
    with stopwatch() as elapsed:
        rows = store.run(load_caseload, levels)
        assert len(rows) == len(family_ids)
        for family_id in reads:
            store.run(load_family, store.profile, family_id)
        for n, family_id in enumerate(updates):
            store.run(_update, store.profile, family_id, n)
    return elapsed()


def _encrypted(folder: Path) -> Store:
    return open_store(copy_store(folder), BENCH_PASSPHRASE)


def _plain(folder: Path, profile: Profile) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    shutil.copy2(cached_plain_copy(), path)
    return Store(folder, make_engine(path, None), profile)


def run(workdir: Path) -> list[Result]:
    levels = load_levels()
    cached_plain_copy()  # build both caches before any timing
    cipher_times: list[float] = []
    plain_times: list[float] = []
    for round_no in range(ROUNDS):
        encrypted = _encrypted(workdir / f"cipher-{round_no}")
        try:
            ids = encrypted.run(_family_ids)
            cipher_times.append(workload(encrypted, levels, ids))
            profile = encrypted.profile
        finally:
            encrypted.close()
        plain = _plain(workdir / f"plain-{round_no}", profile)
        try:
            plain_ids = plain.run(_family_ids)
            assert plain_ids == ids, "the plain copy must hold the same families"
            plain_times.append(workload(plain, levels, plain_ids))
        finally:
            plain.close()
        shutil.rmtree(workdir / f"cipher-{round_no}", ignore_errors=True)
        shutil.rmtree(workdir / f"plain-{round_no}", ignore_errors=True)
    cipher, plain_s = min(cipher_times), min(plain_times)
    return [
        Result("store_workload_sqlcipher", cipher, "s"),
        Result("store_workload_plain_sqlite", plain_s, "s"),
        Result("sqlcipher_vs_sqlite", cipher / plain_s, "x", BUDGET_RATIO),
    ]
