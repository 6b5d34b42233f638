"""``hearth-server serve`` keeps an idle connection open longer than the app waits between
syncs (5 s), so a device's next push never meets a connection the service is closing
(with 500 devices at the app's pace, uvicorn's 5 s made a dozen pushes fail a minute)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from server.cli import KEEP_ALIVE_SECONDS

APP_PACE_SECONDS = 5.0  # ui/sync/sync_controller.py: the soonest the app syncs again


def test_an_idle_connection_outlives_the_apps_pace(tmp_path: Path) -> None:
    assert KEEP_ALIVE_SECONDS > APP_PACE_SECONDS
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, HEARTH_DATABASE_URL=f"sqlite:///{tmp_path / 'service.db'}")
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/health")
        assert connection.getresponse().read()
        opened = connection.sock
        # Idle a little longer than the app does between syncs (this wait is what is tested).
        time.sleep(APP_PACE_SECONDS + 1)
        connection.request("GET", "/health")  # raises RemoteDisconnected if it was closed
        response = connection.getresponse()
        assert response.status == 200 and response.read()
        assert connection.sock is opened  # the same connection, not a new one
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
