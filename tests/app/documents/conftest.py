"""Stores for the document tests.

``demo_store`` is one store per module holding the demo's synthetic families
with their casework (consent, assessments, meetings, plan, visits, closure),
written through the services exactly as the demo store is. ``family`` is a
fresh small family (tests/builders.py ``small_family``) in the per-test
``store`` for tests that build their own records. All data is synthetic.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.demo.seed import seed
from app.store import vault
from app.store.caseload_store import Profile, Store, create_store
from tests.builders import SYNTHETIC_PASSPHRASE, SmallFamily, small_family

DEMO_FAMILIES = 12


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo's first families with their casework (module-wide: building it takes a while)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HEARTH_HOME", str(tmp_path_factory.mktemp("hearth_home")))
        patch.setattr(vault, "DEFAULT_KDF", vault.KdfParams(iterations=1, lanes=1, memory_kib=1024))
        profile = Profile("Demo Worker", "family_support_worker", "Demo Team", "demo.worker")
        store = create_store(tmp_path_factory.mktemp("demo") / "store", SYNTHETIC_PASSPHRASE,
                             profile, demo=True)
        seed(store, DEMO_FAMILIES, seed=1, casework=DEMO_FAMILIES)
        try:
            yield store
        finally:
            store.close()


@pytest.fixture
def family(store: Store, profile: Profile) -> SmallFamily:
    return small_family(store, profile)
