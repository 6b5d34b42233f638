"""Throttling of enrolment: failed sign-ins are counted per account and per client
address, and either is locked for a while once it passes its limit.

Everything lives in the database (``login_failure``, ``lockout``), so several worker
processes or instances behind a load balancer count together. An attempt is written
down as a failure *before* its password is checked and removed if it succeeds: a
burst of simultaneous guesses is counted as it comes, not after the slow checks.
An unknown username is counted and locked exactly like a real one, so a lockout
says nothing about whether an account exists.

Settings (environment, read when the service starts; README "Security"):
``HEARTH_LOCKOUT_ACCOUNT_FAILURES`` (5), ``HEARTH_LOCKOUT_ADDRESS_FAILURES`` (20),
``HEARTH_LOCKOUT_WINDOW_SECONDS`` (900) and ``HEARTH_LOCKOUT_SECONDS`` (900).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, func, insert, or_, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server.models import AuditLog, Lockout, LoginFailure, utcnow

ACCOUNT = "account"
ADDRESS = "address"
ENROL_PATH = "/api/v1/auth/enrol"
PRUNE_BATCH = 200

_ENV = {
    "account_failures": ("HEARTH_LOCKOUT_ACCOUNT_FAILURES", 5),
    "address_failures": ("HEARTH_LOCKOUT_ADDRESS_FAILURES", 20),
    "window_seconds": ("HEARTH_LOCKOUT_WINDOW_SECONDS", 900),
    "lockout_seconds": ("HEARTH_LOCKOUT_SECONDS", 900),
}


class SettingsError(ValueError):
    """A sign-in setting in the environment (lockout limits, password-check pool) is not a
    whole number in its range."""


@dataclass(frozen=True)
class ThrottleSettings:
    """Limits of failed sign-ins: ``account_failures`` for one username or
    ``address_failures`` from one address within ``window_seconds`` lock it for
    ``lockout_seconds``. ``clock`` gives the time (tests move it on)."""

    account_failures: int = 5
    address_failures: int = 20
    window_seconds: int = 900
    lockout_seconds: int = 900
    clock: Callable[[], dt.datetime] = field(default=utcnow, compare=False)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> ThrottleSettings:
        values: dict[str, int] = {}
        for name, (variable, default) in _ENV.items():
            raw = env.get(variable, "").strip()
            if not raw:
                values[name] = default
                continue
            try:
                values[name] = int(raw)
            except ValueError:
                raise SettingsError(
                    f"{variable} must be a whole number (got {raw[:20]!r})."
                ) from None
            if values[name] < 1:
                raise SettingsError(f"{variable} must be at least 1.")
        return cls(account_failures=values["account_failures"],
                   address_failures=values["address_failures"],
                   window_seconds=values["window_seconds"],
                   lockout_seconds=values["lockout_seconds"])

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.window_seconds)

    @property
    def lockout(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.lockout_seconds)


@dataclass(frozen=True)
class Lock:
    """A current lockout of an account (``subject`` a username) or an address."""

    kind: str
    subject: str
    failures: int
    locked_at: dt.datetime
    until: dt.datetime

    def retry_after(self, now: dt.datetime) -> int:
        """Whole seconds until it ends (at least 1): the ``Retry-After`` header."""
        return max(1, math.ceil((self.until - now).total_seconds()))

    def message(self, now: dt.datetime) -> str:
        minutes = max(1, math.ceil(self.retry_after(now) / 60))
        what = "this account" if self.kind == ACCOUNT else "this address"
        return (f"Sign-in to {what} is temporarily locked after repeated failed attempts; "
                f"try again in {minutes} minute{'s' if minutes != 1 else ''}.")


@dataclass(frozen=True)
class Attempt:
    """An attempt let through to its password check, already written down as a failure;
    the counts include it."""

    failure_pk: int
    account_failures: int
    address_failures: int


def _lock(row: Lockout) -> Lock:
    return Lock(row.kind, row.subject, row.failures, row.locked_at, row.until)


def _rows(session: Session, username: str, address: str) -> dict[str, Lockout]:
    rows = session.scalars(select(Lockout).where(or_(
        and_(Lockout.kind == ACCOUNT, Lockout.subject == username),
        and_(Lockout.kind == ADDRESS, Lockout.subject == address),
    )))
    return {row.kind: row for row in rows}


def _current(rows: dict[str, Lockout], now: dt.datetime) -> Lock | None:
    current = [_lock(row) for row in rows.values() if row.until > now]
    # The account's own lockout first: it is what its user needs to hear about.
    current.sort(key=lambda lock: (lock.kind != ACCOUNT, -lock.until.timestamp()))
    return current[0] if current else None


def _failures(session: Session, kind: str, value: str, since: dt.datetime) -> int:
    column = LoginFailure.username if kind == ACCOUNT else LoginFailure.address
    return int(session.scalar(
        select(func.count()).select_from(LoginFailure)
        .where(column == value, LoginFailure.at > since)
    ) or 0)


def audit(session: Session, detail: str, *, username: str | None = None, status: int = 200,
          method: str = "CLI", path: str = "hearth-server") -> None:
    """An audit row for a lockout placed or lifted, or an account changed (no passwords)."""
    session.execute(insert(AuditLog).values(
        at=utcnow(), username=username, device_id=None, method=method[:10], path=path[:200],
        status=status, detail=detail[:2000]))


def _place(session: Session, settings: ThrottleSettings, kind: str, subject: str,
           failures: int, now: dt.datetime) -> Lock:
    until = now + settings.lockout
    values = {"kind": kind, "subject": subject, "failures": failures, "locked_at": now,
              "until": until}
    dialect = session.get_bind().dialect.name
    statement = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(Lockout)
    session.execute(statement.values(**values).on_conflict_do_update(
        index_elements=["kind", "subject"],
        set_={"failures": failures, "locked_at": now, "until": until}))
    subject_text = "" if kind == ACCOUNT else f" {subject}"
    audit(session, f"{kind}{subject_text} locked for {settings.lockout_seconds} s after "
          f"{failures} failed sign-ins in {settings.window_seconds} s",
          username=subject if kind == ACCOUNT else None, status=429, method="POST",
          path=ENROL_PATH)
    return Lock(kind, subject, failures, now, until)


def _take_turns(session: Session, username: str, address: str) -> None:
    """Attempts at one account, or from one address, count one after another: each sees
    the ones before it (on PostgreSQL, a lock held to the end of this short transaction;
    SQLite has one writer at a time anyway). Account first, then address, always."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in (f"hearth-sign-in-account:{username}", f"hearth-sign-in-address:{address}"):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def begin_attempt(session: Session, settings: ThrottleSettings, username: str,
                  address: str) -> Attempt | Lock:
    """Let an attempt through to its password check (written down as a failure), or
    give the lockout that refuses it (placing one if the limits are already reached)."""
    _take_turns(session, username, address)
    now = settings.clock()
    rows = _rows(session, username, address)
    current = _current(rows, now)
    if current is not None:
        return current
    window_start = now - settings.window
    # Failures before a lockout ended (or was lifted) no longer count.
    account_since = max([window_start, *(r.until for r in rows.values() if r.kind == ACCOUNT)])
    address_since = max([window_start, *(r.until for r in rows.values() if r.kind == ADDRESS)])
    on_account = _failures(session, ACCOUNT, username, account_since)
    on_address = _failures(session, ADDRESS, address, address_since)
    locks = []
    if on_account >= settings.account_failures:
        locks.append(_place(session, settings, ACCOUNT, username, on_account, now))
    if on_address >= settings.address_failures:
        locks.append(_place(session, settings, ADDRESS, address, on_address, now))
    if locks:
        return locks[0]
    # Old rows go as new ones come, a batch at a time; rows another attempt is removing
    # are skipped (no waiting on each other, no deadlock on PostgreSQL).
    stale = (select(LoginFailure.pk).where(LoginFailure.at < window_start)
             .order_by(LoginFailure.pk).limit(PRUNE_BATCH).with_for_update(skip_locked=True))
    session.execute(delete(LoginFailure).where(LoginFailure.pk.in_(stale.scalar_subquery())))
    pk = session.execute(insert(LoginFailure).values(username=username, address=address, at=now)
                         .returning(LoginFailure.pk)).scalar_one()
    return Attempt(int(pk), on_account + 1, on_address + 1)


def needs_lock(settings: ThrottleSettings, attempt: Attempt) -> bool:
    """Whether this attempt, having failed, reaches a limit (so a lockout is placed)."""
    return (attempt.account_failures >= settings.account_failures
            or attempt.address_failures >= settings.address_failures)


def attempt_failed(session: Session, settings: ThrottleSettings, username: str, address: str,
                   attempt: Attempt) -> list[Lock]:
    """The attempt failed and stays counted; lock what reached its limit."""
    now = settings.clock()
    current = {lock.kind for lock in (_lock(r) for r in _rows(session, username, address).values())
               if lock.until > now}
    locks = []
    if attempt.account_failures >= settings.account_failures and ACCOUNT not in current:
        locks.append(_place(session, settings, ACCOUNT, username, attempt.account_failures, now))
    if attempt.address_failures >= settings.address_failures and ADDRESS not in current:
        locks.append(_place(session, settings, ADDRESS, address, attempt.address_failures, now))
    return locks


def current_lock(session: Session, settings: ThrottleSettings, username: str,
                 address: str) -> Lock | None:
    return _current(_rows(session, username, address), settings.clock())


def attempt_succeeded(session: Session, username: str, attempt: Attempt) -> None:
    """A successful enrolment clears the account's failures (and its own attempt)."""
    session.execute(delete(LoginFailure).where(
        or_(LoginFailure.username == username, LoginFailure.pk == attempt.failure_pk)))


def current_lockouts(session: Session, now: dt.datetime | None = None) -> list[Lock]:
    """Every lockout still in force, accounts first."""
    now = now or utcnow()
    rows = session.scalars(select(Lockout).where(Lockout.until > now)
                           .order_by(Lockout.kind, Lockout.subject))
    return [_lock(row) for row in rows]


def lift(session: Session, kind: str, subject: str, *, by: str = "hearth-server",
         now: dt.datetime | None = None) -> Lock | None:
    """End a lockout now (its failures no longer count); None if none was in force."""
    now = now or utcnow()
    row = session.get(Lockout, (kind, subject))
    if kind == ACCOUNT:
        session.execute(delete(LoginFailure).where(LoginFailure.username == subject))
    if row is None or row.until <= now:
        return None
    lifted = _lock(row)
    row.until = now
    subject_text = "" if kind == ACCOUNT else f" {subject}"
    audit(session, f"{kind}{subject_text} lockout lifted", username=subject if kind == ACCOUNT
          else None, path=f"{by} unlock")
    session.flush()
    return lifted
