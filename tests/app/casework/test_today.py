"""Today: visits planned, reviews due or overdue (due yesterday is overdue),
plan actions overdue, unfinished drafts, and missing consent, each with what
to open."""

from __future__ import annotations

import datetime as dt

from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.casework.closure import CloseRequest
from app.casework.closure_writes import close_family
from app.casework.plan_data import ActionRequest, NeedRequest, OutcomeRequest
from app.casework.plan_writes import save_action, save_need, save_outcome
from app.casework.today import today_items
from app.casework.visit_data import VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.dates import uk
from app.records import writes as records
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from db.models import Assessment, Family, utcnow
from tests.builders import TODAY, Household, add_assessment, in_store, make_household


def set_next_review(store: Store, actor: Profile, family_id: str, day: dt.date | None) -> None:
    def work(session: object) -> None:
        records.update(session, actor, session.get(Family, family_id),  # type: ignore
                       next_review=day)

    store.run(work)


def kinds(items: tuple) -> list[tuple[str, bool]]:  # type: ignore[type-arg]
    return [(i.kind, i.overdue) for i in items]


def test_a_review_due_yesterday_is_overdue_and_today_is_due(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    names = {"Ashby": -1, "Birch": 0, "Colton": 3, "Dale": 20, "Eaton": -30}
    ids = {}
    for name, offset in names.items():
        h = make_household(store, actor, levels, name)
        ids[name] = h.family_id
        set_next_review(store, actor, h.family_id, TODAY + dt.timedelta(days=offset))
    items = store.run(today_items, actor, TODAY)
    reviews = [(i.family_name, i.title, i.overdue) for i in items if i.kind == "review_due"]
    assert reviews == [
        ("Eaton", "Review overdue by 30 days", True),
        ("Ashby", "Review overdue by 1 day", True),
        ("Birch", "Review due today", False),
        ("Colton", f"Review due on {(TODAY + dt.timedelta(days=3)):%d/%m/%Y}", False),
    ]
    ashby = next(i for i in items if i.family_name == "Ashby")
    assert (ashby.family_id, ashby.area) == (ids["Ashby"], "meetings")
    # The same family seen tomorrow: due today becomes overdue.
    tomorrow = store.run(today_items, actor, TODAY + dt.timedelta(days=1))
    birch = next(i for i in tomorrow if i.family_name == "Birch" and i.kind == "review_due")
    assert birch.overdue and birch.title == "Review overdue by 1 day"


def test_visits_actions_drafts_and_consent(
    store: Store, actor: Profile, household: Household, levels: LevelsOfNeed
) -> None:
    fid = household.family_id
    now = uk_to_utc(TODAY, 8, 0)
    planned_today = store.run(save_visit, actor, VisitRequest(
        fid, uk_to_utc(TODAY, 14, 30), "home_visit", planned=True), now)
    missed = store.run(save_visit, actor, VisitRequest(
        fid, uk_to_utc(TODAY - dt.timedelta(days=2), 10, 0), "school", planned=True), now)
    store.run(save_visit, actor, VisitRequest(
        fid, uk_to_utc(TODAY + dt.timedelta(days=2), 10, 0), "clinic", planned=True), now)
    draft = store.run(save_visit, actor, VisitRequest(
        fid, now - dt.timedelta(hours=1), "phone"), now)
    need = store.run(save_need, actor, NeedRequest(fid, "Housing repairs", "housing"))
    outcome = store.run(save_outcome, actor, OutcomeRequest(need.id, "A warm, dry home"))
    late = store.run(save_action, actor, ActionRequest(
        outcome.id, "Report the damp to the landlord", owner_kind="person",
        owner_id=household.mother_id, due_on=TODAY - dt.timedelta(days=1)))
    store.run(save_action, actor, ActionRequest(
        outcome.id, "Ask for a housing officer visit", due_on=TODAY - dt.timedelta(days=5),
        status="achieved"))
    store.run(save_action, actor, ActionRequest(
        outcome.id, "Apply for a grant", due_on=TODAY))

    def assessment(session: object) -> str:
        return records.create(
            session, actor, Assessment, family_id=fid,  # type: ignore[arg-type]
            child_person_id=None, form_id="ehat", form_version=1, kind="ehat",
            title="Early Help Assessment", status="draft", answers={}, current_page="",
            started_by=actor.name, started_at=utcnow(), completed_by="", completed_at=None,
            amends_id=None, descriptors_source={}).id

    assessment_id = store.run(assessment)
    no_consent = make_household(store, actor, levels, "Zephyr", consent=False)
    make_household(store, actor, levels, "Elsewhere", allocated_to="someone.else", consent=False)

    items = store.run(today_items, actor, TODAY, now)
    by_record = {i.record_id: i for i in items}
    assert by_record[planned_today.id].kind == "visit_planned"
    assert by_record[planned_today.id].title == "Visit planned at 14:30"
    assert not by_record[planned_today.id].overdue
    assert by_record[missed.id].overdue and "not recorded" in by_record[missed.id].title
    assert by_record[draft.id].kind == "draft_visit" and by_record[draft.id].area == "visits"
    assert by_record[late.id].kind == "action_overdue" and by_record[late.id].area == "plan"
    assert by_record[late.id].detail == (  # never "(Sam Lee (Early Help))" (issue 17)
        f"Dana Meadowbank: due on {uk(TODAY - dt.timedelta(days=1))}; overdue by 1 day.")
    assert by_record[assessment_id].kind == "draft_assessment"
    assert by_record[assessment_id].area == "assessments"
    consent = [i for i in items if i.kind == "consent_missing"]
    assert [(i.family_id, i.area) for i in consent] == [(no_consent.family_id, "consent")]
    assert consent[0].detail == "No consent recorded."
    # Only this worker's families; the achieved, future and due-today actions are not overdue.
    assert {i.family_name for i in items} == {"Meadowbank", "Zephyr"}
    assert sum(i.kind == "action_overdue" for i in items) == 1
    assert sum(i.kind == "visit_planned" for i in items) == 2
    # Overdue first.
    assert [i.overdue for i in items] == sorted((i.overdue for i in items), reverse=True)
    # A day later the visit record is final: no longer a draft on Today.
    later = store.run(today_items, actor, TODAY + dt.timedelta(days=1),
                      now + dt.timedelta(hours=25))
    assert draft.id not in {i.record_id for i in later}


def test_closed_families_are_left_out(store: Store, actor: Profile, levels: LevelsOfNeed) -> None:
    h = make_household(store, actor, levels, "Quiet", consent=False)
    set_next_review(store, actor, h.family_id, TODAY - dt.timedelta(days=3))
    assert {i.kind for i in store.run(today_items, actor, TODAY)} == {
        "review_due", "consent_missing"}
    store.run(close_family, actor, CloseRequest(h.family_id, TODAY, "needs_met"))
    assert store.run(today_items, actor, TODAY) == ()


def test_a_returned_assessment_shows_with_the_comment_until_resubmitted(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    lead = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead")
    h = make_household(store, actor, levels, allocated_to=actor.username)
    done = in_store(store, add_assessment, actor, h.family_id, completed_on=TODAY)
    assert not [i for i in store.run(today_items, actor, TODAY)
                if i.kind == "returned_assessment"]
    store.run(review_assessment, lead, ReviewRequest(done, "returned", "Add Maisie's words."))

    returned = [i for i in store.run(today_items, actor, TODAY)
                if i.kind == "returned_assessment"]
    assert len(returned) == 1
    item = returned[0]
    assert (item.area, item.record_id, item.family_id) == ("assessments", done, h.family_id)
    assert "Lee Teamlead" in item.title and "Add Maisie's words." in item.detail
    assert item.kind_label == "Assessment returned"

    # A draft amendment does not clear it; a completed one does.
    in_store(store, add_assessment, actor, h.family_id, amends_id=done)
    assert any(i.kind == "returned_assessment" for i in store.run(today_items, actor, TODAY))
    in_store(store, add_assessment, actor, h.family_id, amends_id=done, completed_on=TODAY)
    assert not any(i.kind == "returned_assessment"
                   for i in store.run(today_items, actor, TODAY))


def test_a_days_planned_visits_come_in_the_order_of_the_day(
    store: Store, actor: Profile, levels: LevelsOfNeed
) -> None:
    # Allen's visit is in the afternoon, Byrne's in the morning: time first, not name.
    now = uk_to_utc(TODAY, 8, 0)
    planned = {}
    for name, hour in (("Allen", 14), ("Byrne", 10), ("Carter", 9)):
        fid = make_household(store, actor, levels, name).family_id
        planned[name] = store.run(save_visit, actor, VisitRequest(
            fid, uk_to_utc(TODAY, hour, 30), "home_visit", planned=True), now).id
    items = store.run(today_items, actor, TODAY)
    visits = [(i.family_name, i.title) for i in items if i.kind == "visit_planned"]
    assert visits == [("Carter", "Visit planned at 09:30"), ("Byrne", "Visit planned at 10:30"),
                      ("Allen", "Visit planned at 14:30")]
