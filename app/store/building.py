"""Building a new store beside its folder, then moving it into place whole.

A store is made in a private sibling folder (``.<name>.building-XXXX``, same
filesystem, mode 0700) and renamed into place only once it is complete, so a
crash at any moment leaves either no store or a whole one. The rename replaces
an absent or empty folder in one step. Into a folder that already holds other
files, the store's entries are moved one by one with the key file last: a crash
in between leaves a database without a key file, which
:func:`app.store.store_state.store_state` recognises as half-made.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from app.store.folder_sync import fsync_folder


def _prefix(folder: Path) -> str:
    return f".{folder.name}.building-"


def building_folder(folder: Path) -> Path:
    """A new, private, empty folder beside ``folder`` to build its store in.

    Folders left by an earlier build that was killed (they never held a store anyone
    used: no record is written before the move) are removed first.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    for stale in folder.parent.glob(_prefix(folder) + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=_prefix(folder), dir=folder.parent))


def discard(building: Path) -> None:
    """Remove a build that failed (it holds no store anyone has used)."""
    shutil.rmtree(building, ignore_errors=True)


def move_into_place(building: Path, folder: Path, last: str) -> None:
    """Move the finished store in ``building`` to ``folder``; ``last`` (the key file's
    name) is moved last when the store's files must go in one by one."""
    folder = Path(folder)
    if not folder.exists():
        os.replace(building, folder)
    elif folder.is_dir() and not any(folder.iterdir()):
        _replace_empty_folder(building, folder)
    else:
        _move_entries(building, folder, last)
    fsync_folder(folder.parent)


def _replace_empty_folder(building: Path, folder: Path) -> None:
    try:
        os.replace(building, folder)  # POSIX replaces an empty folder in one step
    except OSError:
        folder.rmdir()  # Windows will not; the folder was empty
        os.replace(building, folder)


def _move_entries(building: Path, folder: Path, last: str) -> None:
    entries = sorted(building.iterdir(), key=lambda p: p.name == last)
    for entry in entries:
        os.replace(entry, folder / entry.name)
    fsync_folder(folder)
    building.rmdir()
