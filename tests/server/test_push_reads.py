"""What a push reads up front (server.locks.Known.preload), as the database plans it: by
key, never the whole records table. On SQLite (the service's embedded default) the lock
statement used to be one OR of the batch's keys and its families' records, which SQLite
could only answer by reading every record of the service at every push (a push of 100
edits against a 10,000-family service took 0.35 s, most of it that read)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select, create_engine, event
from sqlalchemy.orm import Session

from server import admin
from server.db import init_database, session_factory
from server.locks import (
    ALLOCATIONS_OF_BATCH,
    APPLIED,
    RECORDS_OF_FAMILIES,
    allocations_of_batch,
    family_ids,
    named_records,
    record_rows_locked,
    records_locked,
)

# A batch of a few dozen records of three types, as a worker's device pushes them (a
# row-value IN planned as an index search for one pair, and as a scan from a few).
KEYS = sorted([("family", f"f-{n}") for n in range(10)] + [("person", f"p-{n}") for n in range(30)]
              + [("plan", f"plan-{n}") for n in range(5)])


def _plan(path: Path, statement: Select[Any], params: dict[str, Any]) -> list[str]:
    """SQLite's plan of ``statement`` as the service sends it (lists expanded)."""
    engine = create_engine(f"sqlite:///{path}")
    sent: list[tuple[str, Any]] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, sql, parameters, _ctx, _many: sent.append((sql, parameters)))
    try:
        with Session(engine) as session:
            session.execute(statement, params).all()
            sql, parameters = sent[-1]
            rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
            return [str(row[3]) for row in rows]
    finally:
        engine.dispose()


def test_a_push_reads_its_records_and_their_families_by_key(
    sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hearth-server.db"
    shutil.copyfile(sqlite_template, path)
    plans = {
        "records locked": _plan(path, records_locked(named_records(KEYS)), {}),
        "records locked as rows": _plan(path, record_rows_locked(named_records(KEYS)), {}),
        "their families": _plan(path, family_ids(named_records(KEYS)), {}),
        "records of families moved": _plan(path, RECORDS_OF_FAMILIES,
                                           {"families": ["f-1", "f-2"]}),
        "allocations": _plan(path, allocations_of_batch(named_records(KEYS)), {"ids": ["f-3"]}),
        "ops taken before": _plan(path, APPLIED, {"ids": ["op-1"], "devices": ["d-1"]}),
    }
    for name, plan in plans.items():
        assert plan, name
        scans = [step for step in plan if step.startswith("SCAN") and " CONSTANT ROW" not in step
                 and "subquery" not in step]
        assert not scans, f"{name}: {plan}"
    for name in ("records locked", "records locked as rows"):
        assert any("record USING" in step and "INDEX" in step for step in plans[name]), plans[name]
    assert any("ix_record_family_scope" in step
               for step in plans["records of families moved"]), plans["records of families moved"]


def test_a_push_finds_its_families_allocations_by_key_on_postgresql(
    migrated_database_url: str,
) -> None:
    """On a service of 20,000 families, the allocations a push locks are found by key: a
    statement of two INs joined by OR read every allocation at every push (a sequential
    scan, 5 ms for a push of three records)."""
    if not migrated_database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's plan (SQLite's is the test above)")
    engine = init_database(migrated_database_url)
    try:
        with session_factory(engine).begin() as session:
            admin.add_team(session, "North")
            admin.add_user(session, "synthetic", name="Synthetic Worker", role="worker",
                           team="North", password="correct horse battery")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO allocation (family_id, username, team, allocated_at) "
                "SELECT 'f-' || g, 'synthetic', 'North', now() FROM generate_series(1, 20000) g")
            conn.exec_driver_sql(
                "INSERT INTO record (entity, id, family_id, owner, version, seq, deleted, data,"
                " updated_at, updated_by) SELECT 'person', 'p-' || g, 'f-' || (g / 3 + 1),"
                " 'synthetic', 1, g, false, '{}'::json, now(), 'synthetic'"
                " FROM generate_series(1, 60000) g")
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE allocation")
            conn.exec_driver_sql("ANALYZE record")
            sent: list[tuple[str, Any]] = []
            event.listen(conn, "before_cursor_execute",
                         lambda _c, _cur, sql, parameters, _ctx, _many: sent.append(
                             (sql, parameters)))
            keys = [("person", "p-10"), ("person", "p-11"), ("person", "p-12")]
            found = conn.execute(ALLOCATIONS_OF_BATCH, {"keys": keys, "ids": ["f-9"]}).all()
            assert sorted(row.family_id for row in found) == ["f-4", "f-5", "f-9"]
            sql, parameters = sent[-1]
            plan = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}", parameters)]
            conn.rollback()
    finally:
        engine.dispose()
    assert not [step for step in plan if "Seq Scan on allocation" in step], plan
    assert any("pk_allocation" in step for step in plan), plan
