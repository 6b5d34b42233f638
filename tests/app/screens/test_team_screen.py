"""The Team area's loads against a store the test seeds, with answers it knows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.casework.consent import consent_statuses, current_consent
from app.casework.visit_data import VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.records import writes as records
from app.reference.casework_settings import CaseworkSettings, load_casework_settings
from app.reference.levels_of_need import LevelsOfNeed
from app.screens.team_drift import drift
from app.screens.team_screen import caseloads, waiting_for_me
from app.store.caseload_store import Profile, Store
from db.models import Family
from tests.builders import (
    OTHER_WORKER,
    TODAY,
    Consent,
    Member,
    add_assessment,
    add_family,
    add_plan,
    days,
    in_store,
)

LEAD = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead")
MUM = (Member("mum", "parent_carer", "Jess"), Member("kid", "child", "Kai", days(-3000)))


def _family(store: Store, actor: Profile, name: str, **kwargs: object) -> str:
    return in_store(store, add_family, actor, name, people=MUM, **kwargs).id


def test_waiting_for_me_lists_completed_unreviewed_assessments_oldest_first(
    store: Store, profile: Profile
) -> None:
    a = _family(store, profile, "Ashford", allocated_to=profile.username)
    b = _family(store, profile, "Birch", allocated_to=OTHER_WORKER)
    ehat = in_store(store, add_assessment, profile, a, completed_on=days(-10))
    gcp2 = in_store(store, add_assessment, profile, b, kind="gcp2", title="GCP2",
                    completed_on=days(-3))
    signed = in_store(store, add_assessment, profile, a, kind="three_houses",
                      completed_on=days(-5))
    returned = in_store(store, add_assessment, profile, b, completed_on=days(-20))
    in_store(store, add_assessment, profile, a, completed_on=None)  # a draft

    def closed_family(session: Session) -> None:
        built = add_family(session, profile, "Cole", people=MUM)
        add_assessment(session, profile, built.id, completed_on=days(-40))
        records.update(session, profile, session.get(Family, built.id), status="closed")

    store.run(closed_family)
    store.run(review_assessment, LEAD, ReviewRequest(signed, "signed_off"))
    store.run(review_assessment, LEAD, ReviewRequest(returned, "returned", "More, please."))
    # Returned, then amended: only the completed amendment waits.
    amendment = in_store(store, add_assessment, profile, b, completed_on=days(-1),
                         amends_id=returned)

    queue = store.run(waiting_for_me, LEAD, TODAY)
    assert [(w.assessment_id, w.age_days) for w in queue] == [
        (ehat, 10), (gcp2, 3), (amendment, 1)]
    first = queue[0]
    assert (first.family_name, first.worker, first.completed_by) == (
        "Ashford", profile.username, profile.name)
    assert first.completed_on == days(-10) and not first.resubmitted
    assert queue[2].resubmitted and queue[2].worker == OTHER_WORKER


def test_drift_grouped_by_worker_longest_first(store: Store, profile: Profile) -> None:
    ashford = _family(store, profile, "Ashford", allocated_to=profile.username,
                      consent=Consent("mum", days(-40)), last_contact=days(-50),
                      next_review=days(-3))
    birch = _family(store, profile, "Birch", allocated_to=OTHER_WORKER,
                    request_date=days(-10))
    _family(store, profile, "Cole", allocated_to=profile.username, status="closed",
            next_review=days(-30))

    def dale(session: Session) -> tuple[str, str, str]:
        built = add_family(session, profile, "Dale", people=MUM,
                           allocated_to=profile.username, consent=Consent("mum", days(-40)))
        add_assessment(session, profile, built.id, completed_on=days(-20))
        plan = add_plan(session, profile, built.id, (
            ("Need", "health", "Outcome", (
                ("Late action", "", "", days(-4), "not_started", ""),
                ("Done action", "", "", days(-9), "achieved", ""),
                ("Later action", "", "", days(4), "on_track", ""),
            )),), {})
        visit = save_visit(session, profile, VisitRequest(
            built.id, uk_to_utc(days(-1), 10, 0), "home_visit", seen=(built["mum"],)))
        return built.id, plan.actions[0], visit.id

    dale_id, action_id, visit_id = store.run(dale)
    # Many families' consent at once reads as each family's own does.
    ids = [ashford, birch, dale_id]
    assert store.run(consent_statuses, ids) == {
        fid: store.run(current_consent, fid) for fid in ids}
    groups = store.run(drift, LEAD, None, TODAY)
    assert [g.worker for g in groups] == [profile.username, OTHER_WORKER]
    mine = [(i.family_id, i.kind, i.days, i.record_id) for i in groups[0].items]
    assert mine == [
        (ashford, "no_contact", 50, ""),
        (ashford, "ehat_late", 12, ""),
        (dale_id, "action_overdue", 4, action_id),
        (ashford, "review_overdue", 3, ""),
        (dale_id, "visit_unfinalised", 1, visit_id),
    ]
    assert [(i.family_id, i.kind, i.area) for i in groups[1].items] == [
        (birch, "consent_missing", "consent")]
    assert [i.area for i in groups[0].items] == [
        "visits", "assessments", "plan", "meetings", "visits"]

    # The thresholds come from the casework settings.
    wider = CaseworkSettings(no_contact_weeks=8, ehat_due_days=50)
    kinds = {i.kind for g in store.run(drift, LEAD, wider, TODAY) for i in g.items}
    assert "no_contact" not in kinds and "ehat_late" not in kinds


def test_new_casework_settings_have_their_defaults(store: Store) -> None:
    settings = store.run(load_casework_settings)
    assert (settings.no_contact_weeks, settings.ehat_due_days) == (6, 28)


def test_caseloads_by_worker_level_and_status_with_totals(
    store: Store, profile: Profile, levels: LevelsOfNeed
) -> None:
    def add(name: str, worker: str, level: str, status: str = "open") -> None:
        _family(store, profile, name, allocated_to=worker, level=level, status=status)

    add("Ashford", profile.username, "early_help")
    add("Birch", profile.username, "early_help")
    add("Cole", profile.username, "child_in_need", "stepped_up")
    add("Dale", profile.username, "early_help", "closed")
    add("Eden", OTHER_WORKER, "universal")
    add("Frost", LEAD.username, "early_help")
    add("Grey", LEAD.username, "early_help", "open")

    loads = store.run(caseloads, LEAD, levels)
    eh, cin, uni = (levels.label(c) for c in ("early_help", "child_in_need", "universal"))
    rows = {w.worker: w for w in loads.workers}
    assert [w.worker for w in loads.workers] == [
        LEAD.username, profile.username, OTHER_WORKER]
    robin = rows[profile.username]
    assert robin.total == 3 and not robin.is_me
    assert (robin.level_count(eh), robin.level_count(cin)) == (2, 1)
    assert (robin.status_count("Open"), robin.status_count("Stepped up")) == (2, 1)
    assert rows[LEAD.username].is_me and rows[LEAD.username].total == 2
    assert loads.totals.total == 6
    assert (loads.totals.level_count(eh), loads.totals.level_count(cin),
            loads.totals.level_count(uni)) == (4, 1, 1)
    assert set(loads.level_labels) == {eh, cin, uni}
    assert loads.status_labels == ("Open", "Stepped up")


def test_supervision_overdue_is_drift_until_the_next_one_is_recorded(
    store: Store, profile: Profile
) -> None:
    from app.casework.supervision import SupervisionRequest, record_supervision

    fid = _family(store, profile, "Elder", allocated_to=OTHER_WORKER,
                  consent=Consent("mum", days(-10)), last_contact=days(-2))
    store.run(record_supervision, LEAD, SupervisionRequest(
        fid, days(-60), "First look at the case.", "", (), days(-5)))

    def overdue() -> list[tuple[str, int]]:
        return [(i.kind, i.days) for g in store.run(drift, LEAD, None, TODAY)
                for i in g.items if i.family_id == fid and i.kind == "supervision_overdue"]

    assert overdue() == [("supervision_overdue", 5)]
    store.run(record_supervision, LEAD, SupervisionRequest(
        fid, days(-1), "Second look.", "", (), days(40)))
    assert overdue() == []
