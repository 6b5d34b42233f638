"""A family whose names and words are written in every script families in English
councils write: the stress family of the documents' tests and benchmark. All synthetic."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from app.store.caseload_store import Store
from db.models import ChronologyEntry, Family, Person, Visit

# (script, given name, family name): each a plain, common name in that script.
NAMES: tuple[tuple[str, str, str], ...] = (
    ("Latin with diacritics", "Zoë-Ångström", "Nguyễn Łukasz"),
    ("Greek", "Αλέξανδρος", "Παπαδόπουλος"),
    ("Cyrillic", "Анастасия", "Коваленко"),
    ("Arabic", "محمد", "الحسن"),
    ("Urdu", "عائشہ", "خان"),
    ("Persian", "پریا", "رضایی"),
    ("Bengali", "সুমাইয়া", "রহমান"),
    ("Gurmukhi", "ਹਰਪ੍ਰੀਤ", "ਸਿੰਘ"),
    ("Devanagari", "प्रिया", "शर्मा"),
    ("Gujarati", "કૃપા", "પટેલ"),
    ("Tamil", "கார்த்திக்", "சுப்பிரமணியம்"),
    ("Chinese", "小龙", "李"),
    ("Ethiopic", "ሳባ", "ተስፋዬ"),
    ("Hebrew", "נועה", "כהן"),
)

# A child's own words, as the worker wrote them down, in a right-to-left script.
CHILD_WORDS_ARABIC = "أنا أحب المدرسة وأصدقائي، وأحب أن ألعب كرة القدم مع أخي بعد المدرسة كل يوم"
FAMILY_NAME = "Testwood 李 محمد"


def every_name() -> list[str]:
    return [f"{given} {family}" for _script, given, family in NAMES]


def write_in_every_script(store: Store, reference: str) -> None:
    """Give the family with ``reference`` a name in several scripts, rename its people
    one script each (as many as it has), and put words in other scripts in its
    chronology and visit notes."""

    def change(session: Any) -> None:
        family = session.scalar(select(Family).where(Family.reference == reference))
        family.family_name = FAMILY_NAME
        people = session.scalars(
            select(Person).where(Person.family_id == family.id).order_by(Person.id)
        ).all()
        for person, (_script, given, surname) in zip(people, NAMES, strict=False):
            person.given_name, person.family_name = given, surname
        names = "; ".join(every_name())
        session.execute(
            update(ChronologyEntry)
            .where(ChronologyEntry.family_id == family.id)
            .values(event=ChronologyEntry.event + f" Names: {names}.",
                    impact_on_child=CHILD_WORDS_ARABIC)
        )
        session.execute(
            update(Visit).where(Visit.family_id == family.id)
            .values(child_words=CHILD_WORDS_ARABIC, notes=f"Also present: {names}.")
        )

    store.run(change)
