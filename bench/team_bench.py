"""The team lead's Team area and figures on the 10,000-family benchmark store.

team_area_open: what opening the Team area reads, each as its own store task as the
app runs them: the sign-off queue (``waiting_for_me``), drift and caseloads. Floor: the
bare SQL that reads the same rows (families; assessments and their reviews; plan
actions; visits; consents), fetched with no objects made.

team_first_paint / team_all_tabs: the real Team widget (offscreen Qt) from opening the
area to its first tab (the sign-off queue) painted, and to its three tabs painted (the
queue, the caseloads, drift: each asked for once the one before is shown). Floors: the
bare SQL of the queue's rows (completed assessments with their families, and every
review), and the bare SQL of team_area_open's floor.

figures_new_period: every figure of ``app.reporting`` for a period not asked for before
(``compute_figures``). Floor: the bare SQL reading the rows the figures count
(families, level decisions, consents, assessments, step changes, closures, meetings,
plan actions).

Each is the median of a few runs; the ratio to its floor is printed with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.reporting.catalogue import compute_figures
from app.reporting.period import Period, Scope
from app.screens.team_drift import drift
from app.screens.team_screen import caseloads, waiting_for_me
from app.store.caseload_store import open_store
from bench.harness import (
    BENCH_PASSPHRASE,
    Result,
    copy_store,
    median,
    stopwatch,
    with_floor,
)

ROUNDS = 5
BUDGET_MS = 500.0

TEAM_FLOOR_SQL = (
    "SELECT id, family_name, reference, allocated_to, status, level_code, next_review,"
    " last_contact, request_date FROM family WHERE deleted = 0",
    "SELECT id, family_id, kind, completed_at, amends_id FROM assessment WHERE deleted = 0",
    "SELECT assessment_id, outcome FROM assessment_review WHERE deleted = 0",
    "SELECT id, family_id, status, due_on, text FROM plan_action WHERE deleted = 0",
    "SELECT id, family_id, occurred_at, planned, finalised_at FROM visit WHERE deleted = 0",
    "SELECT id, family_id, given_on, scope_assess FROM consent WHERE deleted = 0",
)
WAITING_FLOOR_SQL = (
    "SELECT a.id, a.family_id, a.title, a.kind, a.completed_by, a.completed_at, a.amends_id,"
    " f.family_name, f.reference, f.allocated_to FROM assessment a JOIN family f"
    " ON f.id = a.family_id WHERE a.deleted = 0 AND a.completed_at IS NOT NULL"
    " AND f.deleted = 0 AND f.status != 'closed'",
    "SELECT assessment_id FROM assessment_review WHERE deleted = 0",
)
FIGURES_FLOOR_SQL = (
    "SELECT id, allocated_to, status, level_code, request_date, request_source, lead_agency"
    " FROM family WHERE deleted = 0",
    "SELECT family_id, decided_on, to_level FROM level_change WHERE deleted = 0",
    "SELECT family_id, given_on FROM consent WHERE deleted = 0",
    "SELECT family_id, kind, completed_at FROM assessment WHERE deleted = 0",
    "SELECT family_id, kind, decided_on FROM step_change WHERE deleted = 0",
    "SELECT family_id, closed_on, reason FROM closure WHERE deleted = 0",
    "SELECT family_id, held_on, kind FROM meeting WHERE deleted = 0",
    "SELECT family_id, status, due_on FROM plan_action WHERE deleted = 0",
)


def _bare(statements: tuple[str, ...]) -> Any:
    def read(session: Session) -> int:
        return sum(len(session.connection().exec_driver_sql(s).fetchall()) for s in statements)

    return read


def _timed(store: Any, *tasks: tuple[Any, ...]) -> float:
    with stopwatch() as elapsed:
        for fn, *args in tasks:
            store.run(fn, *args)
    return elapsed()


def run(workdir: Path) -> list[Result]:
    folder = copy_store(workdir / "team")
    store = open_store(folder, BENCH_PASSPHRASE)
    try:
        lead = store.profile
        store.run(_bare(TEAM_FLOOR_SQL))  # warm the page cache once, for both sides alike
        team, team_floor, figures, figures_floor = [], [], [], []
        end = dt.date.today()
        for round_no in range(ROUNDS):
            team.append(_timed(store, (waiting_for_me, lead), (drift, lead), (caseloads, lead)))
            team_floor.append(_timed(store, (_bare(TEAM_FLOOR_SQL),)))
            # A period not asked for before in this session (nothing to reuse).
            days = dt.timedelta(days=round_no)
            period = Period(end - dt.timedelta(days=365) - days, end - days)
            figures.append(_timed(store, (compute_figures, period, Scope())))
            figures_floor.append(_timed(store, (_bare(FIGURES_FLOOR_SQL),)))
    finally:
        store.close()
    paint_first, paint_all, first_floor = _team_widget(folder)
    ms = 1000.0
    return [
        *with_floor("team_area_open", median(team) * ms, median(team_floor) * ms, "ms",
                    BUDGET_MS, floor_name="bare_sql"),
        *with_floor("team_first_paint", median(paint_first) * ms, median(first_floor) * ms,
                    "ms", floor_name="bare_sql"),
        *with_floor("team_all_tabs", median(paint_all) * ms, median(team_floor) * ms, "ms",
                    floor_name="bare_sql"),
        *with_floor("figures_new_period", median(figures) * ms, median(figures_floor) * ms,
                    "ms", BUDGET_MS, floor_name="bare_sql"),
    ]


def _team_widget(folder: Path) -> tuple[list[float], list[float], list[float]]:
    """Seconds from opening the Team area to its first tab painted and to all three, and
    the floor of the first (the bare SQL of the sign-off queue), round by round."""
    from app.reference.levels_of_need import load_levels
    from bench.qt_loop import delete_closed, qt_app, wait

    from ui.shell.task_runner import TaskRunner
    from ui.team.team_view import TeamView

    app = qt_app()
    store = open_store(folder, BENCH_PASSPHRASE)
    runner = TaskRunner()
    runner.store = store
    view = TeamView(runner, load_levels(), store.profile)
    view.resize(1366, 768)
    view.show()
    first, every, floor = [], [], []
    try:
        for _ in range(ROUNDS):
            shown: list[str] = []
            view.loaded.connect(shown.append)
            with stopwatch() as elapsed:
                view.reload()
                wait(app, lambda: "waiting" in shown, "the sign-off queue", paint=True)  # noqa: B023
                first.append(elapsed())
                wait(app, lambda: len(shown) >= 3, "the Team area's tabs", paint=True)  # noqa: B023
            every.append(elapsed())
            view.loaded.disconnect(shown.append)
            floor.append(_timed(store, (_bare(WAITING_FLOOR_SQL),)))
    finally:
        view.close()
        view.deleteLater()
        runner.store = None
        runner.shutdown()
        store.close()
        delete_closed(app)
    return first, every, floor
