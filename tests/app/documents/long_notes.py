"""A demo family's records with very long notes, to see how documents lay them out.

``lengthen`` rewrites, in place, every free-text note of one family (visit notes,
progress notes, chronology events, views at meetings, closure feedback, supervision
discussion, and every sentence answered in its assessments) as the same words
followed by numbered filler sentences, several pages' worth when printed in large
print. Completed assessments are append-only in the app, so the rows are changed
directly, as test data. All text is synthetic.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, inspect, select
from sqlalchemy.orm import Session

from app.store.caseload_store import Store
from db.models import Family
from db.models.base import Base

FILLER = (
    "Marker {n:03d}: the worker wrote more here about what was seen, what was heard "
    "and what was agreed, in the family's own words where possible."
)
# Texts that are headings or titles in documents: longer, but not pages long.
SHORT_TEXTS = {("plan_need", "text"), ("plan_outcome", "text"), ("plan_action", "text")}


def _is_a_note(value: object) -> bool:
    """A sentence or more, not a name, a code or a date."""
    return isinstance(value, str) and len(value.split()) >= 4


def long_text(text: str, sentences: int) -> str:
    return " ".join([text.rstrip(), *(FILLER.format(n=n) for n in range(sentences))])


def _lengthen_json(value: Any, sentences: int) -> Any:
    if isinstance(value, str):
        return long_text(value, sentences) if _is_a_note(value) else value
    if isinstance(value, list):
        return [_lengthen_json(v, sentences) for v in value]
    if isinstance(value, dict):
        return {k: _lengthen_json(v, sentences) for k, v in value.items()}
    return value


def _lengthen_rows(session: Session, model: Any, family_id: str, sentences: int) -> None:
    mapper = inspect(model)
    texts = [c.key for c in mapper.columns if isinstance(c.type, Text)]
    columns = set(mapper.columns.keys())
    answers = [key for key in ("answers", "outcomes_achieved") if key in columns]
    if not texts and not answers:
        return
    for row in session.scalars(select(model).where(model.family_id == family_id)):
        for key in texts:
            value = getattr(row, key)
            if _is_a_note(value):
                short = (model.__tablename__, key) in SHORT_TEXTS
                setattr(row, key, long_text(value, 2 if short else sentences))
        for key in answers:
            setattr(row, key, _lengthen_json(getattr(row, key), sentences))


def lengthen(store: Store, reference: str, sentences: int = 12) -> None:
    """Every free-text note of family ``reference`` made about ``sentences`` sentences
    longer (12 is roughly 1,500 characters more)."""

    def write(session: Session) -> None:
        family = session.scalars(select(Family).where(Family.reference == reference)).one()
        for mapper in Base.registry.mappers:
            model = mapper.class_
            if "family_id" in set(mapper.columns.keys()):
                _lengthen_rows(session, model, family.id, sentences)

    store.run(write)
