"""The document preview (pages drawn, large print, Save as…, Print…, a family
with nothing to print) and the family view's "Print…" menu, with real widgets
offscreen over a real store. Printing goes to Qt's PDF printer in tmp_path."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.records.changes import Changes
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile, Store
from tests.builders import SmallFamily, add_numbered_plan, small_family
from tests.html_reading import read_html
from tests.pdf_text import read_pdf

from ui.documents import page_drawing
from ui.documents.document_preview import DocumentPreview
from ui.documents.print_button import PrintButton
from ui.shell.task_runner import TaskRunner

# Drawing pages needs PDFium (pypdfium2) or Qt's PDF module; the rest does not.
needs_pages = pytest.mark.skipif(
    not page_drawing.page_backend(), reason="no PDF page renderer (pypdfium2) installed"
)


@pytest.fixture
def family(store: Store, profile: Profile, runner: TaskRunner) -> SmallFamily:
    runner.store = store
    return small_family(store, profile)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder that must stay empty: nothing is written outside the store."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def open_preview(qtbot: QtBot, runner: TaskRunner, profile: Profile, reference: str,
                 name: str) -> DocumentPreview:
    preview = DocumentPreview(runner, profile, reference, name)
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.ready, timeout=30_000):
        preview.start()
    return preview


def page_labels(preview: DocumentPreview) -> list[QLabel]:
    return [
        label for label in preview.strip.page_host.findChildren(QLabel)
        if label.objectName().startswith("previewPage")
    ]


@needs_pages
def test_preview_draws_every_page_and_saves_the_pdf(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily,
    tmp_path: Path, private_tmp: Path,
) -> None:
    texts = add_numbered_plan(store, profile, family, 30)
    preview = open_preview(qtbot, runner, profile, family.reference, "plan")
    assert preview.page_total > 1
    labels = page_labels(preview)
    assert len(labels) == preview.page_total
    assert all(not label.pixmap().isNull() and label.pixmap().width() > 500 for label in labels)
    assert preview.page_count.text() == f"{preview.page_total} pages"
    assert preview.save_button.isEnabled() and preview.print_button.isEnabled()

    asked: list[str] = []

    def answer(suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "our plan.pdf")  # the dialog adds .pdf to a bare name

    preview.ask_save_path = answer
    with qtbot.waitSignal(preview.saved) as saved:
        preview.save_button.click()
    assert asked == [f"{family.reference}-plan.pdf"]
    assert saved.args == [str(tmp_path / "our plan.pdf")]
    pdf = read_pdf((tmp_path / "our plan.pdf").read_bytes())
    assert pdf.page_count == preview.page_total
    for text in texts:
        assert text in pdf.text
    assert "Saved as" in preview.status.text()
    assert list(private_tmp.iterdir()) == []  # made in memory; nothing left in temp


@needs_pages
def test_large_print_makes_more_pages(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily
) -> None:
    add_numbered_plan(store, profile, family, 20)
    preview = open_preview(qtbot, runner, profile, family.reference, "plan")
    normal = preview.page_total
    with qtbot.waitSignal(preview.ready, timeout=30_000):
        preview.large_print.setChecked(True)
    assert preview.page_total > normal
    assert len(page_labels(preview)) == preview.page_total
    assert preview.suggested_file_name().endswith("-plan-large-print.pdf")


@needs_pages
def test_print_sends_each_page_to_the_printer(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily,
    tmp_path: Path, private_tmp: Path,
) -> None:
    add_numbered_plan(store, profile, family, 24)
    preview = open_preview(qtbot, runner, profile, family.reference, "plan")
    out = tmp_path / "printed.pdf"

    def printer_dialog(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(150)
        return True

    preview.ask_printer = printer_dialog
    with qtbot.waitSignal(preview.printed, timeout=30_000) as printed:
        preview.print_button.click()
    assert printed.args == [preview.page_total]
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == preview.page_total
    assert "Sent" in preview.status.text()
    assert list(private_tmp.iterdir()) == []

    # Cancelling the print dialog prints nothing.
    out.unlink()
    preview.ask_printer = lambda printer: False
    preview.print_button.click()
    assert not out.exists()


def test_a_family_with_nothing_to_print_is_told_so(
    qtbot: QtBot, runner: TaskRunner, profile: Profile, family: SmallFamily
) -> None:
    preview = open_preview(qtbot, runner, profile, family.reference, "ehat")
    assert preview.status.text() == f"Family {family.reference} has no completed EHAT to print."
    assert preview.page_total == 0
    assert not preview.save_button.isEnabled() and not preview.print_button.isEnabled()


def test_without_a_page_renderer_the_document_can_still_be_saved(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(page_drawing, "_pdfium", lambda: None)
    monkeypatch.setattr(page_drawing, "_qtpdf", lambda: None)
    preview = open_preview(qtbot, runner, profile, family.reference, "consent")
    assert "cannot be shown on this computer" in preview.status.text()
    assert not preview.print_button.isEnabled()
    preview.ask_save_path = lambda suggested: str(tmp_path / suggested)
    with qtbot.waitSignal(preview.saved):
        preview.save_as()
    assert read_pdf((tmp_path / f"{family.reference}-consent.pdf").read_bytes()).page_count >= 1


@needs_pages
def test_print_menu_lists_what_the_family_has(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily
) -> None:
    button = PrintButton(runner, profile)
    qtbot.addWidget(button)
    button.show()
    assert not button.isEnabled()
    button.set_family(family.id, family.reference)
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    assert button.available == ("consent", "chronology")
    assert not button.actions_by_name["plan"].isEnabled()
    add_numbered_plan(store, profile, family, 2)
    button.set_family(family.id, family.reference)  # the page reloads: no look-up of its own
    qtbot.wait(100)
    assert "plan" not in button.available
    # The plan tab's save says what it changed; the menu follows.
    runner.broadcast(Changes({family.id: frozenset({"plan_need"})}, frozenset({"plan_need"})))
    qtbot.waitUntil(lambda: "plan" in button.available, timeout=10_000)

    opened: list[Any] = []
    button.opened.connect(opened.append)
    button.actions_by_name["plan"].trigger()
    assert len(opened) == 1
    preview = opened[0]
    qtbot.waitUntil(lambda: preview.page_total > 0, timeout=30_000)
    assert preview.windowTitle() == f"Family plan — family {family.reference}"
    preview.close()
    qtbot.waitUntil(lambda: button.preview is None, timeout=10_000)


def test_the_family_view_has_a_print_menu(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, levels: LevelsOfNeed,
    family: SmallFamily,
) -> None:
    from ui.family.family_view import FamilyView

    view = FamilyView(runner, levels, profile)
    qtbot.addWidget(view)
    assert isinstance(getattr(view, "print_button", None), PrintButton)
    view.show_family(family.id)
    qtbot.waitUntil(lambda: view.print_button.isEnabled(), timeout=10_000)
    assert view.print_button.reference == family.reference
    assert "consent" in view.print_button.available
    assert view.print_button.text() == "&Print…"


def test_answers_arriving_after_the_widgets_have_gone_are_dropped(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily
) -> None:
    button = PrintButton(runner, profile)
    preview = DocumentPreview(runner, profile, family.reference, "consent")
    button.set_family(family.id, family.reference)
    preview.start()
    button.deleteLater()
    preview.deleteLater()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=30_000)  # no error from a dead widget


def test_the_worker_is_told_before_printing_what_cannot_be_printed(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily,
) -> None:
    from sqlalchemy import update

    from db.models import Person

    def rename(session: Any) -> None:  # a child's name with an emoji no font has
        session.execute(update(Person).where(Person.id == family.child_id)
                        .values(given_name="Sky\U0001fae0"))

    store.run(rename)
    add_numbered_plan(store, profile, family, 2)
    preview = open_preview(qtbot, runner, profile, family.reference, "plan")
    assert preview.unprintable == frozenset({"\U0001fae0"})
    assert "cannot be printed" in preview.status.text()
    assert "\U0001fae0" in preview.status.text()
    assert not preview.status.isHidden()


def test_save_as_web_page_writes_the_accessible_copy(
    qtbot: QtBot, runner: TaskRunner, store: Store, profile: Profile, family: SmallFamily,
    tmp_path: Path, private_tmp: Path,
) -> None:
    texts = add_numbered_plan(store, profile, family, 4)
    preview = open_preview(qtbot, runner, profile, family.reference, "plan")
    button = preview.web_page_button
    assert button.text() == "Save as &web page…" and button.isEnabled()
    asked: list[str] = []

    def answer(suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "our plan.html")  # the dialog adds .html to a bare name

    preview.ask_save_path = answer
    with qtbot.waitSignal(preview.saved) as saved:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [f"{family.reference}-plan.html"]
    written = tmp_path / "our plan.html"
    assert saved.args == [str(written)]
    page = read_html(written.read_text(encoding="utf-8"))
    assert page.lang == "en-GB" and family.reference in page.title
    assert page.headings[0][0] == "h1"
    for text in texts:
        assert text in page.text
    assert f"Saved as {written}." in preview.status.text()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["our plan.html"]
    assert list(private_tmp.iterdir()) == []

    preview.ask_save_path = lambda suggested: str(tmp_path / "no such folder" / suggested)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "does not exist" in preview.status.text()
