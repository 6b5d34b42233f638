"""Dates as people in England read them, and ages."""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Typed shapes of a date: day/month/year (with / - or .), or ISO year-month-day.
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class ImpossibleDate(ValueError):
    """Typed in a date's shape, but no such day exists ("There is no 31 February 1999.")."""


# The day a run holds as today, if one does (see ``hold_today``).
_held_day: dt.date | None = None


def today() -> dt.date:
    """Today's date on this computer: the one source of "today" for the whole app."""
    return _held_day or dt.date.today()


def hold_today(day: dt.date | None) -> None:
    """Hold ``day`` as today for this process, or let today follow the clock again (None).

    A test run holds the day it started on, so a run that crosses midnight compares
    its dates with the app's on the same day."""
    global _held_day
    _held_day = day


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
    impossible = impossible_date(text)
    if impossible:
        raise ImpossibleDate(impossible)
    raise ValueError("not a date; use dd/mm/yyyy")


def impossible_date(text: str) -> str:
    """Why ``text``, shaped like a date, names no real day ("" when it is not date-shaped)."""
    text = text.strip()
    dmy, ymd = _DMY.fullmatch(text), _YMD.fullmatch(text)
    if dmy:
        day, month, year = (int(part) for part in dmy.groups())
    elif ymd:
        year, month, day = (int(part) for part in ymd.groups())
    else:
        return ""
    if not 1 <= month <= 12 or year < 1:
        return ""  # more likely the wrong order (12/31/2020) than a day that does not exist
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"There is no {day} {calendar.month_name[month]} {year}."
    return ""


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
