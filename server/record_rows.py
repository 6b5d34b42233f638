"""Records as a push reads and writes them: plain values, written by one statement each
way, rather than ORM objects through the unit of work.

A push reads the few records its batch names (locked, ``server.locks.Known``), changes
them in memory, and writes them all at once: the new ones by one INSERT of many rows, the
changed ones by one UPDATE sent for many rows. As ORM objects, their loading (identity
map, state tracking) and their flush through the unit of work were a third of the
service's CPU samples for a push (py-spy, ``bench server_push``); as rows, a push of 1 to
3 changes costs 11-22% less CPU (the push alone, in process, turn about). A batch that
may move a family to another holder keeps the ORM's objects: ``server.allocation``
feeds every record of the family again through the session.

The rows wait in the session until it commits (:func:`write_records`, the last of
``server.db.session_factory``'s steps before the COMMIT, so on SQLite they go with their
change numbers). Nothing in a push reads the record table after ``Known`` has: it works
on the rows it holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from db.plain_writes import plain_insert
from server.models import Record

_TABLE = cast(Table, Record.__table__)
# The columns a push reads, in RecordRow's order.
READ = (Record.entity, Record.id, Record.family_id, Record.owner, Record.version,
        Record.seq, Record.deleted, Record.data)
_WAITING = "hearth_record_rows_waiting"  # (entity, id) -> (row, is it new?)


@dataclass(slots=True, eq=False)
class RecordRow:
    """The newest accepted state of one synced record (``server.models.Record``'s columns)."""

    entity: str
    id: str
    family_id: str | None
    owner: str
    version: int
    seq: int
    deleted: bool
    data: dict[str, Any]
    updated_at: dt.datetime | None = None
    updated_by: str | None = None
    device_id: str | None = None


# What a push works on: a row, or (in a batch that may reallocate) the ORM's object.
AnyRecord = Record | RecordRow

_COLUMNS = tuple(f.name for f in fields(RecordRow))
_CHANGED = tuple(name for name in _COLUMNS if name not in ("entity", "id", "owner"))
_UPDATE = (update(_TABLE)
           .where(_TABLE.c.entity == bindparam("key_entity"),
                  _TABLE.c.id == bindparam("key_id"))
           .values({name: bindparam(name) for name in _CHANGED}))


def add_new(session: Session, row: RecordRow) -> None:
    """``row`` is a record the service did not have: inserted at the next write."""
    session.info.setdefault(_WAITING, {})[(row.entity, row.id)] = (row, True)


def changed(session: Session, row: RecordRow) -> None:
    """``row`` has changed: written at the next write (inserted, if it is still new)."""
    waiting = session.info.setdefault(_WAITING, {})
    key = (row.entity, row.id)
    waiting[key] = (row, key in waiting and waiting[key][1])


def write_records(session: Session) -> None:
    """Write the rows waiting: the new ones in one INSERT, the changed ones in one UPDATE
    sent for many rows, each with its values as they are now (at the session's commit)."""
    waiting: dict[tuple[str, str], tuple[RecordRow, bool]] | None = session.info.pop(
        _WAITING, None)
    if not waiting:
        return
    connection = session.connection()
    new = [{name: getattr(row, name) for name in _COLUMNS}
           for row, is_new in waiting.values() if is_new]
    plain_insert(connection, _TABLE, new)
    rows = [row for row, is_new in waiting.values() if not is_new]
    if rows:
        connection.execute(_UPDATE, [
            {"key_entity": row.entity, "key_id": row.id,
             **{name: getattr(row, name) for name in _CHANGED}} for row in rows])


def forget(session: Session) -> None:
    """The transaction ended: nothing waits to be written."""
    session.info.pop(_WAITING, None)
