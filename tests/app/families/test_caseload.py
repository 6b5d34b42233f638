"""The caseload: rows read once, then searched, filtered and sorted in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app import dates
from app.dates import age_text, uk
from app.families.caseload import (
    FAMILIES_WITH_PEOPLE_SQL,
    CaseloadFilter,
    CaseloadRow,
    filter_rows,
    load_caseload,
    sort_rows,
)
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.store import vault
from app.store.caseload_store import Profile, Store, create_store
from db.models import Family, Person
from tests.builders import SYNTHETIC_PASSPHRASE, Member, add_family

TODAY = dates.today()
DUE = TODAY + dt.timedelta(days=40)


@pytest.fixture(scope="module")
def caseload_profile() -> Profile:
    return Profile(
        "Robin Testworker", "family_support_worker", "North Locality Team", "robin.testworker"
    )


@pytest.fixture(scope="module")
def caseload(
    tmp_path_factory: pytest.TempPathFactory, caseload_profile: Profile, levels: LevelsOfNeed
) -> Iterator[list[CaseloadRow]]:
    """A store with a small mixed caseload, read once for the module (rows are immutable)."""
    profile = caseload_profile
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vault, "DEFAULT_KDF", vault.KdfParams(iterations=1, lanes=1, memory_kib=1024))
        store = create_store(
            tmp_path_factory.mktemp("caseload") / "store", SYNTHETIC_PASSPHRASE, profile
        )

    def build(session: Session) -> list[CaseloadRow]:
        add_family(
            session,
            profile,
            "Applewood",
            postcode="WA7 5AB",
            level="early_help",
            lead_professional="Jo Lead",
            last_contact=TODAY - dt.timedelta(days=3),
            next_review=TODAY + dt.timedelta(days=20),
            people=(
                Member("ada", "child", "Ada", TODAY - dt.timedelta(days=3 * 365 + 10)),
                Member("ben", "child", "Ben", TODAY - dt.timedelta(days=200)),
                Member("unborn", "unborn", "", expected=DUE),
                Member("carys", "parent_carer", "Carys", TODAY - dt.timedelta(days=30 * 365)),
            ),
        )
        add_family(
            session,
            profile,
            "Birchall",
            postcode="L1 8JQ",
            level="child_in_need",
            status="stepped_up",
            allocated_to="someone.else",
            lead_professional="Al Lead",
            last_contact=TODAY - dt.timedelta(days=30),
            people=(Member("dylan", "child", "Dylan", TODAY - dt.timedelta(days=9 * 365)),),
        )
        add_family(
            session,
            profile,
            "cedarwood",
            postcode="WA8 7QT",
            level="universal",
            status="closed",
            people=(Member("applewood", "significant_adult", "Applewood"),),
        )
        gone = add_family(session, profile, "Deletedby", postcode="WA7 1AA", level="early_help")
        family = session.get(Family, gone.id)
        assert family is not None
        records.mark_deleted(session, profile, family)
        return load_caseload(session, levels)

    try:
        yield store.run(build)
    finally:
        store.close()


def names(rows: list[CaseloadRow]) -> list[str]:
    return [r.family_name for r in rows]


def test_load_caseload_has_one_row_per_live_family_sorted_by_name(
    caseload: list[CaseloadRow],
) -> None:
    assert names(caseload) == ["Applewood", "Birchall", "cedarwood"]


def test_rows_carry_what_the_caseload_shows(caseload: list[CaseloadRow]) -> None:
    apple = caseload[0]
    assert apple.reference.startswith("EH-")
    assert apple.level_label == "Early Help" and apple.level_rank == 2
    assert apple.lead_professional == "Jo Lead"
    # Youngest first; the unborn baby with its due date; parents are not children.
    assert apple.children_text == f"unborn, due {uk(DUE)}, Ben (6m), Ada (3y)"
    assert apple.last_contact == TODAY - dt.timedelta(days=3)
    assert caseload[2].children_text == ""
    assert caseload[2].level_label == "Universal"


def test_rows_are_plain_data(caseload: list[CaseloadRow]) -> None:
    for row in caseload:
        assert not hasattr(row, "_sa_instance_state")
        with pytest.raises(AttributeError):
            row.family_name = "x"  # type: ignore[misc]


def test_deleted_people_leave_the_caseload(
    store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    def work(session: Session) -> list[CaseloadRow]:
        built = add_family(
            session,
            profile,
            "Elmsworth",
            people=(Member("ffion", "child", "Ffion", TODAY - dt.timedelta(days=800)),),
        )
        person = session.query(Person).filter_by(family_id=built.id).one()
        records.mark_deleted(session, profile, person)
        return load_caseload(session, levels)

    rows = store.run(work)
    assert rows[0].children_text == "" and "ffion" not in rows[0].search_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["Applewood", "Birchall", "cedarwood"]),
        ("apple", ["Applewood", "cedarwood"]),  # cedarwood has an adult called Applewood
        ("APPLEWOOD", ["Applewood", "cedarwood"]),
        ("ada", ["Applewood"]),
        ("dylan", ["Birchall"]),
        ("wa7 5ab", ["Applewood"]),
        ("wa75ab", ["Applewood"]),
        ("WA", ["Applewood", "cedarwood"]),
        ("l1 8jq", ["Birchall"]),
        ("apple ada", ["Applewood"]),
        ("apple dylan", []),
        ("  ben   carys ", ["Applewood"]),
        ("nobody", []),
        ("deletedby", []),
    ],
)
def test_search_matches_every_term_across_names_reference_and_postcode(
    caseload: list[CaseloadRow], text: str, expected: list[str]
) -> None:
    assert names(filter_rows(caseload, CaseloadFilter(text=text))) == expected


def test_search_by_reference(caseload: list[CaseloadRow]) -> None:
    ref = caseload[1].reference
    assert names(filter_rows(caseload, CaseloadFilter(text=ref.lower()))) == ["Birchall"]


def test_filters_combine(caseload: list[CaseloadRow], caseload_profile: Profile) -> None:
    profile = caseload_profile
    assert names(filter_rows(caseload, CaseloadFilter(level="early_help"))) == ["Applewood"]
    assert names(filter_rows(caseload, CaseloadFilter(status="closed"))) == ["cedarwood"]
    assert names(filter_rows(caseload, CaseloadFilter(mine=profile.username))) == [
        "Applewood",
        "cedarwood",
    ]
    assert names(filter_rows(caseload, CaseloadFilter(mine="someone.else"))) == ["Birchall"]
    assert names(
        filter_rows(caseload, CaseloadFilter(text="wa", mine=profile.username, status="open"))
    ) == ["Applewood"]
    assert filter_rows(caseload, CaseloadFilter(level="early_help", status="closed")) == []
    assert filter_rows(caseload, CaseloadFilter(text="dylan", mine=profile.username)) == []


def test_filtering_returns_a_new_list_and_keeps_the_order(caseload: list[CaseloadRow]) -> None:
    everything = filter_rows(caseload, CaseloadFilter())
    assert everything == caseload and everything is not caseload
    backwards = list(reversed(caseload))
    assert names(filter_rows(backwards, CaseloadFilter(text="wa"))) == ["cedarwood", "Applewood"]


@pytest.mark.parametrize(
    ("column", "ascending", "descending"),
    [
        ("family", ["Applewood", "Birchall", "cedarwood"], ["cedarwood", "Birchall", "Applewood"]),
        ("level", ["cedarwood", "Applewood", "Birchall"], ["Birchall", "Applewood", "cedarwood"]),
        ("status", ["cedarwood", "Applewood", "Birchall"], ["Birchall", "Applewood", "cedarwood"]),
        ("lead", ["cedarwood", "Birchall", "Applewood"], ["Applewood", "Birchall", "cedarwood"]),
        (
            "last_contact",
            ["cedarwood", "Birchall", "Applewood"],
            ["Applewood", "Birchall", "cedarwood"],
        ),
        # No review date sorts after every date; ties keep the caseload's order.
        (
            "next_review",
            ["Applewood", "Birchall", "cedarwood"],
            ["Birchall", "cedarwood", "Applewood"],
        ),
        (
            "children",
            ["cedarwood", "Birchall", "Applewood"],
            ["Applewood", "Birchall", "cedarwood"],
        ),
    ],
)
def test_sort_by_each_column(
    caseload: list[CaseloadRow], column: str, ascending: list[str], descending: list[str]
) -> None:
    assert names(sort_rows(caseload, column)) == ascending
    assert names(sort_rows(caseload, column, descending=True)) == descending


def test_sort_by_reference_follows_the_reference(caseload: list[CaseloadRow]) -> None:
    refs = [r.reference for r in sort_rows(caseload, "reference")]
    assert refs == sorted(refs)
    assert [r.reference for r in sort_rows(caseload, "reference", descending=True)] == sorted(
        refs, reverse=True
    )


def test_sorting_does_not_change_the_input(caseload: list[CaseloadRow]) -> None:
    before = list(caseload)
    sort_rows(caseload, "level", descending=True)
    assert caseload == before


def test_unknown_level_code_shows_as_itself(
    store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    def work(session: Session) -> list[CaseloadRow]:
        add_family(session, profile, "Oddlevel", level="tier_x")
        add_family(session, profile, "Nolevel")
        return load_caseload(session, levels)

    rows = {r.family_name: r for r in store.run(work)}
    assert rows["Oddlevel"].level_label == "tier_x" and rows["Oddlevel"].level_rank == 0
    assert rows["Nolevel"].level_label == "Not set"


def test_children_ages_are_worked_out_as_app_dates_age_text_does(
    store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    """SQLite works out the children's ages now: month and birthday edges as before."""
    births = [TODAY - dt.timedelta(days=days)
              for days in (0, 1, 27, 31, 364, 365, 366, 729, 730, 731, 1826, 1827, 6000)]
    names = [f"Kid{chr(ord('a') + n)}" for n in range(len(births))]

    def work(session: Session) -> list[CaseloadRow]:
        add_family(session, profile, "Fernhill", people=tuple(
            Member(name, "child", name, born) for name, born in zip(names, births, strict=True)
        ))
        return load_caseload(session, levels)

    (row,) = store.run(work)
    expected = [f"{name} ({age_text(born, TODAY)})" for name, born in zip(names, births,
                                                                         strict=True)]
    assert row.children_text == ", ".join(expected)  # youngest first


def test_the_whole_caseload_finds_each_familys_people_by_key_and_sorts_nothing(
    store: Store,
) -> None:
    """Every family's names and children come from the store's kept line of them
    (``caseload_people``), each found by its key as the families stream: no person is
    read, nothing is sorted."""
    def plan(session: Session) -> list[str]:
        raw = session.connection().connection.driver_connection
        assert raw is not None
        found = raw.execute(f"EXPLAIN QUERY PLAN {FAMILIES_WITH_PEOPLE_SQL}")
        return [str(step[-1]) for step in found.fetchall()]

    steps = store.run(plan)
    assert any("SEARCH p USING PRIMARY KEY (family_id=?)" in step for step in steps), steps
    assert not any("person" in step or "TEMP B-TREE" in step for step in steps), steps
