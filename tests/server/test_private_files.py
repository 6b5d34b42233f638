"""The embedded database is private to the service's user: the folder the service makes
is 0700, the database and the files SQLite keeps beside it 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from live_service import new_family, start_server, stop_server

from server.db import default_database_url

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_folder_and_files_the_service_makes_are_private(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEARTH_DATABASE_URL", raising=False)
    home = tmp_path / "shared" / "server"
    monkeypatch.setenv("HEARTH_SERVER_HOME", str(home))
    old = os.umask(0o022)  # a usual umask: files 0644 and folders 0755 unless we say so
    try:
        url = default_database_url()
        live = start_server(url)
        try:
            live.add_team("North")
            live.add_user("alice")
            live.enrol("alice").push(new_family("P-1")[1])
            files = sorted(p.name for p in home.iterdir())
            assert files == ["hearth-server.db", "hearth-server.db-shm", "hearth-server.db-wal"]
            assert mode(home) == 0o700
            for name in files:
                assert mode(home / name) == 0o600, name
        finally:
            stop_server(live)
    finally:
        os.umask(old)


def test_files_left_readable_in_an_admins_folder_are_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "srv-hearth"
    folder.mkdir()
    folder.chmod(0o750)  # the administrator's choice: kept
    database = folder / "hearth.db"
    database.touch(mode=0o644)  # as an older version left it (SQLite takes an empty file)
    database.chmod(0o644)
    live = start_server(f"sqlite:///{database}")
    try:
        live.add_team("North")
        live.add_user("alice")
        live.enrol("alice").push(new_family("P-1")[1])
        files = sorted(p.name for p in folder.iterdir())
        assert files == ["hearth.db", "hearth.db-shm", "hearth.db-wal"]
        for name in files:
            assert mode(folder / name) == 0o600, name
        assert mode(folder) == 0o750
    finally:
        stop_server(live)
