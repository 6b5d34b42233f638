"""Killing the process mid-write leaves a store that opens with every committed change."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.store.caseload_store import Profile, Store, create_store, open_store
from db.models import Family

WRITER = Path(__file__).with_name("crash_writer.py")
PROJECT = Path(__file__).resolve().parents[2]
ROUNDS = 8
STARTUP_LIMIT = 60.0


def read_line(child: subprocess.Popen[str], deadline: float) -> str:
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line:
        stderr = child.stderr.read() if child.stderr else ""
        pytest.fail(f"the writer stopped by itself (exit {child.wait()}):\n{stderr}")
    if time.monotonic() > deadline:
        pytest.fail("the writer is far too slow")
    return line.strip()


def check_store(folder: Path, passphrase: str, committed: list[str]) -> int:
    store: Store = open_store(folder, passphrase)
    try:
        assert store.engine is not None
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            # SQLCipher's own check of every page's authentication code.
            assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        present = set(store.run(lambda s: list(s.scalars(select(Family.reference)))))
    finally:
        store.close()
    missing = [ref for ref in committed if ref not in present]
    assert missing == [], f"committed but lost after the kill: {missing[:5]}"
    return len(present)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_the_writer_never_loses_a_commit_or_damages_the_store(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    env = {**os.environ, "HEARTH_PASSPHRASE": passphrase, "PYTHONPATH": str(PROJECT)}
    committed: list[str] = []
    unreported = 0  # families committed in the instant between COMMIT and the print

    for round_no in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(store_dir), f"R{round_no}", str(seed + round_no)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
            env=env,
        )
        try:
            deadline = time.monotonic() + STARTUP_LIMIT
            assert read_line(child, deadline) == "READY"
            # Let it commit a random number of families, then kill it at once,
            # most likely in the middle of the next transaction.
            for _ in range(rng.randint(1, 25)):
                committed.append(read_line(child, deadline))
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL, f"seed {seed}"
        # Lines flushed before the kill but not read yet are commits too.
        assert child.stdout is not None
        rest = [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
        committed += rest
        child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()

        present = check_store(store_dir, passphrase, committed)
        # At most the one transaction in flight may have committed unreported.
        assert 0 <= present - len(committed) - unreported <= 1, f"seed {seed}"
        unreported = present - len(committed)

    assert len(committed) >= ROUNDS
    assert len(set(committed)) == len(committed)
