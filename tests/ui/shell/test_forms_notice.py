"""A council form file that cannot be loaded is shown across the main window, not only
logged: the worker reads what it means and whom to tell; "Details…" gives whoever looks
after the settings the file, place, line and problem to copy. Real window, real store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.store.paths import config_folder
from tests.council_forms import STRENGTHS_REVIEW_V1

from ui.shell.forms_notice import FormsProblemsDialog
from ui.wizard.form_wizard import forget_shared_forms, shared_registry

BROKEN = """\
id: home_visit_check
version: 1
title: Home visit check
kind: home_visit_check
pages:
  - id: visit
    title: The visit
    fields:
      - {id: seen_on, type: date, label: Date seen}
      - {id: rooms, type: floor_plan, label: Rooms seen}
"""


@pytest.fixture
def council_forms() -> Iterator[None]:
    folder = config_folder() / "forms"
    folder.mkdir(parents=True)
    (folder / "home-visit-check.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "strengths-review.yaml").write_text(STRENGTHS_REVIEW_V1, encoding="utf-8")
    forget_shared_forms()
    yield
    forget_shared_forms()


def test_a_form_left_out_is_named_across_the_window_with_details_to_copy(
    qtbot: Any, caseload_store: dict[str, str], make_window: Any, council_forms: None
) -> None:
    window = make_window()
    notice = window.forms_notice
    assert notice.isVisible()
    assert notice.label.text() == (
        "1 of the council's form files could not be loaded. Assessments made with it cannot "
        "be opened on this computer until it is mended; everything else carries on as "
        "usual. Tell whoever looks after Hearth's settings for your council.")
    assert shared_registry().has("strengths_review", 1)  # the good one is in use

    qtbot.mouseClick(notice.details_button, Qt.MouseButton.LeftButton)
    dialog = notice.dialog
    assert isinstance(dialog, FormsProblemsDialog) and dialog.isVisible()
    details = dialog.text.toPlainText()
    assert details.startswith("File: home-visit-check.yaml\n"
                              f"Folder: {config_folder() / 'forms'}\n"
                              "Where: pages[0].fields[1].type (line 10)\n"
                              "Problem: ")
    assert "floor_plan" in details
    assert dialog.text.isReadOnly()
    assert dialog.text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == details
    dialog.reject()
    qtbot.waitUntil(lambda: notice.dialog is None)



def test_no_notice_when_every_form_loads(
    qtbot: Any, caseload_store: dict[str, str], make_window: Any
) -> None:
    forget_shared_forms()
    window = make_window()
    assert window.forms_notice.isHidden()
    forget_shared_forms()
