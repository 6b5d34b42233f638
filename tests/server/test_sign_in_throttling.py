"""Password guessing on POST /auth/enrol: failures lock an account or an address for a
while (429 with Retry-After), stored in the database; administrators list and lift
lockouts with ``hearth-server lockouts`` / ``unlock`` / ``set-password``.

Those commands run in this process (server_command.py); ``serve`` refusing bad settings
runs as a real process (had it started serving, the process would just time out)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import server_command
from live_service import PASSWORD, LiveServer
from sqlalchemy import select

from server.models import AuditLog, Lockout, LoginFailure
from server.throttle import ThrottleSettings

WRONG = "not the password at all"


class Clock:
    """The throttle's clock, moved on by the test (no sleeping)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)

    def catch_up(self) -> None:
        """To the real time (which ``hearth-server`` commands use), and a moment past it."""
        self.now = max(self.now, dt.datetime.now(dt.UTC)) + dt.timedelta(seconds=0.01)


@pytest.fixture
def clock(people: LiveServer) -> Clock:
    clock = Clock()
    state = people.app.state
    state.throttle = dataclasses.replace(state.throttle, clock=clock)
    return clock


def hearth_server(live: LiveServer, *args: str, tmp_path: Path | None = None,
                  ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HEARTH_DATABASE_URL=live.database_url)
    if tmp_path is not None:
        env["HEARTH_SERVER_HOME"] = str(tmp_path / "server-home")
    return server_command.hearth_server(env, *args)


def enrol(live: LiveServer, username: str, password: str) -> httpx.Response:
    return live.client().post("/auth/enrol", json={
        "username": username, "password": password, "device_name": "Laptop"})


def audit_details(live: LiveServer) -> list[tuple[str | None, int, str]]:
    with live.sessions() as s:
        return [(row.username, row.status, row.detail)
                for row in s.scalars(select(AuditLog).order_by(AuditLog.pk))]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
        people: LiveServer, clock: Clock) -> None:
    for _ in range(5):
        r = enrol(people, "alice", WRONG)
        assert r.status_code == 401 and r.json()["detail"]["code"] == "bad_credentials"
    r = enrol(people, "alice", PASSWORD)
    assert r.status_code == 429
    assert r.headers["Retry-After"] == "900"
    message = r.json()["detail"]["message"]
    assert "temporarily locked" in message and "15 minutes" in message
    # The lockout is in the database and audited once, without any password.
    with people.sessions() as s:
        lock = s.get(Lockout, ("account", "alice"))
        assert lock is not None and lock.failures == 5
        assert lock.until == clock.now + dt.timedelta(seconds=900)
    details = audit_details(people)
    locked = [d for d in details if "locked for 900 s" in d[2]]
    assert locked == [("alice", 429, "account locked for 900 s after 5 failed sign-ins in 900 s")]
    assert ("alice", 429, "enrolment refused: account locked") in details
    assert not any(WRONG in d[2] or PASSWORD in d[2] for d in details)
    # Another account from elsewhere is untouched (the address limit is 20).
    assert enrol(people, "bob", PASSWORD).status_code == 200


def test_unknown_usernames_are_throttled_the_same_way(people: LiveServer, clock: Clock) -> None:
    answers = []
    for username in ("alice", "no-such-user"):
        codes = [enrol(people, username, WRONG).status_code for _ in range(5)]
        assert codes == [401] * 5
        answers.append(enrol(people, username, WRONG))
    known, unknown = answers
    assert known.status_code == unknown.status_code == 429
    assert known.json() == unknown.json()  # nothing tells the two apart
    assert known.headers["Retry-After"] == unknown.headers["Retry-After"]


def test_the_lockout_ends_by_itself(people: LiveServer, clock: Clock) -> None:
    for _ in range(5):
        enrol(people, "alice", WRONG)
    clock.advance(899.2)
    r = enrol(people, "alice", PASSWORD)
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    clock.advance(1)
    # Over: the failures before it no longer count, so one more mistake is just a mistake.
    assert enrol(people, "alice", WRONG).status_code == 401
    assert enrol(people, "alice", PASSWORD).status_code == 200


def test_failures_outside_the_window_do_not_count(people: LiveServer, clock: Clock) -> None:
    for _ in range(4):
        enrol(people, "alice", WRONG)
    clock.advance(901)
    for _ in range(4):
        assert enrol(people, "alice", WRONG).status_code == 401
    assert enrol(people, "alice", PASSWORD).status_code == 200
    with people.sessions() as s:  # the old rows are pruned as new ones come
        assert s.scalars(select(LoginFailure)).all() == []


def test_a_successful_enrolment_clears_the_accounts_failures(
        people: LiveServer, clock: Clock) -> None:
    for _ in range(4):
        enrol(people, "alice", WRONG)
    assert enrol(people, "alice", PASSWORD).status_code == 200
    for _ in range(4):
        assert enrol(people, "alice", WRONG).status_code == 401
    assert enrol(people, "alice", PASSWORD).status_code == 200
    for _ in range(5):
        assert enrol(people, "alice", WRONG).status_code == 401
    assert enrol(people, "alice", PASSWORD).status_code == 429


def test_one_address_is_locked_across_usernames(
        people: LiveServer, clock: Clock, tmp_path: Path) -> None:
    for n in range(20):  # one guess at each of twenty usernames: no account reaches 5
        assert enrol(people, f"guess{n}", WRONG).status_code == 401
    r = enrol(people, "alice", PASSWORD)
    assert r.status_code == 429 and "this address" in r.json()["detail"]["message"]
    assert int(r.headers["Retry-After"]) == 900
    listing = hearth_server(people, "lockouts", tmp_path=tmp_path)
    assert listing.returncode == 0, listing.stderr
    line = next(line for line in listing.stdout.splitlines() if line.startswith("address"))
    assert "127.0.0.1" in line and " 20 " in line
    assert (clock.now + dt.timedelta(seconds=900)).strftime("%Y-%m-%d %H:%M:%S UTC") in line
    assert any("address 127.0.0.1 locked" in d[2] for d in audit_details(people))
    # An unlock of the account does not lift the address; --address does.
    missing = hearth_server(people, "unlock", "alice", tmp_path=tmp_path)
    assert missing.returncode == 1 and "No account 'alice' is locked" in missing.stderr
    lifted = hearth_server(people, "unlock", "--address", "127.0.0.1", tmp_path=tmp_path)
    assert lifted.returncode == 0 and "Lifted the lockout of address 127.0.0.1" in lifted.stdout
    clock.catch_up()
    assert enrol(people, "alice", PASSWORD).status_code == 200


def test_lockouts_listed_and_unlock_lifts_one(
        people: LiveServer, clock: Clock, tmp_path: Path) -> None:
    assert "No account or address is locked." in hearth_server(
        people, "lockouts", tmp_path=tmp_path).stdout
    for _ in range(5):
        enrol(people, "alice", WRONG)
    listing = hearth_server(people, "lockouts", tmp_path=tmp_path).stdout
    line = next(line for line in listing.splitlines() if line.startswith("account"))
    assert "alice" in line and " 5 " in line
    assert enrol(people, "alice", PASSWORD).status_code == 429
    r = hearth_server(people, "unlock", "alice", tmp_path=tmp_path)
    assert r.returncode == 0 and "Lifted the lockout of account alice" in r.stdout
    clock.catch_up()
    assert "No account or address is locked." in hearth_server(
        people, "lockouts", tmp_path=tmp_path).stdout
    assert ("alice", 200, "account lockout lifted") in audit_details(people)
    # Lifted, the old failures are gone: the right password works, one mistake is one.
    assert enrol(people, "alice", WRONG).status_code == 401
    assert enrol(people, "alice", PASSWORD).status_code == 200


def test_set_password_changes_it_and_lifts_the_lockout(
        people: LiveServer, clock: Clock, tmp_path: Path) -> None:
    for _ in range(5):
        enrol(people, "alice", WRONG)
    assert enrol(people, "alice", PASSWORD).status_code == 429
    new = tmp_path / "new-password.txt"
    new.write_text("a brand new synthetic password\n")
    r = hearth_server(people, "set-password", "alice", "--password-file", str(new),
                      tmp_path=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Set a new password for alice" in r.stdout
    clock.catch_up()
    assert enrol(people, "alice", PASSWORD).status_code == 401  # the old one is refused
    assert enrol(people, "alice", "a brand new synthetic password").status_code == 200
    details = [detail for _, _, detail in audit_details(people)]
    assert "password set" in details and "brand new" not in " ".join(details)
    short = tmp_path / "short.txt"
    short.write_text("short\n")
    r = hearth_server(people, "set-password", "alice", "--password-file", str(short),
                      tmp_path=tmp_path)
    assert r.returncode == 1 and "at least 8 characters" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = hearth_server(people, "set-password", "nobody", "--password-file", str(new),
                      tmp_path=tmp_path)
    assert r.returncode == 1 and "No user called 'nobody'" in r.stderr


def test_bad_settings_stop_the_service_with_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, HEARTH_SERVER_HOME=str(tmp_path), HEARTH_LOCKOUT_ACCOUNT_FAILURES="0")
    env.pop("HEARTH_DATABASE_URL", None)
    r = server_command.hearth_server_process(env, "serve", "--port", "1", timeout=60)
    assert r.returncode == 1
    assert r.stderr.strip() == "hearth-server: HEARTH_LOCKOUT_ACCOUNT_FAILURES must be at least 1."
    env.update(HEARTH_LOCKOUT_ACCOUNT_FAILURES="5", HEARTH_HASH_THREADS="two")
    r = server_command.hearth_server_process(env, "serve", "--port", "1", timeout=60)
    assert r.returncode == 1 and "HEARTH_HASH_THREADS must be a whole number" in r.stderr


def test_settings_come_from_the_environment() -> None:
    settings = ThrottleSettings.from_environment({
        "HEARTH_LOCKOUT_ACCOUNT_FAILURES": "3", "HEARTH_LOCKOUT_ADDRESS_FAILURES": "50",
        "HEARTH_LOCKOUT_WINDOW_SECONDS": "60", "HEARTH_LOCKOUT_SECONDS": "120"})
    assert (settings.account_failures, settings.address_failures, settings.window_seconds,
            settings.lockout_seconds) == (3, 50, 60, 120)
    assert ThrottleSettings.from_environment({}) == ThrottleSettings()


def test_configured_limits_are_used(people: LiveServer, clock: Clock) -> None:
    state: Any = people.app.state
    state.throttle = dataclasses.replace(state.throttle, account_failures=2, lockout_seconds=60)
    assert [enrol(people, "alice", WRONG).status_code for _ in range(3)] == [401, 401, 429]
    r = enrol(people, "alice", PASSWORD)
    assert r.status_code == 429 and r.headers["Retry-After"] == "60"
    assert "1 minute;" not in r.json()["detail"]["message"]
    assert "try again in 1 minute." in r.json()["detail"]["message"]


def test_a_burst_of_guesses_at_one_account_is_counted_as_it_comes(
        people: LiveServer, clock: Clock) -> None:
    """24 guesses at once: each is written down before its (slow) check, so the burst
    does not get 24 checks; nothing answers 5xx but the pool's 503 (busy)."""
    with ThreadPoolExecutor(24) as guessers:
        statuses = list(guessers.map(lambda _: enrol(people, "alice", WRONG).status_code,
                                     range(24)))
    assert set(statuses) <= {401, 429, 503}, statuses
    # At most the limit (fewer if the pool was full and some were told 503).
    assert 1 <= statuses.count(401) <= 5
    assert statuses.count(429) >= 1
    r = enrol(people, "alice", PASSWORD)
    assert r.status_code == 429
    with people.sessions() as s:
        assert s.get(Lockout, ("account", "alice")) is not None
