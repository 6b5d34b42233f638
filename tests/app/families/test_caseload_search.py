"""The caseload's search index finds exactly what the plain scan (filter_rows) finds."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from app import dates
from app.demo.seed import seed
from app.families.caseload import CaseloadFilter, CaseloadRow, filter_rows, load_caseload
from app.families.caseload_search import FIRST_LETTERS, CaseloadSearch
from app.reference.levels_of_need import LevelsOfNeed
from app.store import vault
from app.store.caseload_store import Profile, create_store
from tests.builders import SYNTHETIC_PASSPHRASE, Member, add_family

TODAY = dates.today()
# Names whose lowercase is not plain ASCII (Turkish dotted capital I lowers to two
# characters; Greek capital sigma to a final or a middle sigma).
UNICODE_FAMILIES = (
    ("Łukasiewicz", "Zoë", "WA8 7QT"),
    ("Öztürk", "İpek", "L1 8JQ"),
    ("Núñez", "Íñigo", "M1 2CD"),
    ("ΣΟΦΟΚΛΗΣ", "Σοφία", "CH41 6AA"),
    ("O'Brien-Smith", "Siân", "WA7 5AB"),
)


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory: pytest.TempPathFactory, levels: LevelsOfNeed) -> Iterator[
    list[CaseloadRow]
]:
    """The demo store's families (300, synthetic) and a few with accented names."""
    profile = Profile("Robin Testworker", "family_support_worker", "North", "robin.testworker")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vault, "DEFAULT_KDF", vault.KdfParams(iterations=1, lanes=1, memory_kib=1024))
        store = create_store(tmp_path_factory.mktemp("demo") / "store", SYNTHETIC_PASSPHRASE,
                             profile, demo=True)
    try:
        seed(store, 300, 7)

        def accented(session: Session) -> None:
            for name, child, postcode in UNICODE_FAMILIES:
                born = TODAY - dt.timedelta(days=1500)
                add_family(session, profile, name, postcode=postcode,
                           people=(Member("c", "child", child, born),))

        store.run(accented)
        yield store.run(load_caseload, levels)
    finally:
        store.close()


def queries(rows: list[CaseloadRow]) -> list[str]:
    """What workers type: parts of names, postcodes with and without their space,
    references, several words, capitals, accents, and words nobody has."""
    pick = random.Random(18)
    found: list[str] = ["", " ", "a", "t", "z", "ë", "İ", "i̇", "σ", "ς", "Σοφ", "o'b",
                        "eh-", "-0", "wa8 7", "wa87", "m1 2cd", "zzz", "q x", "a b c"]
    for row in pick.sample(rows, 60):
        text = row.search_text
        start = pick.randrange(len(text))
        found.append(text[start:start + pick.randint(1, 8)])  # may hold a space: two words
        found.append(row.family_name[: pick.randint(1, len(row.family_name))].upper())
        found.append(row.reference[-pick.randint(1, 6):])
        found.append(row.postcode.replace(" ", "")[: pick.randint(1, 6)])
        found.append(f"{row.family_name[:3]} {row.postcode[:2]}")
    return found


def test_the_index_finds_what_the_scan_finds(demo_rows: list[CaseloadRow]) -> None:
    search = CaseloadSearch()
    search.add(demo_rows)
    order = list(range(len(demo_rows)))
    for text in queries(demo_rows):
        for wanted in (CaseloadFilter(text=text), CaseloadFilter(text=text, status="open")):
            assert search.shown(order, order, wanted) == filter_rows(demo_rows, wanted), text


def test_typing_and_backspace_narrow_and_widen_as_the_scan_does(
    demo_rows: list[CaseloadRow],
) -> None:
    search = CaseloadSearch()
    order = list(range(len(demo_rows)))
    search.add(demo_rows)
    for word in ("taylor", "wa8 7qt", "σοφία", "eh-0", "zoë", "olivia smith"):
        typed = [word[:n] for n in range(1, len(word) + 1)]
        for text in typed + typed[::-1] + ["x" + word, word[2:]]:  # Backspace; at the front
            wanted = CaseloadFilter(text=text)
            assert search.shown(order, order, wanted) == filter_rows(demo_rows, wanted), text


def test_rows_added_after_a_search_are_searched_too(demo_rows: list[CaseloadRow]) -> None:
    search = CaseloadSearch()
    half = len(demo_rows) // 2
    search.add(demo_rows[:half])
    for text in ("a", "ta", "wa", "zoë"):  # words remembered before the rest arrive
        search.matching(text)
    search.add(demo_rows[half:])
    order = list(range(len(demo_rows)))
    for text in ("a", "ta", "wa", "zoë", "tay"):
        wanted = CaseloadFilter(text=text)
        assert search.shown(order, order, wanted) == filter_rows(demo_rows, wanted), text


def test_letters_learned_ahead_find_what_the_scan_finds(demo_rows: list[CaseloadRow]) -> None:
    search = CaseloadSearch()
    half = len(demo_rows) // 2
    search.add(demo_rows[:half])
    learned = 0
    while search.learn_next_letter():
        learned += 1
    assert learned == len(FIRST_LETTERS)
    assert not search.learn_next_letter()  # nothing left: the idle work stops
    search.add(demo_rows[half:])  # a reload's rows after the letters were learned
    order = list(range(len(demo_rows)))
    while search.learn_next_letter():
        pass
    for text in [*FIRST_LETTERS, "ta", "ë", "σ", "wa8"]:
        wanted = CaseloadFilter(text=text)
        assert search.shown(order, order, wanted) == filter_rows(demo_rows, wanted), text
