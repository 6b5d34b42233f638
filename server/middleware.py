"""ASGI middleware of the service: a body size limit and the per-request audit log."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server.models import AuditLog, utcnow

log = logging.getLogger("hearth.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The status audited for a request whose client disconnected before sending its body.
CLIENT_WENT_AWAY = 499


async def send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class BodyLimit:
    """Refuse bodies over ``max_bytes`` with 413, by Content-Length and by the bytes received."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def too_large(self, scope: Scope, send: Send) -> None:
        scope.setdefault("state", {})["audit_detail"] = "body too large"
        await send_json(
            send,
            413,
            {
                "detail": {
                    "code": "too_large",
                    "message": f"The request is larger than {self.max_bytes} bytes; "
                    "send fewer operations at a time.",
                }
            },
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_json(
                        send, 400,
                        {"detail": {"code": "bad_request", "message": "Invalid Content-Length."}},
                    )
                    return
                if declared > self.max_bytes:
                    await self.too_large(scope, send)
                    return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                # Not an error of ours: audited as what it is (nginx's 499).
                state = scope.setdefault("state", {})
                state["audit_status"] = CLIENT_WENT_AWAY
                state["audit_detail"] = "client went away"
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self.too_large(scope, send)
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class AuditTrail:
    """Write one audit_log row per request (and any extra rows the handler asked for),
    committed before the response starts, so every answer the client sees is audited.
    A handler that succeeded has written its row with its work (``audit_written``)."""

    def __init__(self, app: ASGIApp, sessions: sessionmaker[Session]) -> None:
        self.app = app
        self.sessions = sessions

    def write(self, scope: Scope, status: int) -> None:
        state = scope.get("state", {})
        method = str(scope.get("method", ""))[:10]
        path = str(scope.get("path", ""))[:200]
        username = state.get("audit_username")
        device_id = state.get("audit_device_id")
        rows = [(status, str(state.get("audit_detail", ""))[:2000])]
        rows.extend(state.get("audit_extra", []))
        try:
            with self.sessions.begin() as session:
                now = utcnow()
                for row_status, detail in rows:
                    session.add(
                        AuditLog(
                            at=now,
                            username=None if username is None else str(username)[:80],
                            device_id=device_id,
                            method=method,
                            path=path,
                            status=row_status,
                            detail=detail,
                        )
                    )
        except Exception:  # noqa: BLE001 - the audit must not turn an answer into a 500
            log.exception("could not write the audit log for %s %s", method, path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})
        written = False

        async def audited_send(message: Message) -> None:
            nonlocal written
            if message["type"] == "http.response.start" and not written:
                written = True
                status = int(message["status"])
                if not (scope["state"].get("audit_written") and status == 200):
                    await run_in_threadpool(self.write, scope, status)
            await send(message)

        try:
            await self.app(scope, receive, audited_send)
        finally:
            if not written:
                status = int(scope["state"].get("audit_status", 500))
                await run_in_threadpool(self.write, scope, status)
