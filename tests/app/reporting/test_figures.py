"""Each figure computed for the seeded store (conftest.py) against the answers the test
built in: level changes mid-period, reopenings, deleted records, a step up without an
EHAT before it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.records import writes as records
from app.reporting import assessment_figures as af
from app.reporting import caseload_figures as cf
from app.reporting import casework_figures as kf
from app.reporting import plan_figures as pf
from app.reporting.catalogue import FIGURES, compute_figures
from app.reporting.period import Period, Scope
from app.store.caseload_store import Store
from db.models import Assessment, LevelChange
from tests.app.reporting.conftest import PERIOD, Seeded
from tests.builders import days

TEAM = Scope()


def test_open_by_level_counts_each_family_at_its_level_on_the_last_day(
    store: Store, seeded: Seeded
) -> None:
    fig = store.run(cf.open_by_level, PERIOD, TEAM)
    assert fig.families("Early Help") == seeded.of("A", "E")
    assert fig.families("Universal") == seeded.of("B", "F")  # B moved down mid-period
    assert fig.families("Child in Need") == seeded.of("D")
    assert fig.families("Child Protection") == seeded.of("C")
    assert fig.families("No level yet") == seeded.of("I")
    assert fig.value("Total") == 7  # G closed, H deleted
    assert fig.rows[-1].label == "Total"


def test_an_earlier_period_sees_the_earlier_level_and_who_was_open_then(
    store: Store, seeded: Seeded
) -> None:
    fig = store.run(cf.open_by_level, Period(days(-240), days(-60)), TEAM)
    # B still at Early Help; C and D not yet stepped up; E reopened that day; F still
    # closed; G not yet closed; I not yet asked for help.
    assert fig.families("Early Help") == seeded.of("A", "B", "C", "D", "E", "G")
    assert fig.value("Total") == 6


def test_open_by_worker_and_a_worker_scope(store: Store, seeded: Seeded) -> None:
    fig = store.run(cf.open_by_worker, PERIOD, TEAM)
    assert fig.families("Robin Testworker") == seeded.of("A", "C", "D", "F")
    assert fig.families("Sam Otherworker") == seeded.of("B", "E", "I")
    mine = store.run(cf.open_by_level, PERIOD, Scope(worker="robin.testworker"))
    assert mine.value("Total") == 4


def test_a_level_scope_is_the_level_at_the_end_of_the_period(store: Store, seeded: Seeded) -> None:
    fig = store.run(cf.open_by_worker, PERIOD, Scope(level="early_help"))
    assert tuple(sorted(fig.all_family_ids)) == seeded.of("A", "E")  # G is closed
    assert fig.value("Total") == 2


def test_new_requests_by_source_leave_out_the_deleted_family(store: Store, seeded: Seeded) -> None:
    fig = store.run(cf.new_requests_by_source, PERIOD, TEAM)
    assert fig.families("School") == seeded.of("A", "G")  # H (deleted) and D (too early) not
    assert fig.families("Police report") == seeded.of("C")
    assert fig.families("Self-referral") == seeded.of("I")
    assert fig.value("Total") == 4
    assert len(fig.monthly) == 12
    assert sum(p.value for p in fig.monthly) >= 4


def test_days_from_request_to_consent(store: Store, seeded: Seeded) -> None:
    fig = store.run(af.days_request_to_consent, PERIOD, TEAM)
    # A 10, C 20, G 10 (D's consent is before the period; F, H, I have none).
    assert fig.value("Families") == 3
    assert fig.families("Families") == seeded.of("A", "C", "G")
    assert fig.value("Median days") == 10
    assert fig.value("Lower quartile (days)") == 10
    assert fig.value("Upper quartile (days)") == 15
    assert (fig.value("Shortest (days)"), fig.value("Longest (days)")) == (10, 20)


def test_days_from_consent_to_ehat(store: Store, seeded: Seeded) -> None:
    fig = store.run(af.days_consent_to_ehat, PERIOD, TEAM)
    # A: consent -90, EHAT -60 (30); D: consent -190, EHAT -170 (20).
    assert fig.families("Families") == seeded.of("A", "D")
    assert fig.value("Median days") == 25
    assert fig.value("Lower quartile (days)") == 22.5
    assert fig.value("Upper quartile (days)") == 27.5


def test_ehats_completed_awaiting_and_returned(store: Store, seeded: Seeded) -> None:
    fig = store.run(af.ehat_status, PERIOD, TEAM)
    assert fig.families("Completed") == seeded.of("A", "D")
    assert fig.value("Completed") == 2
    assert fig.families("Awaiting sign-off") == seeded.of("A")
    assert fig.families("Returned") == seeded.of("D")
    before = store.run(af.ehat_status, Period(days(-180), days(-100)), TEAM)
    # Only D's EHAT was complete by then, and its return (today) had not happened.
    assert before.families("Completed") == seeded.of("D")
    assert before.families("Awaiting sign-off") == seeded.of("D")
    assert before.value("Returned") == 0


def test_step_ups_and_whether_an_ehat_came_first(store: Store, seeded: Seeded) -> None:
    fig = store.run(kf.step_changes, PERIOD, TEAM)
    assert fig.families("Step ups") == seeded.of("C", "D")
    assert fig.value("Step downs") == 0
    assert fig.families("Step ups with an EHAT completed before") == seeded.of("D")
    assert fig.families("Step ups without a completed EHAT before") == seeded.of("C")


def test_closures_by_reason(store: Store, seeded: Seeded) -> None:
    fig = store.run(kf.closures_by_reason, PERIOD, TEAM)
    assert fig.families("The family disengaged") == seeded.of("G")
    assert fig.families("Needs met: universal services can support the family") == seeded.of("E")
    assert fig.value("Total") == 2  # F's closure was before the period


def test_rereferrals_use_the_window_from_the_settings(store: Store, seeded: Seeded) -> None:
    fig = store.run(kf.rereferrals, PERIOD, TEAM)
    assert fig.families("Re-referrals (within 12 months)") == seeded.of("E")
    assert fig.families("Reopened after 12 months") == seeded.of("F")


def test_plan_actions_by_status_leave_out_deleted_and_not_yet_due(
    store: Store, seeded: Seeded
) -> None:
    fig = store.run(pf.plan_actions, PERIOD, TEAM)
    assert [(r.label, r.value) for r in fig.rows] == [
        ("Achieved", 1), ("Overdue", 1), ("Not achieved", 1), ("No longer needed", 0)]
    assert fig.families("Overdue") == seeded.of("A")


def test_feedback_at_closure(store: Store, seeded: Seeded) -> None:
    fig = store.run(kf.feedback_at_closure, PERIOD, TEAM)
    assert fig.families("Feedback recorded") == seeded.of("G")
    assert fig.families("No feedback recorded") == seeded.of("E")


def test_meetings_held_leave_out_the_deleted_one(store: Store, seeded: Seeded) -> None:
    fig = store.run(pf.meetings_held, PERIOD, TEAM)
    assert fig.families("Family Action Meeting") == seeded.of("A")
    assert fig.families("Review") == seeded.of("E")
    assert fig.value("Team Around the Family meeting") == 0


def test_overdue_reviews_at_the_end_of_the_period(store: Store, seeded: Seeded) -> None:
    fig = store.run(pf.overdue_reviews, PERIOD, TEAM)
    assert fig.families("Review overdue") == seeded.of("A")
    assert fig.families("Review not yet due") == seeded.of("E")
    assert fig.families("No meeting yet") == seeded.of("B", "C", "D", "F", "I")
    earlier = store.run(pf.overdue_reviews, Period(days(-180), days(-20)), TEAM)
    # A: due -10, not yet passed on day -20; E: its review on -30 set +20.
    assert earlier.families("Review not yet due") == seeded.of("A", "E")
    assert earlier.value("Review overdue") == 0


def test_a_deleted_level_decision_does_not_count(store: Store, seeded: Seeded) -> None:
    def forget_the_move_down(session: Session) -> None:
        row = session.scalars(select(LevelChange).where(
            LevelChange.family_id == seeded.ids["B"], LevelChange.to_level == "universal")).one()
        records.mark_deleted(session, store.profile, row)

    store.run(forget_the_move_down)
    fig = store.run(cf.open_by_level, PERIOD, TEAM)
    assert fig.families("Early Help") == seeded.of("A", "B", "E")


def test_every_figure_has_a_definition_and_an_empty_store_gives_zeros(store: Store) -> None:
    figures = store.run(compute_figures, PERIOD, TEAM)
    assert len(figures) == len(FIGURES)
    assert len({f.id for f in figures}) == len(figures)
    for fig in figures:
        assert len(fig.definition) > 40 and fig.title
        assert all(r.value == 0 for r in fig.rows), fig.id


def test_case_audit_grades_count_each_familys_latest_audit_in_the_period(
    store: Store, seeded: Seeded
) -> None:
    from app.reporting.audit_figures import audit_grades
    from tests.builders import add_assessment

    actor = store.profile
    first, second = seeded.ids["A"], seeded.ids["E"]  # both open and in scope

    def audit(family_id: str, completed: int, grade: str) -> None:
        def write(session: Session) -> None:
            aid = add_assessment(session, actor, family_id, kind="case_audit",
                                 title="Case audit", completed_on=days(completed))
            row = session.get(Assessment, aid)
            assert row is not None
            row.answers = {"grade": grade}

        store.run(write)

    audit(first, -100, "requires_improvement")
    audit(first, -10, "good")  # the latest in the period counts for the family
    audit(second, -20, "inadequate")
    audit(second, -400, "outstanding")  # before the period: not counted
    figure = store.run(audit_grades, PERIOD, TEAM)
    counts = {row.label: row.value for row in figure.rows}
    assert counts == {"Good": 1, "Inadequate": 1, "Total": 2}
    assert figure.families("Good") == (first,)


def test_tool_change_compares_the_first_and_latest_gcp2_and_safety_mapping(
    store: Store, seeded: Seeded
) -> None:
    from app.reporting.tool_figures import tool_change
    from tests.builders import add_assessment

    actor = store.profile
    better, safer = seeded.ids["A"], seeded.ids["E"]

    def tool(family_id: str, kind: str, completed: int, answers: dict[str, object]) -> None:
        def write(session: Session) -> None:
            aid = add_assessment(session, actor, family_id, kind=kind, title=kind,
                                 completed_on=days(completed))
            row = session.get(Assessment, aid)
            assert row is not None
            row.answers = answers

        store.run(write)

    tool(better, "gcp2", -90, {"physical_care_grade": 4, "safety_grade": 3})
    tool(better, "gcp2", -10, {"physical_care_grade": 2, "safety_grade": 3})
    def scaling(*scores: int) -> dict[str, object]:
        return {"scaling": [{"participant_name": f"P{n}", "participant_role": "parent",
                             "score": s} for n, s in enumerate(scores)]}

    tool(safer, "signs_of_safety", -80, scaling(3, 4))
    tool(safer, "signs_of_safety", -5, scaling(6, 7))
    tool(seeded.ids["D"], "signs_of_safety", -5, scaling(5))  # only one: not compared
    figure = store.run(tool_change, PERIOD, TEAM)
    assert figure.families("GCP2: care better") == (better,)
    assert figure.families("Safety mapping: safer") == (safer,)
    assert figure.value("Safety mapping: no change") == 0
    assert figure.value("GCP2: care worse") == 0


def test_meetings_held_against_plans_agreed(store: Store, seeded: Seeded) -> None:
    figure = store.run(pf.meetings_against_plans, PERIOD, TEAM)
    # A's meeting was held 70 days ago (C's was deleted); A's plan was recorded today.
    assert figure.families("Family Action Meetings held") == seeded.of("A")
    assert figure.value("Family Action Meetings held") == 1
    assert figure.families("Plans agreed") == seeded.of("A")
    earlier = Period(days(-400), days(-200))
    before = store.run(pf.meetings_against_plans, earlier, TEAM)
    assert before.value("Family Action Meetings held") == 0 and before.value("Plans agreed") == 0


def test_ehats_by_the_agency_of_the_lead_professional(store: Store, seeded: Seeded) -> None:
    from db.models import Family

    def lead_agency(session: Session) -> None:
        family = session.get(Family, seeded.ids["A"])
        assert family is not None
        records.update(session, store.profile, family, lead_agency="School")

    store.run(lead_agency)
    figure = store.run(af.ehats_by_agency, PERIOD, TEAM)
    assert figure.families("School") == seeded.of("A")
    assert figure.families("Not recorded") == seeded.of("D")  # D's EHAT, 170 days ago
    assert figure.value("Total") == 2
