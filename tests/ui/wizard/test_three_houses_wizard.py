"""Three houses, filled in with a child: the words typed into each drawn house, the
child's drawing attached through the real file dialog (a synthetic photo made here),
kept in the encrypted store (downscaled, upright, without the camera's metadata) and
shown again when the draft reopens and after completing; a file that is not a picture
refused beside the field; nothing left outside the store (no temp file, no folder in
Qt's settings). Real widgets, a real encrypted store; every name is invented."""

from __future__ import annotations

import base64
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QWidget,
    QWizard,
)

from app import dates
from app.forms.pictures import NOT_A_PICTURE
from app.store.caseload_store import Profile, Store
from tests.ui.wizard.test_wizard import (
    answers_in_store,
    click,
    editor,
    fill,
    next_page,
    open_wizard,
    quillfields,
    start,
)

from ui.shell.task_runner import TaskRunner
from ui.wizard.editors.house import HouseEditor
from ui.wizard.editors.picture import PictureEditor

TODAY = dates.today()
FOLDER = "Quillfield drawings"  # a folder named after a family, as workers make them
CAMERA = b"Testcam QX-9"  # what the camera wrote in the photo: it must not be kept
WORRIES = "When the dog next door barks at night"

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


@pytest.fixture
def qt_settings(tmp_path: Path) -> Path:
    """Qt's own settings written under tmp_path for this test (never the real home)."""
    home = tmp_path / "config"
    home.mkdir()
    for format_ in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(format_, QSettings.Scope.UserScope, str(home))
    return home


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temp folder Python and Qt would use, empty, to see that nothing lands there."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def synthetic_photo(path: Path) -> Path:
    """A 'phone photo' of a drawing: 2400 × 1800, taken sideways (EXIF orientation 6),
    with the camera's make and a description in its EXIF."""
    image = Image.new("RGB", (2400, 1800), "white")
    pen = ImageDraw.Draw(image)
    pen.polygon([(300, 900), (800, 300), (1300, 900)], fill=(220, 40, 40))
    pen.rectangle([380, 900, 1220, 1600], fill=(40, 80, 220))
    exif = Image.Exif()
    exif[0x010F] = CAMERA.decode()  # Make
    exif[0x010E] = "Quillfield kitchen table"  # ImageDescription
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to view
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def choose_in_dialog(qtbot: Any, button: Any, path: Path) -> None:
    """Press ``button`` and, in the file dialog it opens, type ``path`` and press Enter."""
    seen: list[str] = []

    def type_the_name() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(50, type_the_name)
            return
        dialog = dialogs[0]
        seen.append(dialog.windowTitle())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        assert name is not None and buttons is not None
        qtbot.keyClicks(name, str(path))
        completer = name.completer()
        if completer is not None:  # its list of matches would take the Enter key
            completer.popup().hide()
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Open),
                         Qt.MouseButton.LeftButton)

    def never_hang() -> None:  # a dialog still open fails the test instead
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QFileDialog) and widget.isVisible():
                seen.append("still open")
                widget.reject()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(never_hang)
    guard.start(30_000)
    QTimer.singleShot(100, type_the_name)
    try:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    finally:
        guard.stop()
    assert seen and "drawing" in seen[0] and "still open" not in seen
    # the picture is made ready off the UI thread; the button waits for it
    qtbot.waitUntil(button.isEnabled, timeout=10_000)


def every_file(folder: Path, but: Path) -> Callable[[bytes], list[Path]]:
    """A search of every file under ``folder`` but those in ``but`` (the worker's own)."""
    files = [p for p in folder.rglob("*") if p.is_file() and but not in p.parents]
    return lambda needle: [p for p in files if needle in p.read_bytes()]


def tab_stops(window: QWidget) -> list[QWidget]:
    """The visible widgets Tab stops at, in the window's focus chain."""
    stops, widget = [], window.nextInFocusChain()
    while widget is not window and len(stops) < 500:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def walk_to_the_houses(qtbot: Any, wizard: Any) -> None:
    fill(qtbot, editor(wizard, "date"), TODAY.strftime("%d/%m/%Y"))
    fill(qtbot, editor(wizard, "how_done"), "drawing")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "worries"


def test_houses_and_a_drawing_are_kept_in_the_store_and_come_back(
    qtbot: Any, store: Store, store_dir: Path, profile: Profile, registry: Any, levels: Any,
    store_runner: TaskRunner, tmp_path: Path, qt_settings: Path, temp_folder: Path,
) -> None:
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"], "three_houses",
                          child=ids["mia"])
    photos = tmp_path / FOLDER
    photos.mkdir()
    photo = synthetic_photo(photos / "mia drawing.jpg")
    wizard = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    walk_to_the_houses(qtbot, wizard)

    # each house: a drawn house, a * for the answer it needs, the words typed inside
    worries = editor(wizard, "house_of_worries")
    assert isinstance(worries, HouseEditor)
    assert wizard.block("house_of_worries").caption.text().endswith(" *")
    assert worries.house.isVisible()
    assert worries.edit in tab_stops(wizard)  # reached with the keyboard
    assert worries.edit.accessibleName().startswith("House of worries")
    next_page(qtbot, wizard)  # nothing written: it stays and says so beside the house
    assert wizard.current_page_id() == "worries"
    assert wizard.block("house_of_worries").error == "Please answer this question."
    qtbot.keyClicks(worries.edit, WORRIES)
    qtbot.waitUntil(lambda: wizard.block("house_of_worries").error == "")
    next_page(qtbot, wizard)
    fill(qtbot, editor(wizard, "house_of_good_things"), "Football with Leo")
    next_page(qtbot, wizard)
    fill(qtbot, editor(wizard, "house_of_dreams"), "A tree house")
    next_page(qtbot, wizard)
    assert wizard.current_page_id() == "drawing"

    # the drawing, chosen through the real dialog: shown small, Remove now offered
    drawing = editor(wizard, "drawing")
    assert isinstance(drawing, PictureEditor)
    assert not drawing.remove_button.isEnabled()
    assert drawing.choose_button in tab_stops(wizard)
    choose_in_dialog(qtbot, drawing.choose_button, photo)
    assert not drawing.message.isVisible()
    assert not drawing.preview.pixmap().isNull()
    assert drawing.remove_button.isEnabled()
    qtbot.waitUntil(
        lambda: isinstance(answers_in_store(store_runner, profile, assessment_id).get("drawing"),
                           dict),
        timeout=5000,
    )
    stored = answers_in_store(store_runner, profile, assessment_id)
    assert stored["house_of_worries"] == WORRIES
    kept = base64.b64decode(stored["drawing"]["data"])
    with Image.open(io.BytesIO(kept)) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (1200, 1600)  # upright (it was taken sideways), 1600 at most
        assert not picture.getexif() and "exif" not in picture.info
    assert CAMERA not in kept and b"kitchen" not in kept

    # nothing outside the store: no temp file, no copy, no folder in Qt's settings
    assert list(temp_folder.iterdir()) == []
    holding = every_file(tmp_path, but=photos)  # the store, its folder, Qt's settings...
    assert any(p.suffix == ".db" or "store" in str(p) for p in tmp_path.rglob("*"))
    middle = len(kept) // 2  # past the JPEG's tables, which any JPEG may share
    assert holding(kept[middle:middle + 64]) == []  # its pixels nowhere in the clear
    assert holding(stored["drawing"]["data"][400:480].encode()) == []
    assert holding(FOLDER.encode()) == []
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert "FileDialog" not in settings.childGroups()

    # the draft reopens with its words and its drawing
    wizard.close()
    again = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    assert again.current_page_id() == "drawing"
    assert editor(again, "drawing").value() == stored["drawing"]
    assert not editor(again, "drawing").preview.pixmap().isNull()  # type: ignore[attr-defined]
    assert editor(again, "house_of_worries").value() == WORRIES

    # completing keeps it, and the completed assessment shows it
    with qtbot.waitSignal(again.completed, timeout=10_000):
        click(qtbot, again, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: not again.isVisible())
    done = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    assert done.read_only
    assert answers_in_store(store_runner, profile, assessment_id)["drawing"] == stored["drawing"]
    shown = done.block("drawing").display
    assert shown is not None and not shown.pixmap().isNull()  # type: ignore[attr-defined]
    house = done.block("house_of_worries").display
    words = house.findChild(QLabel) if house is not None else None
    assert words is not None and words.text() == WORRIES
    assert list(temp_folder.iterdir()) == []


def test_a_file_that_is_not_a_picture_is_refused_beside_the_field_and_remove_works(
    qtbot: Any, store: Store, profile: Profile, registry: Any, levels: Any,
    store_runner: TaskRunner, tmp_path: Path, qt_settings: Path, temp_folder: Path,
) -> None:
    ids = quillfields(store, profile)
    assessment_id = start(store, profile, registry, ids["family"], "three_houses",
                          child=ids["leo"])
    wizard = open_wizard(qtbot, store_runner, profile, registry, levels, assessment_id)
    wizard.go_to_page("drawing", check=False)
    drawing = editor(wizard, "drawing")
    assert isinstance(drawing, PictureEditor)
    notes = tmp_path / "drawing.jpg"
    notes.write_text("Not a picture: the worker's notes, saved with the wrong name.")
    choose_in_dialog(qtbot, drawing.choose_button, notes)
    assert drawing.message.isVisible() and drawing.message.text() == NOT_A_PICTURE
    assert drawing.choose_button.accessibleDescription() == NOT_A_PICTURE
    assert drawing.value() is None and not drawing.remove_button.isEnabled()

    # a real picture clears the message; Remove takes it away again
    photo = synthetic_photo(tmp_path / "scan.jpg")
    choose_in_dialog(qtbot, drawing.choose_button, photo)
    assert not drawing.message.isVisible(), drawing.message.text()
    assert drawing.value() is not None
    qtbot.waitUntil(
        lambda: bool(answers_in_store(store_runner, profile, assessment_id).get("drawing")),
        timeout=5000,
    )
    qtbot.mouseClick(drawing.remove_button, Qt.MouseButton.LeftButton)
    assert drawing.value() is None and drawing.preview.pixmap().isNull()
    qtbot.waitUntil(
        lambda: not answers_in_store(store_runner, profile, assessment_id).get("drawing"),
        timeout=5000,
    )
    assert list(temp_folder.iterdir()) == []
    assert "FileDialog" not in QSettings(QSettings.Scope.UserScope, "QtProject").childGroups()
