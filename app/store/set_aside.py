"""Setting a store aside: its folder is renamed, never deleted, so that a new store
can be made in its place while IT can still recover what the old one holds."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from app.errors import HearthError, StoreMissing
from app.store.folder_sync import fsync_folder

STAMP = "%Y%m%d-%H%M%S"


def set_aside_name(folder: Path, when: dt.datetime) -> Path:
    """``<name>.set-aside-YYYYmmdd-HHMMSS`` beside ``folder`` (with ``-2``, ``-3``... if taken)."""
    base = folder.with_name(f"{folder.name}.set-aside-{when.strftime(STAMP)}")
    target, number = base, 2
    while target.exists():
        target = base.with_name(f"{base.name}-{number}")
        number += 1
    return target


def set_aside(folder: Path, now: Callable[[], dt.datetime] = dt.datetime.now) -> Path:
    """Rename ``folder`` to a set-aside name beside it; return the new path.

    Nothing inside is changed or removed. Raises :class:`HearthError` saying why if
    the folder cannot be renamed (then nothing was changed).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise StoreMissing(f"There is no store folder at {folder} to set aside.")
    target = set_aside_name(folder, now())
    try:
        os.rename(folder, target)
    except OSError as exc:
        raise HearthError(
            f"The store in {folder} could not be set aside ({exc.strerror or 'file error'}). "
            "Nothing was changed. Close any other Hearth window and try again, or ask IT."
        ) from None
    fsync_folder(target.parent)
    return target
