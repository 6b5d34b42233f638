"""The life of an account: deactivate a user who leaves (every device of theirs is
revoked and wipes its store at its next sync), reactivate them, set a new password;
and lifting sign-in lockouts (:mod:`server.throttle`).

Each function takes an open Session inside a transaction, writes an audit row
(never a password) and returns plain values; :class:`admin.AdminError` carries a
one-line message for the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from server import throttle
from server.admin import AdminError, UserInfo, user_info
from server.auth import hash_password
from server.models import Device, User, utcnow
from server.throttle import ACCOUNT, ADDRESS, Lock

MIN_PASSWORD = 8


@dataclass(frozen=True)
class Deactivation:
    user: UserInfo
    devices_revoked: int
    already: bool


def _user(session: Session, username: str) -> User:
    user = session.get(User, username)
    if user is None:
        raise AdminError(f"No user called {username!r}.")
    return user


def deactivate_user(session: Session, username: str) -> Deactivation:
    """The account can no longer enrol and every device of it is revoked (again idempotent:
    a device enrolled some other way since is revoked too)."""
    user = _user(session, username)
    already = not user.active
    now = utcnow()
    if not already:
        user.active = False
        user.deactivated_at = now
    revoked = cast(CursorResult[Any], session.execute(
        update(Device).where(Device.username == username, Device.revoked_at.is_(None))
        .values(revoked_at=now).execution_options(synchronize_session=False)
    )).rowcount
    throttle.audit(session, f"account deactivated; {revoked} devices revoked",
                   username=username, path="hearth-server deactivate-user")
    session.flush()
    return Deactivation(user_info(user), int(revoked or 0), already)


def reactivate_user(session: Session, username: str) -> UserInfo:
    """The account may enrol again; its old devices stay revoked (they have wiped)."""
    user = _user(session, username)
    if user.active:
        raise AdminError(f"User {username!r} is already active.")
    user.active = True
    user.deactivated_at = None
    throttle.audit(session, "account reactivated", username=username,
                   path="hearth-server reactivate-user")
    session.flush()
    return user_info(user)


def set_password(session: Session, username: str, password: str) -> UserInfo:
    """A new password (the old one stops working); also lifts a lockout of the account."""
    user = _user(session, username)
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"The password must be at least {MIN_PASSWORD} characters long.")
    user.password_hash = hash_password(password)
    throttle.lift(session, ACCOUNT, username, by="hearth-server set-password")
    throttle.audit(session, "password set", username=username,
                   path="hearth-server set-password")
    session.flush()
    return user_info(user)


def unlock(session: Session, subject: str, *, address: bool = False) -> Lock:
    """Lift the current lockout of an account (or of a client address)."""
    kind = ADDRESS if address else ACCOUNT
    lifted = throttle.lift(session, kind, subject)
    if lifted is None:
        raise AdminError(f"No {kind} {subject!r} is locked now (see `hearth-server lockouts`).")
    return lifted
