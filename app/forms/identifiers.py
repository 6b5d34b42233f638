"""Identifiers a text field can be checked as (``validate:``) and the limits a date field
can have (``not_in_future``, ``not_before_birth``).

Each identifier has a check, ``text -> message or None`` (the message is fit to show beside
the field), and a tidy form for showing it (``943 476 5919``, ``SW1A 1AA``). Spaces and
hyphens a worker types are allowed; the answer is stored as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from app.dates import today as today_date

IDENTIFIERS: tuple[str, ...] = ("nhs_number", "postcode", "phone", "upn")

# What each identifier is called in messages and what one looks like (a made-up example).
IDENTIFIER_NAMES: Mapping[str, str] = {
    "nhs_number": "NHS number",
    "postcode": "postcode",
    "phone": "phone number",
    "upn": "Unique Pupil Number",
}
IDENTIFIER_EXAMPLES: Mapping[str, str] = {
    "nhs_number": "e.g. 943 476 5919",
    "postcode": "e.g. SW1A 1AA",
    "phone": "e.g. 01632 960 123",
    "upn": "e.g. H801200001001",
}

_SEPARATORS = re.compile(r"[\s\-]")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
# The check letters of a Unique Pupil Number, for remainders 0 to 22 (no I, O or S).
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_BODY = re.compile(r"^[0-9]{11}[0-9A-Z]$")


def _squeeze(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def nhs_number_problem(text: str) -> str | None:
    digits = _squeeze(text)
    if not digits.isdigit() or len(digits) != 10:
        return "An NHS number has 10 digits, such as 943 476 5919."
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        return "This NHS number's check digit is wrong; check it with the family's red book."
    return None


def postcode_problem(text: str) -> str | None:
    if _POSTCODE.match(_squeeze(text)) is None:
        return "This is not a UK postcode; a postcode looks like SW1A 1AA or M1 1AE."
    return None


def _phone_digits(text: str) -> str:
    squeezed = re.sub(r"[\s\-().]", "", text)
    if squeezed.startswith("+44"):
        squeezed = "0" + squeezed[3:].removeprefix("0")
    return squeezed


def phone_problem(text: str) -> str | None:
    digits = _phone_digits(text)
    if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
        return (
            "This is not a UK phone number: it should have 11 digits starting with 0 "
            "(or +44 and the number without its 0)."
        )
    return None


def upn_check_letter(body: str) -> str:
    """The check letter of a Unique Pupil Number's other 12 characters."""
    total = 0
    for weight, char in enumerate(body, start=2):
        total += weight * (int(char) if char.isdigit() else _UPN_LETTERS.index(char))
    return _UPN_LETTERS[total % 23]


def upn_problem(text: str) -> str | None:
    upn = _squeeze(text)
    if (
        len(upn) != 13
        or upn[0] not in _UPN_LETTERS
        or _UPN_BODY.match(upn[1:]) is None
        or (upn[12].isalpha() and upn[12] not in _UPN_LETTERS)
    ):
        return (
            "A Unique Pupil Number has 13 characters: a letter, then 11 digits, then a "
            "digit or letter (such as H801200001001)."
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        return "This Unique Pupil Number's check letter is wrong; check it with the school."
    return None


IDENTIFIER_CHECKS: Mapping[str, Callable[[str], str | None]] = {
    "nhs_number": nhs_number_problem,
    "postcode": postcode_problem,
    "phone": phone_problem,
    "upn": upn_problem,
}


def identifier_problem(kind: str, text: str) -> str | None:
    check = IDENTIFIER_CHECKS.get(kind)
    return check(text) if check is not None else None


def tidy_identifier(kind: str, text: str) -> str:
    """An identifier as it is usually written; text that is not one is left as it is."""
    if identifier_problem(kind, text) is not None:
        return text
    squeezed = _squeeze(text)
    if kind == "nhs_number":
        return f"{squeezed[:3]} {squeezed[3:6]} {squeezed[6:]}"
    if kind == "postcode":
        return f"{squeezed[:-3]} {squeezed[-3:]}"
    if kind == "phone":  # spaced as typed: area codes differ in length
        return " ".join(text.split())
    return squeezed


# ---------------------------------------------------------------- date limits


def not_in_future_problem(day: dt.date, today: dt.date | None = None) -> str | None:
    if day > (today or today_date()):
        return "This date is in the future; please check it."
    return None


def before_birth_problem(day: dt.date, born: dt.date | None, name: str = "") -> str | None:
    if born is not None and day < born:
        who = f"{name} was born" if name else "the child was born"
        return f"This date is before {who} ({born.day} {born:%B %Y}); please check it."
    return None
