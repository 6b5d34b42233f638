"""A store that can only be read says so up front, and a save that fails keeps what
was typed and says why where the worker is looking (never "Saving…" for ever)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.store import caseload_store as caseload_store_module

WAIT = 10_000


@pytest.fixture
def read_only_folder(
    monkeypatch: pytest.MonkeyPatch, store_dir: Path, caseload_store: dict[str, str]
) -> Iterator[None]:
    """The store's folder and database may not be changed (read-only for this user). As
    root, whom file permissions do not stop, the folder check is told the same answer;
    either way the store then refuses writes as SQLite does (query_only)."""
    paths = [store_dir / caseload_store_module.DB_NAME, store_dir]
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(0o500 if path.is_dir() else 0o400)
    if os.geteuid() == 0:
        monkeypatch.setattr(caseload_store_module, "folder_writable", lambda folder, db: False)
    yield
    for path, mode in modes.items():
        path.chmod(mode)


def test_a_read_only_store_says_so_and_a_save_keeps_the_typing(
    qtbot: QtBot, read_only_folder: None, make_window: Any, caseload_store: dict[str, str]
) -> None:
    window = make_window()
    assert window.store.read_only
    assert window.read_only_banner.isVisibleTo(window)
    assert "can only be read" in window.read_only_banner.text()

    window.open_family(caseload_store["Dunmore"])
    view = window.family_view
    qtbot.waitUntil(lambda: view.is_loaded, timeout=WAIT)  # reading works
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    dialog.family_name.selectAll()
    qtbot.keyClicks(dialog.family_name, "Dunmore-Read")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.banner.isVisible(), timeout=WAIT)
    assert "cannot write to this computer's store" in dialog.banner.text()
    assert dialog.isVisible() and dialog.family_name.text() == "Dunmore-Read"
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "&Save"
