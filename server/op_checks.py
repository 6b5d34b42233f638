"""Checking each operation of a push against its record type's declared fields.

The checks themselves are ``app.sync.protocol.check_fields`` (the client uses the
same ones); here a problem becomes a 422 that names the operation (its number in
the batch and its op_id), the record type and the field, never the value. One bad
operation refuses the whole push: nothing is stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request

from app.sync.protocol import ENTITIES, FieldError, check_fields
from app.sync.values import check_instant
from server.request_errors import problem, refusal
from server.schemas import Op


def refused(request: Request, index: int, op: Op, exc: FieldError) -> HTTPException:
    """The answer to op number ``index`` (from 1) failing a check."""
    # The op_id has passed its pattern, the entity is a declared one: both safe to name.
    known = op.entity in ENTITIES
    where = f"op {index} (op_id {op.op_id}, {op.entity})" if known else \
        f"op {index} (op_id {op.op_id})"
    loc: list[Any] = ["body", "ops", index - 1]
    if exc.field == "made_at":
        loc.append("made_at")
    elif exc.field is not None:
        loc.extend(["fields", exc.field])
    else:
        loc.append("fields" if known else "entity")
    message = f"{where}: {exc}"
    request.state.audit_detail = f"push refused: {message}"[:300]
    return refusal(422, "invalid_op", message, [problem(loc, str(exc))])


def op_fields(request: Request, index: int, op: Op) -> dict[str, Any]:
    """The op's fields, checked against its record type (and its ``made_at``, if given);
    raise a 422 HTTPException naming the op, the record type and the field."""
    try:
        fields = check_fields(op.entity, op.fields)
        if op.made_at is not None:
            check_instant("made_at", op.made_at)
    except FieldError as exc:
        raise refused(request, index, op, exc) from None
    return fields
