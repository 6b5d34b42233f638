"""``GET /api/v1/recovery-key``: the council's recovery public key, for enrolled devices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from server import recovery_key
from server.endpoints import (
    AUTH_ERRORS,
    ERROR_MODEL,
    SessionDep,
    TokenDep,
    authenticate,
    commit,
    error,
)
from server.request_errors import StrictJsonRoute
from server.schemas import RecoveryKeyResponse

router = APIRouter(route_class=StrictJsonRoute)


@router.get(
    "/recovery-key",
    response_model=RecoveryKeyResponse,
    responses={**AUTH_ERRORS, 404: ERROR_MODEL},
    tags=["recovery"],
)
def get_recovery_key(request: Request, token: TokenDep, session: SessionDep) -> dict[str, Any]:
    """The council's recovery public key (X25519, base64) and its fingerprint. A device
    seals its database key to it, so IT can recover a store whose passphrase is forgotten.
    404 ``no_recovery_key`` while the council has not made one
    (``hearth-server recovery-key create``)."""
    authenticate(request, token, session)
    key = recovery_key.current_key(session)
    if key is None:
        raise error(404, "no_recovery_key",
                    "No recovery key has been set up on this service yet "
                    "(hearth-server recovery-key create).")
    commit(session, request, "recovery key read")
    return key.as_reply()
