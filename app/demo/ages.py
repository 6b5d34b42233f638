"""A demo child's age on a given day, as the story needs it: whole years, the school year
in England (Reception is 0, the September after the fourth birthday), and the age band
the story's words are chosen by."""

from __future__ import annotations

import datetime as dt

# The bands a story's text is written for, youngest first: a baby (under 2), a toddler
# (2 until Reception), a child at primary school (Reception to Year 6) and a teenager
# (Year 7 on).
BANDS = ("baby", "toddler", "child", "teen")


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years on ``day`` (negative before the birth)."""
    years = day.year - born.year
    return years - ((day.month, day.day) < (born.month, born.day))


def school_year(born: dt.date, day: dt.date) -> int:
    """The English school year on ``day``: 0 is Reception, 1 to 13 are Years 1 to 13;
    below 0 the child is not at school yet (the school year starts on 1 September)."""
    cohort = born.year if born.month >= 9 else born.year - 1
    year_now = day.year if day.month >= 9 else day.year - 1
    return year_now - (cohort + 5)


def band_on(born: dt.date | None, day: dt.date) -> str:
    """The band of a child born on ``born`` on ``day`` (a baby before the birth)."""
    if born is None or age_on(born, day) < 2:
        return "baby"
    year = school_year(born, day)
    if year < 0:
        return "toddler"
    return "child" if year <= 6 else "teen"


def phase_on(born: dt.date, day: dt.date) -> str:
    """Where a child is on ``day``: at home, an early years setting, infant, junior,
    secondary school or college (the words a school's name has for its ages)."""
    year = school_year(born, day)
    if year < 0:
        return "setting" if age_on(born, day) >= 2 else "home"
    if year <= 2:
        return "infant"
    if year <= 6:
        return "junior"
    return "secondary" if year <= 11 else "college"
