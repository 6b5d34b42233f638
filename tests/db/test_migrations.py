"""Alembic migrations: a store made at the first revision is upgraded at unlock, after a backup."""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex

from app.errors import HearthError
from app.families.households import load_family
from app.store import vault
from app.store.caseload_store import Profile, Store, db_path, key_path, open_store
from db.engine import make_engine
from db.migrate import alembic_config, current_revision, head_revision, migrate_with_backup, upgrade
from db.models import STORE_MARKER, Base, Family

FAMILY_ID = "0f5b3c1e-6d3a-4d59-9a59-2f1e1c0a7b11"


def make_store_at_first_revision(
    folder: Path, passphrase: str, profile: Profile
) -> vault.DatabaseKey:
    """A store exactly as the first release of Hearth made it, with one family."""
    folder.mkdir(parents=True)
    key = vault.create_key_file(key_path(folder), passphrase)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    upgrade(engine, "0001")
    now = dt.datetime(2024, 5, 1, 9, 30)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO family (id, version, updated_at, updated_by, deleted, reference,"
            " family_name, address_line1, address_line2, town, postcode, phone, email, status,"
            " level_code, lead_professional, lead_agency, allocated_to, request_date,"
            " request_source, request_reason, last_contact, next_review)"
            " VALUES (?, NULL, ?, ?, 0, 'EH-000001', 'Oldrevisionby', '1 Test Row', '',"
            " 'Sampletown', 'WA7 5AB', '', '', 'open', 'early_help', 'Jo Lead',"
            " 'Health visiting', ?, '2024-04-02', 'school', 'Synthetic reason', NULL, NULL)",
            (FAMILY_ID, now, profile.username, profile.username),
        )
        conn.exec_driver_sql(
            "INSERT INTO store_meta (key, value)"
            " VALUES ('marker', ?), ('profile', ?), ('demo', '0')",
            (STORE_MARKER, json.dumps(asdict(profile))),
        )
    assert current_revision(engine) == "0001"
    engine.dispose()
    return key


@contextmanager
def first_revision_engine(folder: Path, passphrase: str, profile: Profile) -> Iterator[Engine]:
    """An engine over a store made at the first revision (``make_store_at_first_revision``),
    disposed of at the end."""
    key = make_store_at_first_revision(folder, passphrase, profile)
    engine = make_engine(db_path(folder), key.sqlcipher_pragma_value())
    try:
        yield engine
    finally:
        engine.dispose()


def test_there_is_one_head_and_a_straight_line_of_revisions() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == "0001" and revisions[-1].down_revision is None
    for rev in revisions:
        assert rev.doc and rev.doc.strip(), f"revision {rev.revision} says what it does"


def test_a_first_revision_store_is_upgraded_at_unlock_after_a_backup(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    key = make_store_at_first_revision(store_dir, passphrase, profile)

    store = open_store(store_dir, passphrase)
    try:
        assert store.engine is not None
        assert current_revision(store.engine) == head_revision() != "0001"
        detail = store.run(load_family, profile, FAMILY_ID)
        assert detail.family.family_name == "Oldrevisionby"
        assert detail.family.request_date == dt.date(2024, 4, 2)
        assert detail.family.contact_notes == ""  # a column added after the first revision
        assert detail.agencies == ()  # a table added after the first revision
        assert store.profile == profile
    finally:
        store.close()

    backups = sorted((store_dir / "backups").iterdir())
    assert len(backups) == 1
    if os.name != "nt":  # only this user may look inside
        assert (store_dir / "backups").stat().st_mode & 0o777 == 0o700
    backup = backups[0]
    assert backup.name.startswith("hearth-before-0001-") and backup.suffix == ".db"
    # The backup is still encrypted, with the same key, and holds the old schema and the family.
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    old = make_engine(backup, key.sqlcipher_pragma_value())
    try:
        assert current_revision(old) == "0001"
        with old.connect() as conn:
            assert conn.exec_driver_sql("SELECT family_name FROM family").scalars().all() == [
                "Oldrevisionby"
            ]
        assert "agency_involvement" not in inspect(old).get_table_names()
    finally:
        old.dispose()

    # Opening again: already at head, so no second backup.
    open_store(store_dir, passphrase).close()
    assert len(list((store_dir / "backups").iterdir())) == 1


def test_each_revision_upgrades_a_store_with_data(
    tmp_path: Path, passphrase: str, profile: Profile
) -> None:
    """Walk the revisions one at a time; the family survives every step."""
    with first_revision_engine(tmp_path / "stepwise", passphrase, profile) as engine:
        script = ScriptDirectory.from_config(alembic_config())
        for rev in reversed(list(script.walk_revisions())):
            upgrade(engine, rev.revision)
            assert current_revision(engine) == rev.revision
            with engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM family").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


def test_a_new_store_is_made_at_head_without_a_backup(store: Store, store_dir: Path) -> None:
    assert store.engine is not None
    assert current_revision(store.engine) == head_revision()
    assert not (store_dir / "backups").exists()
    assert migrate_with_backup(store.engine, db_path(store_dir)) is None


# Indexes on an expression, which Alembic cannot read back from SQLite to compare (it
# warns and skips them): test_expression_indexes_are_as_the_models_declare checks them.
EXPRESSION_INDEXES = ("ix_person_family_youngest_first",)


def _compare(engine: Engine) -> list[object]:
    with engine.connect() as conn, warnings.catch_warnings():
        for name in EXPRESSION_INDEXES:
            warnings.filterwarnings("ignore", f".*expression-based index '?{name}")
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, Base.metadata))


def _words(sql: str) -> str:
    return " ".join(sql.replace('"', "").replace("(", " ( ").replace(")", " ) ").split()).lower()


def test_expression_indexes_are_as_the_models_declare(store: Store) -> None:
    assert store.engine is not None
    declared = {
        index.name: _words(str(CreateIndex(index).compile(dialect=sqlite.dialect())))
        for table in Base.metadata.tables.values()
        for index in table.indexes
        if index.name in EXPRESSION_INDEXES
    }
    with store.engine.connect() as conn:
        made = {
            name: _words(sql)
            for name, sql in conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
            )
            if name in EXPRESSION_INDEXES
        }
    assert set(declared) == set(EXPRESSION_INDEXES)
    assert made == declared


def test_models_and_migrations_agree(store: Store) -> None:
    assert store.engine is not None
    assert _compare(store.engine) == []


def test_the_comparison_would_notice_a_difference(store: Store) -> None:
    assert store.engine is not None
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE family ADD COLUMN stray TEXT")
    differences = _compare(store.engine)
    assert any("stray" in repr(diff) for diff in differences)


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_constraints_follow_the_naming_convention(store: Store) -> None:
    assert store.engine is not None
    inspector = inspect(store.engine)
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        for fk in inspector.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith(f"fk_{table}_"), (table, fk)
        for unique in inspector.get_unique_constraints(table):
            assert unique["name"] and unique["name"].startswith(f"uq_{table}_"), (table, unique)
        pk = inspector.get_pk_constraint(table)
        assert pk["name"] == f"pk_{table}", table


def test_downgrade_to_the_first_revision_and_back(tmp_path: Path) -> None:
    """Downgrades work too (used when a release is withdrawn); plain SQLite is enough here."""
    engine = make_engine(tmp_path / "plain.db", None)
    try:
        upgrade(engine)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert current_revision(engine) == "0001"
        assert "agency_involvement" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _compare(engine) == []
    finally:
        engine.dispose()


def test_a_failed_migration_leaves_the_backup_and_a_clear_state(
    store_dir: Path, passphrase: str, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store_at_first_revision(store_dir, passphrase, profile)
    import db.migrate as migrate_module

    def broken(engine: Engine, revision: str = "head") -> None:
        raise RuntimeError("migration failed half way")

    monkeypatch.setattr(migrate_module, "upgrade", broken)
    with pytest.raises(HearthError) as caught:
        open_store(store_dir, passphrase)
    assert "could not be brought up to date" in caught.value.message
    assert "backups folder" in caught.value.message
    assert len(list((store_dir / "backups").iterdir())) == 1
    monkeypatch.undo()
    store = open_store(store_dir, passphrase)
    try:
        names = store.run(lambda s: list(s.scalars(select(Family.family_name))))
        assert names == ["Oldrevisionby"]
    finally:
        store.close()


@pytest.fixture
def broken_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the migrations whose second revision fails after creating its table."""
    import shutil

    import db.migrate as migrate_module

    copy = tmp_path / "migrations"
    shutil.copytree(
        migrate_module.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    second = next((copy / "versions").glob("0002_*.py"))
    text = second.read_text(encoding="utf-8")
    marker = (
        "    with op.batch_alter_table('family', schema=None) as batch_op:\n"
        "        batch_op.add_column"
    )
    assert marker in text
    text = text.replace(
        marker,
        "    raise RuntimeError('synthetic failure half way through 0002')\n" + marker,
        1,
    )
    second.write_text(text, encoding="utf-8")
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", copy)
    return copy


def test_a_migration_that_fails_half_way_changes_nothing(
    store_dir: Path, passphrase: str, profile: Profile, broken_migrations: Path
) -> None:
    with first_revision_engine(store_dir, passphrase, profile) as engine:
        tables_before = set(inspect(engine).get_table_names())
        with pytest.raises(RuntimeError):
            upgrade(engine)
        engine.dispose()
        # Every statement of the failed revision is rolled back, not left half done.
        assert current_revision(engine) == "0001"
        assert set(inspect(engine).get_table_names()) == tables_before
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("SELECT count(*) FROM family").scalar() == 1


def test_unlock_after_a_failed_migration_explains_and_a_later_unlock_succeeds(
    store_dir: Path,
    passphrase: str,
    profile: Profile,
    broken_migrations: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_store_at_first_revision(store_dir, passphrase, profile)
    with pytest.raises(HearthError) as caught:
        open_store(store_dir, passphrase)
    assert "could not be brought up to date" in caught.value.message
    # The fixed release (the real migrations) then upgrades the same store.
    monkeypatch.undo()
    store = open_store(store_dir, passphrase)
    try:
        assert store.engine is not None and current_revision(store.engine) == head_revision()
        assert store.run(lambda s: list(s.scalars(select(Family.family_name)))) == ["Oldrevisionby"]
    finally:
        store.close()


def test_a_backup_is_refused_while_a_reader_holds_back_the_checkpoint(
    store: Store, store_dir: Path
) -> None:
    """A copy of the main file alone would miss commits still in the WAL."""
    from app.store.caseload_store import write_meta
    from db.migrate import BackupFailed, backup_copy

    assert store.engine is not None
    reader = make_engine(db_path(store_dir), store.engine.url.password)
    try:
        with reader.connect() as held:
            held.exec_driver_sql("BEGIN")
            held.exec_driver_sql("SELECT count(*) FROM store_meta").all()
            store.run(lambda s: write_meta(s, "after the reader", "1"))
            with store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA busy_timeout = 100")  # this pooled connection
            with pytest.raises(BackupFailed) as caught:
                backup_copy(store.engine, db_path(store_dir), "test")
            assert "in use elsewhere" in str(caught.value)
            assert not (store_dir / "backups").exists() or not any(
                (store_dir / "backups").iterdir()
            )
    finally:
        reader.dispose()
    first = backup_copy(store.engine, db_path(store_dir), "test")
    second = backup_copy(store.engine, db_path(store_dir), "test")
    assert first != second and first.exists() and second.exists()
    assert sorted(p.name for p in (store_dir / "backups").iterdir()) == sorted(
        [first.name, second.name]
    )


def test_unlock_explains_when_no_backup_could_be_made(
    store_dir: Path, passphrase: str, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.store.store_schema as store_module
    from db.migrate import BackupFailed

    make_store_at_first_revision(store_dir, passphrase, profile)

    def no_backup(*_args: object) -> None:
        raise BackupFailed("the store is in use elsewhere")

    monkeypatch.setattr(store_module, "migrate_with_backup", no_backup)
    with pytest.raises(HearthError) as caught:
        open_store(store_dir, passphrase)
    assert "Close any other Hearth window" in caught.value.message
