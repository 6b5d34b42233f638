"""Change notices, followed from the key press to the refreshed view: a change of a
family's level of need costs at most 3 store tasks and 1 write, each view refreshes only
what concerns it, and nothing writes while loading."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.records.changes import Changes

from ui.family.level_dialog import LevelDialog
from ui.shell.main_window import MainWindow

WAIT = 10_000


class StoreMeter:
    """Counts the transactions run on a store and the rows each one changed (SQLite's
    own count of changed rows, read inside the transaction)."""

    def __init__(self, window: MainWindow) -> None:
        self.tasks: list[str] = []
        self.rows_changed: list[int] = []
        store = window.runner.store
        assert store is not None
        original = store.run

        def run(fn: Callable[..., Any], *args: Any) -> Any:
            def measured(session: Session, *inner: Any) -> Any:
                before = session.execute(text("SELECT total_changes()")).scalar_one()
                result = fn(session, *inner)
                session.flush()
                after = session.execute(text("SELECT total_changes()")).scalar_one()
                self.rows_changed.append(after - before)
                return result

            self.tasks.append(getattr(fn, "__qualname__", repr(fn)))
            return original(measured, *args)

        store.run = run  # type: ignore[method-assign]

    @property
    def writes(self) -> int:
        return sum(1 for n in self.rows_changed if n)


def open_family(qtbot: QtBot, window: MainWindow, family_id: str) -> None:
    window.open_family(family_id)
    view = window.family_view
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=WAIT)


def test_a_level_change_costs_three_store_tasks_and_one_write(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    open_family(qtbot, window, caseload_store["Dunmore"])
    view = window.family_view
    before = view.detail
    assert before is not None
    notices: list[Changes] = []
    window.runner.changes.connect(notices.append)
    meter = StoreMeter(window)

    qtbot.mouseClick(view.level_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, LevelDialog)
    new_code = next(
        level.code for level in window.levels.levels if level.code != before.family.level_code
    )
    dialog.level.set_code(new_code)
    qtbot.keyClicks(dialog.reason, "The team around the family agreed it at the review.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.family.level_code == new_code, timeout=WAIT
    )
    qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=WAIT)
    qtbot.wait(200)  # anything else a notice would set off has been queued by now
    qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=WAIT)

    assert len(meter.tasks) <= 3, meter.tasks
    assert meter.writes == 1, list(zip(meter.tasks, meter.rows_changed, strict=True))
    family_id = caseload_store["Dunmore"]
    assert len(notices) == 1
    assert notices[0].touches(family_id, {"level_change", "family"})
    assert notices[0].local
    # The tabs behind the Household tab, the caseload and Today only mark themselves stale.
    chronology = view.casework.chronology
    assert chronology.is_stale
    assert window.caseload.follower.stale

    # ...and the chronology shows the decision when the worker looks at it.
    view.tabs.setCurrentWidget(chronology)
    qtbot.waitUntil(lambda: chronology.is_loaded and not chronology.is_stale, timeout=WAIT)
    qtbot.waitUntil(
        lambda: any("level" in item.title.lower() for item in chronology.model.rows), timeout=WAIT
    )


def test_reloading_a_family_writes_nothing(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    open_family(qtbot, window, caseload_store["Ashworth"])
    meter = StoreMeter(window)
    notices: list[Changes] = []
    window.runner.changes.connect(notices.append)

    window.family_view.tabs.setCurrentWidget(window.family_view.casework.chronology)
    window.caseload.reload()
    qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=WAIT)
    window.family_view.follower.reload()  # the family page's own reload, as a notice would
    qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=WAIT)

    assert meter.tasks, "the loads ran"
    assert meter.writes == 0, list(zip(meter.tasks, meter.rows_changed, strict=True))
    assert notices == []


def test_opening_a_family_is_audited_once_not_on_every_reload(
    qtbot: QtBot, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    meter = StoreMeter(window)
    open_family(qtbot, window, caseload_store["Brennan"])
    assert meter.writes == 1  # the "open" audit event, when the worker opened the family
    opened = meter.writes
    window.family_view.follower.reload()
    qtbot.waitUntil(lambda: not window.runner.is_busy, timeout=WAIT)
    assert meter.writes == opened
