"""The read side of sync: pull pages, open conflicts, a family's records, a record's history.

Every function takes an open Session and (where scope matters) the
:class:`~server.scope.Caller`; results are plain dicts in the wire format of
``app.sync.protocol``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, Text, and_, bindparam, cast, or_, select
from sqlalchemy.orm import Session

from db.plain_rows import plain_rows
from server.custody import conflict_wire, iso
from server.db import current_seq
from server.models import Allocation, Conflict, Record, RecordHistory, ScopeEvent
from server.scope import (
    QUERY_CACHE_SIZE,
    Caller,
    allocation_visible,
    record_in_scope_clause,
    scoped_families,
)
from server.scope_check import scope_summary

# What a pull reads of a record (plain rows: no ORM objects to build for a page).
CHANGE_COLUMNS = (
    Record.seq, Record.entity, Record.id, Record.family_id, Record.version, Record.deleted,
    Record.data, Record.updated_at, Record.updated_by,
)


def change_wire(r: Any) -> dict[str, Any]:
    return {
        "seq": r.seq,
        "entity": r.entity,
        "id": r.id,
        "family_id": r.family_id,
        "version": r.version,
        "deleted": r.deleted,
        "data": r.data,
        "updated_at": iso(r.updated_at),
        "updated_by": r.updated_by,
    }


# The same, with each record's data as the JSON text the database holds: a pull reply
# carries it as it is, never read into Python and written out again (that took most of
# the service's time for a first sync of 100,000 records).
RAW_CHANGE_COLUMNS = (*CHANGE_COLUMNS[:6], cast(Record.data, Text).label("data"),
                      *CHANGE_COLUMNS[7:])
# How a reply is written: as starlette's JSONResponse writes one.
_DUMPS = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
# A string as that encoder writes it (ensure_ascii=False).
_STRING: Callable[[str], str] = json.encoder.encode_basestring


@lru_cache(maxsize=QUERY_CACHE_SIZE * 2)
def _page_query(caller: Caller, raw: bool = False) -> Select[Any]:
    """The caller's changes after ``:cursor`` in change order, at most ``:limit``."""
    return (
        select(*(RAW_CHANGE_COLUMNS if raw else CHANGE_COLUMNS))
        .where(Record.seq > bindparam("cursor"), record_in_scope_clause(caller, by_seq=True))
        .order_by(Record.seq)
        .limit(bindparam("limit"))
    )


# The families that left ``:username``'s scope after change ``:cursor``.
_LOST_QUERY = (
    select(ScopeEvent.family_id)
    .where(ScopeEvent.username == bindparam("username"), ScopeEvent.seq > bindparam("cursor"),
           ScopeEvent.kind == "lost")
    .order_by(ScopeEvent.seq)
)


def pull(session: Session, caller: Caller, cursor: int, limit: int) -> dict[str, Any]:
    rows, page = _pull(session, caller, cursor, limit, raw=False)
    return {"changes": [change_wire(r) for r in rows], **page}


def pull_reply(session: Session, caller: Caller, cursor: int, limit: int
               ) -> tuple[dict[str, Any], bytes]:
    """The page as :func:`pull` gives it (but for its changes, only their number, as
    ``change_count``) and the reply's JSON body, each record's data spliced in as the
    text the database holds."""
    rows, page = _pull(session, caller, cursor, limit, raw=True)
    changes = [_change_json(*r) for r in rows]
    body = f'{{"changes":[{",".join(changes)}],{_DUMPS(page)[1:]}'
    return {**page, "change_count": len(rows)}, body.encode("utf-8")


def _text(value: str | None) -> str:
    return "null" if value is None else _STRING(value)


def _instant_text(value: str | dt.datetime | None) -> str | None:
    """An ``updated_at`` as the driver gives it (naive UTC: text on SQLite, a datetime on
    PostgreSQL) as :func:`change_wire` writes it (``server.custody.iso``)."""
    if value is None:
        return None
    if isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value)  # a value that is not an instant stops here
        if len(value) == 26 and value[10] == " " and value[19] == "." and parsed.tzinfo is None:
            # As SQLAlchemy writes it on SQLite ("2026-12-07 04:00:00.000123", naive UTC):
            # cut and joined, as iso() would write it (no fraction when it is nought).
            second = value[11:19] if parsed.microsecond == 0 else value[11:]
            return f"{value[:10]}T{second}+00:00"
        value = parsed
    return iso(value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value)


def _change_json(seq: int, entity: str, rid: str, family_id: str | None, version: int,
                 deleted: Any, data: str | None, updated_at: Any, updated_by: str) -> str:
    """One change (a plain row of RAW_CHANGE_COLUMNS) as :func:`change_wire` and the
    reply's encoder would write it, in one format (a first sync writes 100,000 of them)."""
    return (f'{{"seq":{int(seq)},"entity":{_text(entity)},"id":{_text(rid)},'
            f'"family_id":{_text(family_id)},"version":{int(version)},'
            f'"deleted":{"true" if deleted else "false"},'
            f'"updated_at":{_text(_instant_text(updated_at))},"updated_by":{_text(updated_by)},'
            f'"data":{"null" if data is None else data}}}')


def _pull(session: Session, caller: Caller, cursor: int, limit: int, *, raw: bool
          ) -> tuple[list[Any], dict[str, Any]]:
    top = current_seq(session)
    params = {"cursor": cursor, "limit": limit + 1}
    # A reply's rows as the driver gives them (db.plain_rows): a first sync's pages are
    # 10,000 rows, and SQLAlchemy's rows cost as much as the database's read.
    rows: list[Any] = (plain_rows(session.connection(), _page_query(caller, raw), params)
                       if raw else list(session.execute(_page_query(caller, raw), params)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1][0] if rows else 0  # the change number, first of CHANGE_COLUMNS
    next_cursor = last if has_more else max(cursor, top, last)
    purge: list[str] = []
    if not caller.is_admin:
        lost = plain_rows(session.connection(), _LOST_QUERY,
                          {"username": caller.username, "cursor": cursor})
        for (family_id,) in lost:
            if family_id not in purge and not allocation_visible(
                caller, session.get(Allocation, family_id)
            ):
                purge.append(family_id)
    scope = None
    if not has_more:
        families, count, digest = scope_summary(session, caller, top)
        scope = {"families": families, "count": count, "digest": digest}
    return rows, {"next_cursor": next_cursor, "has_more": has_more, "purge": purge,
                  "scope": scope}


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _conflicts_query(caller: Caller) -> Select[Any]:
    query = select(*Conflict.__table__.columns).where(Conflict.status == "open")
    if not caller.is_admin:
        query = query.where(
            or_(
                Conflict.family_id.in_(scoped_families(caller).scalar_subquery()),
                and_(Conflict.family_id.is_(None), Conflict.raised_by == caller.username),
            )
        )
    return query.order_by(Conflict.created_at)


def open_conflicts(session: Session, caller: Caller) -> list[dict[str, Any]]:
    # Plain rows on the connection (conflict_wire reads them as it reads a Conflict):
    # no ORM object is made for a list that is only sent.
    rows = session.connection().execute(_conflicts_query(caller))
    return [conflict_wire(row) for row in rows]


def family_records(session: Session, family_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Record).where(Record.family_id == family_id).order_by(Record.seq)
    )
    return [change_wire(r) for r in rows]


def record_history(session: Session, entity: str, record_id: str) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(RecordHistory)
        .where(RecordHistory.entity == entity, RecordHistory.record_id == record_id)
        .order_by(RecordHistory.version)
    )
    return [
        {
            "version": h.version,
            "deleted": h.deleted,
            "data": h.data,
            "at": iso(h.at),
            "by": h.by,
            "device_id": h.device_id,
        }
        for h in rows
    ]
