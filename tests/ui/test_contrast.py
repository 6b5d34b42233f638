"""Every screen readable in every palette (issue 16, colours from the palette): a team
lead's main window over a demo store (Today, the caseload, the Team area with its tabs, an
open and a closed family with each tab), every dialog and wizard the family's buttons
open, the welcome and unlock dialogs and the lock screen, and the three houses wizard's
drawn houses and drawing page, with the light, the dark and the high-contrast palette.
Each visible text (labels, buttons, line edits, combo boxes, the
cells of lists, tables and trees) must reach WCAG AA, 4.5:1, against what is drawn behind
it, measured on the grabbed pixels (tests/ui/contrast_probe.py). Set HEARTH_CONTRAST_SHOTS
to a folder to keep the pictures.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.seed import seed
from app.forms.loader import SHIPPED_FORMS, load_folder
from app.forms.pictures import prepare_picture
from app.store.caseload_store import Profile, create_store
from app.store.unlock_attempts import UnlockAttempts
from db.models import Family, Visit
from tests.ui.conftest import WindowFactory
from tests.ui.contrast_probe import AA, Pixels, low_contrast
from tests.ui.dialog_probe import Prober, label, pressable

from ui.access.unlock_dialog import UnlockDialog
from ui.access.welcome_dialog import WelcomeDialog
from ui.shell.application import STYLE_FILE
from ui.shell.main_window import MainWindow
from ui.widgets.theme import apply_theme, contrast
from ui.wizard.definition_wizard import FormWizard
from ui.wizard.editors.context import EditorContext
from ui.wizard.editors.house import HouseEditor
from ui.wizard.editors.picture import PictureEditor

LEAD = Profile("Lee Teamlead", "team_lead", "North Locality Team", "lee.lead")
SHOTS = os.environ.get("HEARTH_CONTRAST_SHOTS", "")

pytestmark = pytest.mark.usefixtures("delete_closed_widgets")


def _families(session: Session) -> dict[str, str]:
    with_visits = set(session.scalars(select(Visit.family_id)))
    found: dict[str, str] = {}
    for family in session.scalars(select(Family).order_by(Family.reference)):
        if family.id in with_visits:
            found.setdefault("closed" if family.status == "closed" else "open", family.id)
    return found


@pytest.fixture(params=["light", "dark", "high_contrast"])
def appearance(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The palette for the test (the light one again afterwards)."""
    template = STYLE_FILE.read_text(encoding="utf-8")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert apply_theme(qapp, request.param, template) == request.param
    yield request.param
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    apply_theme(qapp, "light", template)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One demo store for every palette: made by the first test, copied for the rest."""
    return {"folder": tmp_path_factory.mktemp("lead_store") / "store"}


@pytest.fixture
def lead_window(
    appearance: str,
    make_window: WindowFactory,
    store_dir: Path,
    passphrase: str,
    seeded: dict[str, Any],
) -> tuple[MainWindow, dict[str, str]]:
    """A team lead's window over a demo store: "open" and "closed" -> a family's id."""
    folder: Path = seeded["folder"]
    if "families" not in seeded:  # made here, under the tests' quick key derivation
        store = create_store(folder, passphrase, LEAD)
        try:
            seed(store, 14, casework=8)
            seeded["families"] = store.run(_families)
        finally:
            store.close()
    shutil.copytree(folder, store_dir, dirs_exist_ok=True)
    window = make_window()
    # Deleted when closed, with the dialogs it opened, before the palette changes again
    # (a restyle repolishes every widget still alive).
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return window, seeded["families"]


class Checker:
    """Measures each window shown to it; keeps what falls short."""

    def __init__(self, appearance: str) -> None:
        self.appearance = appearance
        self.problems: list[str] = []
        self.screens: list[str] = []
        self.measured = 0

    def __call__(self, window: QWidget, screen: str) -> None:
        QApplication.processEvents()
        self.screens.append(screen)
        picture = ""
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() else "_" for c in screen)[:60]
            picture = f"{SHOTS}/{self.appearance}_{len(self.screens):02d}_{name}.png"
        found, measured = low_contrast(window, AA, picture)
        self.measured += measured
        for r in found:
            self.problems.append(
                f"{screen}: {r.where} {r.text} on {r.background} is {r.ratio}:1"
            )


def _visit_tabs(
    prober: Prober, tabs: QTabWidget, look: Checker, window: QWidget, name: str
) -> None:
    for index in range(tabs.count()):
        if not tabs.isTabEnabled(index):
            continue
        tabs.setCurrentIndex(index)
        prober.settle()
        screen = f"{name} › {tabs.tabText(index).replace('&', '')}"
        look(window, screen)
        for inner in tabs.widget(index).findChildren(QTabWidget):
            if inner.isVisible():
                _visit_tabs(prober, inner, look, window, screen)


def test_every_screen_reads_at_aa_in_each_palette(
    qtbot: QtBot,
    appearance: str,
    lead_window: tuple[MainWindow, dict[str, str]],
    tmp_path: Path,
) -> None:
    window, families = lead_window
    window.resize(1280, 800)
    look = Checker(appearance)
    prober = Prober(qtbot, window.runner)
    prober.settle()
    look(window, "Today")  # the first area
    window.show_caseload()
    prober.settle()
    look(window, "Caseload")
    assert window.today.team is not None
    window.today.team.show()
    prober.settle()
    _visit_tabs(prober, window.today.team.view.findChild(QTabWidget), look, window, "Team")

    def check_dialog(dialog: QWidget) -> bool:
        prober.settle()
        look(dialog, label(dialog))
        prober.close(dialog)
        return True

    prober.on_window = check_dialog
    view = window.family_view
    for kind in ("open", "closed"):
        window.open_family(families[kind])
        qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
        prober.settle()
        _visit_tabs(prober, view.tabs, look, window, f"{kind} family")
    # The open family's dialogs: its header's buttons and each tab's own.
    window.open_family(families["open"])
    qtbot.waitUntil(lambda: view.is_loaded, timeout=10_000)
    prober.settle()
    inside_tabs = set(view.tabs.findChildren(QWidget))
    header = [b for b in pressable(view.findChildren(QAbstractButton)) if b not in inside_tabs]
    prober.press_all(view, [b for b in header if b is not view.back_button])
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        prober.settle()
        page = view.tabs.widget(index)
        if shiboken6.isValid(page):
            prober.press_all(page, pressable(page.findChildren(QAbstractButton)))
    # The ways in (a new store's welcome, an unlock) and the lock screen.
    ways_in = (
        WelcomeDialog(window.runner, tmp_path / "new"),
        UnlockDialog(window.runner, window.folder, UnlockAttempts()),
    )
    for dialog in ways_in:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        look(dialog, label(dialog))
        dialog.close()
    window.show_caseload()
    window.lock()
    prober.settle()
    look(window, "Lock screen")
    prober.watchdog.stop()
    assert len(look.screens) >= 30 and look.measured >= 500, (look.screens, look.measured)
    assert look.problems == [], "\n".join(look.problems)


def test_the_probe_finds_grey_on_grey(qtbot: QtBot) -> None:
    """The measure itself: a label in grey on a grey of nearly its shade fails, and the
    same words in the palette's own colours pass."""
    faint = QLabel("Words nobody can read")
    faint.setStyleSheet("color: #777777; background: #8a8a8a; padding: 8px;")
    plain = QLabel("Words everyone can read")
    for widget in (faint, plain):
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
    found, measured = low_contrast(faint)
    assert measured == 1 and len(found) == 1
    assert 1.0 < found[0].ratio < 1.5
    assert abs(found[0].ratio - contrast(QColor("#777777"), QColor("#8a8a8a"))) < 0.2
    found, measured = low_contrast(plain)
    assert measured == 1 and found == []


def _houses_wizard(qtbot: QtBot) -> Any:
    """The three houses wizard (the renderer alone) with words in a house and a drawing."""
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 60, 60)).save(out, "PNG")
    answers = {
        "date": "2026-11-30", "how_done": "drawing",
        "house_of_worries": "When the dog barks at night", "drawing":
        prepare_picture(out.getvalue()).answer(),
    }
    form = load_folder(SHIPPED_FORMS).registry.latest("three_houses")
    wizard = FormWizard(form, answers, context=EditorContext(), heading="Mia Quillfield")
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.resize(1280, 800)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


@pytest.mark.parametrize("large", [False, True], ids=["normal_text", "large_text"])
def test_the_three_houses_pages_read_at_aa_in_each_palette(
    qtbot: QtBot, appearance: str, large: bool
) -> None:
    """The drawn houses (the name on each roof, measured on the pixels too) and the
    drawing's page, in each palette and with the system's text at 16 pt."""
    before = QApplication.font()
    if large:
        font = QApplication.font()
        font.setPointSizeF(16)
        QApplication.setFont(font)
    try:
        wizard = _houses_wizard(qtbot)
        look = Checker(appearance + ("_large" if large else ""))
        for page, field in (("worries", "house_of_worries"), ("good_things",
                            "house_of_good_things"), ("drawing", "drawing")):
            wizard.go_to_page(page, check=False)
            qtbot.waitUntil(lambda f=field: wizard.block(f).isVisible())
            look(wizard, f"Three houses › {page}")
            editor = wizard.block(field).editor
            if isinstance(editor, HouseEditor):
                house = editor.house
                box = house.roof_words_box()
                assert box.height() < house.roof_height and box.width() < house.width() * 0.62
                assert editor.edit.font().pointSizeF() >= QApplication.font().pointSizeF() * 1.4
                where = QRect(house.mapTo(wizard, box.topLeft()), box.size())
                reading = Pixels(wizard).read(f"roof of {page}", where)
                assert reading is not None and reading.ratio >= AA, reading
            else:
                assert isinstance(editor, PictureEditor)
                assert not editor.preview.pixmap().isNull()
        wizard.close()
    finally:
        QApplication.setFont(before)
    assert look.problems == [], "\n".join(look.problems)
    assert look.measured >= 20
