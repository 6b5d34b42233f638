"""The rows of a demo seeding run: families with their household, agencies and history of
levels of need; all randomness comes from one ``random.Random``."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from app.dates import today
from app.demo import made_up
from app.demo.ages import age_on, phase_on
from app.demo.level_history import (
    LevelModel,
    days_needed,
    decision,
    history_levels,
    level_dates,
)
from app.demo.made_up import birthday, nhs_number, phone, postcode, weighted
from app.demo.word_lists import (
    AGENCY_ROLES,
    BOYS,
    CONTACT_NOTES,
    ETHNICITIES,
    GIRLS,
    LANGUAGES,
    MEN,
    REASONS,
    REQUEST_SOURCES,
    SETTINGS,
    SURNAMES,
    TOWNS,
    WOMEN,
    Reason,
)
from app.reference.levels_of_need import Level, LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import utcnow

COLLEAGUES = 8  # in the demo worker's team (families are allocated among them)
# A day that may be unknown (a last contact, a next review).
Day = dt.date | None


def _review_in(draw: int) -> int:
    """Days from today to an open family's next review, from a draw of 0 to 63: a few
    overdue by days (never weeks), a few due today, the rest in the next six weeks."""
    if draw < 9:
        return -1 - draw  # overdue by 1 to 9 days
    if draw < 13:
        return 0
    return 1 + (draw - 13) * 42 // 51


class FamilyMaker:
    """Builds the rows of one seeding run; all randomness comes from ``rng``."""

    def __init__(self, rng: random.Random, levels: LevelsOfNeed, profile: Profile) -> None:
        self.rng = rng
        self.levels = levels
        self.model = LevelModel.of(levels)
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
        return weighted(self.rng, (("open", 78), ("closed", 15), ("stepped_up", 7)))

    def _current_level(self, status: str) -> Level:
        rng, m = self.rng, self.model
        if status == "stepped_up":
            return rng.choice(m.social_care) if rng.random() < 0.3 else m.social_care[0]
        if status == "closed":
            return m.universal if rng.random() < 0.5 else m.early_help
        return m.early_help if rng.random() < 0.9 else m.universal

    def family(self, reference: str) -> None:
        rng = self.rng
        status = self._status()
        current = self._current_level(status)
        path = history_levels(rng, self.levels, status, current)
        request_date, end = self._span(status, path)
        born, unborn = self._births()
        reason = self._reason(path, born, request_date)
        source = weighted(rng, tuple((s, w) for s, w in REQUEST_SOURCES if s in reason.sources)
                          or REQUEST_SOURCES)
        decided = level_dates(rng, path, request_date, end)
        surname = rng.choice(SURNAMES)
        lead, agency, username = self._worker_and_lead(status)
        last_contact, next_review = self._contact_dates(status, request_date, end, decided)
        if current.code == self.model.universal.code:
            next_review = None  # no plan to review at the universal level
        family = self._sync()
        fid = family["id"]
        family.update(
            reference=reference,
            family_name=surname,
            address_line1=made_up.street_address(rng),
            address_line2="" if rng.random() < 0.8 else f"Flat {rng.randint(1, 30)}",
            town=rng.choice(TOWNS),
            postcode=postcode(rng),
            phone=phone(rng, mobile=rng.random() < 0.85),
            email=made_up.email_address(rng, surname),
            contact_notes=rng.choice(CONTACT_NOTES),
            status=status,
            level_code=current.code,
            lead_professional=lead,
            lead_agency=agency,
            allocated_to=username,
            request_date=request_date,
            request_source=source,
            request_reason=reason.text,
            last_contact=last_contact,
            next_review=next_review,
        )
        self.families.append(family)
        self._household(fid, surname, born, unborn, reason)
        self._agencies(fid, status, path)
        self._level_changes(fid, path, decided)

    def _span(self, status: str, path: list[Level]) -> tuple[dt.date, dt.date]:
        """The day the request came, and the last day of early help: the closure for a
        closed family, yesterday for the rest (a stepped-up family's ends at its step up,
        the last of its level changes)."""
        rng, on = self.rng, self.on
        need = days_needed(path)
        if status == "closed":
            length = rng.randint(max(90, need), max(420, need + 30))
            request = on - dt.timedelta(days=length + rng.randint(7, 680))
            return request, request + dt.timedelta(days=length)
        lo, hi = (21, 540) if status == "open" else (120, 1100)
        request = on - dt.timedelta(days=rng.randint(max(lo, need + 7), max(hi, need + 37)))
        return request, on - dt.timedelta(days=1)

    def _reason(self, path: list[Level], born: list[dt.date], request: dt.date) -> Reason:
        """A request reason that fits the children the family had when it came."""
        if path[0].social_care:
            return next(r for r in REASONS if r.step_down)
        ages = [age_on(b, request) for b in born if b <= request]
        fitting = [r for r in REASONS if not r.step_down and any(r.fits(a) for a in ages)]
        return self.rng.choice(fitting or [r for r in REASONS if r.youngest == 0
                                           and r.oldest >= 17 and not r.step_down])

    def _worker_and_lead(self, status: str) -> tuple[str, str, str]:
        """The worker the family is allocated to, and its lead professional and agency."""
        rng = self.rng
        # A team lead holds a few families of their own; a worker a third of the team's.
        mine = rng.random() < (0.1 if self.profile.role == "team_lead" else 1 / 3)
        if mine:
            worker_name, username = self.profile.name, self.profile.username
        else:
            worker_name, username = rng.choice(self.colleagues)
        lead_kind = rng.random()
        if status == "stepped_up":
            lead = f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}"
            agency = "Children's social care"
        elif lead_kind < 0.65:
            lead, agency = worker_name, "Early Help"
        elif lead_kind < 0.8:
            lead, agency = f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}", "Health visiting"
        elif lead_kind < 0.95:
            lead, agency = f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}", "School"
        else:
            lead, agency = f"{rng.choice(WOMEN)} {rng.choice(SURNAMES)}", "Family nurse partnership"
        return lead, agency, username

    def _contact_dates(self, status: str, request: dt.date, end: dt.date,
                       decided: list[dt.date]) -> tuple[Day, Day]:
        """The last contact and the next review (none for a family no longer open). A
        closed family's last contact is its closing visit, on the day it closed."""
        rng, on = self.rng, self.on
        if status == "closed":
            return end, None
        if status == "open":
            last_contact: Day = max(request, on - dt.timedelta(days=rng.randint(0, 45)))
            next_review: Day = on + dt.timedelta(days=_review_in(rng.randint(0, 63)))
        else:  # the handover to social care after the step up
            last_contact = min(on, decided[-1] + dt.timedelta(days=rng.randint(0, 14)))
            next_review = None
        if rng.random() < 0.05:
            last_contact = None
        return last_contact, next_review

    def _level_changes(self, fid: str, path: list[Level], decided: list[dt.date]) -> None:
        before = ""
        for level, on_day in zip(path, decided, strict=True):
            direction, why, who = decision(self.rng, self.levels, before, level)
            change = self._sync()
            change.update(
                family_id=fid,
                decided_on=on_day,
                from_level=before,
                to_level=level.code,
                direction=direction,
                reason=why,
                decided_by=who,
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

    def _births(self) -> tuple[list[dt.date], bool]:
        """The children's birthdays (eldest first: siblings a year or more apart, now and
        then twins, aged 0 to 17) and whether a baby is on the way (then the youngest is
        at least a year old)."""
        rng = self.rng
        children = weighted(rng, ((1, 30), (2, 32), (3, 20), (4, 10), (5, 5), (6, 3)))
        unborn = rng.random() < 0.12
        born = children - 1 if unborn and children > 1 else children
        ages = sorted(rng.sample(range(1 if unborn else 0, 18), born), reverse=True)
        if born >= 2 and rng.random() < 0.03:
            ages[-1] = ages[-2]
        days = [birthday(rng, self.on, age) for age in ages]
        if born >= 2 and ages[-1] == ages[-2]:
            days[-1] = days[-2]  # twins share a birthday
        return days, unborn

    def _household(self, fid: str, surname: str, born: list[dt.date], unborn: bool,
                   reason: Reason) -> None:
        """Children (one perhaps unborn), a mother, often a father or new partner (not
        when the reason says the father has left), sometimes a grandparent; a household
        shares a background and language."""
        rng = self.rng
        ethnicity = weighted(rng, ETHNICITIES)
        language = weighted(rng, LANGUAGES) if ethnicity != "White British" else "English"
        oldest = float(age_on(born[0], self.on)) if born else 0.0
        father_present = rng.random() < 0.55 and not reason.father_left
        father_ethnicity = ethnicity if rng.random() < 0.8 else weighted(rng, ETHNICITIES)
        child_ethnicity = ethnicity
        if father_present and father_ethnicity != ethnicity:
            child_ethnicity = "Mixed: any other mixed background"
        child_language = language if rng.random() < 0.4 else "English"
        self._children(fid, surname, born, unborn, child_ethnicity, child_language)
        self._adults(fid, surname, oldest, ethnicity, language, father_present, father_ethnicity,
                     partner=not reason.father_left)

    def _children(
        self, fid: str, surname: str, born: list[dt.date], unborn: bool, ethnicity: str,
        language: str,
    ) -> None:
        rng, on = self.rng, self.on
        schools = made_up.family_schools(rng)
        used: set[str] = set()
        for day in born:
            girl = rng.random() < 0.5
            given = rng.choice([n for n in (GIRLS if girl else BOYS) if n not in used])
            used.add(given)
            phase = phase_on(day, on)
            setting = schools.get(phase, "")
            if phase == "setting":
                setting = rng.choice(SETTINGS) if rng.random() < 0.7 else ""
            self._person(
                fid,
                "child",
                given,
                surname if rng.random() < 0.85 else rng.choice(SURNAMES),
                ethnicity,
                language,
                relationship_to_child="Daughter" if girl else "Son",
                date_of_birth=day,
                gender="Female" if girl else "Male",
                school_or_setting=setting,
                nhs_number=nhs_number(rng) if rng.random() < 0.6 else "",
            )
        if unborn:
            self._person(
                fid,
                "unborn",
                "",
                surname,
                ethnicity,
                "",
                relationship_to_child="Unborn baby",
                expected_date=on + dt.timedelta(days=rng.randint(14, 250)),
                gender="Not known",
            )

    def _adults(self, fid: str, surname: str, oldest: float, ethnicity: str, language: str,
                father_present: bool, father_ethnicity: str, *, partner: bool = True) -> None:
        rng, on = self.rng, self.on
        mother_age = oldest + rng.uniform(18, 30)
        self._person(
            fid,
            "parent_carer",
            rng.choice(WOMEN),
            surname,
            ethnicity,
            language,
            relationship_to_child="Mother",
            date_of_birth=birthday(rng, on, min(mother_age, 55)),
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
                date_of_birth=birthday(rng, on, max(oldest + 18, mother_age + rng.uniform(-3, 8))),
                gender="Male",
            )
        elif rng.random() < 0.25 and partner:
            self._person(
                fid,
                "significant_adult",
                rng.choice(MEN),
                rng.choice(SURNAMES),
                weighted(rng, ETHNICITIES),
                "English",
                relationship_to_child="Mother's new partner",
                date_of_birth=birthday(rng, on, max(18.0, mother_age + rng.uniform(-5, 6))),
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
                date_of_birth=birthday(rng, on, min(mother_age + rng.uniform(18, 28), 85)),
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
                phone=phone(rng, mobile=False),
                email=f"{given.lower()}.{surname.lower()}@example.org",
            )
            self.agencies.append(agency)


