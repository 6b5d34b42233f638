"""Server load: 50 devices syncing at once against one central service on PostgreSQL.

Issue 3's budget, tightened by issue 18: 50 simulated devices syncing at the same
time against one server on PostgreSQL, 95th percentile request latency under
150 ms (it was 300 ms) and no errors; requests per second are reported for
information. The floor of the p95 is measured in the same run
(``bench.bare_endpoint``): the same number of devices sending sync cycles of the
usual sizes all at once to a bare endpoint under as many uvicorn workers.

Setup (not timed): a fresh database ``hearth_bench_<random>`` is created on the
local PostgreSQL (``HEARTH_BENCH_POSTGRES``, default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``, through an AUTOCOMMIT
connection) and dropped at the end. If PostgreSQL cannot be reached, an SQLite
file in the work folder is used instead and every figure's name says
``on_sqlite`` (one server worker then, as the README advises). The database
gets one team of 10 workers and a team lead; ``hearth-server serve`` runs in
its own process on 127.0.0.1 (``--workers 2`` on PostgreSQL), 50 devices enrol
through ``POST /auth/enrol`` (5 per worker), each worker's first device pushes
20 synthetic families of 3 people, and every device pulls its scope once.

The load (timed) is a sync cycle the way the app's sync engine does it: push
1 to 5 ops (edits to families and people of the worker's caseload, now and
then a new person; a device edits its own share of the caseload, as a worker's
devices rarely edit the same family at the same moment), pull from its cursor
until ``has_more`` is false, then fetch open conflicts. It runs three times:

- **At the app's pace** (the budgeted figures, ``server_load_*``): the 50
  devices start a sync cycle at the same moment, and each starts its next one
  5 s after the last ended, which is the fastest the app ever syncs (a few
  seconds after a change; otherwise every few minutes). So every few seconds
  all 50 devices are syncing at once. 40 s of this.
- **Back to back** (``server_load_capacity_*``, no budget): each device starts
  its next cycle the moment the last ends, up to 20 cycles. This finds the
  service's capacity (requests per second); its latencies are then set by
  queueing, since 50 devices always waiting on 50 requests make the mean
  latency 50 divided by the requests per second.
- **The mix** (``server_load_mix_*``, same budget as the first): at the app's pace
  again, with about one op in ten reallocating a family (the team lead's devices
  join) or deleting a person (``bench/server_load_mix.py``).

Every request's latency is measured, and so is each whole sync (what a worker
waits for, reported as ``*_whole_sync_p95``). An error is a request that fails (no
answer, or a status other than 200) or a pushed op the service rejects.

The load generator is deliberately light (one asyncio loop, one aiohttp client
per device, no think time: ``bench.device_http``) but it shares the machine's CPUs
with the service and PostgreSQL: on a 2-core machine the latencies include time the
generator took from the service, and time a response waited for the generator's
loop, so they overstate what a device would see of a service on its own machine. So each
run also prints where the machine's CPU went per request (the service, the load
generator, and the rest, mostly the database) and how busy the machine was.
Everything is synthetic.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import secrets
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.device_http import ERRORS, DeviceHTTP
from bench.harness import Result, median, percentile, with_floor
from bench.sync_bench import _Server

POSTGRES_ENV = "HEARTH_BENCH_POSTGRES"
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "bench synthetic password"
TEAM = "Bench Load Team"
WORKERS = 10
DEVICES_PER_WORKER = 5
FAMILIES_PER_WORKER = 20
PEOPLE_PER_FAMILY = 3
ROUNDS = 20  # back to back: at most this many cycles a device
LOAD_SECONDS = 40.0  # no device starts a new sync cycle after this
APP_PACE_SECONDS = 5.0  # the app syncs this long after a change (ui/sync/sync_controller.py)
REQUEST_TIMEOUT = 30.0
SERVER_WORKERS_POSTGRES = 2
P95_BUDGET_MS = 150  # issue 18 (issue 3's budget was 300 ms)
API = "/api/v1"
SEED = 3


# ------------------------------------------------------------------ the database


@contextmanager
def _database(workdir: Path) -> Iterator[tuple[str, bool]]:
    """A fresh PostgreSQL database (dropped afterwards), or an SQLite file if PostgreSQL
    cannot be reached; yields (url, on_postgres)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin_url = make_url(os.environ.get(POSTGRES_ENV, POSTGRES_ADMIN_URL))
    name = f"hearth_bench_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: fall back, and say so
        admin.dispose()
        sys.stderr.write(f"server_load: PostgreSQL not reachable ({type(exc).__name__}); "
                         "using SQLite instead\n")
        yield f"sqlite:///{workdir / 'hearth-server.db'}", False
        return
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False), True
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _prepare(database_url: str, workers_count: int = WORKERS,
             cheap_passwords: bool = False) -> list[str]:
    """Create the schema, the team and its people; return the workers' usernames.
    ``cheap_passwords``: hashed with small Argon2 costs (the service checks a password
    with the costs it was hashed with), so that hundreds of devices enrol in seconds."""
    from argon2 import PasswordHasher

    from server import admin, auth
    from server.db import init_database, session_factory

    workers = [f"bench.load.worker{n:02d}" for n in range(1, workers_count + 1)]
    engine = init_database(database_url)
    hasher = auth.hasher
    if cheap_passwords:
        auth.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        with session_factory(engine).begin() as s:
            admin.add_team(s, TEAM)
            admin.add_user(s, "bench.load.lead", name="Bench Load Lead", role="team_lead",
                           team=TEAM, password=PASSWORD)
            for username in workers:
                admin.add_user(s, username, name=username.replace(".", " ").title(),
                               role="worker", team=TEAM, password=PASSWORD)
    finally:
        auth.hasher = hasher
        engine.dispose()
    return workers


# ------------------------------------------------------------------ the simulated devices


def _op(entity: str, record_id: str, fields: dict[str, Any], family_id: str,
        base: int | None) -> dict[str, Any]:
    return {"op_id": str(uuid.uuid4()), "entity": entity, "id": record_id,
            "family_id": family_id, "base_version": base, "fields": fields,
            "deleted": False, "resolves": []}


def _new_family(reference: str, holder: str) -> tuple[str, dict[str, Any]]:
    fid = str(uuid.uuid4())
    fields = {
        "reference": reference, "family_name": "Synthetic", "address_line1": "1 Example Road",
        "address_line2": "", "town": "Exampleton", "postcode": "ZZ99 9ZZ", "phone": "",
        "email": "", "contact_notes": "", "status": "open", "level_code": "",
        "lead_professional": holder, "lead_agency": "", "allocated_to": "",
        "request_date": "2024-01-15", "request_source": "school", "request_reason": "",
        "last_contact": None, "next_review": None,
    }
    return fid, _op("family", fid, fields, fid, None)


def _new_person(family_id: str, n: int) -> tuple[str, dict[str, Any]]:
    pid = str(uuid.uuid4())
    fields = {"family_id": family_id, "role": "child", "given_name": f"Child{n}",
              "family_name": "Synthetic", "date_of_birth": "2018-04-01"}
    return pid, _op("person", pid, fields, family_id, None)


@dataclass
class _Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> seconds
    errors: int = 0
    first_errors: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    cycles: int = 0
    cycle_seconds: list[float] = field(default_factory=list)  # a device's whole sync
    # In the mix a family can move away from a device before it pushes: the service then
    # refuses its op (and keeps it as a conflict), which is the protocol, not a failure.
    refusals_are_errors: bool = True
    kinds: dict[str, int] = field(default_factory=dict)  # ops pushed by kind (edit, delete...)

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.first_errors) < 5:
            self.first_errors.append(text)


@dataclass
class _Device:
    """One enrolled device: what it knows of its worker's scope, and its cursor."""

    name: str
    username: str
    http: DeviceHTTP  # with the device's token
    rng: random.Random
    cursor: int = 0
    versions: dict[tuple[str, str], int] = field(default_factory=dict)
    people: dict[str, list[str]] = field(default_factory=dict)  # family id -> person ids
    share: list[str] = field(default_factory=list)  # the families this device edits
    made: int = 0
    # The mix (bench/server_load_mix.py): the share of ops that delete a person, the share
    # that move a family to another of ``holders`` (a team lead's devices), and which of
    # its worker's devices this is (a family that arrives goes to one of them).
    deletes: float = 0.0
    reallocates: float = 0.0
    holders: list[str] = field(default_factory=list)
    slot: tuple[int, int] = (0, 1)

    async def request(self, tally: _Tally | None, kind: str, method: str, path: str,
                      **kwargs: Any) -> Any:
        """One request; its latency goes to ``tally``. None if it failed."""
        start = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kwargs)
        except ERRORS as exc:
            if tally is None:
                raise
            tally.latencies.setdefault(kind, []).append(time.perf_counter() - start)
            tally.error(f"{kind}: {type(exc).__name__}")
            return None
        elapsed = time.perf_counter() - start
        if tally is not None:
            tally.latencies.setdefault(kind, []).append(elapsed)
        if response.status_code != 200:
            if tally is None:
                raise RuntimeError(f"{kind} answered {response.status_code}: {response.text[:200]}")
            tally.error(f"{kind}: HTTP {response.status_code}")
            return None
        return response.json()

    async def push(self, tally: _Tally | None, ops: list[dict[str, Any]]) -> None:
        body = await self.request(tally, "push", "POST", "/sync/push", json={"ops": ops})
        if body is None:
            return
        for op, result in zip(ops, body["results"], strict=True):
            status = result["status"]
            if tally is None:
                if status != "applied":
                    raise RuntimeError(f"a seeding op was {status} ({result['reason']})")
            else:
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
                if status == "rejected" and tally.refusals_are_errors:
                    tally.error(f"push: op rejected ({result['reason']})")
            if result["version"] is not None:
                self.versions[(op["entity"], op["id"])] = result["version"]

    async def pull(self, tally: _Tally | None) -> None:
        from app.sync.engine import DEFAULT_PULL_LIMIT

        while True:
            page = await self.request(tally, "pull", "GET", "/sync/pull",
                                      params={"cursor": self.cursor, "limit": DEFAULT_PULL_LIMIT})
            if page is None:
                return
            for change in page["changes"]:
                if change["entity"] == "family" and self.share and change["id"] not in self.share:
                    slot, of = self.slot
                    if (("family", change["id"]) not in self.versions
                            and int(change["id"][:8], 16) % of == slot):
                        self.share.append(change["id"])  # moved to this worker: edit it too
                if change["entity"] == "person":
                    known = self.people.setdefault(change["family_id"], [])
                    if change["id"] not in known:
                        known.append(change["id"])
                self.versions[(change["entity"], change["id"])] = change["version"]
            for fid in page["purge"]:
                self._forget(fid)
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return

    def _forget(self, family_id: str) -> None:
        """A family moved to another worker: the device purges it."""
        for pid in self.people.pop(family_id, []):
            self.versions.pop(("person", pid), None)
        self.versions.pop(("family", family_id), None)
        if family_id in self.share:
            self.share.remove(family_id)

    def _edits(self, round_no: int) -> list[dict[str, Any]]:
        """1 to 5 ops on distinct records of this device's share of the caseload."""
        rng = self.rng
        ops: list[dict[str, Any]] = []
        touched: set[tuple[str, str]] = set()
        stamp = f"{self.name} r{round_no}"
        day = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))).isoformat()
        for _ in range(rng.randint(1, 5)):
            if not self.share:
                break
            fid = rng.choice(self.share)
            if self.deletes or self.reallocates:
                mixed = self._mixed(fid, touched)
                if mixed is not None:
                    ops.append(mixed)
                    continue
            choice = rng.random()
            if choice < 0.1:
                self.made += 1
                pid, op = _new_person(fid, self.made)
                self.people.setdefault(fid, []).append(pid)
                ops.append(op)
                continue
            if choice < 0.55 or not self.people.get(fid):
                key = ("family", fid)
                fields: dict[str, Any] = rng.choice((
                    {"contact_notes": f"Visit notes {stamp}"},
                    {"phone": f"01632 {rng.randrange(960000, 961000)}"},
                    {"last_contact": day},
                    {"next_review": day, "contact_notes": f"Review set {stamp}"},
                ))
            else:
                key = ("person", rng.choice(self.people[fid]))
                fields = rng.choice((
                    {"school_or_setting": f"Example Primary {rng.randrange(40)}"},
                    {"language": rng.choice(("English", "Welsh", "Polish", "Urdu"))},
                    {"interpreter_needed": rng.random() < 0.2},
                ))
            if key in touched or key not in self.versions:
                continue
            touched.add(key)
            ops.append(_op(key[0], key[1], fields, fid, self.versions[key]))
        if self.deletes or self.reallocates:
            # As the app sends them: when each change was made (kept if the family moves).
            made_at = dt.datetime.now(dt.UTC).isoformat()
            ops = [{**op, "made_at": made_at} for op in ops]
        return ops

    def _mixed(self, fid: str, touched: set[tuple[str, str]]) -> dict[str, Any] | None:
        """Now and then, instead of an edit: a person deleted, or the family reallocated."""
        rng = self.rng
        people = self.people.get(fid) or []
        if rng.random() < self.deletes and people:
            pid = rng.choice(people)
            key = ("person", pid)
            if key in touched or key not in self.versions:
                return None
            touched.add(key)
            people.remove(pid)
            op = _op("person", pid, {}, fid, self.versions.pop(key))
            return {**op, "deleted": True, "op_kind": "delete"}
        key = ("family", fid)
        if rng.random() < self.reallocates and self.holders and key in self.versions:
            if key in touched:
                return None
            touched.add(key)
            return {**_op("family", fid, {"allocated_to": rng.choice(self.holders)}, fid,
                          self.versions[key]), "op_kind": "reallocate"}
        return None

    async def sync_cycle(self, tally: _Tally, round_no: int) -> None:
        start = time.perf_counter()
        ops = self._edits(round_no)
        for op in ops:
            kind = op.pop("op_kind", "edit")
            tally.kinds[kind] = tally.kinds.get(kind, 0) + 1
        if ops:
            await self.push(tally, ops)
        await self.pull(tally)
        await self.request(tally, "conflicts", "GET", "/sync/conflicts")
        tally.cycles += 1
        tally.cycle_seconds.append(time.perf_counter() - start)


async def _few_at_a_time(jobs: list[Any], at_once: int = 4) -> list[Any]:
    """Run setup requests a few at a time (the setup is not what is measured)."""
    gate = asyncio.Semaphore(at_once)

    async def one(job: Any) -> Any:
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs))


async def _enrol(http: Any, username: str, device_name: str) -> str:
    response = await http.post(API + "/auth/enrol", json={
        "username": username, "password": PASSWORD, "device_name": device_name})
    if response.status_code != 200:
        raise RuntimeError(f"enrolment of {device_name} answered {response.status_code}")
    return str(response.json()["token"])


async def _devices(url: str, workers: list[str], clients: list[Any]) -> list[_Device]:
    """Enrol the devices, seed each worker's caseload, and let every device pull it."""
    anonymous = DeviceHTTP(url, timeout=REQUEST_TIMEOUT)
    try:
        names = [(w, f"{w} device {d}") for w in workers for d in range(1, DEVICES_PER_WORKER + 1)]
        tokens = await _few_at_a_time([_enrol(anonymous, w, name) for w, name in names])
    finally:
        await anonymous.aclose()
    devices = []
    for n, ((username, _name), token) in enumerate(zip(names, tokens, strict=True)):
        http = DeviceHTTP(url + API, token, timeout=REQUEST_TIMEOUT)
        clients.append(http)
        devices.append(_Device(name=f"d{n:02d}", username=username, http=http,
                               rng=random.Random(SEED * 1000 + n)))

    async def seed(worker_no: int, device: _Device) -> None:
        ops = []
        for f in range(FAMILIES_PER_WORKER):
            fid, op = _new_family(f"BL-{worker_no:02d}-{f:03d}", device.username)
            ops.append(op)
            ops.extend(_new_person(fid, p)[1] for p in range(PEOPLE_PER_FAMILY))
        await device.push(None, ops)

    firsts = devices[::DEVICES_PER_WORKER]
    await _few_at_a_time([seed(n, d) for n, d in enumerate(firsts)])
    await _few_at_a_time([d.pull(None) for d in devices])
    for n, device in enumerate(devices):
        families = sorted(fid for (entity, fid) in device.versions if entity == "family")
        # The worker's devices share out the caseload for their edits.
        device.share = families[n % DEVICES_PER_WORKER::DEVICES_PER_WORKER] or families
    return devices


async def _load(devices: list[_Device], pace: float, first_round: int = 0,
                refusals_are_errors: bool = True,
                seconds: float = LOAD_SECONDS) -> tuple[_Tally, float]:
    """Every device syncs from the same moment, ``pace`` seconds between cycles."""
    tally = _Tally(refusals_are_errors=refusals_are_errors)
    start = time.perf_counter()
    deadline = start + seconds

    async def run_device(device: _Device) -> None:
        for round_no in range(first_round, first_round + ROUNDS):
            if time.perf_counter() >= deadline:
                return
            await device.sync_cycle(tally, round_no)
            if pace:
                await asyncio.sleep(pace)

    tasks = [asyncio.create_task(run_device(d)) for d in devices]
    # Requests time out on their own; this is the backstop that makes the run end.
    done, pending = await asyncio.wait(tasks, timeout=seconds + 2 * REQUEST_TIMEOUT)
    for task in pending:
        task.cancel()
        tally.error("a device was still syncing when the run was stopped")
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            tally.error(f"a device crashed: {type(task.exception()).__name__}")
    return tally, time.perf_counter() - start


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of a process and its descendants so far, from /proc
    (Linux only; None elsewhere)."""
    proc = Path("/proc")
    if not (proc / str(pid)).exists():
        return None
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        spent[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(spent.get(p, 0.0) for p in tree)


def _machine_cpu_seconds() -> float | None:
    """CPU time (all CPUs, not idle) the whole machine has spent so far, from /proc/stat
    (Linux only; None elsewhere)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    ticks = [int(v) for v in first[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and waiting for the disk
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


@dataclass
class _Run:
    tally: _Tally
    seconds: float
    devices: int
    server_cpu: float | None  # seconds of CPU the service spent under load
    generator_cpu: float  # seconds of CPU this process spent driving the load
    machine_cpu: float | None  # seconds of CPU the machine spent (with the database's)


async def _measured(devices: list[_Device], server_pid: int, pace: float,
                    first_round: int, refusals_are_errors: bool = True,
                    seconds: float = LOAD_SECONDS) -> _Run:
    machine_before = _machine_cpu_seconds()
    server_before, own_before = _cpu_seconds(server_pid), time.process_time()
    tally, seconds = await _load(devices, pace, first_round, refusals_are_errors, seconds)
    server_after, own_after = _cpu_seconds(server_pid), time.process_time()
    machine_after = _machine_cpu_seconds()
    server_cpu = (None if server_before is None or server_after is None
                  else server_after - server_before)
    machine_cpu = (None if machine_before is None or machine_after is None
                   else machine_after - machine_before)
    return _Run(tally, seconds, len(devices), server_cpu, own_after - own_before, machine_cpu)


async def _drive(url: str, workers: list[str], server_pid: int) -> tuple[_Run, _Run, _Run]:
    from bench.server_load_mix import mix_devices

    clients: list[Any] = []
    try:
        devices = await _devices(url, workers, clients)
        paced = await _measured(devices, server_pid, APP_PACE_SECONDS, 0)
        await asyncio.sleep(2)  # let the last paced requests settle
        back_to_back = await _measured(devices, server_pid, 0.0, ROUNDS)
        await asyncio.sleep(2)
        # The mix: reallocations and deletes, at the app's pace again.
        mixed = await mix_devices(url, workers, devices, clients)
        mix = await _measured(mixed, server_pid, APP_PACE_SECONDS, 2 * ROUNDS,
                              refusals_are_errors=False)
        return paced, back_to_back, mix
    finally:
        await asyncio.gather(*(c.aclose() for c in clients), return_exceptions=True)


def run(workdir: Path) -> list[Result]:
    busy, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if busy > cpus / 2:
        sys.stderr.write(f"server_load: the machine is already busy (load average {busy:.1f} "
                         f"on {cpus} CPUs): the latencies will be higher than on a quiet one\n")
    with _database(workdir) as (database_url, on_postgres):
        workers = _prepare(database_url)
        server_workers = SERVER_WORKERS_POSTGRES if on_postgres else 1
        with _Server(database_url, workers=server_workers) as server:
            assert server.process is not None
            paced, back_to_back, mix = asyncio.run(
                _drive(server.url, workers, server.process.pid))
    from bench.bare_endpoint import burst_latencies
    from bench.server_load_mix import mix_figures

    # The floor: the same devices' sync cycles, all at once, to a bare endpoint.
    floor = percentile([s * 1000 for s in burst_latencies(paced.devices, server_workers)],
                       0.95)
    prefix = "server_load" if on_postgres else "server_load_on_sqlite"
    paced_figures = _figures(paced, prefix, P95_BUDGET_MS)
    return (paced_figures[:1]
            + with_floor(f"{prefix}_p95", paced_figures[0].value, floor, "ms",
                         floor_name="bare_endpoint_same_burst")[1:]
            + paced_figures[1:]
            + _figures(back_to_back, f"{prefix}_capacity", None)
            + _figures(mix, f"{prefix}_mix", P95_BUDGET_MS)
            + mix_figures(mix, f"{prefix}_mix"))


def _figures(run: _Run, prefix: str, budget: float | None) -> list[Result]:
    tally, seconds, devices = run.tally, run.seconds, run.devices
    for text in tally.first_errors:
        sys.stderr.write(f"server_load: {text}\n")
    every = [s * 1000 for kind in tally.latencies.values() for s in kind]
    requests = len(every)
    results = [
        Result(f"{prefix}_p95", percentile(every, 0.95) if every else 0.0, "ms", budget),
        Result(f"{prefix}_p50", median(every) if every else 0.0, "ms"),
        Result(f"{prefix}_requests_per_second", requests / max(seconds, 1e-9), "req/s"),
        Result(f"{prefix}_errors", tally.errors, "errors", 0),
    ]
    for kind in ("push", "pull", "conflicts"):
        values = [s * 1000 for s in tally.latencies.get(kind, [])]
        if values:
            results.append(Result(f"{prefix}_{kind}_p95", percentile(values, 0.95), "ms"))
    if tally.cycle_seconds:
        # What a worker waits for: one whole sync (push, pull, conflicts), not one request.
        results.append(Result(f"{prefix}_whole_sync_p95",
                              percentile([s * 1000 for s in tally.cycle_seconds], 0.95), "ms"))
    results.append(Result(f"{prefix}_sync_cycles", tally.cycles,
                          f"cycles by {devices} devices in {seconds:.1f} s"))
    results.append(Result(f"{prefix}_conflicting_ops", tally.statuses.get("conflict", 0),
                          f"of {sum(tally.statuses.values())} ops pushed"))
    # Where the machine's CPU went.
    if requests and run.server_cpu is not None:
        results.append(Result(f"{prefix}_service_cpu_per_request",
                              run.server_cpu * 1000 / requests, "ms"))
    if requests:
        results.append(Result(f"{prefix}_load_generator_cpu_per_request",
                              run.generator_cpu * 1000 / requests, "ms"))
    if requests and run.machine_cpu is not None and run.server_cpu is not None:
        # The rest of the machine's CPU: mostly the database.
        rest = run.machine_cpu - run.server_cpu - run.generator_cpu
        results.append(Result(f"{prefix}_database_and_other_cpu_per_request",
                              max(rest, 0.0) * 1000 / requests, "ms"))
        cpus = os.cpu_count() or 1
        results.append(Result(f"{prefix}_machine_busy",
                              100 * run.machine_cpu / (max(seconds, 1e-9) * cpus),
                              f"% of {cpus} CPUs"))
    return results
