"""Faults on the way: dropped connections, damaged replies, a server restart, a killed
client. Afterwards one more sync completes and nothing is duplicated or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.demo.seed import seed
from app.store.caseload_store import open_store
from app.store.recovery_seal import RecoveryPublicKey
from app.sync.http_client import HttpTransport
from app.sync.scope_check import local_digest
from app.sync.status import credentials, sync_status
from app.sync.transport import BadReply, PullPage, ServerUnreachable
from db.models import Family, OutboxOp, Person, SyncConflict
from server.models import Record, RecordHistory


class Faulty:
    """Passes calls to the real transport; ``before``/``after`` hooks run around each call
    and may raise (a dropped connection) or act on the world (restart the server)."""

    def __init__(self, inner: HttpTransport, *, after_push: Any = None,
                 before_pull: Any = None) -> None:
        self.inner = inner
        self.after_push = after_push
        self.before_pull = before_pull
        self.pushes = self.pulls = 0

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        result = self.inner.push(ops)
        self.pushes += 1
        if self.after_push:
            self.after_push(self.pushes)
        return result

    def pull(self, cursor: int, limit: int) -> PullPage:
        self.pulls += 1
        if self.before_pull:
            self.before_pull(self.pulls)
        return self.inner.pull(cursor, limit)

    def conflicts(self) -> list[dict[str, Any]]:
        return self.inner.conflicts()

    def reference(self) -> dict[str, Any]:
        return self.inner.reference()  # type: ignore[no-any-return]

    def recovery_key(self) -> RecoveryPublicKey | None:
        return self.inner.recovery_key()  # type: ignore[no-any-return]


def drop_on(n: int) -> Any:
    def hook(count: int) -> None:
        if count == n:
            raise ServerUnreachable("the connection dropped (test)")

    return hook


def server_records(live_server: Any, entity: str) -> int:
    return int(live_server.count(Record, Record.entity == entity))


def test_connection_drops_mid_push_after_the_server_applied_it(
    client: Any, live_server: Any
) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    ids = [robin.new_family(f"Family {n}") for n in range(8)]
    kids = [robin.add_child(f, f"Child {n}") for n, f in enumerate(ids)]
    faulty = Faulty(robin.transport(), after_push=drop_on(2))
    with pytest.raises(ServerUnreachable):
        robin.engine(faulty, push_batch=5).sync()
    assert robin.count(OutboxOp) > 0
    robin.sync()
    assert robin.count(OutboxOp) == 0 and robin.count(SyncConflict) == 0
    assert server_records(live_server, "family") == 8
    assert server_records(live_server, "person") == 8
    # Each record was accepted once: one history row per family and child.
    with live_server.session() as s:
        per_record = s.execute(
            select(RecordHistory.record_id, func.count())
            .where(RecordHistory.entity.in_(("family", "person")))
            .group_by(RecordHistory.record_id)
        ).all()
    assert len(per_record) == 16 and all(n == 1 for _, n in per_record)
    lee.sync()
    assert all(lee.person(k) is not None for k in kids)


def test_connection_drops_mid_pull_and_the_next_sync_resumes(client: Any) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    ids = [robin.new_family(f"Family {n}") for n in range(6)]
    robin.sync()
    faulty = Faulty(lee.transport(), before_pull=drop_on(3))
    with pytest.raises(ServerUnreachable):
        lee.engine(faulty, pull_limit=2).sync()
    partial = lee.count(Family)
    assert 0 < partial < 6
    report = lee.sync()
    assert report.digest_ok and not report.repulled
    assert lee.count(Family) == 6
    assert sorted(lee.family(f).family_name for f in ids) == sorted(f"Family {n}" for n in range(6))


class Truncating(httpx.BaseTransport):
    """A network that cuts the n-th pull reply short (or fills it with noise)."""

    def __init__(self, n: int, mode: str) -> None:
        self.inner = httpx.HTTPTransport()
        self.n = n
        self.mode = mode
        self.pulls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if "/sync/pull" not in request.url.path:
            return response
        self.pulls += 1
        body = response.read()
        if self.pulls == self.n:
            body = body[: len(body) // 2] if self.mode == "truncate" else b"\x00garbage\xff" * 9
        return httpx.Response(response.status_code, headers={"content-type": "application/json"},
                              content=body)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("mode", ["truncate", "corrupt"])
def test_damaged_reply_is_a_clear_error_then_recovery(client: Any, mode: str) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    ids = [robin.new_family(f"Family {n}") for n in range(4)]
    robin.sync()
    url, token = lee.run(credentials)
    damaged = HttpTransport(url, token, client=httpx.Client(transport=Truncating(2, mode)))
    with pytest.raises(BadReply) as info:
        lee.engine(damaged, pull_limit=2).sync()
    assert "Nothing from it was applied" in info.value.message
    assert 0 < lee.count(Family) < 4  # the first page only, nothing of the damaged one
    lee.sync()
    assert lee.count(Family) == 4 and all(lee.family(f) for f in ids)


def test_server_restarts_mid_sync(client: Any, live_server: Any) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    ids = [robin.new_family(f"Family {n}") for n in range(6)]
    restarted: list[int] = []

    def restart(count: int) -> None:
        if count == 1 and not restarted:
            restarted.append(count)
            live_server.restart()

    robin.engine(Faulty(robin.transport(), after_push=restart), push_batch=4).sync()
    assert restarted and robin.count(OutboxOp) == 0
    restarted.clear()
    report = lee.engine(Faulty(lee.transport(), before_pull=lambda n: restart(n - 1)),
                        pull_limit=3).sync()
    assert restarted and report.digest_ok
    assert lee.count(Family) == 6 and all(lee.family(f) for f in ids)
    assert server_records(live_server, "family") == 6


@pytest.mark.slow
def test_client_process_killed_mid_sync_then_one_more_sync_completes(
    client: Any, live_server: Any, tmp_path: Path
) -> None:
    robin = client("robin", "robin")
    seed(robin.store, 400, 7)
    robin.sync()
    folder = tmp_path / "lee-store"
    PASSPHRASE, PASSWORD = live_server.passphrase, live_server.password  # noqa: N806
    env = dict(os.environ, HEARTH_PASSPHRASE=PASSPHRASE, HEARTH_SERVER_PASSWORD=PASSWORD,
               PYTHONUNBUFFERED="1")
    from app.store.caseload_store import Profile, create_store

    create_store(folder, PASSPHRASE, Profile("Lee Laptop", "team_lead", "North", "lee")).close()
    command = [sys.executable, "-m", "app.cli.main", "sync", "--store", str(folder),
               "--page-size", "50", "--server", live_server.url, "--username", "lee"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    killed = False
    for line in process.stdout:
        if line.startswith("Receiving"):
            process.send_signal(signal.SIGKILL)
            killed = True
            break
    process.wait(timeout=120)
    assert killed, "the sync finished before it could be interrupted"

    store = open_store(folder, PASSPHRASE)
    try:
        partial, _ = store.run(local_digest)
    finally:
        store.close()
    assert partial > 0
    done = subprocess.run(command[:-4], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    store = open_store(folder, PASSPHRASE)
    try:
        assert store.run(lambda s: s.scalar(select(func.count()).select_from(Family))) == 400
        people = store.run(lambda s: s.scalar(select(func.count()).select_from(Person)))
        assert people == robin.count(Person)
        assert store.run(sync_status).waiting == 0
        assert store.run(local_digest)[0] > partial  # it carried on where it was stopped
    finally:
        store.close()
