"""Made-up details for demo records: weighted draws, NHS numbers in the range kept for
testing, postcodes in an area no real address has, drama phone numbers, birthdays, a
family's schools."""

from __future__ import annotations

import datetime as dt
import random
from typing import TypeVar

from app.demo.word_lists import POSTCODE_LETTERS, SCHOOLS, STREET_KINDS, STREET_NAMES

T = TypeVar("T")


def weighted(rng: random.Random, pairs: tuple[tuple[T, int], ...]) -> T:
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights)[0]


def nhs_number(rng: random.Random) -> str:
    """A valid-looking NHS number in the 999 range the NHS reserves for testing."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits + [check]))


def postcode(rng: random.Random) -> str:
    return (
        f"XH{rng.randint(1, 29)} {rng.randint(1, 9)}"
        f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    )


def phone(rng: random.Random, mobile: bool = True) -> str:
    if mobile:
        return f"07700 900{rng.randrange(1000):03d}"
    return f"01632 960{rng.randrange(1000):03d}"


def birthday(rng: random.Random, on: dt.date, age_years: float) -> dt.date:
    """A date of birth giving a whole age of ``int(age_years)`` on ``on``."""
    years = int(age_years)
    try:
        last_birthday = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        last_birthday = on.replace(year=on.year - years, day=28)
    return last_birthday - dt.timedelta(days=rng.randrange(0, 365))


def street_address(rng: random.Random) -> str:
    return f"{rng.randint(1, 240)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_KINDS)}"


def email_address(rng: random.Random, surname: str) -> str:
    """Half the families give one, at the domain kept for examples."""
    return "" if rng.random() < 0.5 else f"{surname.lower()}{rng.randint(1, 999)}@example.org"


def family_schools(rng: random.Random) -> dict[str, str]:
    """The schools a family's children go to, by phase (app.demo.ages.phase_on): one
    primary school, or an infant and a junior school; one secondary school; one college."""
    primary = rng.choice(SCHOOLS["primary"])
    split = rng.random() < 0.25
    return {
        "infant": rng.choice(SCHOOLS["infant"]) if split else primary,
        "junior": rng.choice(SCHOOLS["junior"]) if split else primary,
        "secondary": rng.choice(SCHOOLS["secondary"]),
        "college": rng.choice(SCHOOLS["college"]),
    }
