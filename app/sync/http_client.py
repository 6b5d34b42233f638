"""The real :class:`~app.sync.transport.SyncTransport`: the central service's API over httpx.

It refuses plain ``http`` except to this computer, turns every network, certificate and
server problem into a :class:`~app.sync.transport.SyncError` whose message a person can
act on, and hands every reply to the checks in :mod:`app.sync.transport` before it is used.
"""

from __future__ import annotations

import gzip
import json
import ssl
from typing import Any

import httpx

from app.store.recovery_seal import RecoveryPublicKey
from app.sync.certificates import system_trust, untrusted_message, verify_failure
from app.sync.protocol import API_PREFIX, MAX_PULL_LIMIT, OLDER_PULL_LIMIT
from app.sync.transport import (
    BadReply,
    DeviceRevoked,
    Enrolment,
    NotEnrolled,
    PullPage,
    ServerUnreachable,
    SyncError,
    check_conflicts_reply,
    check_enrol_reply,
    check_health_reply,
    check_pull_reply,
    check_push_reply,
    check_recovery_key_reply,
    check_reference_reply,
    check_server_url,
    parse_reply,
)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# A request body at least this long goes gzipped to a service that said it takes gzip
# (its replies' ``Accept-Encoding``, server.compression); replies come gzipped whenever
# the service can, as httpx asks for them so and inflates them.
GZIP_FROM_BYTES = 1024
GZIP_LEVEL = 1  # fast: the device's CPU is busy writing what it pulled


def _is_certificate_problem(exc: BaseException) -> bool:
    if verify_failure(exc) is not None:
        return True
    text = str(exc)
    return "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text


def _detail(response: httpx.Response) -> Any:
    try:
        return response.json().get("detail")
    except (ValueError, AttributeError):
        return None


class HttpTransport:
    """The central service's API over httpx. One instance per sync run or enrolment."""

    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        verify: ssl.SSLContext | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        """``verify``: the certificates to trust (default: the operating system's store).
        The system's proxy settings are honoured (``trust_env``)."""
        self.server_url = check_server_url(server_url)
        self._token = token
        self._client = client or httpx.Client(
            timeout=timeout, verify=verify or system_trust(), trust_env=True
        )
        self._owns_client = client is None
        self._server_takes_gzip = False  # learnt from the service's replies
        self._pull_ceiling = MAX_PULL_LIMIT  # lowered for a service of an older release

    def __repr__(self) -> str:
        return f"HttpTransport({self.server_url!r})"

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the calls ----------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return check_health_reply(self._request("GET", "/health", auth=False))

    def enrol(self, username: str, password: str, device_name: str) -> Enrolment:
        body = self._request(
            "POST",
            "/auth/enrol",
            json_body={"username": username, "password": password, "device_name": device_name},
            auth=False,
            enrolling=True,
        )
        return check_enrol_reply(body)

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = self._request("POST", "/sync/push", json_body={"ops": ops})
        return check_push_reply(body, ops)

    def pull(self, cursor: int, limit: int) -> PullPage:
        limit = max(1, min(limit, self._pull_ceiling))
        try:
            body = self._request("GET", "/sync/pull", params={"cursor": cursor, "limit": limit})
        except SyncError as exc:
            if type(exc) is not SyncError or limit <= OLDER_PULL_LIMIT:
                raise
            # A service of an older release takes pages of at most 2,000 records and
            # refuses more: ask again for a page it takes, and keep to it from now on.
            self._pull_ceiling = OLDER_PULL_LIMIT
            body = self._request(
                "GET", "/sync/pull", params={"cursor": cursor, "limit": OLDER_PULL_LIMIT}
            )
        return check_pull_reply(body)

    def conflicts(self) -> list[dict[str, Any]]:
        return check_conflicts_reply(self._request("GET", "/sync/conflicts"))

    def reference(self) -> dict[str, Any]:
        """The council's reference data: ``levels_of_need``, ``agencies``, ``forms``,
        ``council``."""
        return check_reference_reply(self._request("GET", "/reference"))

    def recovery_key(self) -> RecoveryPublicKey | None:
        """The council's recovery public key (None: the service has none set)."""
        body = self._request("GET", "/recovery-key", absent_ok=True)
        return None if body is None else check_recovery_key_reply(body)

    # -- plumbing -----------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        enrolling: bool = False,
        absent_ok: bool = False,
    ) -> Any:
        """The reply's JSON; with ``absent_ok``, None for a 404 (nothing there)."""
        headers = {"Accept": "application/json"}
        if auth:
            if not self._token:
                raise NotEnrolled()
            headers["Authorization"] = f"Bearer {self._token}"
        url = f"{self.server_url}{API_PREFIX}{path}"
        content = self._body(json_body, headers)
        try:
            response = self._client.request(
                method, url, content=content, params=params, headers=headers
            )
            raw = response.content
        except httpx.TimeoutException:
            raise ServerUnreachable(
                f"The server at {self.server_url} did not answer in time. Sync will try "
                "again; nothing was lost."
            ) from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError,
                httpx.WriteError, httpx.ProxyError) as exc:
            if _is_certificate_problem(exc):
                raise SyncError(untrusted_message(self.server_url, exc)) from None
            if isinstance(exc, httpx.RemoteProtocolError):
                raise BadReply("the connection closed part way through") from None
            raise ServerUnreachable(
                f"Cannot reach the server at {self.server_url}. You can keep working; "
                "changes wait here until the server can be reached."
            ) from None
        except httpx.HTTPError:
            raise ServerUnreachable(
                f"Cannot reach the server at {self.server_url}. You can keep working; "
                "changes wait here until the server can be reached."
            ) from None
        if "gzip" in response.headers.get("accept-encoding", "").lower():
            self._server_takes_gzip = True
        if absent_ok and response.status_code == 404:
            return None
        self._raise_for_status(response, enrolling=enrolling)
        return parse_reply(raw)

    def _body(self, json_body: Any, headers: dict[str, str]) -> bytes | None:
        """The request's body as httpx would send it, gzipped when worth it and the service
        takes it (the headers are set to match)."""
        if json_body is None:
            return None
        body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
        if self._server_takes_gzip and len(body) >= GZIP_FROM_BYTES:
            headers["Content-Encoding"] = "gzip"
            return gzip.compress(body, GZIP_LEVEL)
        return body

    def _raise_for_status(self, response: httpx.Response, *, enrolling: bool) -> None:
        status = response.status_code
        if status < 400:
            return
        detail = _detail(response)
        code = detail.get("code") if isinstance(detail, dict) else None
        if status == 401:
            if enrolling and code == "account_inactive":
                raise SyncError("Your account on this server is not active. Ask your "
                                "administrator to reactivate it.")
            if enrolling:
                raise SyncError("That username or password is not right for this server.")
            if code == "device_revoked":
                raise DeviceRevoked(
                    "The server has withdrawn this computer's access to casework, so the "
                    "caseload on this computer has been wiped. Ask your team lead or IT if "
                    "you need access again."
                )
            raise SyncError(
                "The server no longer accepts this computer's credential. Connect to the "
                "server again with your username and password."
            )
        if status == 403:
            raise SyncError("The server refused: you may not see or change that.")
        if status == 404:
            raise SyncError(
                f"{self.server_url} does not look like a Hearth server (it has no sync service). "
                "Check the address."
            )
        if status in (429, 503) and enrolling:
            # Sign-in locked after repeated failures, or too many sign-ins at once: the
            # server's message says which and for how long (it names no one).
            message = detail.get("message") if isinstance(detail, dict) else None
            raise SyncError(message[:300] if isinstance(message, str) and message else
                            "The server cannot take a sign-in now; try again later.")
        if status == 413:
            raise SyncError("A change was too large for the server to accept.")
        if 400 <= status < 500:
            message = ""
            if isinstance(detail, str):
                message = detail
            elif isinstance(detail, dict) and isinstance(detail.get("message"), str):
                message = detail["message"]
            raise SyncError(
                "The server did not accept the request"
                + (f": {message[:200]}" if message else f" (status {status}).")
            )
        raise ServerUnreachable(
            f"The server at {self.server_url} had a problem (status {status}). Sync will try "
            "again; nothing was lost."
        )
