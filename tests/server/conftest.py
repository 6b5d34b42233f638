"""Fixtures for the central service's tests: a database per backend, a live server
on loopback (uvicorn in a thread), and helpers to set up people and devices.

Backends: "sqlite" always; "postgresql" when HEARTH_TEST_POSTGRES_URL is set
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test): each test gets a fresh
database hearth_test_<random>, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from live_service import LiveServer, start_server, stop_server
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "HEARTH_TEST_POSTGRES_URL"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hearth-server.db'}"
        return
    base = make_url(os.environ[POSTGRES_ENV])
    name = f"hearth_test_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.fixture
def live_server(database_url: str) -> Iterator[LiveServer]:
    live = start_server(database_url)
    try:
        yield live
    finally:
        stop_server(live)


@pytest.fixture
def people(live_server: LiveServer) -> LiveServer:
    """Two teams: North (workers alice, bob; lead lena), South (worker sam; lead sue); admin ada."""
    live_server.add_team("North")
    live_server.add_team("South")
    live_server.add_user("alice")
    live_server.add_user("bob")
    live_server.add_user("lena", role="team_lead")
    live_server.add_user("sam", team="South")
    live_server.add_user("sue", role="team_lead", team="South")
    live_server.add_user("ada", role="admin", team=None)
    return live_server
