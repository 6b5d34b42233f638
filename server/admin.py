"""Administration of the service: teams, users, allocations, devices, enrolment
(reference data: :mod:`server.reference_admin`).

Each function takes an open Session inside a transaction and returns plain
dataclasses; :class:`AdminError` carries a one-line message for the CLI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server import sync_service
from server.admin_error import AdminError as AdminError
from server.auth import hash_password, new_device_token, token_hash, verify_password
from server.models import (
    DEVICE_COUNTER,
    ROLES,
    AuditLog,
    Counter,
    Device,
    Record,
    ScopeEvent,
    Team,
    User,
    new_id,
    utcnow,
)

# Reference data lives in server.reference_admin; its functions are named here too.
from server.reference_admin import REFERENCE_KINDS as REFERENCE_KINDS
from server.reference_admin import load_reference as load_reference
from server.reference_admin import reference as reference
from server.scope import Caller, record_in_scope_clause

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


@dataclass(frozen=True)
class UserInfo:
    username: str
    name: str
    role: str
    team: str | None
    gcp2_trained: bool


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    number: int | None
    username: str
    name: str
    created_at: dt.datetime
    last_seen: dt.datetime | None
    revoked_at: dt.datetime | None
    user_name: str = ""  # the person's name
    last_sync_at: dt.datetime | None = None  # its last pull that reached the end
    last_cursor: int | None = None
    # Records in its user's scope changed after its last cursor (each record once),
    # plus families it has still to remove; None for a revoked device.
    behind: int | None = None


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    device_number: int
    token: str
    user: UserInfo


@dataclass(frozen=True)
class AllocationInfo:
    family_id: str
    username: str
    team: str | None
    previous: str | None


def user_info(user: User) -> UserInfo:
    return UserInfo(user.username, user.name, user.role, user.team, user.gcp2_trained)


def device_info(device: Device, user_name: str = "") -> DeviceInfo:
    return DeviceInfo(
        device.id, device.number, device.username, device.name, device.created_at,
        device.last_seen, device.revoked_at, user_name, device.last_sync_at,
        device.last_cursor,
    )


def add_team(session: Session, name: str) -> str:
    name = name.strip()
    if not name or len(name) > 80:
        raise AdminError("A team name must be 1 to 80 characters.")
    if session.get(Team, name) is not None:
        raise AdminError(f"Team {name!r} already exists.")
    session.add(Team(name=name, created_at=utcnow()))
    session.flush()
    return name


def add_user(
    session: Session,
    username: str,
    *,
    name: str,
    role: str,
    team: str | None,
    password: str,
    gcp2_trained: bool = False,
) -> UserInfo:
    if not _NAME.match(username):
        raise AdminError(
            "A username must start with a letter or digit and hold only letters, digits, "
            "'.', '_', '@' or '-' (at most 80 characters)."
        )
    if role not in ROLES:
        raise AdminError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    if not name.strip():
        raise AdminError("A user needs a name.")
    if len(password) < 8:
        raise AdminError("The password must be at least 8 characters long.")
    if team is not None and session.get(Team, team) is None:
        raise AdminError(f"No team called {team!r}; add it first with `hearth-server add-team`.")
    if team is None and role != "admin":
        raise AdminError("Workers and team leads belong to a team: give --team.")
    if session.get(User, username) is not None:
        raise AdminError(f"User {username!r} already exists.")
    user = User(
        username=username,
        name=name.strip()[:120],
        role=role,
        team=team,
        gcp2_trained=gcp2_trained,
        password_hash=hash_password(password),
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user_info(user)


def enrol(session: Session, username: str, password: str, device_name: str) -> Enrolment | None:
    """Check the user's password and give a new device its token; None if the credentials fail."""
    user = session.get(User, username)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        return None
    if not user.active:
        return None
    return new_device(session, user, device_name)


def new_device(session: Session, user: User, device_name: str) -> Enrolment:
    """Give a device of ``user`` (whose password was checked) its own token."""
    token = new_device_token()
    device = Device(
        id=new_id(),
        username=user.username,
        name=device_name.strip()[:120] or "device",
        token_hash=token_hash(token),
        number=_next_device_number(session),
        created_at=utcnow(),
    )
    session.add(device)
    session.flush()
    return Enrolment(device_id=device.id, device_number=device.number or 0, token=token,
                     user=user_info(user))


def _next_device_number(session: Session) -> int:
    """The next device number (the counter row stays locked until the enrolment commits)."""
    number = session.execute(
        update(Counter)
        .where(Counter.name == DEVICE_COUNTER)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(number)


def list_devices(session: Session) -> list[DeviceInfo]:
    """Every enrolled device with its user, last sync and how far behind it is; when each
    was last seen comes from the audit log."""
    seen: dict[str, dt.datetime] = {
        device_id: at
        for device_id, at in session.execute(
            select(AuditLog.device_id, func.max(AuditLog.at))
            .where(AuditLog.device_id.is_not(None))
            .group_by(AuditLog.device_id)
        )
        if device_id is not None
    }
    out = []
    rows = session.execute(select(Device, User).join(User, User.username == Device.username)
                           .order_by(Device.username, Device.created_at))
    for device, user in rows:
        last = seen.get(device.id)
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=dt.UTC)
        info = device_info(device, user.name)
        behind = None if device.revoked_at else changes_after(
            session, Caller.of(user), device.last_cursor or 0)
        out.append(dataclasses.replace(info, last_seen=last or info.last_seen, behind=behind))
    return out


def changes_after(session: Session, caller: Caller, cursor: int) -> int:
    """What a pull from ``cursor`` would bring: records in scope changed since (each
    once, at its newest version) and families to remove."""
    records = session.scalar(select(func.count()).select_from(Record).where(
        Record.seq > cursor, record_in_scope_clause(caller)))
    purges = 0 if caller.is_admin else session.scalar(
        select(func.count()).select_from(ScopeEvent).where(
            ScopeEvent.seq > cursor, ScopeEvent.username == caller.username))
    return int(records or 0) + int(purges or 0)


def revoke_device(session: Session, device_id: str) -> DeviceInfo:
    device = session.get(Device, device_id)
    if device is None:
        raise AdminError(f"No device with id {device_id!r} (see `hearth-server devices`).")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        session.flush()
    return device_info(device)


def allocate(
    session: Session, family_id: str, username: str, *, by: str = "admin"
) -> AllocationInfo:
    """Give a family to a user (also moves it between workers)."""
    user = session.get(User, username)
    if user is None:
        raise AdminError(f"No user called {username!r}.")
    family = session.get(Record, (sync_service.FAMILY_ENTITY, family_id))
    if family is None:
        raise AdminError(f"No family with id {family_id!r} has been synced to the service.")
    # The allocation is locked first, as a push that reallocates locks it (server.locks).
    before = sync_service.locked_allocation(session, family_id)
    previous = before.username if before is not None else None
    sync_service.reallocate(session, family_id, user, by=by)
    return AllocationInfo(family_id, user.username, user.team, previous)
