"""Dates as people in England read them, and ages."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()


def uk(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


def uk_instant(instant: dt.datetime | None) -> str:
    """A UTC instant shown in UK local time (GMT or BST, whichever applied then)."""
    if instant is None:
        return ""
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo("Europe/London")).strftime("%d/%m/%Y %H:%M")


def parse_uk(text: str) -> dt.date | None:
    """Read 'dd/mm/yyyy' (or ISO 'yyyy-mm-dd'); empty text is no date; raise ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date; use dd/mm/yyyy")


def age_text(born: dt.date | None, on: dt.date | None = None) -> str:
    """'3y', '7m' for babies under two years, '' if unknown."""
    if born is None:
        return ""
    on = on or today()
    months = (on.year - born.year) * 12 + on.month - born.month - (1 if on.day < born.day else 0)
    if months < 0:
        return ""
    if months < 24:
        return f"{months}m"
    return f"{months // 12}y"
