"""Synthetic demo families: the demo store, and seeding any store for tests and benchmarks.

Everything here is made up. Names come from fixed lists of common given names
and surnames; towns and streets are invented; postcodes use the area "XH",
which no real address has; phone numbers are in the ranges Ofcom keeps for
drama (01632 960xxx, 07700 900xxx); NHS numbers are in the 999 range the NHS
reserves for testing; emails are at example.org/example.com.

:func:`seed` writes in bulk (one INSERT per table, one transaction) so that
10,000 families take seconds, yet it leaves the store exactly as if each record
had been made through :mod:`app.records.writes`: sync columns set, one outbox
operation per record, and one audit event for the seeding.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from app.dates import today
from app.records import writes as records
from app.reference.levels_of_need import Level, LevelsOfNeed, load_levels
from app.store.caseload_store import Profile, Store, create_store, store_exists
from db.models import (
    AgencyInvolvement,
    Family,
    LevelChange,
    OutboxOp,
    Person,
    SyncColumns,
    utcnow,
)

DEMO_PASSPHRASE = "hearth-demo-passphrase"
DEMO_PROFILE = Profile(
    name="Demo Worker", role="family_support_worker", team="Demo Team", username="demo.worker"
)
DEMO_FAMILIES = 60
# How many of them get a casework history through the services (it takes a
# while to write, and the demo store is made at first launch).
DEMO_CASEWORK = 30

# ------------------------------------------------------------------ word lists

GIRLS = (
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Florence "
    "Emily Ella Poppy Evie Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Matilda Ruby "
    "Aisha Maryam Zara Amira Hannah Chloe Jessica Leah Megan Niamh Erin Holly Layla Nia "
    "Maja Zuzanna Alicia Esme Harper Millie Lola"
).split()
BOYS = (
    "Noah Oliver George Arthur Muhammad Leo Harry Oscar Archie Henry Theodore Freddie "
    "Jack Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac "
    "Teddy Alexander Luca Edward James Joshua Albie Elijah Max Mason Reuben Ibrahim Yusuf "
    "Ethan Jayden Kai Tyler Callum Dylan Riley Kacper Jakub Ayaan Rhys Owen"
).split()
WOMEN = (
    "Sarah Emma Laura Rebecca Gemma Kelly Lisa Nicola Claire Michelle Jodie Amy Stacey "
    "Danielle Natalie Kirsty Leanne Hayley Jade Samantha Rachel Charlotte Victoria Fatima "
    "Nadia Shazia Agnieszka Joanna Precious Chiamaka Aaliyah Kerry Donna Tracey Dawn"
).split()
MEN = (
    "David Daniel Christopher Michael Mark Paul Andrew Lee Craig Wayne Jamie Ryan Scott "
    "Darren Gary Steven Adam Carl Liam Dean Imran Tariq Piotr Tomasz Kwame Emeka Marcus "
    "Jordan Aaron Kieran Shaun Stuart Neil"
).split()
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips "
    "Mason Mitchell Rose Davis Rodriguez Cox Alexander Morris Ward Hughes Turner Hill "
    "Moore Cooper Harris Lee Parker Bennett Young Allen King Baker Clark Murphy Kelly "
    "Begum Hussain Ali Ahmed Nowak Kowalski Okafor Mensah Campbell Stewart Murray Reid "
    "Price Lloyd Barnes Fletcher Holmes Shaw Lawrence Chapman Dixon Ellis Gibson Hunt "
    "Marshall Palmer Rogers Webb Pearson Gray Watson Fox Brooks Kennedy Doyle Byrne"
).split()
TOWNS = ("Ashworth", "Brookfield", "Kingsmere", "Hollowbridge", "Millbeck", "Ravensby", "Thornley")
STREET_NAMES = (
    "Oak Elm Beech Rowan Holly Willow Chestnut Cedar Hawthorn Laburnum Meadow Orchard "
    "Church Mill Station Victoria Albert Queens Kings Park Brook Bridge Canal Farm Field "
    "Spring Heath Moss Cherry Ash Poplar Sycamore Larch Maple Juniper Foxglove Bluebell"
).split()
STREET_KINDS = ("Road", "Street", "Close", "Avenue", "Lane", "Drive", "Grove", "Crescent", "Way")
# Inward postcode letters never use C, I, K, M, O or V.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
ETHNICITIES = (
    ("White British", 70),
    ("White other", 6),
    ("Mixed: White and Black Caribbean", 4),
    ("Asian or Asian British: Pakistani", 5),
    ("Asian or Asian British: Bangladeshi", 2),
    ("Asian or Asian British: Indian", 2),
    ("Black or Black British: African", 4),
    ("Black or Black British: Caribbean", 2),
    ("Any other ethnic group", 2),
    ("Not known", 3),
)
LANGUAGES = (("English", 86), ("Polish", 4), ("Urdu", 3), ("Arabic", 2), ("Romanian", 2),
             ("Bengali", 1), ("Somali", 1), ("Punjabi", 1))
SCHOOLS = (
    "Oakfield Primary School", "St Anne's C of E Primary", "Brookfield Academy",
    "Kingsmere High School", "Millbeck Community Primary", "Ravensby Infant School",
    "Thornley Junior School", "Hollowbridge Secondary College", "Willow Lane Primary",
)
SETTINGS = ("Little Acorns Nursery", "Rainbow Children's Centre", "Sunflower Day Nursery",
            "Tiny Steps Pre-school")
REASONS = (
    "Concerns about school attendance and punctuality.",
    "Parent asking for help with a child's behaviour at home.",
    "Mother experiencing low mood after the birth of the baby.",
    "Housing is overcrowded and damp; family at risk of eviction.",
    "Police attended a domestic incident; children present.",
    "Young carer supporting a parent with a long-term illness.",
    "Worries about a toddler's weight and development.",
    "Financial hardship and rent arrears; struggling with food.",
    "Parental substance misuse affecting routines.",
    "Child's emotional wellbeing: anxiety and not sleeping.",
    "New to the area; isolated and not registered with a GP.",
    "Step-down from children's social care after the plan ended.",
    "Teenager missing from home overnight twice this month.",
    "Neglect concerns: hygiene and clothing noticed at school.",
)
LEVEL_REASONS_UP = (
    "Needs have increased; a coordinated plan is needed.",
    "Escalating concerns despite support; threshold met.",
    "New information from police about domestic abuse.",
    "Plan not working; risks to the children are rising.",
)
LEVEL_REASONS_DOWN = (
    "Progress against the plan; needs can be met with less support.",
    "Social care plan ended; early help to continue the work.",
    "Risks reduced; family engaging well.",
)
LEVEL_REASONS_FIRST = (
    "Agreed at the request for help meeting.",
    "Decided at triage with the information from the referrer.",
    "Threshold discussion with the early help panel.",
)
DECIDERS = ("Early help panel", "Team lead", "Front door triage", "Social care team manager")
CONTACT_NOTES = (
    "", "", "", "Prefers a text message before visits.", "Evening visits only; works days.",
    "Dog at the property; ask for it to be shut away.", "Use the back door.",
    "Interpreter to be booked for visits.", "Do not leave voicemail messages.",
)
AGENCY_ROLES = {
    "Health visiting": "Health visitor",
    "School": "Designated safeguarding lead",
    "Early years setting": "Setting manager",
    "GP": "GP",
    "Midwifery": "Community midwife",
    "Police": "Police community support officer",
    "Housing": "Housing officer",
    "Children's social care": "Social worker",
    "Child and adolescent mental health": "CAMHS practitioner",
    "Adult mental health": "Care coordinator",
    "Drug and alcohol service": "Recovery worker",
    "Youth service": "Youth worker",
    "Family nurse partnership": "Family nurse",
    "Domestic abuse service": "Independent domestic violence adviser",
    "Voluntary sector": "Family support volunteer",
}
REQUEST_SOURCES = (("health_visitor", 25), ("school", 30), ("gp", 8), ("police", 15),
                   ("self", 12), ("other", 10))
COLLEAGUES = 8


# ------------------------------------------------------------------ helpers


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights)[0]


def _nhs_number(rng: random.Random) -> str:
    """A valid-looking NHS number in the 999 range the NHS reserves for testing."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits + [check]))


def _postcode(rng: random.Random) -> str:
    return (
        f"XH{rng.randint(1, 29)} {rng.randint(1, 9)}"
        f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    )


def _phone(rng: random.Random, mobile: bool = True) -> str:
    return f"07700 900{rng.randrange(1000):03d}" if mobile else f"01632 960{rng.randrange(1000):03d}"


def _birthday(rng: random.Random, on: dt.date, age_years: float) -> dt.date:
    """A date of birth giving a whole age of ``int(age_years)`` on ``on``."""
    years = int(age_years)
    try:
        last_birthday = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        last_birthday = on.replace(year=on.year - years, day=28)
    return last_birthday - dt.timedelta(days=rng.randrange(0, 365))


@dataclass(frozen=True)
class _LevelModel:
    """The council's levels grouped the way the generator needs them."""

    universal: Level
    early_help: Level
    community: tuple[Level, ...]
    social_care: tuple[Level, ...]

    @classmethod
    def of(cls, levels: LevelsOfNeed) -> _LevelModel:
        community = tuple(lv for lv in levels.levels if not lv.social_care)
        social = tuple(lv for lv in levels.levels if lv.social_care)
        if not community:
            community = levels.levels[:1]
        if not social:
            social = levels.levels[-1:]
        return cls(community[0], community[-1], community, social)


# ------------------------------------------------------------------ one family


class _Maker:
    """Builds the rows of one seeding run; all randomness comes from ``rng``."""

    def __init__(self, rng: random.Random, levels: LevelsOfNeed, profile: Profile) -> None:
        self.rng = rng
        self.levels = levels
        self.model = _LevelModel.of(levels)
        self.profile = profile
        self.on = today()
        self.now = utcnow()
        colleague_names = sorted(
            {f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}" for _ in range(COLLEAGUES * 2)}
        )[:COLLEAGUES]
        self.colleagues = [(n, ".".join(n.lower().split())) for n in colleague_names]
        self.families: list[dict[str, Any]] = []
        self.people: list[dict[str, Any]] = []
        self.agencies: list[dict[str, Any]] = []
        self.changes: list[dict[str, Any]] = []

    def _sync(self) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),  # fresh: two stores never share ids
            "version": None,
            "updated_at": self.now,
            "updated_by": self.profile.username,
            "deleted": False,
        }

    def _status(self) -> str:
        status: str = _weighted(self.rng, (("open", 78), ("closed", 15), ("stepped_up", 7)))
        return status

    def _current_level(self, status: str) -> Level:
        rng, m = self.rng, self.model
        if status == "stepped_up":
            return rng.choice(m.social_care) if rng.random() < 0.3 else m.social_care[0]
        if status == "closed":
            return m.universal if rng.random() < 0.5 else m.early_help
        return m.early_help if rng.random() < 0.9 else m.universal

    def _history_levels(self, status: str, current: Level) -> list[Level]:
        """1-4 levels ending at ``current``, each differing from the one before, and
        consistent with the status (a stepped-up family's last move is a step up)."""
        rng, m = self.rng, self.model
        count = _weighted(rng, ((1, 45), (2, 30), (3, 17), (4, 8)))
        path = [current]
        if status == "stepped_up":
            if current.rank > m.social_care[0].rank and rng.random() < 0.5:
                path.insert(0, m.social_care[0])  # up within social care, after a step up
            path.insert(0, rng.choice(m.community))
        while len(path) < count:
            options = [lv for lv in self.levels.levels if lv.code != path[0].code]
            if rng.random() < 0.7:
                near = [lv for lv in options if abs(lv.rank - path[0].rank) == 1]
                options = near or options
            # Most families never reach social care: weight community levels up.
            weights = [1 if lv.social_care else 4 for lv in options]
            path.insert(0, rng.choices(options, weights)[0])
        return path

    def _dates_between(self, start: dt.date, end: dt.date, count: int) -> list[dt.date]:
        """``count`` different days from ``start`` to ``end``, in order."""
        span = max(count - 1, (end - start).days)
        return [start + dt.timedelta(days=d) for d in sorted(self.rng.sample(range(span + 1), count))]

    def family(self, reference: str) -> None:
        rng, on = self.rng, self.on
        status = self._status()
        current = self._current_level(status)
        path = self._history_levels(status, current)
        first_social = path[0].social_care
        if first_social:
            source = "social_care_step_down"
            reason = REASONS[11]
        else:
            source = _weighted(rng, REQUEST_SOURCES)
            reason = rng.choice(REASONS[:11] + REASONS[12:])
        age_days = rng.randint(21, 540) if status == "open" else rng.randint(120, 1100)
        request_date = on - dt.timedelta(days=age_days)
        decided = self._dates_between(
            request_date + dt.timedelta(days=rng.randint(0, 14)), on - dt.timedelta(days=1), len(path)
        )

        surname = rng.choice(SURNAMES)
        mine = rng.random() < 1 / 3
        if mine:
            worker_name, username = self.profile.name, self.profile.username
        else:
            worker_name, username = rng.choice(self.colleagues)
        lead_kind = rng.random()
        if status == "stepped_up":
            lead, agency = f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}", "Children's social care"
        elif lead_kind < 0.65:
            lead, agency = worker_name, "Early Help"
        elif lead_kind < 0.8:
            lead, agency = f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}", "Health visiting"
        elif lead_kind < 0.95:
            lead, agency = f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}", "School"
        else:
            lead, agency = f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}", "Family nurse partnership"

        if status == "open":
            last_contact: dt.date | None = on - dt.timedelta(days=rng.randint(0, 45))
            next_review: dt.date | None = on + dt.timedelta(days=rng.randint(-21, 42))
        elif status == "closed":
            last_contact = max(decided[-1], on - dt.timedelta(days=rng.randint(30, 300)))
            next_review = None
        else:
            last_contact = max(decided[-1], on - dt.timedelta(days=rng.randint(0, 60)))
            next_review = None
        if rng.random() < 0.05:
            last_contact = None

        family = self._sync()
        fid = family["id"]
        family.update(
            reference=reference,
            family_name=surname,
            address_line1=f"{rng.randint(1, 240)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_KINDS)}",
            address_line2="" if rng.random() < 0.8 else f"Flat {rng.randint(1, 30)}",
            town=rng.choice(TOWNS),
            postcode=_postcode(rng),
            phone=_phone(rng, mobile=rng.random() < 0.85),
            email="" if rng.random() < 0.5 else f"{surname.lower()}{rng.randint(1, 999)}@example.org",
            contact_notes=rng.choice(CONTACT_NOTES),
            status=status,
            level_code=current.code,
            lead_professional=lead,
            lead_agency=agency,
            allocated_to=username,
            request_date=request_date,
            request_source=source,
            request_reason=reason,
            last_contact=last_contact,
            next_review=next_review,
        )
        self.families.append(family)
        self._household(fid, surname)
        self._agencies(fid, status, path)
        before = ""
        for level, on_day in zip(path, decided, strict=True):
            direction = self.levels.direction(before, level.code)
            if direction in ("step_up", "up"):
                why = rng.choice(LEVEL_REASONS_UP)
            elif direction in ("step_down", "down"):
                why = rng.choice(LEVEL_REASONS_DOWN)
            else:
                why = rng.choice(LEVEL_REASONS_FIRST)
            change = self._sync()
            change.update(
                family_id=fid,
                decided_on=on_day,
                from_level=before,
                to_level=level.code,
                direction=direction,
                reason=why,
                decided_by=rng.choice(DECIDERS),
            )
            self.changes.append(change)
            before = level.code

    def _person(
        self, fid: str, role: str, given: str, surname: str, ethnicity: str, language: str,
        **extra: Any,
    ) -> None:
        person = self._sync()
        adult = role in ("parent_carer", "significant_adult")
        person.update(
            family_id=fid,
            role=role,
            given_name=given,
            family_name=surname,
            relationship_to_child="",
            date_of_birth=None,
            expected_date=None,
            gender="",
            ethnicity=ethnicity,
            language=language,
            interpreter_needed=adult and language != "English" and self.rng.random() < 0.5,
            school_or_setting="",
            nhs_number="",
        )
        person.update(extra)
        self.people.append(person)

    def _household(self, fid: str, surname: str) -> None:
        """Children (one perhaps unborn), a mother, often a father or new partner,
        sometimes a grandparent; a household shares a background and language."""
        rng, on = self.rng, self.on
        ethnicity = _weighted(rng, ETHNICITIES)
        language = _weighted(rng, LANGUAGES) if ethnicity != "White British" else "English"
        children = _weighted(rng, ((1, 30), (2, 32), (3, 20), (4, 10), (5, 5), (6, 3)))
        unborn = rng.random() < 0.12
        born = children - 1 if unborn and children > 1 else children
        # Siblings a year or more apart (now and then twins), aged 0 to 17.
        ages = sorted(rng.sample(range(18), born), reverse=True)
        if born >= 2 and rng.random() < 0.03:
            ages[-1] = ages[-2]
        oldest = float(ages[0]) if ages else 0.0
        father_present = rng.random() < 0.55
        father_ethnicity = ethnicity if rng.random() < 0.8 else _weighted(rng, ETHNICITIES)
        child_ethnicity = ethnicity
        if father_present and father_ethnicity != ethnicity:
            child_ethnicity = "Mixed: any other mixed background"
        child_language = language if rng.random() < 0.4 else "English"
        used: set[str] = set()
        for age in ages:
            girl = rng.random() < 0.5
            given = rng.choice([n for n in (GIRLS if girl else BOYS) if n not in used])
            used.add(given)
            if age < 4:
                setting = rng.choice(SETTINGS) if age >= 2 and rng.random() < 0.7 else ""
            else:
                setting = rng.choice(SCHOOLS)
            self._person(
                fid,
                "child",
                given,
                surname if rng.random() < 0.85 else rng.choice(SURNAMES),
                child_ethnicity,
                child_language,
                relationship_to_child="Daughter" if girl else "Son",
                date_of_birth=_birthday(rng, on, age),
                gender="Female" if girl else "Male",
                school_or_setting=setting,
                nhs_number=_nhs_number(rng) if rng.random() < 0.6 else "",
            )
        if unborn:
            self._person(
                fid,
                "unborn",
                "",
                surname,
                child_ethnicity,
                "",
                relationship_to_child="Unborn baby",
                expected_date=on + dt.timedelta(days=rng.randint(14, 250)),
                gender="Not known",
            )
        mother_age = oldest + rng.uniform(18, 30)
        self._person(
            fid,
            "parent_carer",
            rng.choice(WOMEN),
            surname,
            ethnicity,
            language,
            relationship_to_child="Mother",
            date_of_birth=_birthday(rng, on, min(mother_age, 55)),
            gender="Female",
        )
        if father_present:
            self._person(
                fid,
                "parent_carer",
                rng.choice(MEN),
                surname if rng.random() < 0.7 else rng.choice(SURNAMES),
                father_ethnicity,
                language,
                relationship_to_child="Father" if rng.random() < 0.8 else "Stepfather",
                date_of_birth=_birthday(rng, on, max(oldest + 18, mother_age + rng.uniform(-3, 8))),
                gender="Male",
            )
        elif rng.random() < 0.25:
            self._person(
                fid,
                "significant_adult",
                rng.choice(MEN),
                rng.choice(SURNAMES),
                _weighted(rng, ETHNICITIES),
                "English",
                relationship_to_child="Mother's new partner",
                date_of_birth=_birthday(rng, on, max(18.0, mother_age + rng.uniform(-5, 6))),
                gender="Male",
            )
        if rng.random() < 0.2:
            nan = rng.random() < 0.7
            self._person(
                fid,
                "significant_adult",
                rng.choice(WOMEN if nan else MEN),
                surname,
                ethnicity,
                language,
                relationship_to_child="Grandmother" if nan else "Grandfather",
                date_of_birth=_birthday(rng, on, min(mother_age + rng.uniform(18, 28), 85)),
                gender="Female" if nan else "Male",
            )

    def _agencies(self, fid: str, status: str, path: list[Level]) -> None:
        rng = self.rng
        wanted = rng.randint(1, 4)
        names = rng.sample(list(AGENCY_ROLES), wanted)
        if (status == "stepped_up" or any(lv.social_care for lv in path)) and (
            "Children's social care" not in names
        ):
            names.append("Children's social care")
        for name in names:
            given, surname = rng.choice(WOMEN + MEN), rng.choice(SURNAMES)
            agency = self._sync()
            agency.update(
                family_id=fid,
                agency=name,
                contact_name=f"{given} {surname}",
                contact_role=AGENCY_ROLES[name],
                phone=_phone(rng, mobile=False),
                email=f"{given.lower()}.{surname.lower()}@example.org",
            )
            self.agencies.append(agency)


# ------------------------------------------------------------------ seeding


def _outbox_rows(model: type[SyncColumns], rows: list[dict[str, Any]], now: dt.datetime) -> list[dict[str, Any]]:
    """The outbox operations records.create would have written for ``rows``."""
    columns = records.content_columns(model)
    entity = model.__sync__.entity
    family_key = model.__sync__.family_key
    return [
        {
            "op_id": str(uuid.uuid4()),
            "entity": entity,
            "entity_id": row["id"],
            "family_id": row[family_key],
            "base_version": None,
            "fields": {c: records.to_wire(row[c]) for c in columns},
            "deleted": False,
            "created_at": now,
        }
        for row in rows
    ]


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _next_reference_number(session: Session) -> tuple[int, set[str]]:
    taken = set(session.scalars(select(Family.reference)))
    count = session.scalar(select(func.count()).select_from(Family)) or 0
    return count + 1, taken


def seed(store: Store, families: int, seed: int = 1, *, casework: int = 0) -> int:
    """Add ``families`` synthetic families to ``store`` in one transaction; return how many.

    The same seed gives the same families (names, dates relative to today,
    levels, history); record ids are always fresh. ``casework`` of them (the
    worker's own first) also get a casework history (consent, assessments,
    meetings, plan, visits, closure: see :mod:`app.demo.casework`), written
    through the services, one transaction per family; the bulk of a large
    seed stays fast.
    """
    if families <= 0:
        return 0
    levels = load_levels()
    actor = store.profile

    made: list[dict[str, Any]] = []

    def write(session: Session) -> int:
        maker = _Maker(random.Random(seed), levels, actor)
        number, taken = _next_reference_number(session)
        for _ in range(families):
            while f"EH-{number:06d}" in taken:
                number += 1
            maker.family(f"EH-{number:06d}")
            number += 1
        batches: tuple[tuple[type[SyncColumns], list[dict[str, Any]]], ...] = (
            (Family, maker.families),
            (Person, maker.people),
            (AgencyInvolvement, maker.agencies),
            (LevelChange, maker.changes),
        )
        # Core inserts on the tables (one executemany each) skip the ORM's
        # per-row bookkeeping; column names and attribute names are the same.
        for model, rows in batches:
            if rows:
                session.execute(insert(_table(model)), rows)
        outbox: list[dict[str, Any]] = []
        for model, rows in batches:
            outbox.extend(_outbox_rows(model, rows, maker.now))
        session.execute(insert(_table(OutboxOp)), outbox)
        records.audit(session, actor, "seed_demo")
        made.extend(maker.families)
        return len(maker.families)

    added = store.run(write)
    if casework > 0 and added:
        from app.demo.casework import add_casework

        # The worker's own families first (they fill the Today screen), then others.
        mine = [f for f in made if f["allocated_to"] == actor.username]
        others = [f for f in made if f["allocated_to"] != actor.username]
        # One transaction per family keeps each unit of work small.
        for number, family in enumerate((mine + others)[:casework]):
            store.run(add_casework, actor, [str(family["id"])], levels, seed + number)
    return added


def ensure_demo_store(folder: Path) -> None:
    """Create the demo store in ``folder`` with synthetic families, unless one is there.

    It is built beside ``folder`` and moved into place when complete, so an
    interrupted first run never leaves half a demo store behind.
    """
    folder = Path(folder)
    if store_exists(folder):
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = folder.with_name(f".{folder.name}-building-{os.getpid()}")
    if building.exists():
        shutil.rmtree(building)
    store = create_store(building, DEMO_PASSPHRASE, DEMO_PROFILE, demo=True)
    try:
        seed(store, DEMO_FAMILIES, casework=DEMO_CASEWORK)
    finally:
        store.close()
    if folder.exists():
        folder.rmdir()  # an empty folder someone made; a non-empty one raises OSError
    os.replace(building, folder)
