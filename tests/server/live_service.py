"""A live central service on loopback for tests: uvicorn in a thread, httpx clients,
and helpers that act like devices (push ops, pull pages) and like an administrator."""

from __future__ import annotations

import socket
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from server import admin
from server.app import create_app
from server.db import session_factory

API = "/api/v1"
PASSWORD = "correct horse battery"


@dataclass
class LiveServer:
    url: str
    database_url: str
    app: Any
    sessions: sessionmaker[Session]
    _server: uvicorn.Server
    _thread: threading.Thread
    clients: list[httpx.Client] = field(default_factory=list)

    @property
    def api(self) -> str:
        return self.url + API

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        c = httpx.Client(base_url=self.api, headers=headers, timeout=30)
        self.clients.append(c)
        return c

    # --- administration, straight on the database -------------------------------------
    def add_team(self, name: str) -> None:
        with self.sessions.begin() as s:
            admin.add_team(s, name)

    def add_user(self, username: str, role: str = "worker", team: str | None = "North") -> None:
        with self.sessions.begin() as s:
            admin.add_user(s, username, name=f"{username} (synthetic)", role=role, team=team,
                           password=PASSWORD)

    def enrol(self, username: str, device_name: str = "laptop") -> Device:
        r = self.client().post("/auth/enrol", json={
            "username": username, "password": PASSWORD, "device_name": device_name})
        assert r.status_code == 200, r.text
        body = r.json()
        return Device(self, username, body["device_id"], body["token"],
                      self.client(body["token"]))

    def allocate(self, family_id: str, username: str) -> admin.AllocationInfo:
        with self.sessions.begin() as s:
            return admin.allocate(s, family_id, username)

    def revoke(self, device_id: str) -> None:
        with self.sessions.begin() as s:
            admin.revoke_device(s, device_id)


@dataclass
class Device:
    """One enrolled device: pushes ops and pulls pages like a client would."""

    server: LiveServer
    username: str
    device_id: str
    token: str
    http: httpx.Client
    cursor: int = 0

    def push(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        r = self.http.post("/sync/push", json={"ops": list(ops)})
        assert r.status_code == 200, r.text
        return r.json()["results"]

    def pull_page(self, cursor: int | None = None, limit: int = 500) -> dict[str, Any]:
        r = self.http.get("/sync/pull", params={
            "cursor": self.cursor if cursor is None else cursor, "limit": limit})
        assert r.status_code == 200, r.text
        return r.json()

    def pull_all(self, limit: int = 500) -> tuple[list[dict[str, Any]], list[str], dict[str, Any]]:
        """Pull every page from the device's cursor; return (changes, purge, scope)."""
        changes: list[dict[str, Any]] = []
        purge: list[str] = []
        while True:
            page = self.pull_page(limit=limit)
            changes.extend(page["changes"])
            purge.extend(page["purge"])
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes, purge, page["scope"]


def op(entity: str, record_id: str, fields: dict[str, Any], *, base: int | None = None,
       family_id: str | None = None, deleted: bool = False,
       resolves: list[str] | None = None, op_id: str | None = None) -> dict[str, Any]:
    return {
        "op_id": op_id or str(uuid.uuid4()),
        "entity": entity,
        "id": record_id,
        "family_id": family_id,
        "base_version": base,
        "fields": fields,
        "deleted": deleted,
        "resolves": resolves or [],
    }


def new_family(reference: str = "F-0001", **extra: Any) -> tuple[str, dict[str, Any]]:
    """A synthetic family create op (every content field, as the client sends it)."""
    fid = str(uuid.uuid4())
    fields = {
        "reference": reference, "family_name": "Synthetic", "address_line1": "",
        "address_line2": "", "town": "", "postcode": "", "phone": "", "email": "",
        "contact_notes": "", "status": "open", "level_code": "", "lead_professional": "",
        "lead_agency": "", "allocated_to": "", "request_date": None, "request_source": "",
        "request_reason": "", "last_contact": None, "next_review": None,
    }
    fields.update(extra)
    return fid, op("family", fid, fields, family_id=fid)


def new_person(family_id: str, given_name: str = "Child") -> tuple[str, dict[str, Any]]:
    pid = str(uuid.uuid4())
    fields = {"family_id": family_id, "role": "child", "given_name": given_name,
              "family_name": "Synthetic", "date_of_birth": "2019-04-01"}
    return pid, op("person", pid, fields, family_id=family_id)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def start_server(database_url: str, *, lifespan: str = "off") -> LiveServer:
    """``lifespan="on"``: run the app's start-up as ``serve`` does (e.g. its 8 request threads)."""
    app = create_app(database_url)
    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan=lifespan)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    # Wait until it answers /health (join with a timeout is the wait, not a sleep).
    for _ in range(500):
        if server.started:
            try:
                if httpx.get(url + API + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
        thread.join(timeout=0.02)
        if not thread.is_alive():
            raise RuntimeError("the test server stopped while starting")
    else:
        raise RuntimeError("the test server did not start")
    return LiveServer(url, database_url, app, session_factory(app.state.engine), server, thread)


def stop_server(live: LiveServer) -> None:
    for c in live.clients:
        c.close()
    live._server.should_exit = True
    live._thread.join(timeout=10)
    live.app.state.scope_warmer.shutdown(wait=True)  # nothing reads the database after this
    live.app.state.engine.dispose()
