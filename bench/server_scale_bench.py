"""500 devices at the app's pace against one service on PostgreSQL, counting errors
(``python -m bench server_scale``).

Issue 18: the service scales out, 500 simulated devices at the app's pace with 0
errors. The setup and the load are those of ``bench server_load`` (a fresh
PostgreSQL database, ``hearth-server serve --workers 2``, each device's sync cycle
of a push of 1 to 5 edits, a pull to the end and a look at open conflicts, the
next cycle 5 s after the last ended), with ten times the devices: 100 workers with
5 devices each, 20 synthetic families of 3 people per worker, for ``SECONDS``
seconds (shorter than the 50-device run: the point is that nothing fails).

The workers' passwords are hashed with small Argon2 costs so that 500 devices
enrol in seconds (the enrolment is setup, not measured). An error is a request
that fails (no answer, a status other than 200, a timeout after 30 s) or a pushed
op the service rejects. The machine's load average is printed beside the figures:
on a shared machine the latencies say more about the neighbours than the service.
Do not run it while the machine is busy with other work.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from bench.harness import Result
from bench.server_load_bench import (
    APP_PACE_SECONDS,
    SERVER_WORKERS_POSTGRES,
    _database,
    _devices,
    _figures,
    _measured,
    _prepare,
    _Run,
)
from bench.sync_bench import _Server

WORKERS = 100  # 5 devices each: 500 devices
SECONDS = 30.0


async def _drive(url: str, workers: list[str], server_pid: int) -> _Run:
    clients: list[Any] = []
    try:
        devices = await _devices(url, workers, clients)
        return await _measured(devices, server_pid, APP_PACE_SECONDS, 0, seconds=SECONDS)
    finally:
        await asyncio.gather(*(c.aclose() for c in clients), return_exceptions=True)


def run(workdir: Path) -> list[Result]:
    before = os.getloadavg()[0]
    if before > (os.cpu_count() or 1):
        sys.stderr.write(f"server_scale: the machine is busy (load average {before:.1f}): "
                         "the latencies will be higher than on a quiet one\n")
    with _database(workdir) as (database_url, on_postgres):
        workers = _prepare(database_url, WORKERS, cheap_passwords=True)
        with _Server(database_url, workers=SERVER_WORKERS_POSTGRES if on_postgres else 1
                     ) as server:
            assert server.process is not None
            paced = asyncio.run(_drive(server.url, workers, server.process.pid))
    prefix = f"server_scale_{paced.devices}" + ("" if on_postgres else "_on_sqlite")
    return [Result(f"{prefix}_load_average_before", before, f"(1 min, {os.cpu_count()} CPUs)"),
            *_figures(paced, prefix, None),
            Result(f"{prefix}_load_average_after", os.getloadavg()[0], "(1 min)")]
