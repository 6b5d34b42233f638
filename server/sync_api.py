"""HTTP endpoints under ``/api/v1`` (see ``app.sync.protocol`` for the contract)."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.sync.protocol import ENTITIES, MAX_PULL_LIMIT
from app.sync.values import ENTITY_PATTERN, ID_PATTERN
from server import admin, sync_service
from server.auth import token_hash
from server.db import insert_rows, read_in_one_snapshot
from server.fast_json import FastJSONResponse
from server.models import Allocation, AuditLog, Device, Record, User, utcnow
from server.op_checks import op_fields
from server.request_errors import StrictJsonRoute
from server.schemas import (
    ConflictsResponse,
    ErrorResponse,
    FamilyRecordsResponse,
    HealthResponse,
    HistoryResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    ReferenceResponse,
)
from server.scope import Caller, allocation_visible, record_visible
from server.sync_pull import pull_reply

SERVICE_VERSION = "0.1.0"
# PostgreSQL's answers when two transactions get in each other's way: a deadlock, a
# serialisation failure, or the same new row from both (one op sent twice at once).
# A push is then run again from the start; by then the other has committed.
COLLISION_SQLSTATES = frozenset({"40P01", "40001", "23505"})
PUSH_ATTEMPTS = 8
# The longest first wait before a push is run again (doubled each time, randomised so
# that the pushes that collided do not meet again).
PUSH_BACKOFF_SECONDS = 0.01
RETRY_AFTER_SECONDS = 1
MAX_CURSOR = 2**62

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


def commit(session: Session, request: Request, detail: str,
           extra: list[tuple[int, str]] | None = None) -> None:
    """Commit the request's work together with its audit rows (so the audit trail and the
    change it describes are one transaction); the audit middleware then skips this request."""
    state = request.state
    now = utcnow()
    insert_rows(session, AuditLog, [
        {
            "at": now,
            "username": getattr(state, "audit_username", None),
            "device_id": getattr(state, "audit_device_id", None),
            "method": request.method[:10],
            "path": request.scope.get("path", "")[:200],
            "status": status,
            "detail": text[:2000],
        }
        for status, text in [(200, detail), *(extra or [])]
    ])
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
    found = session.connection().execute(
        CALLER_BY_TOKEN, {"token_hash": token_hash(token)}).one_or_none()
    if found is None:
        audit(request, "unknown device token")
        raise error(401, "bad_token", "The device token is not known to this service.")
    request.state.audit_username = found.username
    request.state.audit_device_id = found.id
    if found.revoked_at is not None or not found.active:
        # A deactivated user's devices are revoked with the account; refused here too.
        audit(request, "revoked device" if found.revoked_at else "account not active")
        raise error(
            401,
            "device_revoked",
            "This device has been revoked by an administrator; its local data must be removed.",
        )
    # Nothing is written here: when a device was last seen is in the audit log.
    return Caller(username=found.username, role=found.role, team=found.team, device_id=found.id)


# A pull that reached the end: the device's cursor and when (hearth-server devices). Writes
# only when the cursor moved or the time shown is a minute old, so idle polls write nothing.
SYNC_STALE = dt.timedelta(minutes=1)
NOTE_SYNCED = (
    update(cast(Table, Device.__table__))
    .where(Device.id == bindparam("device"),
           or_(Device.last_cursor.is_(None), Device.last_cursor != bindparam("reached"),
               Device.last_sync_at.is_(None), Device.last_sync_at < bindparam("stale")))
    .values(last_cursor=bindparam("reached"), last_sync_at=bindparam("now"))
)


def note_synced(session: Session, device_id: str | None, cursor: int) -> None:
    if device_id is not None:
        now = utcnow()
        # On the connection, a plain UPDATE, not through the ORM's bulk UPDATE. (The whole
        # statement, taken out, saved a pull 0.45 ms of the service's CPU; on the connection,
        # with the pull's reads, a pull costs 0.3 ms less.)
        session.connection().execute(NOTE_SYNCED, {"device": device_id, "reached": cursor,
                                                   "now": now, "stale": now - SYNC_STALE})


# The token only; the endpoint checks it with ``authenticate`` in its own transaction, so
# a request makes one trip to the thread pool, not one for the check and one for the work.
TokenDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

router = APIRouter(route_class=StrictJsonRoute)


@router.get("/health", response_model=HealthResponse, tags=["service"])
async def health() -> dict[str, str]:
    """The service is up."""
    return {"status": "ok", "version": SERVICE_VERSION}


@router.post(
    "/sync/push",
    response_model=PushResponse,
    responses={**AUTH_ERRORS, **BODY_ERRORS, 503: _err},
    tags=["sync"],
)
def push(body: PushRequest, request: Request, token: TokenDep, session: SessionDep,
         ) -> FastJSONResponse:
    """Send local changes; each gets a result (applied, merged, conflict, rejected, duplicate)."""
    caller = authenticate(request, token, session)
    ops = []
    for index, op in enumerate(body.ops, start=1):
        # Every field by its declared type; a bad op refuses the push with a 422 naming
        # the op, its record type and the field (never the value).
        fields = op_fields(request, index, op)
        ops.append(
            sync_service.PushOp(
                op_id=op.op_id,
                entity=op.entity,
                id=op.id,
                family_id=op.family_id,
                base_version=op.base_version,
                fields=fields,
                deleted=op.deleted,
                resolves=tuple(op.resolves),
                made_at=op.made_at,
            )
        )
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        try:
            outcome = sync_service.push(session, caller, ops)
            counts = ", ".join(f"{k}={v}" for k, v in sorted(outcome.counts().items()))
            commit(session, request, f"push ops={len(ops)} {counts}".strip(), [
                (403, f"push out of scope: {entity} {record_id}")
                for entity, record_id in outcome.out_of_scope
            ])
            # Sent as built (the schema test checks the shape): see pull.
            return FastJSONResponse({"results": outcome.results})
        except DBAPIError as exc:
            session.rollback()
            if not collided(exc):
                raise
            if attempt < PUSH_ATTEMPTS:
                # The other transaction is committing: let it, then run the push again.
                time.sleep(random.uniform(0, PUSH_BACKOFF_SECONDS * 2 ** min(attempt, 5)))
    audit(request, f"push not taken: the database stayed busy after {PUSH_ATTEMPTS} attempts")
    raise HTTPException(503, detail={
        "code": "busy", "message": "The service is busy; nothing was taken. Send it again."},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


@router.get(
    "/sync/pull",
    response_model=PullResponse,
    responses={**AUTH_ERRORS, **QUERY_ERRORS},
    tags=["sync"],
)
def pull(
    request: Request,
    token: TokenDep,
    session: SessionDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
) -> Response:
    """Changes in the caller's scope after ``cursor``, in pages."""
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        try:
            read_in_one_snapshot(session)  # before the first query: it sets the transaction's kind
            caller = authenticate(request, token, session)
            page, body = pull_reply(session, caller, cursor, limit)
            if not page["has_more"]:
                note_synced(session, caller.device_id, page["next_cursor"])
            commit(session, request, f"pull cursor={cursor} changes={page['change_count']} "
                   f"purge={len(page['purge'])}")
            if cursor == 0 and page["has_more"]:  # a whole scope to come: server.scope_warmup
                request.app.state.scope_warmer.ahead(caller)
            # Built from plain rows in the documented shape (the schema test checks it), each
            # record's data as the database holds it (server.sync_pull), sent unvalidated.
            return Response(body, media_type="application/json")
        except DBAPIError as exc:  # the device row changed meanwhile (revoked, another pull)
            session.rollback()
            if attempt == PUSH_ATTEMPTS or not collided(exc):
                raise
    raise AssertionError("unreachable")


@router.get(
    "/sync/conflicts",
    response_model=ConflictsResponse,
    responses=AUTH_ERRORS,
    tags=["sync"],
)
def conflicts(request: Request, token: TokenDep, session: SessionDep) -> JSONResponse:
    """Open conflicts on records in the caller's scope."""
    caller = authenticate(request, token, session)
    rows = sync_service.open_conflicts(session, caller)
    commit(session, request, f"conflicts listed={len(rows)}")
    return JSONResponse({"conflicts": rows})


@router.get(
    "/sync/families/{family_id}",
    response_model=FamilyRecordsResponse,
    responses={**AUTH_ERRORS, 403: _err, 404: _err, **QUERY_ERRORS},
    tags=["sync"],
)
def family(
    request: Request,
    token: TokenDep,
    session: SessionDep,
    family_id: Annotated[str, Path(pattern=ID_PATTERN)],
) -> dict[str, Any]:
    """Every record of one family (in the caller's scope)."""
    caller = authenticate(request, token, session)
    allocation = session.get(Allocation, family_id)
    if allocation is None and caller.is_admin:
        raise error(404, "not_found", "No such family.")
    if allocation is None or not allocation_visible(caller, allocation):
        audit(request, f"family out of scope: {family_id}")
        raise error(403, "out_of_scope", "This family is not in your scope.")
    records = sync_service.family_records(session, family_id)
    commit(session, request, f"family read: {family_id}")
    return {"family_id": family_id, "records": records}


@router.get(
    "/sync/history/{entity}/{record_id}",
    response_model=HistoryResponse,
    responses={**AUTH_ERRORS, 403: _err, 404: _err, **QUERY_ERRORS},
    tags=["sync"],
)
def history(
    request: Request,
    token: TokenDep,
    session: SessionDep,
    entity: Annotated[str, Path(pattern=ENTITY_PATTERN)],
    record_id: Annotated[str, Path(pattern=ID_PATTERN)],
) -> dict[str, Any]:
    """Every accepted version of one record (in the caller's scope)."""
    caller = authenticate(request, token, session)
    if entity not in ENTITIES:
        raise error(404, "not_found", "No such record type.")
    record = session.get(Record, (entity, record_id))
    if record is None and caller.is_admin:
        raise error(404, "not_found", "No such record.")
    if record is None or not record_visible(session, caller, record):
        audit(request, f"history out of scope: {entity} {record_id}")
        raise error(403, "out_of_scope", "This record is not in your scope.")
    versions = sync_service.record_history(session, entity, record_id)
    commit(session, request, f"history read: {entity} {record_id}")
    return {"entity": entity, "id": record_id, "versions": versions}


@router.get(
    "/reference",
    response_model=ReferenceResponse,
    responses=AUTH_ERRORS,
    tags=["reference"],
)
def reference(request: Request, token: TokenDep, session: SessionDep) -> dict[str, Any]:
    """Reference data: levels of need, agencies, form definitions, the council's identity."""
    authenticate(request, token, session)
    data = admin.reference(session)
    commit(session, request, "reference read")
    return data
