"""``hearth check --store DIR``: open a store, run SQLCipher's, SQLite's and the foreign key
checks, and print the records per table; a damaged store is an error saying what to do."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app.errors import HearthError
from app.store.unlock_attempts import open_store_counted


def _checks(conn: Connection) -> list[tuple[str, str | None]]:
    """Run SQLCipher's, SQLite's and the foreign key checks: (name, problem or None)."""

    def rows(sql: str) -> list[str]:
        return [" ".join(str(v) for v in r) for r in conn.exec_driver_sql(sql)]

    results: list[tuple[str, str | None]] = []
    for name, sql, healthy in (
        ("SQLCipher integrity check", "PRAGMA cipher_integrity_check", []),
        ("SQLite integrity check", "PRAGMA integrity_check", ["ok"]),
        ("Foreign key check", "PRAGMA foreign_key_check", []),
    ):
        try:
            found = rows(sql)
        except DBAPIError as exc:
            results.append((name, str(exc.orig)))
            continue
        if found == healthy:
            results.append((name, None))
        else:
            more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
            results.append((name, "; ".join(found[:3]) + more))
    return results


def _counts(conn: Connection) -> dict[str, int | None]:
    """Rows per table; None for a table that cannot be read."""
    tables = [
        str(r[0])
        for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts: dict[str, int | None] = {}
    for table in tables:
        try:
            found = conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
            counts[table] = int(found or 0)
        except DBAPIError:
            counts[table] = None
    return counts


def run(args: argparse.Namespace, passphrase: str, out: Callable[[str], None]) -> int:
    """Open the store, run the checks and print the counts; raise HearthError if damaged."""
    store = open_store_counted(args.store, passphrase)
    try:
        assert store.engine is not None
        with store.engine.connect() as conn:
            results = _checks(conn)
            counts = _counts(conn)
    finally:
        store.close()
    profile = store.profile
    out(f"Store: {args.store}" + (" (DEMO)" if store.is_demo else ""))
    out(f"Worker: {profile.name} ({profile.role_label}, {profile.team})")
    out("Records per table:")
    width = max((len(t) for t in counts), default=0)
    for table, count in counts.items():
        out(f"  {table:<{width}}  {'unreadable' if count is None else count:>10}")
    for name, problem in results:
        out(f"{name}: {'ok' if problem is None else 'FAILED: ' + problem}")
    failed = [name for name, problem in results if problem is not None]
    unreadable = [t for t, c in counts.items() if c is None]
    if failed or unreadable:
        what = [f"failed: {', '.join(failed)}"] if failed else []
        if unreadable:
            what.append(f"tables that cannot be read: {', '.join(unreadable)}")
        raise HearthError(
            f"the store in {args.store} is damaged ({'; '.join(what)}). "
            "Keep a copy of it as it is and restore from a backup."
        )
    out("All is well.")
    return 0
