"""Shared fixtures for every Hearth test.

Qt runs offscreen, and ``HEARTH_HOME`` points at a fresh temporary folder for
every test so nothing touches the real per-user data folder. The store
fixtures build a real SQLCipher store in ``tmp_path``; the shipped levels of
need and forms are read once. Synthetic data is built with tests/builders.py.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.forms.loader import SHIPPED_FORMS, FormRegistry, load_folder  # noqa: E402
from app.reference.levels_of_need import DEFAULT_FILE, LevelsOfNeed, load_levels  # noqa: E402
from app.store import vault  # noqa: E402
from app.store.caseload_store import Profile, Store, create_store  # noqa: E402
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


@pytest.fixture
def store(store_dir: Path, passphrase: str, profile: Profile) -> Iterator[Store]:
    """A newly created, open store; closed at teardown."""
    opened = create_store(store_dir, passphrase, profile)
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
