""""Fetch the council's settings now" against a live service: the Sync menu action
fetches whatever the hourly timer says, says what arrived (or that nothing changed, or
the problem), and what arrives is used at once: new forms reach new wizards, a form that
cannot be loaded shows across the window (and goes when it is mended), and assessments
made with a form version the service stopped sending say so in the family's list.
``hearth sync --reference`` does the same from the command line. Real widgets
(offscreen), a real encrypted store, real HTTP on loopback; every name is invented."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.reference.council_config import agencies
from app.reference.levels_of_need import DEFAULT_FILE, load_levels
from app.store.caseload_store import Profile, Store, create_store
from app.store.paths import config_folder
from app.store.unlock_attempts import UnlockAttempts
from app.sync import enrolment
from app.sync.engine import sync_store
from server import admin
from server.models import ReferenceData
from tests.builders import Member, add_assessment, add_family, in_store
from tests.council_forms import STRENGTHS_REVIEW_V1, STRENGTHS_REVIEW_V2

from ui.shell.main_window import MainWindow
from ui.shell.task_runner import TaskRunner
from ui.wizard.form_wizard import forget_shared_forms, reload_shared_forms, shared_registry

WAIT = 60_000
V1, V2 = yaml.safe_load(STRENGTHS_REVIEW_V1), yaml.safe_load(STRENGTHS_REVIEW_V2)


def version(n: int, title: str = "Family strengths review") -> dict[str, Any]:
    return {**V2, "version": n, "title": title}


@pytest.fixture
def forms_read_afresh() -> Iterator[None]:
    """The window reads this test's forms, and the next test reads its own."""
    forget_shared_forms()
    yield
    forget_shared_forms()


@pytest.fixture
def lee(tmp_path: Path, live_server: Any) -> Iterator[Store]:
    store = create_store(tmp_path / "lee", live_server.passphrase,
                         Profile("Lee Laptop", "family_support_worker", "North", "lee.laptop"))
    enrolment.enrol(store, live_server.url, "lee", live_server.password)
    yield store
    store.close()


def load(live_server: Any, data: dict[str, Any]) -> None:
    with live_server.session() as s:
        admin.load_reference(s, data)


def press_fetch(qtbot: QtBot, window: MainWindow, ok: bool = True) -> str:
    """Sync > Fetch the council's settings now; the answer's text, once it is closed (a
    warning unless ``ok``)."""
    assert window.fetch_reference_action.isEnabled()
    window.fetch_reference_action.trigger()

    def answer() -> QMessageBox | None:
        boxes = [b for b in window.findChildren(QMessageBox)
                 if b.objectName() == "referenceFetched" and b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: answer() is not None, timeout=WAIT)
    box = answer()
    assert box is not None
    text = box.text()
    assert box.icon() == (QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: answer() is None)
    return text


def test_fetch_now_brings_forms_in_at_once_and_the_notice_follows_them(
    qtbot: QtBot, live_server: Any, lee: Store, runner: TaskRunner, forms_read_afresh: None,
) -> None:
    load(live_server, {"forms": [V1]})
    family = in_store(lee, add_family, lee.profile, "Tamsin", people=(
        Member("ola", "parent_carer", "Ola"),))
    made_on_v1 = in_store(lee, add_assessment, lee.profile, family["family"],
                          kind="strengths_review", title="Family strengths review")
    window = MainWindow(runner, load_levels(DEFAULT_FILE), lee, UnlockAttempts(),
                        idle_lock_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    # The first sync fetches the reference data (never fetched), and the forms are read
    # again: version 1 is there for the assessment made with it.
    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=WAIT)
    qtbot.waitUntil(lambda: shared_registry().has("strengths_review", 1), timeout=WAIT)
    assert window.fetch_reference_action.isEnabled()
    assert window.forms_notice.isHidden()

    # The council adds version 2. A sync within the hour does not fetch it; the action does.
    load(live_server, {"forms": [V1, V2], "agencies": ["Family hub", "Youth service"]})
    with qtbot.waitSignal(window.sync.finished, timeout=WAIT):
        window.sync_now_action.trigger()
    assert not shared_registry().has("strengths_review", 2)
    assert press_fetch(qtbot, window) == "The council's forms and agencies arrived."
    qtbot.waitUntil(lambda: shared_registry().has("strengths_review", 2), timeout=WAIT)
    assert agencies() == ["Family hub", "Youth service"]  # used at once too
    window.sync_now_action.trigger()  # asked during a sync, the fetch follows it
    assert window.sync.is_running
    assert press_fetch(qtbot, window).startswith("Nothing has changed")

    # Levels of need are used from the next start, and the answer says so.
    levels = {"name": "Tamsin test levels", "levels": [
        {"code": f"t{n}", "label": f"Tier {n}", "short": f"T{n}", "rank": n,
         "social_care": n == 3} for n in (1, 2, 3)]}
    load(live_server, {"levels_of_need": levels})
    answer = press_fetch(qtbot, window)
    assert answer.startswith("The council's levels of need arrived.")
    assert "from the next time it starts" in answer

    # Reference data the device refuses (stored before the service checked it): the
    # problem in one line, and nothing installed.
    with live_server.session() as s:
        s.get(ReferenceData, "forms").data = [V1, V2, {"id": "strengths_review",
                                                       "version": 3, "title": "No pages"}]
    first, *problems = press_fetch(qtbot, window, ok=False).split("\n")
    assert first.startswith("Not installed, so Hearth keeps what it had")
    assert any(p.startswith("• forms[2]: pages: missing")
               for p in problems), problems
    assert window.forms_notice.isHidden()

    # A version the service sends that this computer cannot load beside the council's own
    # file (the same version twice): the notice appears, Details says which file and why.
    own = config_folder() / "forms" / "council-strengths.yaml"
    own.write_text(yaml.safe_dump(version(3, "Our own strengths review")), encoding="utf-8")
    load(live_server, {"forms": [V1, V2, version(3)]})
    assert press_fetch(qtbot, window) == "The council's forms arrived."
    notice = window.forms_notice
    qtbot.waitUntil(notice.isVisible, timeout=WAIT)
    assert notice.label.text().startswith(
        "1 of the council's form files could not be loaded. Assessments made with it "
        "cannot be opened on this computer until it is mended")
    assert "Tell whoever looks after Hearth's settings" in notice.label.text()
    qtbot.mouseClick(notice.details_button, Qt.MouseButton.LeftButton)
    dialog = notice.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    details = dialog.text.toPlainText()
    assert "File: from-server-strengths_review-v3.yaml" in details
    assert "Where: version (line" in details
    assert "council-strengths.yaml; this copy was left out" in details
    assert "Tamsin" not in details and "Ola" not in details
    # The laptop's own copy is mended (a version number of its own; the device keeps the
    # service's version 3, as it keeps every version it was sent) and the next forms that
    # arrive are read with it: the notice goes.
    own.write_text(yaml.safe_dump(version(5, "Our own strengths review")), encoding="utf-8")
    load(live_server, {"forms": [V1, V2, version(3), version(4)]})
    assert press_fetch(qtbot, window) == "The council's forms arrived."
    qtbot.waitUntil(notice.isHidden, timeout=WAIT)
    assert notice.dialog is None  # the details went with it

    # The service will not stop sending version 1, which an assessment was made with.
    with pytest.raises(admin.AdminError, match="version 1 is used by 1 assessment"):
        load(live_server, {"forms": [V2, version(4)]})
    # Version 1's file is lost from this computer all the same (deleted by hand): the
    # assessment made with it says so in the family's list, and opening it says why,
    # without a wizard.
    (config_folder() / "forms" / "from-server-strengths_review-v1.yaml").unlink()
    reload_shared_forms()
    assert not shared_registry().has("strengths_review", 1)
    window.open_family(family["family"])
    panel = window.family_view.assessments_panel
    window.family_view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.row(made_on_v1) is not None, timeout=WAIT)
    assert panel.model.index(0, 2).data() == "Form not on this computer: ask your administrator"
    rect = panel.table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ("is not on this computer, so it cannot be opened here until that form is put back: "
            "ask whoever looks after Hearth's settings for your council.") in panel.detail.text()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not loaded on this computer" in panel.message.text(),
                    timeout=WAIT)
    assert panel.wizard is None

    # Locked: the action waits for the passphrase.
    window.lock()
    assert not window.fetch_reference_action.isEnabled()
    window.close()


def test_hearth_sync_reference_fetches_within_the_hour(
    live_server: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "sam"
    store = create_store(folder, live_server.passphrase,
                         Profile("Sam Laptop", "family_support_worker", "North", "sam.laptop"))
    try:
        enrolment.enrol(store, live_server.url, "sam", live_server.password)
        load(live_server, {"agencies": ["Family hub"]})
        assert sync_store(store).reference_changed == ("agencies",)
        load(live_server, {"agencies": ["Family hub", "Youth service"]})
        assert sync_store(store).reference_changed == ()  # fetched once an hour
    finally:
        store.close()
    assert agencies() == ["Family hub"]
    env = dict(os.environ, HEARTH_PASSPHRASE=live_server.passphrase)

    def hearth(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "app.cli.main", "sync", "--store",
                                 str(folder), *args], env=env, capture_output=True,
                                text=True, timeout=180)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        return result.stdout

    assert "The council's agencies arrived from the server." in hearth("--reference")
    assert agencies() == ["Family hub", "Youth service"]
    assert "Nothing has changed: this computer already has the council's latest settings." \
        in hearth("--reference", "--quiet")
