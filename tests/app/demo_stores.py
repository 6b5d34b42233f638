"""Demo stores built once per test process and copied for each module that uses one (the
``demo_stores`` fixture, tests/app/conftest.py).

Seeding a demo store writes its casework through the services and takes seconds; several
modules need the same store. :class:`DemoStores` builds each kind the first time it is asked
for, closes it (so the folder holds just the database and the key file) and leaves it as
it is; a module gets a copy of the folder (``shutil.copytree``) which the same passphrase
opens, so what one module writes is never seen by another. All data is synthetic.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.demo.seed import DEMO_PASSPHRASE, ensure_demo_store, seed
from app.store import vault
from app.store.caseload_store import Profile, Store, create_store, open_store
from tests.builders import SYNTHETIC_PASSPHRASE

# The documents' demo store: the demo's first families, each with its casework.
DOCUMENT_FAMILIES = 12
# What each kind of store is opened with.
PASSPHRASES = {"demo": DEMO_PASSPHRASE, "team lead demo": DEMO_PASSPHRASE,
               "documents": SYNTHETIC_PASSPHRASE}


def _build(kind: str, folder: Path) -> None:
    if kind in ("demo", "team lead demo"):
        ensure_demo_store(folder, lead=kind == "team lead demo")  # as `hearth --demo` does
        return
    profile = Profile("Demo Worker", "family_support_worker", "Demo Team", "demo.worker")
    store = create_store(folder, SYNTHETIC_PASSPHRASE, profile, demo=True)
    try:
        seed(store, DOCUMENT_FAMILIES, seed=1, casework=DOCUMENT_FAMILIES)
    finally:
        store.close()


class DemoStores:
    """Each kind of demo store, built once (``"demo"``, ``"team lead demo"``: made by
    :func:`ensure_demo_store`; ``"documents"``: the documents' store)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._built: dict[str, Path] = {}

    def built(self, kind: str) -> Path:
        """The folder the store was built in (each in a folder of its own): never open or
        change it, only look at its files; :meth:`copy` it to open it."""
        if kind not in self._built:
            folder = self._factory.mktemp("built-demo") / "store"
            with self._patched():
                _build(kind, folder)
            self._built[kind] = folder
        return self._built[kind]

    @contextmanager
    def _patched(self) -> Iterator[None]:
        """An empty HEARTH_HOME of its own and cheap key derivation, as every test has
        (a session or module fixture runs outside any test's patches)."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HEARTH_HOME", str(self._factory.mktemp("hearth_home")))
            patch.setattr(vault, "DEFAULT_KDF",
                          vault.KdfParams(iterations=1, lanes=1, memory_kib=1024))
            yield

    def copy(self, kind: str, folder: Path) -> Path:
        """A copy of the built store in ``folder`` (which must not exist yet)."""
        shutil.copytree(self.built(kind), folder)
        return folder

    def open_copy(self, kind: str, folder: Path) -> Store:
        """A copy of the built store in ``folder``, opened."""
        with self._patched():
            return open_store(self.copy(kind, folder), PASSPHRASES[kind])
