"""``POST /auth/enrol``: a user signs in once from a device, which gets its own token.

Guarded against password guessing: failed attempts lock the account or the client
address for a while (:mod:`server.throttle`, answered 429 with ``Retry-After``),
and the password check runs on a small pool of its own (:mod:`server.hash_pool`),
never on the threads that serve pushes and pulls; when too many checks wait the
answer is 503 with ``Retry-After`` at once. Database work runs on the request
threads in short transactions; the slow check holds none open.

A deactivated account is refused with the same answer as a wrong password unless
the password is right: only its user (who knows the password) learns that the
account is not active, and that attempt still counts as a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server import admin, throttle
from server.endpoints import (
    AUTH_ERRORS,
    BODY_ERRORS,
    ERROR_MODEL,
    PUSH_ATTEMPTS,
    SessionDep,
    audit,
    collided,
    commit,
    error,
    reject_bad_text,
    sessions,
)
from server.hash_pool import HashPool, HashPoolBusy
from server.models import User
from server.request_errors import StrictJsonRoute
from server.schemas import EnrolRequest, EnrolResponse
from server.throttle import Attempt, Lock, ThrottleSettings

BUSY_RETRY_SECONDS = 2
T = TypeVar("T")

router = APIRouter(route_class=StrictJsonRoute)


def client_address(request: Request) -> str:
    """The client's address (behind a proxy, uvicorn takes it from X-Forwarded-For when
    the proxy is trusted: FORWARDED_ALLOW_IPS)."""
    return (request.client.host if request.client else "unknown")[:64]


def locked(request: Request, lock: Lock, settings: ThrottleSettings) -> HTTPException:
    audit(request, f"enrolment refused: {lock.kind} locked")
    now = settings.clock()
    return HTTPException(429, detail={"code": "locked", "message": lock.message(now)},
                         headers={"Retry-After": str(lock.retry_after(now))})


def _retrying(factory: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run ``work`` in a transaction of its own, again if PostgreSQL gave up on it (two
    attempts placing the same lockout at once)."""
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        try:
            with factory.begin() as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == PUSH_ATTEMPTS or not collided(exc):
                raise
    raise AssertionError("unreachable")


def _begin(factory: sessionmaker[Session], settings: ThrottleSettings, username: str,
           address: str) -> tuple[Attempt | Lock, str | None, bool]:
    """Count the attempt (or find the lockout) and read the account, in one short
    transaction committed before the slow password check."""
    def work(session: Session) -> tuple[Attempt | Lock, str | None, bool]:
        begun = throttle.begin_attempt(session, settings, username, address)
        account = session.execute(select(User.password_hash, User.active)
                                  .where(User.username == username)).one_or_none()
        if account is None:
            return begun, None, False
        return begun, account.password_hash, bool(account.active)

    return _retrying(factory, work)


def _failed(factory: sessionmaker[Session], settings: ThrottleSettings, username: str,
            address: str, attempt: Attempt) -> None:
    _retrying(factory, lambda session: throttle.attempt_failed(
        session, settings, username, address, attempt))


def _finish(session: Session, request: Request, settings: ThrottleSettings, username: str,
            address: str, attempt: Attempt, password_hash: str,
            device_name: str) -> admin.Enrolment | Lock | None:
    """Give the device its token, unless a lockout began or the account changed meanwhile."""
    lock = throttle.current_lock(session, settings, username, address)
    if lock is not None:
        return lock
    account = session.get(User, username)
    if account is None or not account.active or account.password_hash != password_hash:
        return None
    throttle.attempt_succeeded(session, username, attempt)
    result = admin.new_device(session, account, device_name)
    request.state.audit_device_id = result.device_id
    commit(session, request, "device enrolled")
    return result


def bad_credentials(request: Request) -> HTTPException:
    audit(request, "enrolment refused: bad credentials")
    return error(401, "bad_credentials", "The username or password is not right.")


@router.post(
    "/auth/enrol",
    response_model=EnrolResponse,
    responses={**AUTH_ERRORS, **BODY_ERRORS, 429: ERROR_MODEL, 503: ERROR_MODEL},
    tags=["auth"],
)
async def enrol(body: EnrolRequest, request: Request, session: SessionDep) -> dict[str, Any]:
    """Sign a user in once from a device; the device gets its own revocable token.

    Repeated failures lock the account or the address for a while: 429 with
    ``Retry-After`` (seconds). 503 with ``Retry-After``: too many sign-ins at once.
    """
    reject_bad_text(body.username, "username")
    reject_bad_text(body.device_name, "device_name")
    reject_bad_text(body.password, "password")
    username = body.username[:80]
    request.state.audit_username = username
    address = client_address(request)
    settings: ThrottleSettings = request.app.state.throttle
    pool: HashPool = request.app.state.hash_pool
    factory = sessions(request)
    try:
        pool.reserve()
    except HashPoolBusy:
        audit(request, "enrolment refused: too many sign-ins at once")
        raise HTTPException(
            503, detail={"code": "busy", "message": "Too many sign-ins at once; try again in a "
                         "moment."}, headers={"Retry-After": str(BUSY_RETRY_SECONDS)}) from None
    try:
        begun, password_hash, active = await run_in_threadpool(
            _begin, factory, settings, username, address)
    except BaseException:
        pool.release()
        raise
    if isinstance(begun, Lock):
        pool.release()
        raise locked(request, begun, settings)
    right = await pool.verify(password_hash, body.password)
    if not right or not active or password_hash is None:
        if throttle.needs_lock(settings, begun):
            await run_in_threadpool(_failed, factory, settings, username, address, begun)
        if right and password_hash is not None:
            audit(request, "enrolment refused: account not active")
            raise error(401, "account_inactive", "This account is not active. Ask your "
                        "administrator to reactivate it.")
        raise bad_credentials(request)
    result = await run_in_threadpool(_finish, session, request, settings, username, address,
                                     begun, password_hash, body.device_name)
    if isinstance(result, Lock):
        raise locked(request, result, settings)
    if result is None:
        raise bad_credentials(request)
    return {
        "device_id": result.device_id,
        "device_number": result.device_number,
        "token": result.token,
        "user": result.user.__dict__,
    }
