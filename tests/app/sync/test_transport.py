"""The HTTP side of sync: addresses, replies checked before use, errors in plain words.

Replies are served by httpx.MockTransport (bytes exactly as a broken server or
network would give them) and, for certificates, by a real TLS server on
loopback with a self-signed certificate.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.http_client import HttpTransport
from app.sync.transport import (
    BadReply,
    DeviceRevoked,
    NotEnrolled,
    ServerUnreachable,
    SyncError,
    check_server_url,
)

OP = {"op_id": "op-1", "entity": "family", "id": "f-1", "family_id": "f-1",
      "base_version": None, "fields": {}, "deleted": False, "resolves": []}


def transport(handler: Callable[[httpx.Request], httpx.Response],
              url: str = "http://localhost:8080", token: str | None = "tok") -> HttpTransport:
    return HttpTransport(url, token, client=httpx.Client(transport=httpx.MockTransport(handler)))


def raw(body: bytes, status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, content=body,
                                          headers={"content-type": "application/json"})


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize("url", ["http://localhost:8080", "http://127.0.0.1", "http://[::1]:9000",
                                 "https://hearth.example.org", "https://hearth.example.org/"])
def test_https_or_this_computer_is_accepted(url: str) -> None:
    assert check_server_url(url) == url.rstrip("/")


def test_bare_name_means_https() -> None:
    assert check_server_url("hearth.example.org") == "https://hearth.example.org"


@pytest.mark.parametrize("url", ["http://hearth.example.org", "http://10.0.0.5:8080"])
def test_plain_http_to_another_computer_is_refused(url: str) -> None:
    with pytest.raises(SyncError) as info:
        check_server_url(url)
    assert "https://" in info.value.message and "localhost" in info.value.message


@pytest.mark.parametrize("url", ["", "   ", "ftp://hearth.example.org", "https://"])
def test_nonsense_addresses_are_refused(url: str) -> None:
    with pytest.raises(SyncError):
        check_server_url(url)


def test_calls_need_a_credential() -> None:
    t = transport(raw(b"{}"), token=None)
    with pytest.raises(NotEnrolled):
        t.pull(0, 10)


def test_the_token_goes_in_the_header_and_never_in_the_repr() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"changes": [], "next_cursor": 0, "has_more": False,
                                         "purge": [], "scope": None})

    t = transport(handler, token="secret-device-token")
    t.pull(5, 100)
    assert seen[0].headers["Authorization"] == "Bearer secret-device-token"
    assert seen[0].url.params["cursor"] == "5"
    assert "secret-device-token" not in repr(t)


# ---------------------------------------------------------------- damaged replies


@pytest.mark.parametrize("body", [
    b"",
    b"not json at all",
    b'{"changes": [], "next_cursor": 3, "has_m',            # truncated
    b'["a list"]',
    b'{"changes": "x", "next_cursor": 1, "has_more": false}',
    b'{"changes": [{"seq": 1}], "next_cursor": 1, "has_more": false}',
    b'{"changes": [], "next_cursor": "1", "has_more": false}',
    b'{"changes": [], "next_cursor": 1, "has_more": false, "scope": {"count": 1}}',
    b'{"changes": [], "next_cursor": 1, "has_more": false, "purge": [7]}',
    # JSON that Python's json module would accept by default, but is not JSON:
    b'{"changes": [], "next_cursor": NaN, "has_more": false}',
    b'{"changes": [{"seq": 1, "entity": "family", "id": "f", "version": 1, "deleted": false,'
    b' "data": {"answers": {"x": Infinity}}}], "next_cursor": 1, "has_more": false}',
    b'{"changes": [{"seq": 1, "entity": "family", "id": "f", "version": 1, "deleted": false,'
    b' "data": {"answers": {"x": -1e999}}}], "next_cursor": 1, "has_more": false}',
    b'{"changes": [], "next_cursor": 1, "has_more": false, "x": ' + b"[" * 100_000
    + b"]" * 100_000 + b"}",
])
def test_damaged_pull_reply_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(BadReply) as info:
        transport(raw(body)).pull(0, 10)
    assert "Nothing from it was applied" in info.value.message


def _usual_change(n: int) -> dict[str, Any]:
    return {"seq": n, "entity": "family", "id": f"f{n}", "version": 1, "deleted": False,
            "data": {"family_name": "Synthetic"}, "updated_at": "2026-12-01T10:00:00+00:00"}


@pytest.mark.parametrize(("key", "value"), [
    ("seq", True), ("seq", 1.0), ("seq", "1"), ("entity", None), ("id", 7), ("version", False),
    ("version", None), ("deleted", 0), ("deleted", None), ("data", []), ("data", None),
])
def test_one_damaged_change_among_many_usual_ones_refuses_the_page(key: str, value: Any) -> None:
    changes: list[Any] = [_usual_change(n) for n in range(1, 200)]
    changes[150] = {**changes[150], key: value}
    body = json.dumps({"changes": changes, "next_cursor": 200, "has_more": False}).encode()
    with pytest.raises(BadReply) as info:
        transport(raw(body)).pull(0, 200)
    assert "Nothing from it was applied" in info.value.message


def test_a_page_of_usual_changes_passes_whole() -> None:
    changes = [_usual_change(n) for n in range(1, 200)]
    body = json.dumps({"changes": changes, "next_cursor": 200, "has_more": False}).encode()
    page = transport(raw(body)).pull(0, 200)
    assert page.changes == changes and (page.next_cursor, page.has_more) == (200, False)


@pytest.mark.parametrize("results", [
    [],
    [{"op_id": "other", "status": "applied", "version": 1, "conflicts": []}],
    [{"op_id": "op-1", "status": "maybe", "version": 1, "conflicts": []}],
    [{"op_id": "op-1", "status": "applied", "version": "1", "conflicts": []}],
    [{"op_id": "op-1", "status": "conflict", "version": 2, "conflicts": [{"id": 5}]}],
])
def test_damaged_push_reply_is_a_clear_error(results: list[Any]) -> None:
    with pytest.raises(BadReply):
        transport(raw(json.dumps({"results": results}).encode())).push([OP])


def test_good_push_reply_passes() -> None:
    body = {"results": [{"op_id": "op-1", "status": "applied", "version": 4, "conflicts": [],
                         "reason": None}]}
    [result] = transport(raw(json.dumps(body).encode())).push([OP])
    assert result["status"] == "applied" and result["version"] == 4


def test_connection_closed_part_way_is_a_clear_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")

    with pytest.raises(BadReply):
        transport(handler).pull(0, 10)


# ---------------------------------------------------------------- status codes


def test_revoked_device_is_told_apart() -> None:
    body = json.dumps({"detail": {"code": "device_revoked", "message": "revoked"}}).encode()
    with pytest.raises(DeviceRevoked) as info:
        transport(raw(body, 401)).pull(0, 10)
    assert "wiped" in info.value.message


def test_unknown_token_asks_to_connect_again() -> None:
    body = json.dumps({"detail": {"code": "bad_token", "message": "unknown"}}).encode()
    with pytest.raises(SyncError) as info:
        transport(raw(body, 401)).pull(0, 10)
    assert not isinstance(info.value, DeviceRevoked)
    assert "Connect to the server again" in info.value.message


def test_wrong_password_at_enrolment() -> None:
    with pytest.raises(SyncError) as info:
        transport(raw(b'{"detail": "bad"}', 401), token=None).enrol("robin", "nope", "laptop")
    assert "username or password" in info.value.message


ENROL_REPLY = {"device_id": "d-1", "token": "t" * 43,
               "user": {"username": "robin", "name": "Robin (synthetic)", "role": "worker"}}


@pytest.mark.parametrize("number, expected", [(12, 12), (None, None)])
def test_enrolment_reply_with_or_without_a_device_number(number: Any, expected: Any) -> None:
    body = dict(ENROL_REPLY, device_number=number) if number else ENROL_REPLY
    reply = transport(raw(json.dumps(body).encode()), token=None).enrol("robin", "pw", "laptop")
    assert (reply.device_id, reply.device_number) == ("d-1", expected)


@pytest.mark.parametrize("number", [0, -3, "12", True, 1.5])
def test_enrolment_reply_with_a_bad_device_number_is_refused(number: Any) -> None:
    body = json.dumps(dict(ENROL_REPLY, device_number=number)).encode()
    with pytest.raises(BadReply):
        transport(raw(body), token=None).enrol("robin", "pw", "laptop")


def test_server_error_is_temporary() -> None:
    with pytest.raises(ServerUnreachable) as info:
        transport(raw(b"<html>oops</html>", 502)).pull(0, 10)
    assert "nothing was lost" in info.value.message


def test_unreachable_and_timeout() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    with pytest.raises(ServerUnreachable) as info:
        transport(refuse).pull(0, 10)
    assert "Cannot reach" in info.value.message
    with pytest.raises(ServerUnreachable) as info:
        transport(slow).pull(0, 10)
    assert "did not answer in time" in info.value.message


def test_nothing_listening_on_loopback_is_unreachable() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(ServerUnreachable):
        HttpTransport(f"http://127.0.0.1:{port}", "tok", timeout=5).pull(0, 10)


# ---------------------------------------------------------------- certificates (real TLS)


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = b'{"status": "ok", "version": "test"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_untrusted_certificate_is_a_clear_message(self_signed_server: str) -> None:
    with pytest.raises(SyncError) as info:
        HttpTransport(self_signed_server, timeout=5).health()
    assert not isinstance(info.value, ServerUnreachable)
    assert "certificate" in info.value.message and "did not connect" in info.value.message


def test_trusted_certificate_connects(self_signed_server: str, tmp_path: Path) -> None:
    context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    assert HttpTransport(self_signed_server, verify=context, timeout=5).health()["status"] == "ok"


@pytest.mark.parametrize("status, code, expected", [
    (429, "locked", "Sign-in to this account is temporarily locked"),
    (503, "busy", "Too many sign-ins at once"),
])
def test_a_locked_or_busy_sign_in_says_so(status: int, code: str, expected: str) -> None:
    message = {"locked": "Sign-in to this account is temporarily locked after repeated failed "
                         "attempts; try again in 15 minutes.",
               "busy": "Too many sign-ins at once; try again in a moment."}[code]
    body = json.dumps({"detail": {"code": code, "message": message}}).encode()
    with pytest.raises(SyncError) as info:
        transport(raw(body, status), token=None).enrol("robin", "pw", "laptop")
    assert info.value.message.startswith(expected)
    assert not isinstance(info.value, ServerUnreachable)


def test_an_inactive_account_is_told_apart_from_a_wrong_password() -> None:
    body = json.dumps({"detail": {"code": "account_inactive", "message": "x"}}).encode()
    with pytest.raises(SyncError) as info:
        transport(raw(body, 401), token=None).enrol("robin", "pw", "laptop")
    assert "not active" in info.value.message and "password" not in info.value.message


def test_a_service_of_an_older_release_is_asked_for_pages_it_takes() -> None:
    """A first sync asks for pages of 10,000 records; a service of the release before
    refuses more than 2,000 (FastAPI's 422): the page is asked for again at 2,000, and
    every later page too, so the first sync goes on."""
    limits: list[int] = []

    def older_service(request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params["limit"])
        limits.append(limit)
        if limit > 2000:
            return httpx.Response(422, json={"detail": [{"msg": "too large"}]})
        return httpx.Response(200, json={"changes": [], "next_cursor": 0, "has_more": False})

    client = transport(older_service)
    client.pull(0, 10_000)
    client.pull(0, 10_000)
    assert limits == [10_000, 2000, 2000]
