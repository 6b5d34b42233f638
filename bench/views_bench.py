"""Today and the family view on the 10,000-family benchmark store: the first useful
paint, then the rest.

The private copy of the store is given casework (consent, assessments, a plan, meetings,
visits, the worker's diary) for a few of the worker's families before anything is timed,
so Today has every kind of line and the family view's tabs have records.

today_first / today_all: the store tasks behind Today, as the view runs them
(``today_first``, then ``today_rest``). Floor: the bare SQL of the same rows (the
worker's families due for review; their overdue plan actions and planned visits; then
their unfinished assessments and visit records, their consents and withdrawals, the
reviews of their completed assessments), fetched with no objects made.

today_first_paint / today_all_shown: the real Today widget (offscreen Qt) from Refresh to
the first part painted, and to every section's every line added. Floors: the same bare
SQL, of the first part and of all of it.

family_first_paint / family_all_tabs: the real family view, from opening a family with
casework to its header and household painted, and to every tab that loads behind them
loaded. Floors: the bare SQL of the family, its people, agencies and level decisions;
then also its consents, assessments, plan, meetings, visits, chronology and supervisions.

Each figure is the median of a few rounds, printed with its floor measured in the same
rounds and their ratio (:func:`bench.harness.with_floor`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.today import today_first, today_rest
from app.dates import today as today_date
from app.reference.levels_of_need import load_levels
from app.store.caseload_store import Store, open_store
from bench.harness import BENCH_PASSPHRASE, Result, copy_store, median, stopwatch, with_floor
from bench.qt_loop import delete_closed, qt_app, wait
from db.models import Family

ROUNDS = 5
CASEWORK = 6  # of the worker's families given a casework history before timing
MINE = "f.allocated_to = :me AND f.deleted = 0 AND f.status != 'closed'"
TODAY_FIRST_SQL = (
    f"SELECT f.id, f.family_name, f.reference, f.next_review FROM family f WHERE {MINE}"
    " AND f.next_review <= :soon",
    "SELECT a.id, a.text, a.due_on, a.owner_name, f.family_name FROM plan_action a"
    f" JOIN family f ON f.id = a.family_id WHERE {MINE} AND a.deleted = 0"
    " AND a.status IN ('not_started', 'on_track') AND a.due_on < :today",
    "SELECT v.id, v.occurred_at, v.kind, f.family_name FROM visit v"
    f" JOIN family f ON f.id = v.family_id WHERE {MINE} AND v.deleted = 0 AND v.planned = 1"
    " AND v.occurred_at < :tomorrow",
)
TODAY_REST_SQL = (
    "SELECT v.id, v.occurred_at, v.recorded_at, f.family_name FROM visit v"
    f" JOIN family f ON f.id = v.family_id WHERE {MINE} AND v.deleted = 0 AND v.planned = 0"
    " AND v.finalised_at IS NULL",
    "SELECT a.id, a.title, a.started_at, a.completed_at, f.family_name FROM assessment a"
    f" JOIN family f ON f.id = a.family_id WHERE {MINE} AND a.deleted = 0",
    "SELECT r.assessment_id, r.outcome, r.comment FROM assessment_review r"
    " JOIN assessment a ON a.id = r.assessment_id JOIN family f ON f.id = a.family_id"
    f" WHERE {MINE} AND r.deleted = 0",
    "SELECT f.id, f.family_name, f.reference FROM family f WHERE " + MINE
    + " AND f.status = 'open'",
    "SELECT c.id, c.family_id, c.scope_assess, c.share_agencies, c.refer_services, c.given_on"
    f" FROM consent c JOIN family f ON f.id = c.family_id WHERE {MINE} AND c.deleted = 0",
    "SELECT w.consent_id, w.scope, w.withdrawn_on FROM consent_withdrawal w"
    f" JOIN family f ON f.id = w.family_id WHERE {MINE} AND w.deleted = 0",
)
FAMILY_PAGE_SQL = tuple(
    f"SELECT * FROM {table} WHERE {key} = :family AND deleted = 0"
    for table, key in (("family", "id"), ("person", "family_id"),
                       ("agency_involvement", "family_id"), ("level_change", "family_id"))
)
FAMILY_TABS_SQL = tuple(
    f"SELECT * FROM {table} WHERE family_id = :family AND deleted = 0"
    for table in ("consent", "consent_withdrawal", "assessment", "assessment_review",
                  "plan_strength", "plan_need", "plan_outcome", "plan_action", "meeting",
                  "visit", "chronology_entry", "supervision", "closure", "step_change")
)


def _bare(statements: tuple[str, ...], **params: Any) -> Callable[[Session], int]:
    def read(session: Session) -> int:
        conn = session.connection()
        return sum(len(conn.exec_driver_sql(s, params).fetchall()) for s in statements)

    return read




def _timed(fn: Callable[[], Any]) -> float:
    with stopwatch() as elapsed:
        fn()
    return elapsed()


def _today_params(me: str) -> dict[str, Any]:
    from app.casework.today_reads import REVIEW_SOON_DAYS
    from app.casework.visit_data import uk_to_utc

    day = today_date()
    tomorrow = uk_to_utc(day + dt.timedelta(days=1), 0)
    return {"me": me, "today": day.isoformat(),
            "soon": (day + dt.timedelta(days=REVIEW_SOON_DAYS)).isoformat(),
            "tomorrow": tomorrow.strftime("%Y-%m-%d %H:%M:%S")}


def _give_casework(store: Store) -> list[str]:
    """Casework for :data:`CASEWORK` of the worker's open families, and the diary; their ids."""
    from app.demo.casework import add_casework
    from app.demo.diary import plan_visits

    me = store.profile.username
    ids = store.run(lambda s: list(s.scalars(
        select(Family.id).where(Family.allocated_to == me, Family.status == "open",
                                Family.deleted.is_(False)).order_by(Family.reference)
        .limit(CASEWORK))))
    levels = load_levels()
    for number, family_id in enumerate(ids):
        store.run(add_casework, store.profile, [family_id], levels, number + 1)
    store.run(plan_visits, store.profile, ids, today_date())
    return ids


def _today_widget(app: Any, store: Store, runner: Any) -> tuple[list[float], list[float]]:
    """Seconds from Refresh to the first part painted, and to everything shown."""
    from ui.caseload.today_view import TodayView

    view = TodayView(runner, store.profile)
    view.resize(1366, 768)
    view.show()
    first, every = [], []
    try:
        for _ in range(ROUNDS):
            f, e = _today_round(app, view)
            first.append(f)
            every.append(e)
        assert view.items and view.is_loaded
    finally:
        view.close()
        view.deleteLater()
    return first, every


def _today_round(app: Any, view: Any) -> tuple[float, float]:
    """One Refresh of Today: seconds to the first part painted, and to all of it shown."""
    seen: list[int] = []
    done: list[int] = []
    view.first_loaded.connect(seen.append)
    view.loaded.connect(done.append)
    try:
        with stopwatch() as elapsed:
            view.reload()
            wait(app, lambda: bool(seen), "Today's first part", paint=True)
            first = elapsed()
            wait(app, lambda: bool(done) and not view.is_filling, "all of Today", paint=True)
        return first, elapsed()
    finally:
        view.first_loaded.disconnect(seen.append)
        view.loaded.disconnect(done.append)


def _family_widget(
    app: Any, store: Store, runner: Any, families: list[str]
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Seconds from opening a family to its page painted and to every tab loaded, and
    the floors (bare SQL) of each, round by round (another family each round)."""
    from ui.family.family_view import FamilyView

    view = FamilyView(runner, load_levels(), store.profile)
    view.resize(1366, 768)
    view.show()
    page, tabs, page_floor, tabs_floor = [], [], [], []
    try:
        for round_no in range(ROUNDS):
            family_id = families[round_no % len(families)]
            shown, loaded = _family_round(app, view, family_id)
            page.append(shown)
            tabs.append(loaded)
            page_sql = _bare(FAMILY_PAGE_SQL, family=family_id)
            tabs_sql = _bare(FAMILY_TABS_SQL, family=family_id)
            page_floor.append(_timed(lambda: store.run(page_sql)))  # noqa: B023 - run here
            tabs_floor.append(page_floor[-1] + _timed(lambda: store.run(tabs_sql)))  # noqa: B023
    finally:
        view.close()
        view.deleteLater()
    return page, tabs, page_floor, tabs_floor


def _family_round(app: Any, view: Any, family_id: str) -> tuple[float, float]:
    """Opening one family: seconds to its page painted, and to every tab loaded."""
    with stopwatch() as elapsed:
        view.show_family(family_id)
        wait(app, lambda: view.is_loaded and view.family_id == family_id, "a family", paint=True)
        shown = elapsed()
        wait(app, lambda: not view.behind.is_loading, "a family's tabs", paint=True)
    return shown, elapsed()


def run(workdir: Path) -> list[Result]:
    from ui.shell.task_runner import TaskRunner

    app = qt_app()
    store = open_store(copy_store(workdir / "views"), BENCH_PASSPHRASE)
    runner = TaskRunner()
    runner.store = store
    try:
        families = _give_casework(store)
        me = store.profile
        params = _today_params(me.username)
        first_sql, rest_sql = _bare(TODAY_FIRST_SQL, **params), _bare(TODAY_REST_SQL, **params)
        store.run(first_sql), store.run(rest_sql)  # the page cache warmed alike for both sides
        first, every, first_floor, all_floor = [], [], [], []
        for _ in range(ROUNDS):
            first.append(_timed(lambda: store.run(today_first, me)))
            every.append(first[-1] + _timed(lambda: store.run(today_rest, me)))
            first_floor.append(_timed(lambda: store.run(first_sql)))
            all_floor.append(first_floor[-1] + _timed(lambda: store.run(rest_sql)))
        paint_first, paint_all = _today_widget(app, store, runner)
        page, tabs, page_floor, tabs_floor = _family_widget(app, store, runner, families)
    finally:
        runner.store = None
        runner.shutdown()
        store.close()
        delete_closed(app)
    ms = 1000.0
    return [
        *with_floor("today_first", median(first) * ms, median(first_floor) * ms, "ms",
                    floor_name="bare_sql"),
        *with_floor("today_all", median(every) * ms, median(all_floor) * ms, "ms",
                    floor_name="bare_sql"),
        *with_floor("today_first_paint", median(paint_first) * ms, median(first_floor) * ms,
                    "ms", floor_name="bare_sql"),
        *with_floor("today_all_shown", median(paint_all) * ms, median(all_floor) * ms, "ms",
                    floor_name="bare_sql"),
        *with_floor("family_first_paint", median(page) * ms, median(page_floor) * ms, "ms",
                    floor_name="bare_sql"),
        *with_floor("family_all_tabs", median(tabs) * ms, median(tabs_floor) * ms, "ms",
                    floor_name="bare_sql"),
    ]
