"""Fixtures for the sync tests: the central service in process and enrolled devices
(tests/app/sync/devices.py)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.store.caseload_store import Profile, Store, create_store
from app.sync import enrolment
from server import admin
from server.app import create_app
from tests.app.sync.devices import PASSWORD, URL, Device, Service
from tests.builders import SYNTHETIC_PASSPHRASE as PASSPHRASE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    app = create_app(f"sqlite:///{tmp_path / 'server.db'}")
    with app.state.sessions.begin() as s:
        admin.add_team(s, "North")
        admin.add_team(s, "South")
        for username, role, team in (
            ("robin", "worker", "North"),
            ("sam", "worker", "North"),
            ("lee", "team_lead", "North"),
            ("kit", "worker", "South"),
        ):
            admin.add_user(s, username, name=f"{username.title()} Synthetic", role=role,
                           team=team, password=PASSWORD)
    with TestClient(app) as client:
        yield Service(app, client)
    app.state.engine.dispose()


@pytest.fixture
def device(service: Service, tmp_path: Path) -> Iterator[Callable[[str, str], Device]]:
    opened: list[Store] = []

    def make(name: str, username: str) -> Device:
        profile = Profile(name="Someone", role="family_support_worker", team="North",
                          username="someone")
        store = create_store(tmp_path / name, PASSPHRASE, profile)
        opened.append(store)
        enrolment.enrol(store, URL, username, PASSWORD, transport=service.transport())
        return Device(store, service)

    yield make
    for store in opened:
        store.close()
