"""Nothing personal in any output: an unexpected store error, with a family's
distinctive name in the values it was given, is logged by type and place only."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.errors import described
from app.families import households as families
from app.families.households import FamilyData
from app.store.caseload_store import Profile, Store

from ui.shell.task_runner import TaskRunner

NAME = "Quorvandelle"  # distinctive enough to find anywhere it is written


def clash(session: Session, family_id: str) -> None:
    """A bug: a second family with the same id, its name among the statement's values."""
    session.execute(
        text("INSERT INTO family (id, family_name) VALUES (:id, :name)"),
        {"id": family_id, "name": NAME},
    )


def test_an_unexpected_store_error_names_no_value(
    qtbot: QtBot,
    store: Store,
    store_runner: TaskRunner,
    profile: Profile,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    family_id = store.run(families.save_family, profile, FamilyData(id=None, family_name=NAME))
    failures: list[str] = []
    store_runner.failed.connect(failures.append)
    with caplog.at_level(logging.DEBUG):
        store_runner.run_store(clash, family_id)
        qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
        qtbot.waitUntil(lambda: not store_runner.is_busy, timeout=10_000)

    out, err = capfd.readouterr()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "task failed: IntegrityError at" in logged  # the type and the place are there
    for written in (logged, out, err, *failures):
        assert NAME not in written
        assert family_id not in written


def test_described_gives_the_type_and_our_place_not_the_message() -> None:
    def fail() -> None:
        raise ValueError(f"bad value {NAME}")

    try:
        fail()
    except ValueError as exc:
        words = described(exc)
    assert words.startswith("ValueError at ")
    assert "test_no_personal_output.py" in words and "(fail)" in words
    assert NAME not in words
