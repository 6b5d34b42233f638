"""Stores for the document tests.

``demo_store`` is one store per module holding the demo's synthetic families
with their casework (consent, assessments, meetings, plan, visits, closure),
written through the services exactly as the demo store is. ``family`` is a
fresh small family (tests/builders.py ``small_family``) in the per-test
``store`` for tests that build their own records. All data is synthetic.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.demo.every_script import write_in_every_script
from app.documents.catalogue import available_documents
from app.store.caseload_store import Profile, Store
from db.models import Family
from tests.app.demo_stores import DemoStores
from tests.builders import SmallFamily, small_family


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_stores: DemoStores
               ) -> Iterator[Store]:
    """The demo's first families with their casework: this module's own copy of the store
    built once per test process (tests/app/conftest.py; building it takes a while)."""
    store = demo_stores.open_copy("documents", tmp_path_factory.mktemp("demo") / "store")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def family(store: Store, profile: Profile) -> SmallFamily:
    return small_family(store, profile)


@pytest.fixture(scope="module")
def scripts_family(demo_store: Store) -> str:
    """A demo family with casework, its names and words rewritten in every script
    (app/demo/every_script.py): the stress family of the script and accessibility tests."""

    def with_most_documents(session: Any) -> str:
        ids = session.execute(select(Family.id, Family.reference).order_by(Family.reference))
        best = max(ids, key=lambda row: len(available_documents(session, demo_store.profile,
                                                                  row[0])))
        return str(best[1])

    reference = demo_store.run(with_most_documents)
    write_in_every_script(demo_store, reference)
    return reference
