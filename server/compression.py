"""Compressed transfer, where the device allows it: gzip both ways.

Replies: :class:`starlette.middleware.gzip.GZipMiddleware` compresses a reply when the
request's ``Accept-Encoding`` names gzip (httpx, the app's client, always does), at
level :data:`REPLY_LEVEL`. A first sync's JSON shrinks about 8 times; level 1 costs a
fraction of the time level 9 does for nearly the same size, and the service's CPU is
what many devices share.

Requests: a body sent with ``Content-Encoding: gzip`` is inflated here before anything
reads it, to at most the same :data:`~app.sync.protocol.MAX_BODY_BYTES` a plain body
may have: a body that would inflate beyond it (a decompression bomb) is refused with
413 as soon as the limit is passed, never inflated whole; a damaged one is refused
with 400, another coding with 415. Every reply says ``Accept-Encoding: gzip`` (as RFC
7694 lets a server say what it takes), so the device knows it may compress what it
sends.
"""

from __future__ import annotations

import zlib
from typing import Any

from server.middleware import ASGIApp, Message, Receive, Scope, Send, send_json

REPLY_LEVEL = 1
REPLY_MIN_BYTES = 1024  # below this, compressing saves less than it costs
ACCEPTED = b"gzip"


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


class GzipRequests:
    """Inflate ``Content-Encoding: gzip`` bodies (within ``max_bytes``); advertise gzip."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def advertising(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []),
                                      (b"accept-encoding", ACCEPTED)]
            await send(message)

        coding = (_header(scope, b"content-encoding") or b"identity").strip().lower()
        if coding == b"identity":
            await self.app(scope, receive, advertising)
            return
        if coding != ACCEPTED:
            await self._refuse(scope, advertising, 415, "unsupported_encoding",
                               "The request's Content-Encoding is not one this service "
                               "takes; send it as gzip or uncompressed.")
            return
        body = await _whole_body(receive)
        if body is None:
            return  # the client went away
        inflated, problem = self._inflate(body)
        if problem is not None:
            status, code, message = problem
            await self._refuse(scope, advertising, status, code, message)
            return
        headers = [(k, v) for k, v in scope.get("headers", [])
                   if k not in (b"content-encoding", b"content-length")]
        headers.append((b"content-length", str(len(inflated)).encode()))
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": inflated, "more_body": False}
            return await receive()

        scope["headers"] = headers  # in place: the audit trail keeps its view of the scope
        await self.app(scope, replay, advertising)

    def _inflate(self, body: bytes) -> tuple[bytes, tuple[int, str, str] | None]:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip only
        try:
            inflated = inflater.decompress(body, self.max_bytes + 1)
        except zlib.error:
            return b"", (400, "bad_encoding", "The request's gzip body is damaged.")
        if len(inflated) > self.max_bytes or inflater.unconsumed_tail:
            return b"", (413, "too_large",
                         f"The request inflates to more than {self.max_bytes} bytes; "
                         "send fewer operations at a time.")
        if not inflater.eof:
            return b"", (400, "bad_encoding", "The request's gzip body is cut short.")
        return inflated, None

    @staticmethod
    async def _refuse(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
        scope.setdefault("state", {})["audit_detail"] = code.replace("_", " ")
        await send_json(send, status, {"detail": {"code": code, "message": message}})


async def _whole_body(receive: Receive) -> bytes | None:
    body = bytearray()
    while True:
        message: Any = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if not message.get("more_body", False):
            return bytes(body)
