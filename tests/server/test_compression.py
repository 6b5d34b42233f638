"""Compressed transfer (server/compression.py): gzip replies for a client that asks, gzip
bodies taken within the same size limit as plain ones, and a decompression bomb, a
damaged body or an unknown coding each refused with a clear 4xx, nothing stored."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from live_service import LiveServer, new_family
from sqlalchemy import func, select

from app.sync.http_client import HttpTransport
from app.sync.protocol import MAX_BODY_BYTES
from server.models import AppliedOp, Record


@pytest.fixture
def alice(people: LiveServer) -> Iterator[Any]:
    yield people.enrol("alice")


def _records(live: LiveServer) -> int:
    with live.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Record)) or 0)


def _gzip_push(device: Any, body: bytes) -> httpx.Response:
    return device.http.post("/sync/push", content=body, headers={
        "content-type": "application/json", "content-encoding": "gzip"})


def test_a_pull_reply_comes_gzipped_to_a_client_that_asks(people: LiveServer,
                                                           alice: Any) -> None:
    for n in range(30):
        alice.push(new_family(f"Z-{n}")[1])
    plain = alice.http.get("/sync/pull", params={"cursor": 0, "limit": 500},
                           headers={"accept-encoding": "identity"})
    packed = alice.http.get("/sync/pull", params={"cursor": 0, "limit": 500},
                            headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.json()["changes"] == plain.json()["changes"]  # httpx inflates it
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    assert packed.headers["accept-encoding"] == "gzip"  # it takes gzip bodies too


def test_a_gzipped_push_is_taken_as_a_plain_one(people: LiveServer, alice: Any) -> None:
    body = json.dumps({"ops": [new_family("G-1")[1]]}).encode()
    r = _gzip_push(alice, gzip.compress(body))
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "applied"
    assert _records(people) == 1


def test_a_decompression_bomb_is_refused_without_inflating_it(people: LiveServer,
                                                               alice: Any) -> None:
    # 64 MiB of spaces inside a valid body: about 64 KiB gzipped, well under the limit as sent
    inner = b'{"ops": [' + b" " * (64 * 1024 * 1024) + b"]}"
    bomb = gzip.compress(inner, 9)
    assert len(bomb) < MAX_BODY_BYTES
    r = _gzip_push(alice, bomb)
    assert r.status_code == 413
    assert r.json()["detail"]["code"] == "too_large"
    assert "inflates" in r.json()["detail"]["message"]
    with people.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AppliedOp)) == 0


@pytest.mark.parametrize("body,coding,status", [
    (b"\x1f\x8b\x08\x00 not really gzip", "gzip", 400),
    # cut short; mtime=0 so every xdist worker collects the same bytes (the test's id)
    (gzip.compress(b'{"ops": []}', mtime=0)[:-6], "gzip", 400),
    (b'{"ops": []}', "br", 415),
], ids=["not gzip", "gzip cut short", "brotli"])
def test_a_damaged_or_unknown_encoding_is_a_clear_4xx(people: LiveServer, alice: Any,
                                                      body: bytes, coding: str,
                                                      status: int) -> None:
    r = alice.http.post("/sync/push", content=body, headers={
        "content-type": "application/json", "content-encoding": coding})
    assert r.status_code == status
    assert r.json()["detail"]["message"]
    assert _records(people) == 0


def test_the_app_client_gzips_its_pushes_once_the_service_says_it_may(
    people: LiveServer, alice: Any
) -> None:
    sent: list[httpx.Request] = []
    client = httpx.Client(timeout=30, event_hooks={"request": [sent.append]})
    ops = [new_family(f"C-{n}")[1] for n in range(20)]
    with HttpTransport(people.url, alice.token, client=client) as transport:
        transport.push(ops[:10])  # the service has not said yet: sent plain
        transport.push(ops[10:])
    client.close()
    assert "content-encoding" not in sent[0].headers
    assert sent[1].headers["content-encoding"] == "gzip"
    assert _records(people) == 20
