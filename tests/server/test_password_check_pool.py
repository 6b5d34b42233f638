"""Password checks run on a small pool of their own with a bounded queue, so a burst of
sign-in attempts never holds the threads that serve pushes and pulls."""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
import pytest
from argon2 import PasswordHasher
from live_service import LiveServer, start_server, stop_server

from server import auth
from server.hash_pool import HashPool

REQUEST_THREADS = 8  # server.app.HANDLER_THREADS, in force with the app's lifespan on


@pytest.fixture
def served(migrated_database_url: str) -> Iterator[LiveServer]:
    """The service as ``hearth-server serve`` runs it (8 request threads), with two users
    and sign-in limits out of the way (this is about load, not lockouts)."""
    live = start_server(migrated_database_url, lifespan="on")
    try:
        live.add_team("North")
        live.add_user("alice")
        live.add_user("bob")
        state = live.app.state
        state.throttle = dataclasses.replace(state.throttle, account_failures=10**6,
                                             address_failures=10**6)
        yield live
    finally:
        stop_server(live)


def guess(url: str) -> httpx.Response:
    return httpx.post(url + "/auth/enrol", timeout=60, json={
        "username": f"guess-{uuid.uuid4().hex[:8]}", "password": "a guess",
        "device_name": "Laptop"})


def test_waiting_checks_hold_no_request_thread_and_the_queue_is_bounded(
        served: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    worker = served.enrol("alice")
    release = threading.Event()
    real_verify = auth.verify_password

    def held_check(password_hash: str | None, password: str) -> bool:
        release.wait(60)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", held_check)
    pool = HashPool(threads=1, waiting=REQUEST_THREADS + 2)
    served.app.state.hash_pool = pool
    capacity = pool.threads + pool.waiting  # 11: more than the request threads
    with ThreadPoolExecutor(capacity) as attempts:
        held: list[Future[httpx.Response]] = [
            attempts.submit(guess, served.api) for _ in range(capacity)]
        for _ in range(3000):  # until every one is in the pool (its answer is still to come)
            if pool.held == capacity:
                break
            release.wait(0.01)
        assert pool.held == capacity and not any(f.done() for f in held)

        # Every request thread would be taken if the checks ran on them; a pull answers.
        started = time.perf_counter()
        assert worker.http.get("/sync/pull").status_code == 200
        assert time.perf_counter() - started < 2

        started = time.perf_counter()
        refused = guess(served.api)
        assert time.perf_counter() - started < 2  # at once, not after the queue
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "2"
        assert refused.json()["detail"]["code"] == "busy"

        release.set()
        assert [f.result(timeout=60).status_code for f in held] == [401] * capacity
    assert pool.held == 0
    assert served.enrol("bob").token  # the places are given back


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


# The guessers run in a process of their own (as they would: elsewhere), so that their
# Python does not share the service's interpreter lock. Each of THREADS threads tries
# unknown usernames in a bounded loop until stdin closes, waiting as Retry-After says
# when told the service is busy ("flood": not waiting); it prints "started" once every
# thread has had an answer, then the answers counted by status.
STORM = """
import json, sys, threading, uuid
from collections import Counter
import httpx
url, threads, most, flood = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "flood"
stop, lock, answers, first = threading.Event(), threading.Lock(), Counter(), threading.Barrier(threads + 1)
def guesser():
    with httpx.Client(base_url=url, timeout=60) as client:
        for n in range(most):
            if stop.is_set():
                return
            r = client.post("/auth/enrol", json={"username": "guess-" + uuid.uuid4().hex[:8],
                            "password": "a guess", "device_name": "Laptop"})
            with lock:
                answers[r.status_code] += 1
            if n == 0:
                first.wait()
            if r.status_code == 503 and not flood:
                stop.wait(int(r.headers["Retry-After"]))
running = [threading.Thread(target=guesser) for _ in range(threads)]
for t in running:
    t.start()
first.wait()
print("started", flush=True)
sys.stdin.read()
stop.set()
for t in running:
    t.join()
print(json.dumps(answers), flush=True)
"""


def test_a_sign_in_storm_does_not_stall_sync(served: LiveServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """24 clients guessing at once with production Argon2id costs: a worker's pull stays
    near its idle time. (Before the pool, the checks took the request threads and pulls
    waited seconds.) HEARTH_TEST_STORM=flood makes the guessers ignore Retry-After: then
    the flood of requests itself slows the service, which a proxy's rate limit is for."""
    worker = served.enrol("alice")
    monkeypatch.setattr(auth, "hasher", PasswordHasher())  # the real costs
    served.app.state.hash_pool = HashPool.from_environment({})  # 2 threads, 8 waiting

    def pulls(n: int) -> list[float]:
        times = []
        for _ in range(n):
            started = time.perf_counter()
            assert worker.http.get("/sync/pull").status_code == 200
            times.append(time.perf_counter() - started)
        return times

    pulls(5)  # warm up
    idle = pulls(40)
    storm = subprocess.Popen([sys.executable, "-c", STORM, served.api, "24", "2000",
                              os.environ.get("HEARTH_TEST_STORM", "polite")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert storm.stdout is not None and storm.stdin is not None
        assert storm.stdout.readline().strip() == "started"
        loaded = pulls(40)
        storm.stdin.close()
        answers = {int(k): v for k, v in json.loads(storm.stdout.readline()).items()}
        assert storm.wait(timeout=120) == 0
    finally:
        if storm.poll() is None:
            storm.kill()
    idle_p95, loaded_p95 = _p95(idle), _p95(loaded)
    print(f"\npull p95 idle {idle_p95 * 1000:.1f} ms, during the storm {loaded_p95 * 1000:.1f} ms;"
          f" median {statistics.median(idle) * 1000:.1f} / {statistics.median(loaded) * 1000:.1f}"
          f" ms; sign-in answers {answers}")
    assert answers.get(401, 0) > 0 and answers.get(503, 0) > 0  # checked, and excess refused
    assert set(answers) <= {401, 503}
    # Generous: the checks themselves take CPU (two threads of Argon2id on a small machine).
    assert loaded_p95 < max(1.0, 10 * idle_p95)  # before the pool: 3 s and more
