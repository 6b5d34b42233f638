"""Dialog drafts: what a worker typed and has not saved, kept in the encrypted store as
they type (:class:`db.models.FormDraft`), offered again when the dialog next opens, and
gone once the record is saved (in the same transaction) or the worker discards it.

A draft's ``fields`` map a field's name to what it held: text, a choice's code, a tick,
or a list of lines. Nothing here is synced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.errors import ValidationFailed
from db.models import FormDraft, utcnow

MAX_FIELDS = 200
MAX_TEXT = 100_000  # a long visit note is a few thousand characters


@dataclass(frozen=True)
class Draft:
    key: str
    title: str
    fields: dict[str, Any]
    saved_at: dt.datetime


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """Only what a dialog holds: text, ticks, numbers, lists of lines; bounded."""
    if len(fields) > MAX_FIELDS:
        raise ValidationFailed({"": "This draft has too many fields to keep."})
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, list):
            value = [str(line)[:MAX_TEXT] for line in value][:MAX_FIELDS]
        elif isinstance(value, str):
            value = value[:MAX_TEXT]
        elif not isinstance(value, bool | int | float) and value is not None:
            continue
        out[str(name)[:200]] = value
    return out


def save_draft(
    session: Session, key: str, family_id: str | None, title: str, fields: dict[str, Any]
) -> None:
    """Keep (or replace) the draft under ``key``."""
    row = session.get(FormDraft, key)
    if row is None:
        row = FormDraft(key=key)
        session.add(row)
    row.family_id = family_id
    row.title = title[:200]
    row.fields = _checked(fields)
    row.saved_at = utcnow()


def load_draft(session: Session, key: str) -> Draft | None:
    row = session.get(FormDraft, key)
    if row is None:
        return None
    return Draft(row.key, row.title, dict(row.fields or {}), row.saved_at)


def drop_draft(session: Session, key: str) -> None:
    session.execute(delete(FormDraft).where(FormDraft.key == key))


def dropping_draft(service: Callable[..., Any], key: str) -> Callable[..., Any]:
    """``service`` that also drops the draft under ``key``, in the same transaction: the
    record is saved and the draft gone, or neither."""

    def run(session: Session, *args: Any) -> Any:
        result = service(session, *args)
        drop_draft(session, key)
        return result

    run.__qualname__ = getattr(service, "__qualname__", "service")
    run.__name__ = getattr(service, "__name__", "service")
    return run
