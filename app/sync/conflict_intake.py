"""Filling the local conflict queue from the service's answers.

A push result's conflicts, the open conflicts the service lists for this scope
(``GET /sync/conflicts``), and changes the service refused without keeping them
all become :class:`db.models.SyncConflict` rows here, with who made the change
and when when the service says (``made_by``, ``made_at``). Conflicts resolved
on another device are closed here.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

# NEW_RECORD_FIELD: the conflict "field" of a whole new record the server refused.
from app.sync.protocol import ENTITIES, NEW_RECORD_FIELD
from app.sync.pulled_values import from_wire, instant
from app.sync.transport import BadReply
from db.models import AuditEvent, OutboxOp, SyncColumns, SyncConflict, new_id, utcnow

log = logging.getLogger(__name__)


def store_conflict(session: Session, item: dict[str, Any], *, reason: str) -> bool:
    """Keep one server conflict locally (once); return whether it was new."""
    made_by = item.get("made_by")
    made_by = made_by[:80] if isinstance(made_by, str) and made_by else None
    known = session.get(SyncConflict, item["id"])
    if known is not None:
        if known.made_by is None and made_by:  # an older service did not say
            known.made_by, known.made_at = made_by, instant(item.get("made_at"))
        return False
    session.add(
        SyncConflict(
            id=item["id"],
            entity=item["entity"],
            record_id=item["record_id"],
            family_id=item.get("family_id"),
            field=item["field"],
            base_value=item.get("base_value"),
            local_value=item.get("local_value"),
            server_value=item.get("server_value"),
            created_at=instant(item.get("created_at")) or utcnow(),
            status="open",
            reason=str(item.get("reason") or reason),
            from_server=True,
            made_by=made_by,
            made_at=instant(item.get("made_at")),
        )
    )
    return True


def put_back_server_value(
    session: Session, record: SyncColumns | None, item: dict[str, Any], later: set[str]
) -> None:
    """After a conflict the server kept its value: show that value here too."""
    if record is None:
        return
    spec = ENTITIES[record.__sync__.entity].fields.get(item["field"])
    if spec is None or item["field"] in later:
        return
    try:
        setattr(record, spec.name, from_wire(spec, item.get("server_value")))
    except BadReply:
        log.warning("conflict value for %s.%s does not fit; left as it is",
                    record.__sync__.entity, spec.name)


def keep_rejected_locally(session: Session, op: OutboxOp, reason: str) -> int:
    """A change the server refused without keeping it: keep it here, in the conflict queue."""
    if op.entity == AuditEvent.__sync__.entity:
        # The audit trail stays in this store; there is nothing for a person to decide.
        log.info("server refused an audit event (%s)", reason)
        return 0
    items = dict(op.fields or {})
    if op.base_version is None and items:
        # A new record the server would not take: keep it whole, as one entry.
        items = {NEW_RECORD_FIELD: items}
    if op.deleted:
        items["deleted"] = True
    for name, value in items.items():
        session.add(
            SyncConflict(
                id=new_id(),
                entity=op.entity,
                record_id=op.entity_id,
                family_id=op.family_id,
                field=name,
                base_value=None,
                local_value=value,
                server_value=None,
                status="open",
                reason=reason or "rejected",
                from_server=False,
            )
        )
    return len(items)


def refresh_conflicts(session: Session, server_open: list[dict[str, Any]]) -> int:
    """Add conflicts raised elsewhere in this scope; close those resolved elsewhere."""
    added = 0
    ids = {item["id"] for item in server_open}
    for item in server_open:
        if store_conflict(session, item, reason="conflict"):
            added += 1
    for row in session.scalars(
        select(SyncConflict).where(
            SyncConflict.status == "open", SyncConflict.from_server.is_(True)
        )
    ):
        if row.id not in ids:
            row.status = "resolved"
            row.resolved_at = utcnow()
            row.resolved_by = row.resolved_by or "(another device)"
    return added
