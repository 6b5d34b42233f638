"""Opening an assessment wizard on a family, as a worker does at the kitchen table.

In the benchmark store (10,000 synthetic families), one family with children
and consent to assess is opened in the real assessments panel, then:

new_ehat_open: from pressing "New EHAT…" to the wizard's first page painted:
``start_assessment`` on the store's thread (the consent check, the draft and
its outbox and audit rows), the grade descriptors, building the wizard from
the form definition, and the paint. Median of several.

resume_draft_open: opening a filled-in EHAT draft left on its last page: the
load, building and filling every page up to there, and the paint.

new_gcp2_open: a new GCP2 for a child (thirteen graded sub-areas with their
descriptors on the first pages).

ehat_keystroke: one character typed into an EHAT answer, until the wizard
has re-checked what is shown and missing (reported, within the caseload's
50 ms keystroke budget).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from app.reference.levels_of_need import load_levels
from app.store.caseload_store import Profile, open_store
from bench.harness import BENCH_PASSPHRASE, Result, copy_store, median, stopwatch
from bench.qt_loop import delete_closed
from bench.qt_loop import qt_app as _qt
from bench.qt_loop import wait as _wait

OPENS = 7
OPEN_BUDGET_MS = 300.0
KEYSTROKE_BUDGET_MS = 50.0


class _Painted:
    """True once the wizard's current page has painted."""

    def __init__(self, wizard: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.done = False
        marker = self

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, lambda: setattr(marker, "done", True))
                return False

        self._filter = Filter()
        wizard.installEventFilter(self._filter)
        page = wizard.currentPage()
        if page is not None:
            page.installEventFilter(self._filter)


def _family_with_children(store: Any, profile: Profile) -> str:
    """A family of the benchmark store with at least one child and a parent, given consent."""
    from sqlalchemy import func, select

    from app.casework import consent_writes
    from app.casework.consent_data import ConsentRequest
    from db.models import Family, Person

    def pick(session: Any) -> tuple[str, str]:
        children = (
            select(Person.family_id)
            .where(Person.role == "child", Person.deleted.is_(False))
            .group_by(Person.family_id)
            .having(func.count() >= 2)
            .subquery()
        )
        row = session.execute(
            select(Person.family_id, Person.id)
            .join(Family, Family.id == Person.family_id)
            .where(Person.role == "parent_carer", Person.family_id.in_(select(children)))
            .order_by(Family.reference)
            .limit(1)
        ).first()
        if row is None:
            raise RuntimeError("no family with two children and a parent in the benchmark store")
        return str(row[0]), str(row[1])

    family_id, parent_id = store.run(pick)
    store.run(
        consent_writes.record_consent,
        profile,
        ConsentRequest(
            family_id=family_id,
            given_by_person_id=parent_id,
            given_by_name="",
            method="verbal",
            given_on=dt.date.today(),
            scope_assess=True,
        ),
    )
    return family_id


def _panel(app: Any, runner: Any, profile: Profile, family_id: str) -> Any:
    from app.families import households as families
    from app.forms.loader import SHIPPED_FORMS, load_folder

    from ui.assessments.assessments_panel import AssessmentsPanel

    registry = load_folder(SHIPPED_FORMS).registry
    panel = AssessmentsPanel(runner, load_levels(), profile, registry=registry)
    panel.choose_form = lambda forms: next(f for f in forms if f.id == "ehat")
    panel.choose_child = lambda children, title: children[0].id
    panel.wizard_delay_ms = 60_000  # no autosave during the timing
    detail = runner.run_store(families.load_family, profile, family_id).result(30)
    panel.resize(1280, 700)
    panel.show()
    loaded: list[bool] = []
    panel.assessments_loaded.connect(lambda: loaded.append(True))
    panel.set_family(detail, read_only=False)
    _wait(app, lambda: bool(loaded), "the family's assessments")
    return panel


def _open_once(app: Any, panel: Any, action: Callable[[], None]) -> tuple[float, Any]:
    opened: list[Any] = []
    painted: list[_Painted] = []

    def on_opened(wizard: Any) -> None:
        # Watch for the paint at once: the event loop may paint the wizard before
        # control returns to the wait below.
        painted.append(_Painted(wizard))
        opened.append(wizard)

    panel.wizard_opened.connect(on_opened)
    try:
        with stopwatch() as elapsed:
            action()
            _wait(app, lambda: bool(opened), "the wizard to open")
            _wait(app, lambda: painted[0].done, "the wizard's first paint")
        return elapsed() * 1000, opened[0]
    finally:
        panel.wizard_opened.disconnect(on_opened)


def _close(app: Any, panel: Any, wizard: Any) -> None:
    if wizard.autosave is not None:
        wizard.autosave.stop()
    wizard.reject()
    _wait(app, lambda: panel.wizard is None, "the wizard to close")
    app.processEvents()


def _keystrokes(app: Any, wizard: Any) -> list[float]:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    wizard.go_to_page("analysis", check=False)
    edit = wizard.block("analysis_strengths").editor.edit
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    times = []
    for char in "Loving and funny":
        with stopwatch() as elapsed:
            QTest.keyClicks(edit, char)
            app.processEvents()
        times.append(elapsed() * 1000)
    if not edit.toPlainText().endswith("Loving and funny"):
        raise RuntimeError("the typing did not reach the answer")
    return times


def run(workdir: Path) -> list[Result]:
    from app.casework import assessment_drafts
    from app.casework.assessment_data import DraftSave

    from ui.shell.task_runner import TaskRunner

    app = _qt()
    folder = copy_store(workdir / "store")
    store = open_store(folder, BENCH_PASSPHRASE)
    trained = Profile(
        name=store.profile.name,
        role=store.profile.role,
        team=store.profile.team,
        username=store.profile.username,
        gcp2_trained=True,
    )
    runner = TaskRunner()
    runner.store = store
    panel: Any = None
    try:
        family_id = _family_with_children(store, trained)
        panel = _panel(app, runner, trained, family_id)
        new_ehat: list[float] = []
        new_gcp2: list[float] = []
        resume: list[float] = []
        keys: list[float] = []
        for _ in range(OPENS):
            ms, wizard = _open_once(app, panel, lambda: panel.new_assessment("ehat"))
            new_ehat.append(ms)
            draft_id = wizard.detail.id
            _close(app, panel, wizard)
            answers = {
                "assessment_date": dt.date.today().isoformat(),
                "requested_by": "school",
                "reason_for_assessment": "Synthetic reason for the benchmark. " * 20,
                "child_development_summary": "Synthetic summary. " * 30,
                "parenting_summary": "Synthetic summary. " * 30,
                "family_environment_summary": "Synthetic summary. " * 30,
                "analysis_strengths": "Synthetic strengths. " * 30,
                "analysis_needs": "Synthetic needs. " * 30,
            }
            store.run(
                assessment_drafts.save_draft, trained, DraftSave(draft_id, answers, "outcome")
            )
            ms, wizard = _open_once(app, panel, partial(panel.open_assessment, draft_id))
            resume.append(ms)
            if not keys:
                keys = _keystrokes(app, wizard)
            _close(app, panel, wizard)
            ms, wizard = _open_once(app, panel, lambda: panel.new_assessment("gcp2"))
            new_gcp2.append(ms)
            _close(app, panel, wizard)
        return [
            Result("new_ehat_open", median(new_ehat), "ms", OPEN_BUDGET_MS),
            Result("resume_draft_open", median(resume), "ms", OPEN_BUDGET_MS),
            Result("new_gcp2_open", median(new_gcp2), "ms", OPEN_BUDGET_MS),
            Result("ehat_keystroke_median", median(keys), "ms", KEYSTROKE_BUDGET_MS),
        ]
    finally:
        if panel is not None:
            panel.close()
            panel.deleteLater()
        runner.run_on_store_thread(store.close).result(30)
        runner.store = None
        runner.shutdown()
        delete_closed(app)
