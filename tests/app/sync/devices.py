"""The sync tests' devices: the central service in process (server.app.create_app over
a SQLite file, reached through HttpTransport with Starlette's in-process client), a
device (a real store enrolled with it), and small edits made on a device through the
real services. The fixtures that make them are in this folder's conftest.py.
All people and families are synthetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.families import households as families
from app.records import writes as records
from app.store.caseload_store import Profile, Store
from app.store.recovery_seal import RecoveryPublicKey
from app.sync.engine import SyncEngine, SyncReport, sync_store
from app.sync.http_client import HttpTransport
from app.sync.status import credentials
from app.sync.transport import PullPage
from db.models import Family

PASSWORD = "correct horse battery"
URL = "http://localhost"


@dataclass
class Service:
    app: Any
    client: Any

    def session(self) -> Any:
        return self.app.state.sessions.begin()

    def transport(self, token: str | None = None) -> HttpTransport:
        return HttpTransport(URL, token, client=self.client)


@dataclass
class Device:
    store: Store
    service: Service

    @property
    def actor(self) -> Profile:
        return self.store.profile

    def transport(self) -> HttpTransport:
        _, token = self.store.run(credentials)
        return self.service.transport(token)

    def sync(self, transport: Any = None, **kw: Any) -> SyncReport:
        return sync_store(self.store, transport=transport or self.transport(), **kw)

    def engine(self, transport: Any = None, **kw: Any) -> SyncEngine:
        return SyncEngine(self.store.run, transport or self.transport(), **kw)

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.store.run(fn, *args)


def new_family(dev: Device, name: str = "Synthetic", **extra: Any) -> str:
    data = families.FamilyData(id=None, family_name=name, **extra)
    return dev.run(families.save_family, dev.actor, data)  # type: ignore[no-any-return]


def add_child(dev: Device, family_id: str, given: str = "Kit") -> str:
    data = families.PersonData(id=None, family_id=family_id, role="child", given_name=given,
                               family_name="Synthetic", date_of_birth=dt.date(2019, 4, 1))
    return dev.run(families.save_person, dev.actor, data)  # type: ignore[no-any-return]


def edit_family(dev: Device, family_id: str, **fields: Any) -> None:
    def work(session: Any) -> None:
        records.update(session, dev.actor, session.get(Family, family_id), **fields)

    dev.run(work)


def family_field(dev: Device, family_id: str, field: str) -> Any:
    return dev.run(lambda s: getattr(s.get(Family, family_id), field))


def count(dev: Device, model: Any, *where: Any) -> int:
    return int(dev.run(lambda s: s.scalar(select(func.count()).select_from(model).where(*where))))


class Recording:
    """Passes calls through and remembers the pushed ops."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.pushed: list[list[dict[str, Any]]] = []

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.pushed.append(ops)
        return self.inner.push(ops)  # type: ignore[no-any-return]

    def pull(self, cursor: int, limit: int) -> PullPage:
        return self.inner.pull(cursor, limit)  # type: ignore[no-any-return]

    def conflicts(self) -> list[dict[str, Any]]:
        return self.inner.conflicts()  # type: ignore[no-any-return]

    def reference(self) -> dict[str, Any]:
        return self.inner.reference()  # type: ignore[no-any-return]

    def recovery_key(self) -> RecoveryPublicKey | None:
        return self.inner.recovery_key()  # type: ignore[no-any-return]


