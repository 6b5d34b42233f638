"""Organisation recovery end to end: the council's key made on the live service, each device
sealing its key to it (at enrolment, or at the next sync for a store enrolled before), and
``hearth recover`` setting a new passphrase with every record intact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.store.caseload_store import key_files, open_store
from app.sync.protocol import recovery_key_fingerprint
from server import recovery_key
from tests.app.store.recovery_keys import snapshot

COUNCIL_PHRASE = "council-vault-orchard-1234"
NEW_PHRASE = "heather-canal-silver-kite-77"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env or dict(os.environ), text=True,
                          capture_output=True, timeout=180, stdin=subprocess.DEVNULL)


def make_council_key(live_server: Any, tmp_path: Path) -> Path:
    phrase = tmp_path / "council-phrase.txt"
    phrase.write_text(COUNCIL_PHRASE + "\n")
    out = tmp_path / "council-recovery.pem"
    made = run("-m", "server", "recovery-key", "create", "--out", str(out),
               "--passphrase-file", str(phrase),
               env=dict(os.environ, HEARTH_DATABASE_URL=live_server.database_url))
    assert made.returncode == 0, made.stderr
    return out


def fingerprint_served(live_server: Any) -> str:
    with live_server.session() as s:
        key = recovery_key.current_key(s)
    assert key is not None
    return key.fingerprint


def test_a_store_enrolled_before_is_sealed_at_its_next_sync_and_can_be_recovered(
        client: Any, live_server: Any, tmp_path: Path) -> None:
    robin = client("robin", "robin")
    sealed = key_files(robin.store.folder).sealed
    robin.new_family("Hazel")
    robin.sync()
    assert not sealed.exists()  # the council has no recovery key yet: nothing to seal to

    pem = make_council_key(live_server, tmp_path)
    robin.new_family("Rowan")  # made offline, not yet synced: must survive recovery
    robin.sync()
    body = json.loads(sealed.read_text())
    assert body["fingerprint"] == fingerprint_served(live_server)
    robin.new_family("Alder")  # unsynced when the passphrase is forgotten
    assert robin.store.engine is not None
    before = snapshot(robin.store.engine)
    robin.store.close()

    phrase = tmp_path / "council-phrase.txt"
    new = tmp_path / "new.txt"
    new.write_text(NEW_PHRASE + "\n")
    done = run("-m", "app.cli.main", "recover", "--store", str(robin.store.folder),
               "--recovery-key", str(pem), "--recovery-passphrase-file", str(phrase),
               "--new-passphrase-file", str(new))
    assert done.returncode == 0, done.stderr
    reopened = open_store(robin.store.folder, NEW_PHRASE)
    try:
        assert reopened.engine is not None
        assert snapshot(reopened.engine) == before
    finally:
        reopened.close()


def test_enrolment_seals_the_key_when_the_council_has_one(
        client: Any, live_server: Any, tmp_path: Path) -> None:
    make_council_key(live_server, tmp_path)
    sam = client("sam", "sam")
    body = json.loads(key_files(sam.store.folder).sealed.read_text())
    assert body["fingerprint"] == fingerprint_served(live_server)
    assert recovery_key_fingerprint(sam.transport().recovery_key().raw) == body["fingerprint"]
