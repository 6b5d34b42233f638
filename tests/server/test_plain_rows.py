"""``db.plain_rows`` gives the rows SQLAlchemy would, as the driver's tuples, in the
caller's transaction, on SQLite and on PostgreSQL (each with its own way of passing
parameters), with a plain parameter and a list expanded into ``NOT IN``."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from db.plain_rows import plain_rows
from server.db import init_database, session_factory
from server.models import Record, utcnow


def test_plain_rows_are_the_rows_sqlalchemy_reads(migrated_database_url: str) -> None:
    engine = init_database(migrated_database_url)
    try:
        with session_factory(engine)() as session:
            for n in range(6):
                session.add(Record(entity="person", id=f"p{n}", family_id=f"f{n % 3}",
                                   owner="alice" if n % 2 else "bob", version=n + 1, seq=n + 1,
                                   deleted=False, data={"given_name": "Synthetic"},
                                   updated_at=utcnow(), updated_by="alice"))
            session.flush()  # not committed: the plain read must see this transaction's rows
            query = (select(Record.entity, Record.id, Record.version)
                     .where(Record.owner == "alice", Record.family_id.not_in(["f0", "f9"]))
                     .order_by(Record.id))
            expected = [tuple(row) for row in session.execute(query)]
            got = plain_rows(session.connection(), query)
            assert expected == [("person", "p1", 2), ("person", "p5", 6)]
            assert got == expected
            assert all(type(row) is tuple for row in got)
            # A statement with parameters given at each read: compiled once, read twice.
            by_owner = (select(Record.id).where(Record.owner == bindparam("owner"))
                        .order_by(Record.id))
            for owner, ids in (("bob", ["p0", "p2", "p4"]), ("alice", ["p1", "p3", "p5"])):
                assert plain_rows(session.connection(), by_owner, {"owner": owner}) == [
                    (rid,) for rid in ids]
            session.rollback()
    finally:
        engine.dispose()
