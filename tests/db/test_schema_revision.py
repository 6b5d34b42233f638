"""The newest revision read from the migration files agrees with Alembic's, so an
unlock that skips Alembic for an up-to-date store skips it only when Alembic would."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.store.caseload_store import Store
from db.migrate import MIGRATIONS_DIR, head_revision
from db.schema_revision import is_newest, newest_revision, stored_revision


def test_the_newest_revision_is_alembics_head(store: Store) -> None:
    assert newest_revision() == head_revision()
    assert store.engine is not None
    assert stored_revision(store.engine) == head_revision()
    assert is_newest(store.engine)


def test_files_it_cannot_follow_leave_the_answer_to_alembic(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    shutil.copytree(MIGRATIONS_DIR / "versions", versions,
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert newest_revision(versions) == head_revision()
    # a second head (two migrations from the same parent): no single newest revision
    (versions / "9998_branch.py").write_text(
        f"revision = '9998'\ndown_revision = '{head_revision()}'\n", encoding="utf-8"
    )
    (versions / "9999_branch.py").write_text(
        f"revision = '9999'\ndown_revision = '{head_revision()}'\n", encoding="utf-8"
    )
    assert newest_revision(versions) is None
    # a merge of the two is followed: its parents are a tuple
    (versions / "9999_merge.py").write_text(
        "revision: str = 'a000'\ndown_revision = ('9998', '9999')\n", encoding="utf-8"
    )
    assert newest_revision(versions) == "a000"
    # a revision this reader cannot see (computed, not written out)
    (versions / "a001_odd.py").write_text(
        "revision = make_id()\ndown_revision = 'a000'\n", encoding="utf-8"
    )
    assert newest_revision(versions) is None
