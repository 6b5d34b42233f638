"""Fixtures for the tests of app/: ``demo_stores``, each kind of demo store built once per
test process and copied for each module that uses one (tests/app/demo_stores.py), and
``hearth_here``, the command line run in the test's own process (tests/app/cli_in_process.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app.cli_in_process import Hearth, hearth_in_process
from tests.app.demo_stores import DemoStores


@pytest.fixture(scope="session")
def demo_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStores]:
    yield DemoStores(tmp_path_factory)


@pytest.fixture
def hearth_here(capsys: pytest.CaptureFixture[str]) -> Hearth:
    """The ``hearth`` command line run in this process (tests/app/cli_in_process.py)."""
    return hearth_in_process(capsys)
