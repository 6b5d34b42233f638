"""Light checks of a phone number, an email address and a web address, as a worker types
them or a council supplies them: each says in plain words what is wrong ('' if nothing).

They catch slips (a letter in a phone number, an email without its @), not every
possible mistake: a number that dials nobody still passes.
"""

from __future__ import annotations

import re

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+(?:\s*(?:ext\.?|extension|x)\s*[0-9]{1,6})?$",
                              re.IGNORECASE)
EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x)\s*", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
WEB = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]{1,5})?(/\S*)?$")
MAX_PHONE = 40
MAX_EMAIL = 200
MAX_WEB = 300


def phone_problem(text: str) -> str:
    """'' for a phone number such as "01632 960123", "+44 1632 960123" or
    "01632 960123 ext 45"; otherwise what is wrong with it."""
    value = text.strip()
    if not value:
        return ""
    if len(value) > MAX_PHONE:
        return f"A phone number is at most {MAX_PHONE} characters."
    if not PHONE_CHARACTERS.match(value):
        return ("A phone number has only digits, spaces, brackets and dashes "
                "(and perhaps + at the start, or ext and an extension at the end).")
    number = EXTENSION.split(value)[0]  # the extension's digits are not the number's
    digits = sum(c.isdigit() for c in number)
    if not 6 <= digits <= 15:
        return "A phone number has between 6 and 15 digits."
    return ""


def email_problem(text: str) -> str:
    """'' for an email address such as "name@example.org"; otherwise what is wrong."""
    value = text.strip()
    if not value:
        return ""
    if len(value) > MAX_EMAIL:
        return f"An email address is at most {MAX_EMAIL} characters."
    if not EMAIL.match(value):
        return "An email address looks like name@example.org, with no spaces."
    return ""


def web_problem(text: str) -> str:
    """'' for a web address such as "https://www.example.gov.uk/privacy"; otherwise what
    is wrong."""
    value = text.strip()
    if not value:
        return ""
    if len(value) > MAX_WEB:
        return f"A web address is at most {MAX_WEB} characters."
    if not WEB.match(value):
        return "A web address looks like https://www.example.gov.uk/privacy, with no spaces."
    return ""
