"""The council's identity on its documents: its name, logo, address, phone numbers,
email, website and privacy notice. Reference data the council supplies, never code.

A council loads it into the central service with its other reference data
(``hearth-server load-reference``, as ``"council"``), and each device installs it as
``council.json`` in Hearth's configuration folder (:mod:`app.reference.council_config`);
a council without the service places that file there itself::

    {"name": "Northshire Council",
     "address": ["Town Hall", "High Street", "Northtown NT1 1AA"],
     "phone": "01632 960000", "team_phone": "01632 960001",
     "email": "earlyhelp@northshire.example.gov.uk",
     "website": "https://www.northshire.example.gov.uk",
     "privacy_notice": "How the council uses the family's information, and whom to ask.",
     "privacy_url": "https://www.northshire.example.gov.uk/privacy",
     "logo": "council-logo.png"}

Only ``name`` is required. Without a file, documents carry a neutral identity ("Your
local council", no logo, a general sentence about the family's information) that
never pretends to be a real council. A file with a mistake is reported, naming the
file and the problem, and the last good identity stays in use (a copy is kept beside
the file, as for the levels of need), also after Hearth restarts.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import HearthError
from app.reference.contact_checks import email_problem, phone_problem, web_problem
from app.reference.council_logo import Logo, LogoProblem, logo_from_value
from app.reference.machine_settings import machine_settings
from app.store.paths import config_folder

COUNCIL_FILE_NAME = "council.json"
LAST_GOOD_FILE_NAME = "council.last-good.json"
COUNCIL_FILE_FORMAT = "hearth-council"
MAX_NAME = 120
MAX_ADDRESS_LINES = 6
MAX_LINE = 120
MAX_NOTICE = 1200
GENERAL_PRIVACY = (
    "We use the information you share with us to work with you and your family, and we "
    "share it only as you have agreed or where the law says we must to keep someone safe. "
    "We keep it safe and for no longer than we need it. You can ask your worker what we "
    "hold about you, how we use it, and who to contact about it."
)
TEXT_FIELDS = ("phone", "team_phone", "email", "website", "privacy_notice", "privacy_url")
KNOWN = frozenset({"format", "name", "address", "logo", *TEXT_FIELDS})


@dataclass(frozen=True)
class CouncilIdentity:
    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    team_phone: str = ""  # the early help team's own number, when it has one
    email: str = ""
    website: str = ""
    privacy_notice: str = GENERAL_PRIVACY
    privacy_url: str = ""
    logo: Logo | None = None
    supplied: bool = True  # False: Hearth's neutral default, no council's own

    @property
    def team_or_main_phone(self) -> str:
        return self.team_phone or self.phone


DEFAULT_IDENTITY = CouncilIdentity(name="Your local council", supplied=False)


@dataclass(frozen=True)
class IdentityLoad:
    """The identity documents use, and why the council's file could not be ('' if it could)."""

    identity: CouncilIdentity
    problem: str = ""


def _text(data: dict[str, Any], key: str, problems: list[str], limit: int = MAX_LINE) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{key} must be text in quotes, not {_kind(value)}")
        return ""
    value = " ".join(value.split())
    if len(value) > limit:
        problems.append(f"{key} is {len(value)} characters; at most {limit}")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def _address(value: Any, problems: list[str]) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    lines = value.splitlines() if isinstance(value, str) else value
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        problems.append("address must be a list of lines, each in quotes")
        return ()
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if len(lines) > MAX_ADDRESS_LINES or any(len(line) > MAX_LINE for line in lines):
        problems.append(f"address has at most {MAX_ADDRESS_LINES} lines of {MAX_LINE} "
                        "characters each")
    return tuple(lines)


def parse_identity(data: Any, folder: Path | None = None) -> CouncilIdentity:
    """The identity in ``data`` (a council's file read from ``folder``, or, without a
    folder, the form the service sends); ValueError lists every problem, '; ' between."""
    if not isinstance(data, dict):
        raise ValueError("it must be a JSON object with the council's name and details")
    problems: list[str] = []
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        problems.append(f"unknown field{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(unknown)} (known: {', '.join(sorted(KNOWN))})")
    if data.get("format", COUNCIL_FILE_FORMAT) != COUNCIL_FILE_FORMAT:
        problems.append(f"format must be {COUNCIL_FILE_FORMAT!r}")
    before = len(problems)
    name = _text(data, "name", problems, MAX_NAME)
    if not name and len(problems) == before:  # not already said to be of the wrong kind
        problems.append("the council's name is missing")
    texts = {key: _text(data, key, problems, MAX_NOTICE if key == "privacy_notice" else
                        MAX_LINE * 2) for key in TEXT_FIELDS}
    checks = {"phone": phone_problem, "team_phone": phone_problem, "email": email_problem,
              "website": web_problem, "privacy_url": web_problem}
    for key, check in checks.items():
        problem = check(texts[key])
        if problem:
            problems.append(f"{key}: {problem[0].lower()}{problem[1:].rstrip('.')}")
    address = _address(data.get("address"), problems)
    logo = None
    if data.get("logo") not in (None, ""):
        try:
            logo = logo_from_value(data["logo"], folder)
        except LogoProblem as exc:
            problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    return CouncilIdentity(
        name=name, address=address, phone=texts["phone"], team_phone=texts["team_phone"],
        email=texts["email"], website=texts["website"],
        privacy_notice=texts["privacy_notice"] or GENERAL_PRIVACY,
        privacy_url=texts["privacy_url"], logo=logo,
    )


def identity_problem(data: Any) -> str:
    """Why the service's council identity cannot be used ('' if it can)."""
    try:
        parse_identity(data)
    except ValueError as exc:
        return str(exc)
    return ""


def read_identity_file(path: Path) -> CouncilIdentity:
    """The identity in a council's file; HearthError names the file and the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HearthError(f"{path}: cannot be read ({exc.strerror or 'unreadable'}).") from None
    except UnicodeDecodeError:
        raise HearthError(f"{path}: is not UTF-8 text.") from None
    except (ValueError, RecursionError) as exc:
        raise HearthError(f"{path}: is not valid JSON ({exc}).") from None
    try:
        return parse_identity(data, path.parent)
    except ValueError as exc:
        raise HearthError(f"{path}: {exc}.") from None


def council_identity(folder: Path | None = None) -> IdentityLoad:
    """The identity on this computer's documents, read afresh (a file the service has
    just installed is used straight away). Without a file: the neutral default. A file
    with a mistake: the last good identity (a copy of it, logo and all, is kept beside
    the file as :data:`LAST_GOOD_FILE_NAME`), else the default, with the problem."""
    if folder is None:  # a council.json this computer's IT placed wins over the worker's
        machine = machine_settings().council_file
        if machine is not None:
            return _identity_at(machine, machine.with_name(LAST_GOOD_FILE_NAME))
    folder = folder or config_folder()
    return _identity_at(folder / COUNCIL_FILE_NAME, folder / LAST_GOOD_FILE_NAME)


def _identity_at(path: Path, last_good: Path) -> IdentityLoad:
    if not path.exists():
        return IdentityLoad(DEFAULT_IDENTITY)
    try:
        identity = read_identity_file(path)
    except HearthError as exc:
        try:
            kept: CouncilIdentity | None = read_identity_file(last_good)
        except HearthError:
            kept = None
        still = ("the council's details read before are used until it is put right"
                 if kept else "documents show a general council identity until it is put right")
        return IdentityLoad(kept or DEFAULT_IDENTITY, f"{exc.message} {still[0].upper()}"
                            f"{still[1:]}.")
    _keep_last_good(identity, last_good)
    return IdentityLoad(identity)


def identity_data(identity: CouncilIdentity) -> dict[str, Any]:
    """The identity as a council's file says it, its logo the image itself."""
    data: dict[str, Any] = {"format": COUNCIL_FILE_FORMAT, "name": identity.name,
                            "address": list(identity.address)}
    data.update({key: getattr(identity, key) for key in TEXT_FIELDS})
    if identity.logo is not None:
        data["logo"] = identity.logo.data_uri()
    return data


_written: dict[Path, str] = {}  # the last copy written to each last-good file
_lock = threading.Lock()


def _keep_last_good(identity: CouncilIdentity, last_good: Path) -> None:
    """Keep a copy of a good identity (whole, then renamed into place); a folder that
    cannot be written only means no copy."""
    text = json.dumps(identity_data(identity), indent=1, ensure_ascii=False)
    with _lock:
        if _written.get(last_good) == text:
            return
        temporary = last_good.with_name(f".{last_good.name}.tmp")
        try:
            if not last_good.exists() or last_good.read_text(encoding="utf-8") != text:
                temporary.write_text(text, encoding="utf-8")
                os.replace(temporary, last_good)
            _written[last_good] = text
        except (OSError, UnicodeDecodeError):
            temporary.unlink(missing_ok=True)


def embed_logo(data: Any, folder: Path) -> Any:
    """``data`` (a council identity) with a logo named as a file in ``folder`` replaced by
    the image itself, ready for the service; anything else is returned as it is (and
    checked later). LogoProblem if the file cannot be used."""
    if not isinstance(data, dict):
        return data
    logo = data.get("logo")
    if not isinstance(logo, str) or not logo.strip() or logo.startswith("data:"):
        return data
    return {**data, "logo": logo_from_value(logo, folder).data_uri()}
