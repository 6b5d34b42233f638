"""What the caseload shows of each family's people (``caseload_people``), kept by
triggers on person: true after every kind of write, by every path that writes."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.store.caseload_store import Profile, Store
from db.bulk_insert import insert_many
from db.caseload_lines import lines_made_after, lines_query
from db.migrate import upgrade
from db.models import Family, Person
from tests.builders import Member, add_family
from tests.db.test_migrations import first_revision_engine

BORN = dt.date.today() - dt.timedelta(days=400)


def kept(session: Session) -> dict[str, tuple[list[str], list[str]]]:
    """caseload_people as each family's words and children, as stored."""
    rows = session.connection().exec_driver_sql(
        "SELECT family_id, names, children FROM caseload_people").fetchall()
    return {family: (sorted(names.split()), children.split("\x1e") if children else [])
            for family, names, children in rows}


def expected(session: Session) -> dict[str, tuple[list[str], list[str]]]:
    """The same, worked out in Python from the person table as it now is."""
    people: dict[str, list[Person]] = {}
    for person in session.scalars(select(Person).where(Person.deleted.is_(False))):
        people.setdefault(person.family_id, []).append(person)
    found = {}
    for family, members in people.items():
        words = sorted(f"{p.given_name} {p.family_name}".split() for p in members)
        # Youngest first; alike dates in the order of the index's further columns.
        children = sorted((p for p in members if p.role in ("child", "unborn")),
                          key=lambda p: (p.role, p.given_name, p.family_name,
                                         p.date_of_birth or dt.date.min,
                                         p.expected_date or dt.date.min))
        youngest_first = sorted(children, reverse=True,
                                key=lambda p: p.expected_date or p.date_of_birth or dt.date.min)
        children = ["\x1f".join((p.role, p.given_name, p.family_name,
                                 p.date_of_birth.isoformat() if p.date_of_birth else "",
                                 p.expected_date.isoformat() if p.expected_date else ""))
                    for p in youngest_first]
        found[family] = (sorted(w for pair in words for w in pair), children)
    return found


def two_families(session: Session, profile: Profile) -> tuple[str, str]:
    first = add_family(session, profile, "Ashworth", people=(
        Member("old", "child", "Olwen", BORN - dt.timedelta(days=900)),
        Member("mum", "parent_carer", "Mair", BORN - dt.timedelta(days=9000)),
        Member("young", "child", "Yusuf", BORN),
    ))
    second = add_family(session, profile, "Brookes", people=(
        Member("baby", "unborn", "", expected=BORN + dt.timedelta(days=460)),
    ))
    return first.id, second.id


def test_each_family_has_its_people_youngest_first(store: Store, profile: Profile) -> None:
    def work(session: Session) -> None:
        first, second = two_families(session, profile)
        found = kept(session)
        assert found == expected(session)
        assert [child.split("\x1f")[1] for child in found[first][1]] == ["Yusuf", "Olwen"]
        assert found[second][1][0].startswith("unborn\x1f")

    store.run(work)


def test_a_rename_a_new_birthday_a_move_and_a_deletion_each_keep_it_true(
    store: Store, profile: Profile
) -> None:
    def work(session: Session) -> None:
        first, second = two_families(session, profile)
        olwen = session.scalars(select(Person).where(Person.given_name == "Olwen")).one()
        olwen.given_name = "Olwyn"
        olwen.date_of_birth = BORN + dt.timedelta(days=10)  # now the youngest
        session.flush()
        found = kept(session)
        assert [child.split("\x1f")[1] for child in found[first][1]] == ["Olwyn", "Yusuf"]
        assert "Olwen" not in found[first][0]
        olwen.family_id = second  # moved to the other family
        session.flush()
        assert kept(session) == expected(session)
        assert "Olwyn" in kept(session)[second][0]
        session.execute(update(Person).where(Person.family_id == first).values(deleted=True))
        assert first not in kept(session)  # no one left who is not deleted
        session.execute(delete(Person).where(Person.family_id == second,
                                             Person.role == "unborn"))
        assert kept(session) == expected(session)

    store.run(work)


def test_a_change_to_what_it_does_not_show_leaves_it_alone(store: Store, profile: Profile) -> None:
    """Only a change to what the caseload shows makes a family's line again: a line
    marked by hand stays marked through any other change, and is made again after."""
    def work(session: Session) -> None:
        first, _second = two_families(session, profile)
        mark = "UPDATE caseload_people SET names = 'untouched'"
        session.connection().exec_driver_sql(mark)
        session.execute(update(Person).values(school_or_setting="Hill Street Primary",
                                              nhs_number="", language="Welsh"))
        assert [names for names, _children in kept(session).values()] == [["untouched"]] * 2
        session.execute(update(Person).where(Person.family_id == first)
                        .values(family_name="Ashworth-Jones"))
        assert kept(session)[first] == expected(session)[first]

    store.run(work)


def bulk_people(session: Session, families: tuple[str, str]) -> list[tuple[Any, ...]]:
    """30 new children as a first sync writes them (rows for ``insert_many``), in turn
    in the two families; every seventh deleted."""
    table: Any = Person.__table__
    template = session.connection().execute(select(table).limit(1)).one()._asdict()
    rows = []
    for n in range(30):
        row = {**template, "id": f"bulk-{n:02d}", "family_id": families[n % 2],
               "role": "child", "given_name": f"Bulk{n}", "deleted": n % 7 == 0,
               "date_of_birth": (BORN + dt.timedelta(days=n)).isoformat(),
               "updated_at": template["updated_at"].isoformat(sep=" ")}
        rows.append(tuple(row[column.name] for column in table.columns))
    return rows


def test_a_first_syncs_bulk_insert_keeps_it_true(store: Store, profile: Profile) -> None:
    """A first sync writes people by ``insert_many`` (one statement, JSON rows)."""
    def work(session: Session) -> None:
        first, second = two_families(session, profile)
        insert_many(session.connection(), Person.__table__, bulk_people(session, (first, second)))
        assert kept(session) == expected(session)
        assert "Bulk29" in kept(session)[second][0] and "Bulk28" not in kept(session)[second][0]

    store.run(work)


def test_people_written_in_bulk_have_their_families_lines_made_once_after(
    store: Store, profile: Profile
) -> None:
    """Inside ``lines_made_after`` new people leave the lines as they were; after it, their
    families' lines are made, in one statement."""
    def work(session: Session) -> None:
        families = two_families(session, profile)
        before = kept(session)
        connection = session.connection()
        with lines_made_after(connection, families):
            insert_many(connection, Person.__table__, bulk_people(session, families))
            assert kept(session) == before  # not made again at each person
        assert kept(session) == expected(session)
        assert "Bulk29" in kept(session)[families[1]][0]

    store.run(work)


def test_a_failure_inside_leaves_the_triggers_making_lines_again(
    store: Store, profile: Profile
) -> None:
    """A bulk write that fails inside ``lines_made_after`` does not leave new people's
    lines waiting for ever: the next person written makes their family's line."""
    def work(session: Session) -> None:
        families = two_families(session, profile)
        with pytest.raises(RuntimeError), lines_made_after(session.connection(), families):
            raise RuntimeError("the page could not be written")
        add_family(session, profile, "Cartwright", people=(Member("kid", "child", "Kit", BORN),))
        assert kept(session) == expected(session)
        assert any("Kit" in names for names, _children in kept(session).values())

    store.run(work)


def test_any_sequence_of_writes_keeps_it_true(store: Store, profile: Profile) -> None:
    rng = random.Random(18)

    def work(session: Session) -> None:
        families = list(two_families(session, profile))
        families.append(add_family(session, profile, "Cartwright").id)
        for n in range(120):
            people = session.scalars(select(Person)).all()
            step = rng.choice(("add", "rename", "born", "move", "delete", "undelete", "remove"))
            if step == "add" or not people:
                session.execute(insert(Person).values(
                    id=f"p{n}", family_id=rng.choice(families), updated_by="t",
                    role=rng.choice(("child", "unborn", "parent_carer")), given_name=f"G{n}",
                    family_name=rng.choice(("", "Fox")),
                    date_of_birth=BORN + dt.timedelta(days=rng.randrange(3000))))
                continue
            person = rng.choice(people)
            change = {"rename": {"given_name": f"R{n}"},
                      "born": {"date_of_birth": BORN - dt.timedelta(days=rng.randrange(3000))},
                      "move": {"family_id": rng.choice(families)},
                      "delete": {"deleted": True}, "undelete": {"deleted": False},
                      "remove": None}[step]
            where = Person.id == person.id
            session.execute(delete(Person).where(where) if change is None
                            else update(Person).where(where).values(**change))
            session.expire_all()
            assert kept(session) == expected(session), (n, step)

    store.run(work)


def test_the_triggers_read_the_youngest_first_index_and_sort_nothing(store: Store) -> None:
    def plan(session: Session) -> list[str]:
        statement = lines_query("family_id = ?")
        found = session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", ("some-family",))
        return [str(step[-1]) for step in found.fetchall()]

    steps = store.run(plan)
    assert any("COVERING INDEX ix_person_family_youngest_first (family_id=?)" in step
               for step in steps), steps
    assert not any("TEMP B-TREE" in step for step in steps), steps


def test_the_migration_fills_it_for_a_store_made_before(
    tmp_path: Path, passphrase: str, profile: Profile
) -> None:
    with first_revision_engine(tmp_path / "older", passphrase, profile) as engine:
        upgrade(engine, "0010")
        with engine.begin() as conn:
            family = conn.execute(select(Family.id)).scalar_one()
            conn.execute(insert(Person).values(
                id="before", family_id=family, updated_by="t", role="child",
                given_name="Early", family_name="Bird", date_of_birth=BORN))
        upgrade(engine)
        with Session(engine) as session:
            assert kept(session) == expected(session)
            assert kept(session)[family][0] == ["Bird", "Early"]
