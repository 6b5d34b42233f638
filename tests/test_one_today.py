"""The app asks one place for today's date: ``app.dates.today``.

A screen that read the computer's date for itself would disagree with the rest of
the app whenever the day is held (a test run holds the day it started on, so one
that crosses midnight compares dates on one day; see tests/conftest.py), and the
difference would show only after midnight. So no module of the app, its screens or
the service calls ``date.today()`` or ``datetime.today()`` but ``app/dates.py``; and the
held day is what the screens and checks that default to today use.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import dates
from app.forms.identifiers import not_in_future_problem

PROJECT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "ui", "db", "server")
THE_ONE_PLACE = PROJECT / "app" / "dates.py"


def date_today_calls(path: Path) -> list[int]:
    """Lines of ``path`` asking the computer for today: ``<something>date.today()`` or
    ``<something>datetime.today()``. Instants (``datetime.now(UTC)``, ``utcnow``) are
    moments, not days, and are left alone."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "today"
            and isinstance(node.func.value, (ast.Attribute, ast.Name))
            and getattr(node.func.value, "attr", getattr(node.func.value, "id", ""))
            in ("date", "datetime")
        ):
            lines.append(node.lineno)
    return lines


def test_only_app_dates_asks_the_computer_for_today() -> None:
    found = [
        f"{path.relative_to(PROJECT)}:{line}"
        for package in PACKAGES
        for path in sorted((PROJECT / package).rglob("*.py"))
        if path != THE_ONE_PLACE
        for line in date_today_calls(path)
    ]
    assert found == [], "use app.dates.today() instead of the computer's today at " + ", ".join(
        found
    )
    assert date_today_calls(THE_ONE_PLACE), "app/dates.py no longer reads the date"


@pytest.fixture
def another_day() -> Iterator[dt.date]:
    """The app's today held 400 days on, then given back as the run held it."""
    held = dates.today()
    day = held + dt.timedelta(days=400)
    dates.hold_today(day)
    try:
        yield day
    finally:
        dates.hold_today(held)


def test_a_held_day_is_the_apps_today_until_it_is_let_go(another_day: dt.date) -> None:
    assert dates.today() == another_day
    # A date after the computer's but not after the held day is not "in the future".
    assert not_in_future_problem(another_day - dt.timedelta(days=1)) is None
    assert not_in_future_problem(another_day + dt.timedelta(days=1)) is not None
    dates.hold_today(None)
    assert dates.today() == dt.date.today()
