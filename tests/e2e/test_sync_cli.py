"""`hearth sync` as IT staff run it: a real process against the live service."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.reference.council_config import agencies
from app.store.caseload_store import Profile, create_store, open_store
from app.sync.status import sync_status
from db.models import Family
from server import admin


def hearth(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def make_store(folder: Path, passphrase: str) -> None:
    create_store(folder, passphrase, Profile("Sam Laptop", "family_support_worker", "North",
                                             "sam.laptop")).close()


def test_first_sync_enrols_then_later_syncs_need_no_credentials(
    client: Any, live_server: Any, tmp_path: Path
) -> None:
    robin = client("robin", "robin")
    fid = robin.new_family("Hazel")
    robin.sync()
    live_server.allocate(fid, "sam")
    with live_server.session() as s:
        admin.load_reference(s, {"agencies": ["Family hub", "School nursing"]})
    folder = tmp_path / "sam"
    make_store(folder, live_server.passphrase)
    password_file = tmp_path / "password.txt"
    password_file.write_text(live_server.password + "\n", encoding="utf-8")
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase)

    first = hearth("sync", "--store", str(folder), "--server", live_server.url,
                   "--username", "sam", "--password-file", str(password_file), env=env)
    assert first.returncode == 0, first.stderr
    assert f"Connected to {live_server.url} as sam" in first.stdout
    assert "New families made here get references EH-002-00001, EH-002-00002..." in first.stdout
    assert "Pushed" in first.stdout and "No conflicts." in first.stdout
    assert "The council's agencies arrived from the server" in first.stdout
    assert agencies() == ["Family hub", "School nursing"]
    assert first.stderr == ""

    store = open_store(folder, live_server.passphrase)
    try:
        assert store.profile.username == "sam"
        assert store.run(lambda s: s.get(Family, fid).family_name) == "Hazel"
        assert store.run(sync_status).enrolled
    finally:
        store.close()

    again = hearth("sync", "--store", str(folder), env=env)
    assert again.returncode == 0, again.stderr
    assert "Connected" not in again.stdout and "pulled" in again.stdout


def test_failures_are_one_line_and_a_non_zero_exit(
    client: Any, live_server: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "sam"
    make_store(folder, live_server.passphrase)
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase,
               HEARTH_SERVER_PASSWORD="not the password")
    cases = [
        (("--server", live_server.url, "--username", "sam"), "username or password"),
        (("--server", "http://hearth.example.org", "--username", "sam"), "https://"),
        ((), "not connected to a server yet"),
    ]
    for extra, expected in cases:
        result = hearth("sync", "--store", str(folder), *extra, env=env)
        assert result.returncode == 1
        assert result.stderr.startswith("hearth: ") and result.stderr.count("\n") == 1
        assert expected in result.stderr
        assert "Traceback" not in result.stderr

    # Server down: a clear line, and the store untouched.
    env["HEARTH_SERVER_PASSWORD"] = live_server.password
    ok = hearth("sync", "--store", str(folder), "--server", live_server.url,
                "--username", "sam", env=env)
    assert ok.returncode == 0, ok.stderr
    live_server.stop()
    down = hearth("sync", "--store", str(folder), env=env)
    assert down.returncode == 1 and "Cannot reach the server" in down.stderr


def test_revoked_device_is_wiped_by_the_command(
    client: Any, live_server: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "sam"
    make_store(folder, live_server.passphrase)
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase,
               HEARTH_SERVER_PASSWORD=live_server.password)
    ok = hearth("sync", "--store", str(folder), "--server", live_server.url,
                "--username", "sam", env=env)
    assert ok.returncode == 0, ok.stderr
    store = open_store(folder, live_server.passphrase)
    device_id = store.run(sync_status).device_id
    store.close()
    live_server.revoke(device_id)
    result = hearth("sync", "--store", str(folder), env=env)
    assert result.returncode == 1 and "wiped" in result.stderr
    assert not (folder / "hearth.db").exists() and not (folder / "hearth.key").exists()
