"""Child process for test_crash_safety: commits families in a loop until killed.

Usage: python crash_writer.py STORE_DIR PREFIX SEED   (passphrase in HEARTH_PASSPHRASE)

After each transaction commits, the family's reference is printed and flushed,
so every line the parent reads names a family that must survive the kill.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from app.families.households import (
    AgencyData,
    FamilyData,
    PersonData,
    save_agency,
    save_family,
    save_person,
)
from app.store.caseload_store import Profile, open_store


def write_family(session: Session, actor: Profile, reference: str, rng: random.Random) -> None:
    family_id = save_family(
        session,
        actor,
        FamilyData(
            id=None,
            reference=reference,
            family_name=f"Crashworth {reference}",
            request_reason="Synthetic " + "x" * rng.randint(0, 3000),
        ),
    )
    for n in range(rng.randint(1, 6)):
        save_person(
            session,
            actor,
            PersonData(
                id=None,
                family_id=family_id,
                role="child",
                given_name=f"Child{n}",
                date_of_birth=dt.date(2015, 1, 1) + dt.timedelta(days=n * 200),
            ),
        )
    save_agency(session, actor, AgencyData(id=None, family_id=family_id, agency="School"))


def main() -> None:
    folder, prefix, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    store = open_store(folder, os.environ["HEARTH_PASSPHRASE"])
    print("READY", flush=True)
    n = 0
    while True:
        n += 1
        reference = f"{prefix}-{n:05d}"
        store.run(write_family, store.profile, reference, rng)
        print(reference, flush=True)
        if rng.random() < 0.1 and store.engine is not None:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


if __name__ == "__main__":
    main()
