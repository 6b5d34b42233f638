"""Wiping the store of a revoked device: database, WAL/SHM, key file, backups and the
count of wrong passphrases."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from app.store.caseload_store import DB_NAME, KEY_NAME
from app.store.unlock_attempts import ATTEMPTS_FILE

log = logging.getLogger(__name__)


def _overwrite(path: Path) -> None:
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            chunk = b"\0" * (1 << 20)
            left = size
            while left > 0:
                n = min(left, len(chunk))
                fh.write(chunk[:n])
                left -= n
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass


def wipe_store(folder: Path) -> list[Path]:
    """Destroy a (closed) store: database, WAL/SHM, key file and backups; return what went.

    Files are overwritten with zeros before they are removed. The key file going
    is what matters most: without it the encrypted database cannot be opened.
    """
    folder = Path(folder)
    removed: list[Path] = []
    targets = [
        folder / KEY_NAME,
        folder / (KEY_NAME + ".new"),
        folder / DB_NAME,
        folder / (DB_NAME + "-wal"),
        folder / (DB_NAME + "-shm"),
        folder / (DB_NAME + "-journal"),
        folder / ATTEMPTS_FILE,  # so a new store made here starts without a pause
    ]
    backups = folder / "backups"
    if backups.is_dir():
        targets.extend(p for p in backups.rglob("*") if p.is_file())
    for path in targets:
        if path.is_file():
            _overwrite(path)
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                log.error("could not remove a store file during wipe")
    if backups.is_dir():
        shutil.rmtree(backups, ignore_errors=True)
    return removed
