"""Finding records that are still live (in the store and not deleted)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.errors import NotFound
from db.models import Family


def live_family(session: Session, family_id: str) -> Family:
    """The family with this id, or NotFound if it has gone (deleted or purged)."""
    family = session.get(Family, family_id)
    if family is None or family.deleted:
        raise NotFound("That family is no longer in this store.")
    return family
