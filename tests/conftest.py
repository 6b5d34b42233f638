"""Shared fixtures for every Hearth test.

Qt runs offscreen, and ``HEARTH_HOME`` points at a fresh temporary folder for
every test so nothing touches the real per-user data folder. The store
fixtures build a real SQLCipher store in ``tmp_path``; the shipped levels of
need and forms are read once. Synthetic data is built with tests/builders.py.
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import datetime as dt  # noqa: E402
import gc  # noqa: E402
import shutil  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app import dates  # noqa: E402
from app.collector_pause import collect_due  # noqa: E402

# The run holds the day it started on as the app's today, so tests that date their
# data from today agree with the app even when the run crosses midnight.
dates.hold_today(dt.date.today())

from app.forms.loader import SHIPPED_FORMS, FormRegistry, load_folder  # noqa: E402
from app.reference.levels_of_need import DEFAULT_FILE, LevelsOfNeed, load_levels  # noqa: E402
from app.store import vault  # noqa: E402
from app.store.caseload_store import Profile, Store, create_store, open_store  # noqa: E402
from tests.builders import SYNTHETIC_PASSPHRASE  # noqa: E402


@pytest.fixture(autouse=True)
def hearth_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty HEARTH_HOME."""
    home = tmp_path_factory.mktemp("hearth_home")
    monkeypatch.setenv("HEARTH_HOME", str(home))
    return home


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_kdf: derive keys with the production Argon2id cost (64 MiB, 3 passes)"
    )


@pytest.fixture(autouse=True)
def cheap_key_derivation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """New key files get cheap Argon2id parameters, so creating and unlocking a
    store takes milliseconds, not a second, in tests. The code path is the same:
    the parameters are stored in the key file and read back at unlock. Tests
    marked ``real_kdf`` keep the production parameters."""
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setattr(
            vault, "DEFAULT_KDF", vault.KdfParams(iterations=1, lanes=1, memory_kib=1024)
        )


@pytest.fixture(autouse=True, scope="session")
def collector_on_main_thread() -> Iterator[None]:
    """As in the app (ui.shell.main_thread_gc), the cycle collector runs on the main thread
    only, at the end of each test (``no_window_outlives_its_test``): left on, it ran on
    whichever thread's allocation tripped it, and freed there the widgets that earlier
    tests had left in reference cycles, which Qt must delete on the main thread."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


@pytest.fixture
def collector_as_python_starts() -> Iterator[None]:
    """The automatic collector on, as in a new interpreter (a command, or the app before
    it starts), for a test of who switches it off; off again afterwards, as the suite
    runs."""
    gc.collect()
    gc.enable()
    yield
    gc.disable()


@pytest.fixture(autouse=True)
def no_window_outlives_its_test() -> Iterator[None]:
    """Every window a test leaves (shown or hidden) is deleted when it ends.

    A window left alive is restyled by every later theme change and walked by every
    later search of the application's widgets, so a worker that had run a few hundred
    tests spent most of its time on the dead ones (a palette change took 17 s).
    Tests that never start Qt's widgets pay nothing."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    before = set(widgets.QApplication.topLevelWidgets()) if app is not None else set()
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        collect_due()
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for widget in widgets.QApplication.topLevelWidgets():
        if widget.parentWidget() is None and widget not in before:
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collect_due()


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service hashes passwords with Argon2id at small costs in tests that load it: the
    real costs take ~0.4 s a hash on a small test machine, and the whole-system fixtures
    add six people and enrol several devices per test."""
    auth = sys.modules.get("server.auth")
    if auth is not None:
        from argon2 import PasswordHasher

        monkeypatch.setattr(
            auth, "hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )


@pytest.fixture
def passphrase() -> str:
    return SYNTHETIC_PASSPHRASE


@pytest.fixture
def profile() -> Profile:
    return Profile(
        name="Robin Testworker",
        role="family_support_worker",
        team="North Locality Team",
        username="robin.testworker",
    )


@pytest.fixture
def actor(profile: Profile) -> Profile:
    """Who writes: the store's worker."""
    return profile


@pytest.fixture(scope="session")
def levels() -> LevelsOfNeed:
    """The shipped levels of need (immutable; not a council's file in HEARTH_HOME)."""
    return load_levels(DEFAULT_FILE)


@pytest.fixture(scope="session")
def registry() -> FormRegistry:
    """The shipped form definitions (immutable)."""
    result = load_folder(SHIPPED_FORMS)
    assert result.ok, result.problems
    return result.registry


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


StoreMaker = Callable[[Path, str, Profile], Store]


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """New, empty stores made once per process, by passphrase and worker; copied per test."""
    return {}


@pytest.fixture
def new_store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    store_templates: dict[tuple[str, str], Path],
) -> StoreMaker:
    """Makes a new store as :func:`create_store` does, in a fraction of its time.

    The first store for a passphrase and worker is created (migrations and all), closed,
    and kept; later ones are copies of its folder, opened with the passphrase. A copy is
    the same bytes a creation would leave but for the random key: the same schema, the
    same worker, nothing in it. Tests of creation itself call :func:`create_store`;
    ``real_kdf`` tests always create (the template's key file has the cheap costs)."""

    def make(folder: Path, passphrase: str, profile: Profile) -> Store:
        if request.node.get_closest_marker("real_kdf") is not None:
            return create_store(folder, passphrase, profile)
        key = (passphrase, repr(profile))
        template = store_templates.get(key)
        if template is None:
            template = tmp_path_factory.mktemp("store_template") / "store"
            create_store(template, passphrase, profile).close()
            store_templates[key] = template
        shutil.copytree(template, folder)
        return open_store(folder, passphrase)

    return make


@pytest.fixture
def store(
    store_dir: Path, passphrase: str, profile: Profile, new_store: StoreMaker
) -> Iterator[Store]:
    """A newly created, open store; closed at teardown."""
    opened = new_store(store_dir, passphrase, profile)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def machine_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The machine-wide configuration folder IT deploys into, empty, for this test."""
    from app.reference import machine_settings

    folder = tmp_path / "machine"
    folder.mkdir()
    monkeypatch.setenv(machine_settings.MACHINE_ENV, str(folder))
    return folder
