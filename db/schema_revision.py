"""The store's schema revision and the newest one, read without Alembic.

Alembic takes a fifth of a second to import, and a store that is already up to date
(nearly every unlock) needs none of it: ``hearth families`` and the unlock dialog
only ask "is the store at the newest revision?". That question is answered here
from the migration files' ``revision``/``down_revision`` lines and the store's
``alembic_version`` row. Any other answer (a store to update, a newer store, a file
this reader cannot follow) goes to :mod:`db.migrate`, which asks Alembic.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

import migrations

VERSIONS_DIR = Path(migrations.__file__).parent / "versions"

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]\s*$", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def newest_revision(versions: Path = VERSIONS_DIR) -> str | None:
    """The one head of the migrations in ``versions``; None if it cannot be told
    from the files alone (then ask Alembic). Reading them takes well under a
    millisecond, so they are read afresh at each unlock."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        found, down = _REVISION.findall(text), _DOWN_REVISION.findall(text)
        if len(found) != 1 or len(down) != 1:
            return None
        revisions.add(found[0])
        parents.update(_QUOTED.findall(down[0]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision the store records; None when it records none, or more than one."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no such table: a store being made
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def is_newest(engine: Engine) -> bool:
    """Whether the store is certainly at the newest revision (False: ask Alembic)."""
    newest = newest_revision()
    return newest is not None and stored_revision(engine) == newest
