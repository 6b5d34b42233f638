"""A confirmation field's answer: who confirmed (the worker signed in) and when.

Stored as ``{"by": name, "at": ISO date and time in UTC}``; shown and printed as
"Confirmed by Sam Worker on 06/12/2026 at 13:05" (UK time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from app.dates import uk

LONDON = ZoneInfo("Europe/London")


def confirmation_value(by: str, at: dt.datetime | None = None) -> dict[str, str]:
    """The answer recorded when ``by`` ticks to confirm (now, unless ``at`` is given)."""
    moment = at or dt.datetime.now(dt.UTC)
    return {"by": by, "at": moment.astimezone(dt.UTC).isoformat(timespec="seconds")}


def confirmed_at(value: Any) -> dt.datetime | None:
    if not isinstance(value, dict) or not isinstance(value.get("at"), str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value["at"])
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def confirmation_problem(value: Any) -> str | None:
    by = value.get("by") if isinstance(value, dict) else None
    if not isinstance(by, str) or not by.strip() or confirmed_at(value) is None:
        return "This confirmation could not be read; please tick to confirm again."
    return None


def confirmation_text(value: Any) -> str:
    moment = confirmed_at(value)
    if moment is None or not isinstance(value, dict):
        return ""
    local = moment.astimezone(LONDON)
    return f"Confirmed by {value.get('by', '')} on {uk(local.date())} at {local:%H:%M}"
