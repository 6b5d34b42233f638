"""The floor of a first sync, measured in the same run as the sync (bench/sync_bench.py).

A first sync has to move the scope's bytes and write its records; the floor is those two
done as bare as they can be:

- the same records bulk-inserted into a new SQLCipher store in one transaction (read back
  from the store the sync filled, one ``INSERT`` of all rows per table). What the store
  derives from them is made in one statement too: the caseload's line for each family's
  people (``caseload_people``), which the store's triggers otherwise make again at each
  person written (``db/caseload_lines.py``); the floor's store has those triggers dropped;
- the same bytes over loopback: as many bytes as the pull's JSON replies held
  (uncompressed), sent through one TCP connection on 127.0.0.1.

It also reports how many bytes the replies took on the wire (gzipped, as the app's
client receives them) against their JSON.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select

from bench.harness import BENCH_PASSPHRASE, stopwatch
from db.caseload_lines import TRIGGERS, lines_of


def pulled_bytes(server_url: str, token: str, limit: int) -> tuple[int, int]:
    """Pull the whole scope again as the app's client would (gzip allowed): the JSON bytes
    of the replies, and the bytes that crossed the wire."""
    from app.sync.protocol import API_PREFIX

    json_bytes = wire_bytes = 0
    cursor = 0
    with httpx.Client(base_url=server_url + API_PREFIX, timeout=120,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        while True:
            reply = client.get("/sync/pull", params={"cursor": cursor, "limit": limit})
            reply.raise_for_status()
            json_bytes += len(reply.content)
            wire_bytes += reply.num_bytes_downloaded
            body = reply.json()
            if not body["has_more"]:
                return json_bytes, wire_bytes
            cursor = body["next_cursor"]


def loopback_seconds(count: int) -> float:
    """Seconds to send ``count`` bytes through one TCP connection on 127.0.0.1."""
    chunk = b"x" * (256 * 1024)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def send() -> None:
            conn, _ = listener.accept()
            with conn:
                left = count
                while left > 0:
                    conn.sendall(chunk[: min(left, len(chunk))])
                    left -= min(left, len(chunk))

        sender = threading.Thread(target=send)
        with stopwatch() as elapsed:
            sender.start()
            with socket.create_connection(("127.0.0.1", port)) as receiver:
                got = 0
                while got < count:
                    data = receiver.recv(1024 * 1024)
                    if not data:
                        break
                    got += len(data)
            sender.join()
    return elapsed()


def bulk_insert_seconds(filled: Any, folder: Path) -> float:
    """Seconds to insert every synced row of store ``filled`` into a new SQLCipher store,
    in one transaction."""
    from app.store.caseload_store import create_store
    from app.sync.synced_rows import models_parents_first

    def read(session: Any) -> list[tuple[Any, list[dict[str, Any]]]]:
        return [(model.__table__, [dict(r) for r in session.execute(
            select(model.__table__)).mappings()]) for model in models_parents_first()]

    tables = filled.run(read)
    target = create_store(folder, BENCH_PASSPHRASE, filled.profile)
    try:
        def bare(session: Any) -> None:
            for name in TRIGGERS:
                session.connection().exec_driver_sql(f"DROP TRIGGER {name}")

        def write(session: Any) -> None:
            for table, rows in tables:
                if rows:
                    session.execute(insert(table), rows)
            session.connection().exec_driver_sql(lines_of("1"))

        target.run(bare)
        with stopwatch() as elapsed:
            target.run(write)
        return elapsed()
    finally:
        target.close()
