"""The chronology: built from everything recorded plus manual significant
events; filtered by type, by child, and significant only."""

from __future__ import annotations

import datetime as dt

import pytest

from app.casework.chronology import (
    build_chronology,
    list_chronology_entries,
    remove_chronology_entry,
    save_chronology_entry,
)
from app.casework.chronology_data import CHRONOLOGY_TYPES, ChronologyEntryRequest, ChronologyFilter
from app.casework.consent import list_consents
from app.casework.consent_data import WithdrawalRequest
from app.casework.consent_writes import withdraw_consent
from app.casework.meetings import MeetingRequest, save_meeting
from app.casework.step_changes import StepUpRequest, step_up
from app.casework.visit_data import ChildSeen, VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.errors import ValidationFailed
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import Assessment, utcnow
from tests.builders import TODAY, Household

UTC = dt.UTC


@pytest.fixture
def recorded(store: Store, actor: Profile, household: Household,
             levels: LevelsOfNeed) -> dict[str, str]:
    h, fid = household, household.family_id
    ids: dict[str, str] = {}

    def assessment(session: object) -> str:
        row = records.create(
            session, actor, Assessment, family_id=fid,  # type: ignore[arg-type]
            child_person_id=h.child_id, form_id="gcp2", form_version=1, kind="gcp2",
            title="Graded Care Profile 2", status="completed", answers={}, current_page="",
            started_by=actor.name, started_at=utcnow() - dt.timedelta(days=300),
            completed_by=actor.name,
            completed_at=dt.datetime.combine(TODAY - dt.timedelta(days=300), dt.time(10),
                                             tzinfo=UTC),
            amends_id=None, descriptors_source={})
        records.create(
            session, actor, Assessment, family_id=fid,  # type: ignore[arg-type]
            child_person_id=None, form_id="ehat", form_version=1, kind="ehat",
            title="Early Help Assessment", status="draft", answers={}, current_page="",
            started_by=actor.name, started_at=utcnow(), completed_by="", completed_at=None,
            amends_id=None, descriptors_source={})
        return row.id

    ids["assessment"] = store.run(assessment)
    ids["fam"] = store.run(save_meeting, actor, MeetingRequest(
        fid, "family_action_meeting", TODAY - dt.timedelta(days=280), chair="Sam Chair",
        decisions="Plan agreed.")).id
    ids["review"] = store.run(save_meeting, actor, MeetingRequest(
        fid, "review", TODAY - dt.timedelta(days=240))).id
    at = uk_to_utc(TODAY - dt.timedelta(days=200), 15, 45)
    ids["visit"] = store.run(save_visit, actor, VisitRequest(
        fid, at, "home_visit", children_seen=(ChildSeen(h.baby_id, True, False),
                                              ChildSeen(h.child_id, False)),
        child_words="Dog!", notes="Alfie playing happily."), at + dt.timedelta(hours=1)).id
    store.run(save_visit, actor, VisitRequest(
        fid, utcnow() + dt.timedelta(days=3), "clinic", planned=True))
    ids["event"] = store.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY - dt.timedelta(days=150), "Maisie taken to A&E after a fall",
        source="Hospital discharge letter", impact_on_child="Missed a week of school",
        child_person_id=h.child_id)).id
    ids["minor"] = store.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY - dt.timedelta(days=149), "New bunk beds delivered", significant=False)).id
    [consent] = store.run(list_consents, actor, fid)
    store.run(withdraw_consent, actor, WithdrawalRequest(
        consent.id, TODAY - dt.timedelta(days=100), "Dana Meadowbank"))
    ids["step"] = store.run(step_up, actor, levels, StepUpRequest(
        fid, "child_in_need", TODAY - dt.timedelta(days=10), "Escalating concerns")).id
    return ids


def test_the_chronology_draws_on_everything_recorded_oldest_first(
    store: Store, actor: Profile, household: Household, recorded: dict[str, str]
) -> None:
    chronology = store.run(build_chronology, actor, household.family_id)
    rows = [(i.type, i.title) for i in chronology.items]
    assert rows == [
        ("referral", "Request for help received"),
        ("level_change", "Level of need set to Early Help"),
        ("consent", "Consent given by Dana Meadowbank"),
        ("assessment", "Graded Care Profile 2 completed"),
        ("meeting", "Family Action Meeting held"),
        ("review", "Review held"),
        ("visit", "Home visit"),
        ("event", "Maisie taken to A&E after a fall"),
        ("event", "New bunk beds delivered"),
        ("consent", "Consent withdrawn by Dana Meadowbank (all of it)"),
        ("step_change", "Stepped up to Children's social care front door"),
    ]
    items = {i.title: i for i in chronology.items}
    assert all(i.type in CHRONOLOGY_TYPES for i in chronology.items)
    referral = items["Request for help received"]
    assert referral.source == "School" and "attendance" in referral.detail
    visit = items["Home visit"]
    assert visit.time == "15:45" and visit.area == "visits" and visit.record_id == recorded["visit"]
    assert "Children seen: Alfie Meadowbank" in visit.detail
    assert "Not seen: Maisie Meadowbank" in visit.detail and "“Dog!”" in visit.detail
    event = items["Maisie taken to A&E after a fall"]
    assert (event.source, event.impact_on_child, event.child) == (
        "Hospital discharge letter", "Missed a week of school", "Maisie Meadowbank")
    assert items["Graded Care Profile 2 completed"].child == "Maisie Meadowbank"
    assert items["Family Action Meeting held"].source == "Chair: Sam Chair"


def test_filters_by_type_child_and_significance(
    store: Store, actor: Profile, household: Household, recorded: dict[str, str]
) -> None:
    fid = household.family_id
    only = store.run(build_chronology, actor, fid,
                     ChronologyFilter(types=frozenset({"visit", "event"})))
    assert [i.type for i in only.items] == ["visit", "event", "event"]
    significant = store.run(build_chronology, actor, fid, ChronologyFilter(significant_only=True))
    titles = [i.title for i in significant.items]
    assert "New bunk beds delivered" not in titles and "Home visit" not in titles
    assert "Review held" not in titles and "Maisie taken to A&E after a fall" in titles
    assert all(i.significant for i in significant.items)
    # By child: items about that child, and the whole family's; not the others'.
    alfie = store.run(build_chronology, actor, fid,
                      ChronologyFilter(child_person_id=household.baby_id))
    alfie_titles = [i.title for i in alfie.items]
    assert "Maisie taken to A&E after a fall" not in alfie_titles
    assert "Graded Care Profile 2 completed" not in alfie_titles
    assert "Home visit" in alfie_titles and "Request for help received" in alfie_titles
    maisie = store.run(build_chronology, actor, fid,
                       ChronologyFilter(child_person_id=household.child_id,
                                        types=frozenset({"event", "assessment"})))
    assert [i.title for i in maisie.items] == [
        "Graded Care Profile 2 completed", "Maisie taken to A&E after a fall",
        "New bunk beds delivered"]


def test_manual_entries_are_checked_edited_and_removed(
    store: Store, actor: Profile, household: Household
) -> None:
    fid = household.family_id
    with pytest.raises(ValidationFailed) as err:
        store.run(save_chronology_entry, actor, ChronologyEntryRequest(
            fid, TODAY + dt.timedelta(days=1), " ", child_person_id=household.mother_id))
    assert set(err.value.problems) == {"event", "occurred_on", "child_person_id"}
    entry = store.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY, "Dad moved back in"))
    changed = store.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY, "Dad moved back into the family home", source="Mum", id=entry.id))
    assert changed.event == "Dad moved back into the family home" and changed.significant
    assert [e.id for e in store.run(list_chronology_entries, actor, fid)] == [entry.id]
    store.run(remove_chronology_entry, actor, entry.id)
    assert store.run(list_chronology_entries, actor, fid) == ()
    assert all(i.type != "event" for i in store.run(build_chronology, actor, fid).items)


def _assessment(session: object, actor: Profile, family_id: str, answers: dict[str, str],
          completed: dt.datetime, form_id: str = "ehat") -> str:
    row = records.create(
        session, actor, Assessment, family_id=family_id,  # type: ignore[arg-type]
        child_person_id=None, form_id=form_id, form_version=1, kind=form_id,
        title="Early Help Assessment", status="completed", answers=answers, current_page="",
        started_by=actor.name, started_at=completed - dt.timedelta(days=60),
        completed_by=actor.name, completed_at=completed, amends_id=None,
        descriptors_source={})
    return str(row.id)


def test_an_assessment_is_dated_by_when_it_happened_not_when_it_was_completed(
    store: Store, actor: Profile, household: Household, recorded: dict[str, str]
) -> None:
    """An EHAT held before the step up but completed after it sorts by its assessment date."""
    fid = household.family_id
    held = TODAY - dt.timedelta(days=50)
    completed = dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(11), tzinfo=UTC)
    store.run(_assessment, actor, fid, {"assessment_date": held.isoformat()}, completed)
    chronology = store.run(build_chronology, actor, fid)
    types = [i.type for i in chronology.items]
    ehat = next(i for i in chronology.items if i.title == "Early Help Assessment completed")
    assert ehat.date == held and ehat.time == ""
    assert f"Completed on {completed.strftime('%d/%m/%Y')}" in ehat.detail
    assert types.index("step_change") > chronology.items.index(ehat)
    dates = [i.date for i in chronology.items]
    assert dates == sorted(dates)


def test_an_assessment_without_a_date_answer_falls_back(
    store: Store, actor: Profile, household: Household
) -> None:
    """No date answer: the form's first date field (with the registry), else completion."""
    from app.forms.loader import load_default

    fid = household.family_id
    completed = dt.datetime.combine(TODAY - dt.timedelta(days=3), dt.time(9), tzinfo=UTC)
    store.run(_assessment, actor, fid, {}, completed)
    [item] = store.run(build_chronology, actor, fid,
                       ChronologyFilter(types=frozenset({"assessment"}))).items
    assert item.date == completed.date() and item.time == "09:00"
    registry = load_default().registry
    form = registry.latest("three_houses")
    first_date = next(f.id for f in form.top_fields() if f.type == "date")
    held = TODAY - dt.timedelta(days=40)
    store.run(_assessment, actor, fid, {first_date: held.isoformat()}, completed, "three_houses")
    items = store.run(build_chronology, actor, fid,
                      ChronologyFilter(types=frozenset({"assessment"})), None, registry).items
    assert [i.date for i in items] == [held, completed.date()]


def test_nothing_in_the_chronology_is_cut_short(
    store: Store, actor: Profile, household: Household
) -> None:
    fid = household.family_id
    long_event = " ".join(f"event{n:04d}" for n in range(560))  # 5,039 characters
    markers = " ".join(f"Marker {n:03d} of the notes." for n in range(1, 121))
    store.run(save_chronology_entry, actor, ChronologyEntryRequest(
        fid, TODAY - dt.timedelta(days=5), long_event))
    at = uk_to_utc(TODAY - dt.timedelta(days=4), 10, 0)
    store.run(save_visit, actor, VisitRequest(fid, at, "home_visit", child_words=markers,
                                              notes=markers), at + dt.timedelta(hours=1))
    items = store.run(build_chronology, actor, fid).items
    event = next(i for i in items if i.type == "event")
    assert event.title == long_event and "…" not in event.title + event.detail
    visit = next(i for i in items if i.type == "visit")
    assert visit.detail.count("Marker 120 of the notes.") == 2
