"""Whole-system fixtures: the central service on loopback and real client stores.

The service is server.app.create_app over a SQLite file, served by uvicorn in a
thread on 127.0.0.1 (a free port). Clients are real SQLCipher stores in
tmp_path, enrolled over HTTP and synced with the real engine. People, teams
and families are synthetic.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from app.families import households as families
from app.records import writes as records
from app.store.caseload_store import Profile, Store, create_store
from app.sync import enrolment
from app.sync.engine import SyncEngine, SyncReport, sync_store
from app.sync.http_client import HttpTransport
from app.sync.protocol import API_PREFIX
from app.sync.status import credentials, sync_status
from db.models import Family, Person
from server import admin
from server.app import create_app

from ui.shell.task_runner import TaskRunner

PASSWORD = "correct horse battery"
PASSPHRASE = "lantern-orchard-copper-meadow-42"

# username, role, team
PEOPLE = (
    ("robin", "worker", "North"),
    ("sam", "worker", "North"),
    ("lee", "team_lead", "North"),
    ("kit", "worker", "South"),
    ("ash", "team_lead", "South"),
    ("root", "admin", None),
)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class LiveServer:
    database_url: str
    # Synthetic secrets the tests use (the same for every person and store).
    password: str = PASSWORD
    passphrase: str = PASSPHRASE
    url: str = ""
    app: Any = None
    _server: Any = None
    _thread: threading.Thread | None = None
    _sock: socket.socket | None = None

    def start(self, port: int | None = None) -> None:
        self.app = create_app(self.database_url)
        if port is None:
            sock = _free_socket()
        else:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
        self._sock = sock
        port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(1000):
            if self._server.started:
                try:
                    if httpx.get(self.url + API_PREFIX + "/health", timeout=2).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
            self._thread.join(timeout=0.02)
            if not self._thread.is_alive():
                break
        raise RuntimeError("the test server did not start")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        if self.app is not None:
            self.app.state.engine.dispose()

    def restart(self) -> None:
        port = int(self.url.rsplit(":", 1)[1])
        self.stop()
        self.start(port)

    def session(self) -> Any:
        return self.app.state.sessions.begin()

    def allocate(self, family_id: str, username: str) -> None:
        with self.session() as s:
            admin.allocate(s, family_id, username)

    def revoke(self, device_id: str) -> None:
        with self.session() as s:
            admin.revoke_device(s, device_id)

    def count(self, model: Any, *where: Any) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(f"sqlite:///{tmp_path / 'hearth-server.db'}")
    server.start()
    with server.session() as s:
        for team in ("North", "South"):
            admin.add_team(s, team)
        for username, role, team in PEOPLE:
            admin.add_user(s, username, name=f"{username.title()} Synthetic", role=role,
                           team=team, password=PASSWORD)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Client:
    """One worker's laptop: a real encrypted store, enrolled with the live server."""

    name: str
    store: Store
    server: LiveServer
    reports: list[SyncReport] = field(default_factory=list)

    @property
    def actor(self) -> Profile:
        return self.store.profile

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.store.run(fn, *args)

    def transport(self) -> HttpTransport:
        url, token = self.store.run(credentials)
        return HttpTransport(url, token)

    def sync(self, transport: Any = None, **kw: Any) -> SyncReport:
        report = sync_store(self.store, transport=transport, **kw)
        self.reports.append(report)
        return report

    def engine(self, transport: Any, **kw: Any) -> SyncEngine:
        return SyncEngine(self.store.run, transport, **kw)

    @property
    def device_id(self) -> str:
        return str(self.run(sync_status).device_id)

    # -- casework, through the real services ---------------------------------
    def new_family(self, name: str, **extra: Any) -> str:
        data = families.FamilyData(id=None, family_name=name, **extra)
        return str(self.run(families.save_family, self.actor, data))

    def add_child(self, family_id: str, given: str, born: dt.date = dt.date(2019, 4, 1)) -> str:
        data = families.PersonData(id=None, family_id=family_id, role="child", given_name=given,
                                   family_name="Synthetic", date_of_birth=born)
        return str(self.run(families.save_person, self.actor, data))

    def edit(self, model: Any, record_id: str, **fields: Any) -> None:
        def work(session: Any) -> None:
            records.update(session, self.actor, session.get(model, record_id), **fields)

        self.run(work)

    def family(self, family_id: str) -> Family | None:
        return self.run(lambda s: s.get(Family, family_id))  # type: ignore[no-any-return]

    def person(self, person_id: str) -> Person | None:
        return self.run(lambda s: s.get(Person, person_id))  # type: ignore[no-any-return]

    def count(self, model: Any, *where: Any) -> int:
        return int(self.run(lambda s: s.scalar(select(func.count()).select_from(model)
                                               .where(*where))) or 0)


@pytest.fixture
def client(live_server: LiveServer, tmp_path: Path) -> Iterator[Callable[[str, str], Client]]:
    opened: list[Store] = []

    def make(name: str, username: str) -> Client:
        profile = Profile(name=f"{name.title()} Laptop", role="family_support_worker",
                          team="North", username=name)
        store = create_store(tmp_path / "clients" / name, PASSPHRASE, profile)
        opened.append(store)
        enrolment.enrol(store, live_server.url, username, PASSWORD)
        return Client(name, store, live_server)

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """The window's store thread (closed and shut down after the test)."""
    task_runner = TaskRunner()
    yield task_runner
    store = task_runner.store
    if store is not None:
        task_runner.run_on_store_thread(store.close)
    task_runner.shutdown()
