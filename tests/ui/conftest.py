"""Fixtures for the application shell's tests: a task runner, a store of synthetic
families built with the real services, and a main window over it.

Everything runs offscreen (tests/conftest.py sets the platform) against real
SQLCipher stores in ``tmp_path``. All names and places are invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.families import households as families
from app.families.households import FamilyData, LevelDecision, PersonData
from app.forms.loader import SHIPPED_FORMS, FormRegistry, load_folder
from app.records import writes as records
from app.reference.levels_of_need import DEFAULT_FILE, LevelsOfNeed, load_levels
from app.store.caseload_store import Profile, Store, create_store, open_store
from app.store.unlock_attempts import UnlockAttempts
from db.models import Family

from ui.shell.application import configure_app
from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner

TODAY = dt.date.today()
OTHER_WORKER = "sam.otherworker"


class FakeClock:
    """A monotonic clock the test moves by hand (for the unlock delay)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True, scope="session")
def styled_app(qapp: object) -> None:
    """The application's style, once: setting a stylesheet again repolishes every
    widget alive, and one a test left for deletion could crash it."""
    configure_app(qapp)  # type: ignore[arg-type]


@pytest.fixture
def levels() -> LevelsOfNeed:
    return load_levels(DEFAULT_FILE)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner; at the end, work under way (and work its results start) is let
    finish, and a store still open is closed on its thread, before the threads stop."""
    task_runner = TaskRunner()
    yield task_runner
    qtbot.waitUntil(lambda: not task_runner.is_busy, timeout=20_000)
    store = task_runner.store
    if store is not None:
        task_runner.run_on_store_thread(store.close)
    task_runner.shutdown()


@pytest.fixture
def store_runner(store: Store, qtbot: QtBot) -> Iterator[TaskRunner]:
    """A task runner over the test's open store; at the end, work under way is let finish."""
    task_runner = TaskRunner()
    task_runner.store = store
    yield task_runner
    qtbot.waitUntil(lambda: not task_runner.is_busy, timeout=20_000)
    task_runner.shutdown()


@pytest.fixture
def registry() -> FormRegistry:
    """The shipped form definitions."""
    return load_folder(SHIPPED_FORMS).registry


@pytest.fixture
def delete_closed_widgets() -> Iterator[None]:
    """Wizards closed at the end of a test are deleted before the next one
    restyles the application (a hidden QWizard outliving its QStyle crashes Qt)."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _set_dates(
    session: Session, actor: Profile, family_id: str, last: dt.date | None, review: dt.date | None
) -> None:
    family = session.get(Family, family_id)
    assert family is not None
    records.update(session, actor, family, last_contact=last, next_review=review)


def _set_status(session: Session, actor: Profile, family_id: str, status: str) -> None:
    family = session.get(Family, family_id)
    assert family is not None
    records.update(session, actor, family, status=status)


def add_family(
    store: Store,
    profile: Profile,
    levels: LevelsOfNeed,
    name: str,
    *,
    postcode: str = "",
    lead: tuple[str, str] = ("", ""),
    allocated_to: str = "",
    status: str = "open",
    level_path: tuple[str, ...] = (),
    children: tuple[tuple[str, dt.date], ...] = (),
    unborn_due: dt.date | None = None,
    last_contact: dt.date | None = None,
    next_review: dt.date | None = None,
) -> str:
    """One synthetic family written through the real services."""
    family_id = store.run(
        families.save_family,
        profile,
        FamilyData(
            id=None,
            family_name=name,
            postcode=postcode,
            lead_professional=lead[0],
            lead_agency=lead[1],
            allocated_to=allocated_to,
        ),
    )
    for level in level_path:
        store.run(
            families.change_level,
            profile,
            levels,
            LevelDecision(family_id, level, TODAY, "Agreed at the team meeting.", profile.name),
        )
    for given, born in children:
        store.run(
            families.save_person,
            profile,
            PersonData(id=None, family_id=family_id, role="child", given_name=given,
                       family_name=name, date_of_birth=born),
        )
    if unborn_due is not None:
        store.run(
            families.save_person,
            profile,
            PersonData(id=None, family_id=family_id, role="unborn", given_name="",
                       family_name=name, expected_date=unborn_due),
        )
    if last_contact or next_review:
        store.run(_set_dates, profile, family_id, last_contact, next_review)
    if status != "open":  # last, because a closed family's records can no longer change
        store.run(_set_status, profile, family_id, status)
    return family_id


def years_ago(years: int, days: int = 0) -> dt.date:
    return TODAY - dt.timedelta(days=int(365.25 * years) + days)


def fill_caseload(store: Store, profile: Profile, levels: LevelsOfNeed) -> dict[str, str]:
    """Four synthetic families with different levels, statuses and workers; name -> id."""
    ids = {}
    ids["Ashworth"] = add_family(
        store, profile, levels, "Ashworth",
        postcode="WA7 5AB", lead=("Jo Example", "Health visiting"),
        level_path=("early_help",),
        children=(("Maisie", years_ago(3, 10)),),
        unborn_due=TODAY + dt.timedelta(days=60),
        last_contact=TODAY - dt.timedelta(days=3),
        next_review=TODAY + dt.timedelta(days=20),
    )
    ids["Brennan"] = add_family(
        store, profile, levels, "Brennan",
        postcode="M1 2CD", lead=("Kit Sample", "Children's social care"),
        allocated_to=OTHER_WORKER,
        level_path=("early_help", "child_in_need"),
        children=(("Tobias", years_ago(9)),),
        last_contact=TODAY - dt.timedelta(days=30),
    )
    ids["Chowdhury"] = add_family(
        store, profile, levels, "Chowdhury",
        postcode="L8 1XY", lead=("Lee Dummy", "School"),
        status="closed", level_path=("universal",),
        children=(("Priya", years_ago(6)), ("Arun", years_ago(12))),
        last_contact=TODAY - dt.timedelta(days=100),
    )
    ids["Dunmore"] = add_family(
        store, profile, levels, "Dunmore",
        postcode="CH41 6AA", lead=("Ari Fictional", "School"),
        allocated_to=OTHER_WORKER, level_path=("early_help",),
        next_review=TODAY + dt.timedelta(days=5),
    )
    return ids


@pytest.fixture
def caseload_store(
    store_dir: Path, passphrase: str, profile: Profile, levels: LevelsOfNeed
) -> dict[str, str]:
    """A closed store in ``store_dir`` holding the four families; name -> family id."""
    store = create_store(store_dir, passphrase, profile)
    try:
        return fill_caseload(store, profile, levels)
    finally:
        store.close()


def open_on_store_thread(runner: TaskRunner, folder: Path, passphrase: str) -> Store:
    return runner.run_on_store_thread(lambda: open_store(folder, passphrase)).result(timeout=30)


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, runner: TaskRunner, levels: LevelsOfNeed, store_dir: Path, passphrase: str
) -> Iterator[WindowFactory]:
    """Opens the store in ``store_dir`` and shows a main window over it (caseload loaded)."""
    windows: list[MainWindow] = []

    def make(
        *, idle_lock_ms: int | None = 600_000, attempts: UnlockAttempts | None = None
    ) -> MainWindow:
        store = open_on_store_thread(runner, store_dir, passphrase)
        window = MainWindow(
            runner, levels, store, attempts or UnlockAttempts(), idle_lock_ms=idle_lock_ms
        )
        windows.append(window)
        window.show()
        caseload = window.caseload
        qtbot.waitUntil(lambda: caseload.pages.currentWidget() is not caseload.loading_label)
        return window

    yield make
    for window in windows:
        window.close()
