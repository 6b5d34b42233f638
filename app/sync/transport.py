"""Talking to the central service (Qt-free): the errors, the replies' plain data, the
small :class:`SyncTransport` interface the sync engine needs (tests fake it), the server
address check, and the checks of every reply's shape, so a corrupt or truncated reply
raises and nothing from it is applied. The real client is
:class:`app.sync.http_client.HttpTransport`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from app.errors import HearthError
from app.store.recovery_seal import RecoveryPublicKey
from app.sync.protocol import OP_STATUSES

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class SyncError(HearthError):
    """Sync did not complete; the message says why and what to do."""


class ServerUnreachable(SyncError):
    """The server could not be reached (offline, wrong address, server down)."""


class DeviceRevoked(SyncError):
    """The server has revoked this device's credential: the store must be wiped."""


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            "This store is not connected to a server yet. Connect it with your server "
            "address, username and password first."
        )


class BadReply(SyncError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"The server's reply was incomplete or damaged ({what}). Nothing from it was "
            "applied; sync will try again."
        )


@dataclass(frozen=True)
class ServerUser:
    username: str
    name: str
    role: str
    team: str
    gcp2_trained: bool


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    token: str
    user: ServerUser
    # The service's number for this device (None from a service that gives none):
    # it goes into the family references this device gives.
    device_number: int | None = None

    def __repr__(self) -> str:  # never show the token
        return f"Enrolment(device_id={self.device_id!r}, user={self.user!r})"


@dataclass(frozen=True)
class PullPage:
    changes: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    purge: list[str]
    scope: dict[str, Any] | None
    # Column values worked out ahead, on the thread that fetched the page
    # (app.sync.pull.checked_ahead), by (entity, id): the change they are for, and where
    # they are in its group's columns (an app.sync.pulled_columns.Row).
    checked: dict[tuple[str, str], tuple[dict[str, Any], Any]] = field(default_factory=dict)


class SyncTransport(Protocol):
    """What the sync engine needs from the wire."""

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]: ...

    def pull(self, cursor: int, limit: int) -> PullPage: ...

    def conflicts(self) -> list[dict[str, Any]]: ...

    def reference(self) -> dict[str, Any]: ...

    def recovery_key(self) -> RecoveryPublicKey | None: ...


def check_server_url(url: str) -> str:
    """Return the normalised server address, or raise SyncError saying what is wrong."""
    text = url.strip()
    if not text:
        raise SyncError("Enter the server address, for example https://hearth.example.gov.uk.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        raise SyncError(f"{url.strip()} is not a server address.")
    if scheme == "http":
        if host not in LOCAL_HOSTS:
            raise SyncError(
                "The server address must start with https:// so that casework is encrypted "
                "on the way. Plain http:// is only allowed to this computer (localhost)."
            )
    elif scheme != "https":
        raise SyncError(f"{url.strip()} is not an https:// address.")
    return text.rstrip("/")


# ---------------------------------------------------------------- reply checks


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("a number out of range")
    return value


def parse_reply(raw: bytes) -> Any:
    """A reply body as strict JSON: NaN, Infinity and numbers too large for a float are
    refused like any other malformed reply (BadReply), never stored."""
    try:
        return json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadReply("it is not valid JSON") from None



def _need(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if isinstance(value, bool) and kind is int:
        raise BadReply(what)
    if not isinstance(value, kind):
        raise BadReply(what)
    return value


def _check_conflict(item: Any) -> dict[str, Any]:
    _need(item, dict, "a conflict is not an object")
    for key in ("id", "entity", "record_id", "field"):
        _need(item.get(key), str, f"a conflict has no {key}")
    return dict(item)


def check_push_reply(body: Any, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    _need(body, dict, "push reply is not an object")
    results = _need(body.get("results"), list, "push reply has no results")
    if len(results) != len(ops):
        raise BadReply("push reply has the wrong number of results")
    checked = []
    for op, result in zip(ops, results, strict=True):
        _need(result, dict, "a push result is not an object")
        if result.get("op_id") != op["op_id"]:
            raise BadReply("push results are not in the order sent")
        if result.get("status") not in OP_STATUSES:
            raise BadReply("a push result has an unknown status")
        version = result.get("version")
        if version is not None:
            _need(version, int, "a push result has a bad version")
        conflicts = result.get("conflicts") or []
        _need(conflicts, list, "a push result has bad conflicts")
        checked.append(
            {
                "op_id": result["op_id"],
                "status": result["status"],
                "version": version,
                "conflicts": [_check_conflict(c) for c in conflicts],
                "reason": result.get("reason"),
            }
        )
    return checked


def check_pull_reply(body: Any) -> PullPage:
    _need(body, dict, "pull reply is not an object")
    changes = _need(body.get("changes"), list, "pull reply has no changes")
    for change in changes:
        _need(change, dict, "a change is not an object")
        _need(change.get("seq"), int, "a change has no seq")
        _need(change.get("entity"), str, "a change has no entity")
        _need(change.get("id"), str, "a change has no id")
        _need(change.get("version"), int, "a change has no version")
        _need(change.get("deleted"), bool, "a change has no deleted flag")
        _need(change.get("data"), dict, "a change has no data")
    next_cursor = _need(body.get("next_cursor"), int, "pull reply has no next_cursor")
    has_more = _need(body.get("has_more"), bool, "pull reply has no has_more")
    purge = body.get("purge") or []
    _need(purge, list, "pull reply has a bad purge list")
    for family_id in purge:
        _need(family_id, str, "pull reply has a bad purge list")
    scope = body.get("scope")
    if scope is not None:
        _need(scope, dict, "pull reply has a bad scope")
        _need(scope.get("count"), int, "scope has no count")
        _need(scope.get("digest"), str, "scope has no digest")
        families = scope.get("families", [])
        _need(families, list, "scope has a bad family list")
    return PullPage(
        changes=changes, next_cursor=next_cursor, has_more=has_more, purge=purge, scope=scope
    )


def check_enrol_reply(body: Any) -> Enrolment:
    _need(body, dict, "enrolment reply is not an object")
    device_id = _need(body.get("device_id"), str, "enrolment reply has no device id")
    token = _need(body.get("token"), str, "enrolment reply has no token")
    user = _need(body.get("user"), dict, "enrolment reply has no user")
    number = body.get("device_number")
    if number is not None and (_need(number, int, "enrolment reply has a bad device number") < 1):
        raise BadReply("enrolment reply has a bad device number")
    return Enrolment(
        device_id=device_id,
        token=token,
        device_number=number,
        user=ServerUser(
            username=_need(user.get("username"), str, "user has no username"),
            name=str(user.get("name") or user.get("username")),
            role=str(user.get("role") or "worker"),
            team=str(user.get("team") or ""),
            gcp2_trained=bool(user.get("gcp2_trained", False)),
        ),
    )


def check_health_reply(body: Any) -> dict[str, Any]:
    return _need(body, dict, "health reply is not an object")  # type: ignore[no-any-return]


def check_conflicts_reply(body: Any) -> list[dict[str, Any]]:
    _need(body, dict, "conflicts reply is not an object")
    items = _need(body.get("conflicts"), list, "conflicts reply has no list")
    return [_check_conflict(c) for c in items]


def check_reference_reply(body: Any) -> dict[str, Any]:
    """The council's reference data: ``levels_of_need``, ``agencies``, ``forms``,
    ``council``, ``form_choices``."""
    _need(body, dict, "reference reply is not an object")
    _need(body.get("levels_of_need", {}), (dict, list), "reference reply has bad levels")
    _need(body.get("agencies", []), list, "reference reply has a bad agencies list")
    _need(body.get("forms", []), list, "reference reply has a bad forms list")
    _need(body.get("council", {}), dict, "reference reply has a bad council identity")
    _need(body.get("form_choices", {}), dict, "reference reply has bad form choices")
    return {key: body.get(key)
            for key in ("levels_of_need", "agencies", "forms", "council", "form_choices")}


def check_recovery_key_reply(body: Any) -> RecoveryPublicKey:
    """The council's recovery public key; its fingerprint is checked here, not trusted."""
    _need(body, dict, "recovery key reply is not an object")
    try:
        return RecoveryPublicKey.checked(body.get("algorithm"), body.get("public_key"),
                                         body.get("fingerprint"))
    except ValueError as exc:
        raise BadReply(f"the recovery key reply holds {exc}") from None
