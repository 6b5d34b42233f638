"""The document preview tells the worker, before anything is printed, when the council's
identity file has a mistake (which file, what is wrong, and what the document shows
instead); a good file says nothing."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.store.caseload_store import Profile, Store
from app.store.paths import config_folder
from tests.builders import add_numbered_plan, small_family
from tests.council_files import COUNCIL_NAME, council_data, write_council
from tests.pdf_text import read_pdf

from ui.documents.document_preview import DocumentPreview
from ui.shell.task_runner import TaskRunner


def _preview(qtbot: QtBot, runner: TaskRunner, profile: Profile, reference: str
             ) -> DocumentPreview:
    preview = DocumentPreview(runner, profile, reference, "plan")
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.ready, timeout=30_000):
        preview.start()
    return preview


def test_a_mistake_in_the_councils_file_is_shown_in_the_preview(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile
) -> None:
    runner.store = store
    family = small_family(store, profile)
    add_numbered_plan(store, profile, family, 2)
    write_council(config_folder())
    preview = _preview(qtbot, runner, profile, family.reference)
    assert preview.status.isHidden()
    assert preview.pdf is not None and COUNCIL_NAME in read_pdf(preview.pdf).pages[0]

    path = write_council(config_folder(), council_data(name=None))
    preview = _preview(qtbot, runner, profile, family.reference)
    assert not preview.status.isHidden()
    assert preview.status.text() == (
        f"{path}: the council's name is missing. The council's details read before are used "
        "until it is put right.")
    assert preview.pdf is not None and COUNCIL_NAME in read_pdf(preview.pdf).pages[0]
