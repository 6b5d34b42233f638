"""What a store folder holds, looked at without its passphrase.

``"none"``: no store (the folder is absent, empty, or holds neither store file);
``"whole"``: a key file and a database, ready to unlock; ``"half_made"``: the
remains of a store whose making was interrupted (older versions of Hearth built
stores in place, so a crash could leave a key file without a database, or the
reverse). A database whose making stopped before its store marker was written
can only be told once it is unlocked: :func:`app.store.caseload_store.open_store`
then raises :class:`app.errors.IncompleteStore`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from app.store.store_files import DB_NAME, KEY_NAME, db_path, key_path

StoreState = Literal["none", "whole", "half_made"]


def store_state(folder: Path) -> StoreState:
    """Whether ``folder`` holds no store, a whole one, or a half-made one."""
    return "half_made" if half_made_findings(folder) else (
        "whole" if key_path(folder).is_file() else "none"
    )


def half_made_findings(folder: Path) -> list[str]:
    """What is wrong with a half-made store in ``folder``, in plain words; [] if nothing."""
    folder = Path(folder)
    has_key = key_path(folder).exists()
    database = db_path(folder)
    has_db = database.exists()
    if not has_key and not has_db:
        return []
    if has_key and not has_db:
        return [
            f"a key file ({KEY_NAME}) but no database ({DB_NAME}): "
            "Hearth stopped while it was creating this store, before any record was saved."
        ]
    if has_db and not has_key:
        return [
            f"a database ({DB_NAME}) but no key file ({KEY_NAME}), "
            "so nothing in it can be opened."
        ]
    if _is_empty_file(database):
        return [
            f"an empty database ({DB_NAME}): Hearth stopped while it was creating this store, "
            "before any record was saved."
        ]
    return []


def _is_empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False
