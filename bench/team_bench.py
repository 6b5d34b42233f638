"""The team lead's Team area and figures on the 10,000-family benchmark store.

team_area_open: what opening the Team area reads, each as its own store task as the
app runs them: the sign-off queue (``waiting_for_me``), drift and caseloads. Floor: the
bare SQL that reads the same rows (families; assessments and their reviews; plan
actions; visits; consents), fetched with no objects made.

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
from bench.harness import BENCH_PASSPHRASE, Result, copy_store, median, stopwatch

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
    team_ms, team_floor_ms = median(team) * 1000, median(team_floor) * 1000
    fig_ms, fig_floor_ms = median(figures) * 1000, median(figures_floor) * 1000
    return [
        Result("team_area_open", team_ms, "ms", BUDGET_MS),
        Result("team_area_open_floor_bare_sql", team_floor_ms, "ms"),
        Result("team_area_open_vs_floor", team_ms / team_floor_ms, "x"),
        Result("figures_new_period", fig_ms, "ms", BUDGET_MS),
        Result("figures_new_period_floor_bare_sql", fig_floor_ms, "ms"),
        Result("figures_new_period_vs_floor", fig_ms / fig_floor_ms, "x"),
    ]
