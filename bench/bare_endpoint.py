"""The floor of a request to the service: the same bytes over loopback to a bare endpoint.

``bare_endpoint`` is an ASGI app that reads the whole body and answers with as many
bytes as a header asks for, and nothing else; it runs under uvicorn in its own
process(es), as the service does (``serving``). ``burst_latencies`` sends it the
sync cycles of ``bench server_load`` (a push, a pull, a look at conflicts, with
their usual sizes) from many devices at once, so that its 95th percentile is the
floor of the service's under the same burst: loopback, HTTP, the event loop and
the load generator's share of the CPUs, without the service's work.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

REPLY_BYTES_HEADER = b"x-bench-reply-bytes"
# The sizes of a sync cycle's requests and answers in ``bench server_load`` (bytes,
# typical): a push of a few edits and its results, a pull page of a few changes with
# the scope check, the open conflicts (usually none).
CYCLE = (("POST", "/api/v1/sync/push", 900, 350),
         ("GET", "/api/v1/sync/pull?cursor=1&limit=500", 0, 1800),
         ("GET", "/api/v1/sync/conflicts", 0, 16))


async def bare_endpoint(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Read the whole body, answer with the bytes asked for (``x-bench-reply-bytes``)."""
    if scope["type"] != "http":
        if scope["type"] == "lifespan":
            message = await receive()
            while message["type"] != "lifespan.shutdown":
                await send({"type": message["type"] + ".complete"})
                message = await receive()
            await send({"type": "lifespan.shutdown.complete"})
        return
    while (await receive()).get("more_body", False):
        pass
    size = int(dict(scope["headers"]).get(REPLY_BYTES_HEADER, b"2"))
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(size).encode())]})
    await send({"type": "http.response.body", "body": b" " * size})


@contextmanager
def serving(workers: int = 1) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The bare endpoint under uvicorn on loopback; yields (its address, its process)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.bare_endpoint:bare_endpoint",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


async def wait_until_up(http: Any) -> None:
    from bench.device_http import ERRORS

    for _ in range(400):
        try:
            await http.get("/")
            return
        except ERRORS:
            await asyncio.sleep(0.05)
    raise RuntimeError("the bare endpoint did not start")


async def _bursts(url: str, devices: int, cycles: int, pace: float) -> list[float]:
    from bench.device_http import DeviceHTTP

    clients = [DeviceHTTP(url, "x" * 43) for _ in range(devices)]
    latencies: list[float] = []

    async def device(http: Any) -> None:
        for cycle in range(cycles + 1):  # the first opens the connections: not counted
            for method, path, sent, answered in CYCLE:
                start = time.perf_counter()
                await http.request(method, path, content=b" " * sent, headers={
                    "content-type": "application/json",
                    REPLY_BYTES_HEADER.decode(): str(answered)})
                if cycle:
                    latencies.append(time.perf_counter() - start)
            await asyncio.sleep(pace)

    try:
        await wait_until_up(clients[0])
        await asyncio.gather(*(device(http) for http in clients))
    finally:
        await asyncio.gather(*(http.aclose() for http in clients))
    return latencies


def burst_latencies(devices: int, workers: int, cycles: int = 6,
                    pace: float = 1.0) -> list[float]:
    """Seconds per request of ``devices`` devices syncing at once, ``cycles`` times, to
    the bare endpoint under ``workers`` uvicorn workers."""
    with serving(workers) as (url, _process):
        return asyncio.run(_bursts(url, devices, cycles, pace))
