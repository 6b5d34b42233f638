"""Moving families off level codes the council's new levels replace.

A council's levels file may say, per level, which codes of the model before it
replaces (``"replaces": ["early_help"]``). A family still recorded under such a
code is moved to the level that replaces it, and its level history says so:
a change with the direction ``renamed``, decided by the council's levels (not
by a worker), reading "Level of need renamed by the council's new levels:
Early Help → Level 3". Both are written through :mod:`app.records.writes`, so
they go to the service like any other change.

It is done once: a renamed family's code is a current one, so it is not renamed
again. The change's id is made from the family and the two codes, so two devices
holding the same family write the same record, and the service takes it once.
Run on the store's thread when the store is unlocked and after a sync has
brought records in.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import today
from app.records import writes as records
from app.reference.levels_of_need import RENAMED, LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import Family, LevelChange

RENAMED_BY = "The council's levels of need"
# Ids of renaming changes: the same family and codes give the same id on every device.
RENAMES = uuid.UUID("6f1d8a52-3c1e-4b59-9a51-7f0c2b8e4d11")


def rename_reason(levels: LevelsOfNeed, old_code: str) -> str:
    new = levels.replacing(old_code)
    to = new.short if new is not None else old_code
    return (f"Level of need renamed by the council's new levels: "
            f"{levels.former_label(old_code)} → {to}")


def rename_id(family_id: str, old_code: str, new_code: str) -> str:
    return str(uuid.uuid5(RENAMES, f"{family_id}\n{old_code}\n{new_code}"))


def rename_replaced_levels(session: Session, actor: Profile, levels: LevelsOfNeed) -> int:
    """Move every family on a replaced code to the level replacing it; how many moved."""
    replaced = levels.replaced_codes()
    if not replaced:
        return 0
    families = session.scalars(
        select(Family).where(Family.level_code.in_(sorted(replaced)), Family.deleted.is_(False))
    ).all()
    for family in families:
        old, new = family.level_code, replaced[family.level_code]
        change_id = rename_id(family.id, old, new.code)
        if session.get(LevelChange, change_id) is None:
            records.create(
                session,
                actor,
                LevelChange,
                id=change_id,
                family_id=family.id,
                decided_on=today(),
                from_level=old,
                to_level=new.code,
                direction=RENAMED,
                reason=rename_reason(levels, old),
                decided_by=RENAMED_BY,
            )
        # The family's status stays: a new name for its level is no step up or down.
        records.update(session, actor, family, level_code=new.code)
    return len(families)
