"""Connecting a store to the central service, once.

The worker gives the server address, their username and password; the server
answers with a device id and a device token of its own (revocable on its own).
The token is kept only inside the encrypted store (``store_meta``), never in a
settings file, a log or anywhere else on disk; the password is not kept at
all. The worker's profile takes the name, username and team the server knows. The
store's key is then sealed to the council's recovery key, if the service has one
(:mod:`app.sync.recovery_sealing`).
"""

from __future__ import annotations

import json
import platform
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy.orm import Session

from app.families.households import META_REFERENCE_PREFIX, device_reference_prefix
from app.store.caseload_store import Profile, read_meta, write_meta
from app.store.recovery import StoreSealer
from app.sync.http_client import HttpTransport
from app.sync.recovery_sealing import seal_if_needed
from app.sync.status import (
    META_CURSOR,
    META_DEVICE_ID,
    META_SERVER_URL,
    META_TOKEN,
    META_USERNAME,
)
from app.sync.transport import Enrolment, SyncError, check_server_url

# Server roles -> the store's roles (a worker keeps the role they gave, if it is one).
_ROLES = {"team_lead": "team_lead", "admin": "administrator"}
_WORKER_ROLES = ("family_support_worker", "health_visitor")


MAX_DEVICE_NAME = 120


def default_device_name() -> str:
    """The name a device is given unless the worker chooses one ("Hearth on <hostname>")."""
    return f"Hearth on {platform.node() or 'this computer'}"[:MAX_DEVICE_NAME]


def device_name_problem(name: str) -> str:
    """What is wrong with a chosen device name ('' if nothing)."""
    name = name.strip()
    if not name:
        return "Give this computer a name, so that IT can tell your devices apart."
    if len(name) > MAX_DEVICE_NAME:
        return f"The name can be at most {MAX_DEVICE_NAME} characters long."
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "The name cannot hold control characters."
    return ""


def enrolled_server(session: Session) -> str:
    """The server this store is connected to ('' if none)."""
    return read_meta(session, META_SERVER_URL) if read_meta(session, META_TOKEN) else ""


def profile_from_server(current: Profile, enrolment: Enrolment) -> Profile:
    user = enrolment.user
    role = _ROLES.get(user.role)
    if role is None:
        role = current.role if current.role in _WORKER_ROLES else "family_support_worker"
    return replace(
        current,
        name=user.name or current.name,
        username=user.username,
        team=user.team or current.team,
        role=role,
        gcp2_trained=user.gcp2_trained,
    )


def save_enrolment(session: Session, server_url: str, enrolment: Enrolment) -> Profile:
    """Keep the credential in the store and take the server's view of the worker."""
    current = Profile(**json.loads(read_meta(session, "profile")))
    profile = profile_from_server(current, enrolment)
    write_meta(session, META_SERVER_URL, check_server_url(server_url))
    write_meta(session, META_DEVICE_ID, enrolment.device_id)
    write_meta(session, META_TOKEN, enrolment.token)
    write_meta(session, META_USERNAME, enrolment.user.username)
    write_meta(session, META_CURSOR, read_meta(session, META_CURSOR, "0") or "0")
    if enrolment.device_number is not None:
        write_meta(session, META_REFERENCE_PREFIX,
                   device_reference_prefix(enrolment.device_number))
    write_meta(session, "profile", json.dumps(asdict(profile)))
    return profile


def request_enrolment(
    server_url: str, username: str, password: str, *, transport: Any = None,
    device_name: str | None = None,
) -> Enrolment:
    """Ask the server for a device credential (network only; no store access).

    ``device_name``: what the server and IT call this computer (default
    "Hearth on <hostname>").
    """
    problems = []
    if not username.strip():
        problems.append("enter your username")
    if not password:
        problems.append("enter your password")
    if problems:
        raise SyncError("To connect, " + " and ".join(problems) + ".")
    name = default_device_name() if device_name is None else device_name.strip()
    problem = device_name_problem(name)
    if problem:
        raise SyncError(problem)
    url = check_server_url(server_url)
    own = transport is None
    client = transport or HttpTransport(url)
    try:
        return client.enrol(username.strip(), password, name)
    finally:
        if own:
            client.close()


def check_not_enrolled(session: Session, server_url: str) -> None:
    current = enrolled_server(session)
    if current:
        raise SyncError(
            f"This store is already connected to {current}. It syncs with that server only."
        )


def enrol(store: Any, server_url: str, username: str, password: str, *,
          transport: Any = None, device_name: str | None = None) -> Profile:
    """Connect an open store (from this thread); return the worker's updated profile."""
    store.run(check_not_enrolled, server_url)
    enrolment = request_enrolment(server_url, username, password, transport=transport,
                                  device_name=device_name)
    profile: Profile = store.run(save_enrolment, server_url, enrolment)
    store.profile = profile
    _seal_for_recovery(store, server_url, enrolment.token, transport)
    return profile


def _seal_for_recovery(store: Any, server_url: str, token: str, transport: Any) -> None:
    """Seal the store's key to the council's recovery key, over the enrolment's transport
    (a test's fake) or a new one with the device's token."""
    if transport is not None:
        if hasattr(transport, "recovery_key"):
            seal_if_needed(StoreSealer(store), transport)
        return
    with HttpTransport(check_server_url(server_url), token) as client:
        seal_if_needed(StoreSealer(store), client)
