"""Appearance (issue 16): the theme's own colours meet WCAG AA in every palette, the
system's high-contrast colours are used as they are, and the Settings dialog keeps the
worker's choice on this computer for the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.access.settings_dialog import SettingsDialog
from ui.shell.application import STYLE_FILE
from ui.widgets import theme

APPEARANCES = ("light", "dark", "high_contrast")


@pytest.fixture
def qt_settings(tmp_path: Path) -> Path:
    """Qt's own settings written under tmp_path for this test (never the real home)."""
    home = tmp_path / "config"
    home.mkdir()
    for format_ in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(format_, QSettings.Scope.UserScope, str(home))
    return home


@pytest.fixture
def restore_light(qapp: QApplication) -> Iterator[None]:
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    theme.apply_theme(qapp, "light", STYLE_FILE.read_text(encoding="utf-8"))


def _role(role: QPalette.ColorRole) -> QColor:
    return QApplication.palette().color(QPalette.ColorGroup.Active, role)


@pytest.mark.usefixtures("restore_light")
@pytest.mark.parametrize("appearance", APPEARANCES)
def test_every_colour_the_theme_makes_reads_at_aa(qapp: QApplication, appearance: str) -> None:
    assert theme.apply_theme(qapp, appearance) == appearance
    window, base = _role(QPalette.ColorRole.Window), _role(QPalette.ColorRole.Base)
    short: list[str] = []

    def need(what: str, fore: Any, back: Any, ratio: float = theme.TEXT_RATIO) -> None:
        if theme.contrast(fore, back) < ratio:
            short.append(f"{what}: {QColor(fore).name()} on {QColor(back).name()}")

    for kind in theme.ACCENTS:
        t = theme.tone(kind)
        need(f"tone {kind}", t.text, t.background)
        need(f"tone {kind}'s text beside it", theme.text_on(t.background), t.background)
    for kind in ("error", "overdue", "success", "warning", "info", "hint", "neutral"):
        need(f"text {kind}", theme.text_colour(kind), window)
        need(f"text {kind} on base", theme.text_colour(kind), base)
    for grade in (None, 1, 2, 3, 4, 5):
        g = theme.grade_tone(grade)
        need(f"grade {grade}", g.text, g.background)
    for index in range(8):
        need(f"chart line {index}", theme.series_colour(index), base)
    for fore, back in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
        (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    ):
        need(f"{fore.name} on {back.name}", _role(fore), _role(back))
    assert short == []
    stylesheet = theme.fill_stylesheet(STYLE_FILE.read_text(encoding="utf-8"))
    assert "$" not in stylesheet.replace("$name", "")
    # Fusion's frames and tick boxes vanish on black: drawn by the stylesheet there.
    assert ("QCheckBox::indicator" in stylesheet) == (appearance != "light")
    assert ("QLineEdit, QPlainTextEdit" in stylesheet) == (appearance == "high_contrast")
    if appearance == "high_contrast":  # no tints: the palette's own two colours
        assert theme.tone("problem") == theme.Tone("#000000", "#ffffff", "#ffffff")
        assert theme.text_colour("hint") == "#ffffff"


@pytest.mark.usefixtures("restore_light")
def test_following_a_system_in_high_contrast_keeps_its_own_colours(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A platform asking for high contrast keeps its palette; its colours are not tinted."""
    system = QPalette(qapp.palette())
    system.setColor(QPalette.ColorRole.Window, QColor("#000080"))
    system.setColor(QPalette.ColorRole.WindowText, QColor("#ffff00"))
    system.setColor(QPalette.ColorRole.Base, QColor("#000080"))
    system.setColor(QPalette.ColorRole.Text, QColor("#ffff00"))
    monkeypatch.setattr(theme._State, "system_palette", system)
    monkeypatch.setattr(theme, "system_wants", lambda _app: "high_contrast")
    assert theme.apply_theme(qapp, "system") == "system_high_contrast"
    assert _role(QPalette.ColorRole.Window).name() == "#000080"
    assert theme.tone("warning") == theme.Tone("#000080", "#ffff00", "#ffff00")
    monkeypatch.setattr(theme, "system_wants", lambda _app: "dark")
    assert theme.apply_theme(qapp, "system") == "dark"
    assert _role(QPalette.ColorRole.Window).name() == "#1f2226"


def test_the_settings_dialog_keeps_the_appearance_for_the_next_start(
    qtbot: QtBot, store_runner: Any, profile: Any, qt_settings: Path
) -> None:
    from app.reference.settings import Settings

    assert theme.chosen_appearance() == "system"  # the default: follow the system
    dialog = SettingsDialog(store_runner, profile, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.appearance.currentText() == "Follow the system"
    assert [dialog.appearance.itemText(i) for i in range(dialog.appearance.count())] == [
        "Follow the system", "Light", "Dark", "High contrast",
    ]
    dialog.appearance.setFocus()
    qtbot.keyClick(dialog.appearance, Qt.Key.Key_End)  # the last: High contrast
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert theme.chosen_appearance() == "high_contrast"
    written = "\n".join(p.read_text() for p in qt_settings.rglob("*") if p.is_file())
    assert "appearance=high_contrast" in written
    again = SettingsDialog(store_runner, profile, Settings())
    qtbot.addWidget(again)
    assert again.appearance.currentText() == "High contrast"
