"""Personal details as a worker types and reads them: NHS numbers (the check digit, spaced
and masked for display), the postcode and email patterns, and ages in words."""

from __future__ import annotations

import datetime as dt
import re

from app.dates import today

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def nhs_number_valid(text: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    digits = re.sub(r"\s", "", text)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_number_spaced(text: str) -> str:
    """An NHS number as people read it: '943 476 5919'."""
    digits = re.sub(r"\s", "", text)
    if len(digits) != 10:
        return text
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_number_masked(text: str) -> str:
    """Only the last four digits showing: '••• ••• 5919' ('' when there is none)."""
    digits = re.sub(r"\s", "", text)
    if not digits:
        return ""
    return f"••• ••• {digits[-4:]}"


def age_words(born: dt.date | None, on: dt.date | None = None) -> str:
    """An age in words: '3 years', '7 months', 'under 1 month'; '' if unknown or not yet born."""
    if born is None:
        return ""
    on = on or today()
    months = (on.year - born.year) * 12 + on.month - born.month - (1 if on.day < born.day else 0)
    if born > on:
        return ""
    if months < 1:
        return "under 1 month"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months // 12} years"

