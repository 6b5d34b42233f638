"""What one push costs the service, against its floor (``python -m bench server_push``).

Issue 18: the service's CPU per push halved. Setup (not timed) is the one of
``bench server_load`` (a fresh PostgreSQL database, or SQLite if PostgreSQL
cannot be reached, 10 workers, their devices enrolled and their caseloads
seeded), with ``hearth-server serve`` in its own process with one worker.

The push (timed): ``PUSHES`` pushes (300; ``BENCH_PUSHES`` sets another number, for a
profiler to sample a longer run) of 1 to 5 ops each (the app's edits to
families and people, now and then a new person, as ``bench server_load`` makes
them), one at a time from the workers' devices in turn, so that each push's
latency is its own and not a queue's. Reported: the service's CPU per push (user
and system time of its process, from /proc) and the push's median latency.

The floor of a push, measured in the same run on the same data:

- **the same bytes over loopback to a bare endpoint**: every push's request body
  sent again, one at a time, to an ASGI endpoint under uvicorn in its own process
  (as the service runs) that reads the body and answers with as many bytes as the
  service answered; its CPU per request and its latency;
- **the bare SQL of the same rows**: for each push, in one transaction, the
  UPDATE of each record it changed, the INSERTs of their history rows and of the
  applied-op rows (one statement each, many rows), the audit row, and the COMMIT,
  sent with the database driver alone; the CPU this process spent sending them
  and the time they took.

The CPU floor is the bare endpoint's CPU per request plus the driver's CPU per
push; the latency floor is the bare endpoint's latency plus the SQL's time. The
rest is the service's own work (authentication, validation by declared type, the
merge, locking, the change feed) and what its frameworks cost.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.bare_endpoint import REPLY_BYTES_HEADER, serving, wait_until_up
from bench.harness import Result, median, with_floor
from bench.server_load_bench import (
    DEVICES_PER_WORKER,
    _cpu_seconds,
    _database,
    _Device,
    _devices,
    _prepare,
    _Tally,
)
from bench.sync_bench import _Server

PUSHES = int(os.environ.get("BENCH_PUSHES", "300"))


@dataclass
class _Sent:
    """One timed push as it went: its body, the answer's size, and what it changed."""

    body: bytes
    reply_bytes: int
    # (entity, id, version) of each record the push gave a new version.
    versions: list[tuple[str, str, int]] = field(default_factory=list)
    op_ids: list[str] = field(default_factory=list)
    device_id: str = ""


@dataclass
class _Measured:
    seconds: list[float]
    cpu: float | None  # the serving process's CPU over the run


async def _timed_pushes(devices: list[_Device], server_pid: int) -> tuple[list[_Sent], _Measured]:
    sent: list[_Sent] = []
    latencies: list[float] = []
    cpu_before = _cpu_seconds(server_pid)
    n = 0
    while len(sent) < PUSHES:
        device = devices[n % len(devices)]
        n += 1
        ops = device._edits(1000 + n)
        for op in ops:
            op.pop("op_kind", None)
        if not ops:
            continue
        body = json.dumps({"ops": ops}).encode()
        start = time.perf_counter()
        response = await device.http.post("/sync/push", content=body,
                                          headers={"content-type": "application/json"})
        latencies.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"a push answered {response.status_code}")
        one = _Sent(body, len(response.content))
        for op, result in zip(ops, response.json()["results"], strict=True):
            if result["version"] is not None:
                key = (op["entity"], op["id"])
                if device.versions.get(key) != result["version"]:
                    one.versions.append((*key, result["version"]))
                device.versions[key] = result["version"]
            one.op_ids.append(op["op_id"])
        sent.append(one)
    cpu_after = _cpu_seconds(server_pid)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return sent, _Measured(latencies, cpu)


async def _bare(url: str, pid: int, sent: list[_Sent]) -> _Measured:
    """The same bodies, one at a time, to the bare endpoint in its own uvicorn process."""
    from bench.device_http import DeviceHTTP

    http = DeviceHTTP(url, "x" * 43)
    try:
        await wait_until_up(http)
        for one in sent[:20]:  # warm up, as the service was by its setup
            await http.post("/api/v1/sync/push", content=one.body)
        latencies = []
        before = _cpu_seconds(pid)
        for one in sent:
            start = time.perf_counter()
            await http.post("/api/v1/sync/push", content=one.body, headers={
                "content-type": "application/json",
                REPLY_BYTES_HEADER.decode(): str(one.reply_bytes)})
            latencies.append(time.perf_counter() - start)
        after = _cpu_seconds(pid)
    finally:
        await http.aclose()
    cpu = None if before is None or after is None else after - before
    return _Measured(latencies, cpu)


def _bare_sql(database_url: str, sent: list[_Sent]) -> _Measured:
    """Each push's rows written with SQLAlchemy Core alone, one transaction each."""
    import datetime as dt

    from sqlalchemy import bindparam, create_engine, insert, select, update

    from server.models import AppliedOp, AuditLog, Record, RecordHistory

    engine = create_engine(database_url)
    latencies: list[float] = []
    cpu = 0.0
    bump = (update(Record).where(Record.entity == bindparam("e"), Record.id == bindparam("i"))
            .values(data=bindparam("data"), version=bindparam("v"), seq=-1,
                    updated_at=bindparam("at"), updated_by="bench", device_id=None))
    try:
        with engine.connect() as conn:
            current = {(r.entity, r.id): r.data for r in conn.execute(
                select(Record.entity, Record.id, Record.data))}
        for one in sent:
            now = dt.datetime.now(dt.UTC)
            rows = [{"e": e, "i": i, "data": current.get((e, i), {}), "v": v + 1000, "at": now}
                    for e, i, v in one.versions]
            start, cpu_start = time.perf_counter(), time.process_time()
            with engine.begin() as conn:
                if rows:
                    conn.execute(bump, rows)
                    conn.execute(insert(RecordHistory), [
                        {"entity": r["e"], "record_id": r["i"], "version": r["v"],
                         "family_id": None, "deleted": False, "data": r["data"], "at": now,
                         "by": "bench", "device_id": None} for r in rows])
                conn.execute(insert(AppliedOp), [
                    {"device_id": "bench-floor", "op_id": f"{op_id}-{uuid.uuid4().hex[:8]}",
                     "username": "bench", "result": {"status": "applied"}, "at": now}
                    for op_id in one.op_ids])
                conn.execute(insert(AuditLog), [{"at": now, "username": "bench",
                                                 "device_id": None, "method": "POST",
                                                 "path": "/api/v1/sync/push", "status": 200,
                                                 "detail": "push floor"}])
            cpu += time.process_time() - cpu_start
            latencies.append(time.perf_counter() - start)
    finally:
        engine.dispose()
    return _Measured(latencies, cpu)


async def _drive(url: str, workers: list[str], server_pid: int) -> tuple[list[_Sent], _Measured]:
    clients: list[Any] = []
    try:
        devices = await _devices(url, workers, clients)
        firsts = devices[::DEVICES_PER_WORKER]
        for device in devices[:20]:  # warm the service up (imports, caches, connections)
            await device.sync_cycle(_Tally(), 0)
        return await _timed_pushes(firsts, server_pid)
    finally:
        await asyncio.gather(*(c.aclose() for c in clients), return_exceptions=True)


def run(workdir: Path) -> list[Result]:
    with _database(workdir) as (database_url, on_postgres):
        workers = _prepare(database_url, cheap_passwords=True)  # enrolment is setup
        with _Server(database_url, workers=1) as server:
            assert server.process is not None
            sent, service = asyncio.run(_drive(server.url, workers, server.process.pid))
        with serving() as (url, process):
            bare = asyncio.run(_bare(url, process.pid, sent))
        sql = _bare_sql(database_url, sent)
    prefix = "server_push" if on_postgres else "server_push_on_sqlite"
    results = [Result(f"{prefix}_load_average", os.getloadavg()[0],
                      f"(1 min, {os.cpu_count()} CPUs)")]
    pushes = len(sent)
    if service.cpu is not None and bare.cpu is not None and sql.cpu is not None:
        floor_cpu = (bare.cpu + sql.cpu) * 1000 / pushes
        results += with_floor(f"{prefix}_service_cpu_per_push", service.cpu * 1000 / pushes,
                              floor_cpu, "ms", floor_name="bare_endpoint_plus_sql")
        results.append(Result(f"{prefix}_floor_bare_endpoint_cpu", bare.cpu * 1000 / pushes,
                              "ms"))
        results.append(Result(f"{prefix}_floor_sql_driver_cpu", sql.cpu * 1000 / pushes, "ms"))
    floor_latency = median(bare.seconds) * 1000 + median(sql.seconds) * 1000
    results += with_floor(f"{prefix}_p50", median(service.seconds) * 1000, floor_latency, "ms",
                          floor_name="bare_endpoint_plus_sql")
    ops = sum(len(one.op_ids) for one in sent)
    results.append(Result(f"{prefix}_pushes", pushes, f"pushes of {ops} ops, one at a time"))
    return results
