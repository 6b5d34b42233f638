"""What every endpoint of the service uses: its session (one transaction), the caller
behind its device token, its audit row, and its error answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, cast

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from db.plain_rows import plain_rows
from db.plain_writes import plain_write
from server.auth import token_hash
from server.models import AuditLog, Device, User, utcnow
from server.schemas import ErrorResponse
from server.scope import Caller

# PostgreSQL's answers when two transactions get in each other's way: a deadlock, a
# serialisation failure, or the same new row from both (one op sent twice at once).
# A push is then run again from the start; by then the other has committed.
COLLISION_SQLSTATES = frozenset({"40P01", "40001", "23505"})
PUSH_ATTEMPTS = 8

bearer = HTTPBearer(auto_error=False, description="The device token given at enrolment.")

_err = ERROR_MODEL = {"model": ErrorResponse}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: _err}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {400: _err, 413: _err, 422: _err}
QUERY_ERRORS: dict[int | str, dict[str, Any]] = {422: _err}


def error(status: int, code: str, message: str) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return HTTPException(status, detail={"code": code, "message": message}, headers=headers)


def sessions(request: Request) -> sessionmaker[Session]:
    made: sessionmaker[Session] = request.app.state.sessions
    return made


async def db_session(request: Request) -> AsyncIterator[Session]:
    """One session (one transaction) per request for the handler.

    Made and closed on the event loop, not on the thread pool: making a session
    does no I/O (the handler's first query begins the transaction, on the
    handler's thread), and a handler that committed has nothing left to close.
    Only a request that failed part way has a transaction to roll back, and that
    is done on the thread pool.
    """
    session = sessions(request)()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)  # rolls back what was not committed
        else:
            session.close()


SessionDep = Annotated[Session, Depends(db_session)]


# Every request's audit row, sent to the driver as compiled once (db.plain_writes).
AUDIT_ROW = insert(cast(Table, AuditLog.__table__)).values(
    {name: bindparam(name) for name in (
        "at", "username", "device_id", "method", "path", "status", "detail")}).inline()


def commit(session: Session, request: Request, detail: str,
           extra: list[tuple[int, str]] | None = None) -> None:
    """Commit the request's work together with its audit rows (so the audit trail and the
    change it describes are one transaction); the audit middleware then skips this request."""
    state = request.state
    now = utcnow()
    for status, text in [(200, detail), *(extra or [])]:  # more than one: rare
        plain_write(session.connection(), AUDIT_ROW, {
            "at": now,
            "username": getattr(state, "audit_username", None),
            "device_id": getattr(state, "audit_device_id", None),
            "method": request.method[:10],
            "path": request.scope.get("path", "")[:200],
            "status": status,
            "detail": text[:2000],
        })
    session.commit()
    state.audit_written = True


def audit(request: Request, detail: str) -> None:
    request.state.audit_detail = detail


def text_problem(value: Any, where: str = "body") -> str | None:
    """A NUL character or a lone surrogate anywhere in the value: no database stores those."""
    if isinstance(value, str):
        if "\x00" in value:
            return f"{where} contains a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where} contains text that is not valid Unicode"
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key, where) or text_problem(item, f"{where}.{key}")
            if problem:
                return problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problem = text_problem(item, f"{where}[{index}]")
            if problem:
                return problem
    return None


def collided(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in COLLISION_SQLSTATES


def reject_bad_text(value: Any, where: str = "body") -> None:
    problem = text_problem(value, where)
    if problem:
        raise error(422, "invalid_text", problem[:300])


# Runs before every request: one query of plain columns, built once.
CALLER_BY_TOKEN = (
    select(Device.id, Device.revoked_at, User.username, User.role, User.team, User.active)
    .join(User, User.username == Device.username)
    .where(Device.token_hash == bindparam("token_hash"))
)


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None,
                 session: Session) -> Caller:
    """The caller behind the device token, read as the first query of the request's own
    transaction, on the handler's thread.

    Never on a thread of its own before the handler's: on SQLite every transaction
    holds the one write lock from its start, and a transaction begun on one pool
    thread and carried on by another held that lock while the request waited for a
    free thread (which stalled the embedded service when more devices than threads
    came at once).
    """
    if credentials is None or not credentials.credentials:
        audit(request, "no device token")
        raise error(401, "bad_token", "This request needs a device token; enrol the device first.")
    token = credentials.credentials
    if text_problem(token) or len(token) > 200:
        audit(request, "unknown device token")
        raise error(401, "bad_token", "The device token is not known to this service.")
    # As the driver's row (db.plain_rows): every request reads it.
    found = plain_rows(session.connection(), CALLER_BY_TOKEN, {"token_hash": token_hash(token)})
    if not found:
        audit(request, "unknown device token")
        raise error(401, "bad_token", "The device token is not known to this service.")
    device_id, revoked_at, username, role, team, active = found[0]
    request.state.audit_username = username
    request.state.audit_device_id = device_id
    if revoked_at is not None or not active:
        # A deactivated user's devices are revoked with the account; refused here too.
        audit(request, "revoked device" if revoked_at else "account not active")
        raise error(
            401,
            "device_revoked",
            "This device has been revoked by an administrator; its local data must be removed.",
        )
    # Nothing is written here: when a device was last seen is in the audit log.
    return Caller(username=username, role=role, team=team, device_id=device_id)


# The token only; the endpoint checks it with ``authenticate`` in its own transaction, so
# a request makes one trip to the thread pool, not one for the check and one for the work.
TokenDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
