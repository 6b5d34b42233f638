"""Hearth's colours, in one place: the light, dark and high-contrast palettes, the
system's own palette when it asks for high contrast, and the colours Hearth needs beyond
``QPalette`` (banners, errors, overdue, hints, grades, chart lines) derived from the
palette in use so that text on them meets WCAG AA (4.5:1) in each.

Widgets ask for colours here (:func:`tone`, :func:`text_colour`, :func:`box_style`...)
when they are built; none holds a fixed colour. :func:`apply_theme` sets the palette and
the application's stylesheet (``resources/style.qss``, filled in from the palette).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from string import Template
from typing import TypeVar, cast

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from ui.widgets.palettes import (
    AIM,
    GRAPHIC_RATIO,
    TEXT_RATIO,
    contrast,
    dark_palette,
    high_contrast_palette,
    light_palette,
    luminance,
    mix,
    readable,
)

_ROLES = QPalette.ColorRole
# Re-exported: what widgets and tests measure colours with.
__all__ = ["AIM", "GRAPHIC_RATIO", "TEXT_RATIO", "contrast", "luminance", "mix", "readable"]

APPEARANCES = {
    "system": "Follow the system",
    "light": "Light",
    "dark": "Dark",
    "high_contrast": "High contrast",
}
APPEARANCE_KEY = "appearance"
# The hue of each kind of message; shades of it are made to fit the palette.
ACCENTS = {
    "problem": "#c62828",  # something went wrong, or a step up
    "warning": "#b26a00",  # needs attention: a draft, a notice
    "info": "#1565c0",  # planned, completed, for information
    "success": "#2e7d32",  # done, signed off, a step down
    "neutral": "#607d8b",  # closed, nothing to say
}
GRADE_ACCENTS = {1: "#2e7d32", 2: "#7cb342", 3: "#f9a825", 4: "#ef6c00", 5: "#c62828"}
SERIES_ACCENTS = (
    "#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457",
)

@dataclass(frozen=True)
class Tone:
    """A message's background, its text and its border, as ``#rrggbb``."""

    background: str
    text: str
    border: str


class _State:
    high_contrast = False  # the palette in use is a high-contrast one (no tints on it)
    system_palette: QPalette | None = None  # the platform's own, before Hearth changed it


# -- the palette in use ----------------------------------------------------------------


def system_wants(app: QGuiApplication) -> str:
    """What the platform asks for: "high_contrast", "dark" or "light"."""
    hints = app.styleHints()
    if hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return "high_contrast"
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def chosen_appearance() -> str:
    """The worker's choice on this computer (QSettings; nothing personal): an
    :data:`APPEARANCES` key, "system" by default."""
    value = QSettings().value(APPEARANCE_KEY, "system")
    return value if isinstance(value, str) and value in APPEARANCES else "system"


def save_appearance(choice: str) -> None:
    QSettings().setValue(APPEARANCE_KEY, choice if choice in APPEARANCES else "system")


def apply_theme(app: QGuiApplication, choice: str = "system", stylesheet: str = "") -> str:
    """Set ``app``'s palette for ``choice`` and its stylesheet (``stylesheet`` filled in
    from the palette); the appearance used ("light", "dark", "high_contrast" or
    "system_high_contrast": the platform's own high-contrast colours)."""
    if _State.system_palette is None:
        _State.system_palette = QPalette(app.palette())
    wanted = system_wants(app) if choice == "system" else choice
    if choice == "system" and wanted == "high_contrast":
        palette, used = QPalette(_State.system_palette), "system_high_contrast"
    elif wanted == "high_contrast":
        palette, used = high_contrast_palette(), "high_contrast"
    elif wanted == "dark":
        palette, used = dark_palette(), "dark"
    else:
        palette, used = light_palette(), "light"
    _State.high_contrast = used.endswith("high_contrast")
    app.setPalette(palette)
    if hasattr(app, "setStyleSheet"):
        app.setStyleSheet(fill_stylesheet(stylesheet))
    return used


def _role(role: QPalette.ColorRole) -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorGroup.Active, role)


def is_dark() -> bool:
    return luminance(_role(_ROLES.Window)) < 0.18


# -- the colours Hearth needs beyond QPalette ------------------------------------------

_K = TypeVar("_K")
_V = TypeVar("_V")
_MADE: dict[tuple[object, ...], object] = {}


def _remembered(make: Callable[[_K], _V]) -> Callable[[_K], _V]:
    """``make``, worked out once per palette (a long form asks for the same colours often)."""

    def remembered(arg: _K) -> _V:
        palette = QGuiApplication.palette()
        roles = (_ROLES.Window, _ROLES.WindowText, _ROLES.Base, _ROLES.Text)
        key: tuple[object, ...] = (make.__name__, arg, _State.high_contrast)
        key += tuple(palette.color(role).rgb() for role in roles)
        if key not in _MADE:
            _MADE[key] = make(arg)
        return cast(_V, _MADE[key])

    remembered.__doc__ = make.__doc__
    return remembered



@_remembered
def tone(kind: str) -> Tone:
    """Background, text and border for a message of ``kind`` (a key of :data:`ACCENTS`):
    a tint of its hue on the palette's base, or the palette's own colours in high contrast."""
    base, text = _role(_ROLES.Base), _role(_ROLES.Text)
    if _State.high_contrast:
        return Tone(base.name(), text.name(), text.name())
    accent = ACCENTS.get(kind, ACCENTS["neutral"])
    dark = is_dark()
    background = mix(accent, base, 0.25 if dark else 0.10)
    border = mix(accent, base, 0.6 if dark else 0.45)
    start = mix(accent, text, 0.5) if dark else QColor(accent)
    return Tone(background.name(), readable(start, background, AIM + 1.5), border.name())


@_remembered
def text_colour(kind: str) -> str:
    """Text of ``kind`` on the window: "error" and "overdue" (problem's hue), "success",
    "warning", "info", or "hint" (quieter than the rest, still AA)."""
    window, text = _role(_ROLES.Window), _role(_ROLES.WindowText)
    if _State.high_contrast:
        return text.name()
    if kind == "hint":
        return readable(mix(text, window, 0.7), window, AIM + 0.5)
    accent = ACCENTS[{"error": "problem", "overdue": "problem"}.get(kind, kind)]
    start = mix(accent, text, 0.55) if is_dark() else QColor(accent)
    return readable(start, window, AIM + 0.5)


@_remembered
def grade_tone(grade: int | None) -> Tone:
    """A grade's tile (1 best to 5 worst; None or 0 not graded)."""
    base, text = _role(_ROLES.Base), _role(_ROLES.Text)
    if _State.high_contrast:
        return Tone(base.name(), text.name(), text.name())
    accent = GRADE_ACCENTS.get(grade or 0, ACCENTS["neutral"])
    share = (0.35 if is_dark() else 0.28) if grade else 0.08
    background = mix(accent, base, share)
    text_colour_ = readable(text, background, AIM + 1.5)
    return Tone(background.name(), text_colour_, mix(accent, base, 0.6).name())


@_remembered
def series_colour(index: int) -> str:
    """A chart's line ``index`` (and the scores written beside it) on the palette's base."""
    base = _role(_ROLES.Base)
    accent = SERIES_ACCENTS[index % len(SERIES_ACCENTS)]
    start = mix(accent, "#ffffff", 0.6) if is_dark() else QColor(accent)
    return readable(start, base, AIM)


def role_colour(role: QPalette.ColorRole) -> str:
    return _role(role).name()


def line_colour() -> str:
    """Borders and rules between things (the palette's mid, or its text in high contrast)."""
    return role_colour(_ROLES.Text if _State.high_contrast else _ROLES.Mid)


def colours(kind: str) -> str:
    """``background: …; color: …; border: 1px solid …;`` for a message of ``kind``."""
    t = tone(kind)
    return f"background: {t.background}; color: {t.text}; border: 1px solid {t.border};"


def box_style(kind: str) -> str:
    """A message box of ``kind``: its colours, rounded, with room around the words."""
    return colours(kind) + " border-radius: 4px; padding: 6px 8px;"


def text_style(kind: str, bold: bool = False) -> str:
    return f"color: {text_colour(kind)};" + (" font-weight: 600;" if bold else "")


def card_style(selector: str, radius: int = 8, *, quiet: bool = False) -> str:
    """A white (base-coloured, or ``quiet``: alternate-base) card with a border, for
    ``selector`` (``#name``)."""
    fill = role_colour(_ROLES.AlternateBase if quiet else _ROLES.Base)
    return (
        f"{selector} {{ background: {fill}; border: 1px solid"
        f" {line_colour()}; border-radius: {radius}px; }}"
    )


def fill_stylesheet(template: str) -> str:
    """The application's stylesheet with ``$hint``, ``$line``, ``$card``, ``$selection``,
    ``$selection_text``, ``$quiet`` taken from the palette in use."""
    filled = Template(template).safe_substitute(
        hint=text_colour("hint"),
        line=line_colour(),
        card=role_colour(_ROLES.Base),
        quiet=role_colour(_ROLES.AlternateBase),
        selection=role_colour(_ROLES.Highlight),
        selection_text=role_colour(_ROLES.HighlightedText),
        text=role_colour(_ROLES.WindowText),
    )
    extra = _HIGH_CONTRAST_FRAMES if _State.high_contrast else ""
    return filled + (extra + _INDICATORS if _State.high_contrast or is_dark() else "")


# Fusion draws the frames of text boxes and buttons a shade darker than the window:
# nothing, or nearly, on black.
_HIGH_CONTRAST_FRAMES = """
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QPushButton {
    border: 1px solid palette(text);
}
QPushButton:default {
    border-width: 2px;
}
QPushButton:pressed, QPushButton:checked {
    background: palette(highlight);
    color: palette(highlighted-text);
}
QPushButton:disabled {
    border-color: palette(mid);
}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QPushButton:focus {
    border: 2px solid palette(highlight);
}
"""
# ... and on a dark window its tick boxes and option circles vanish too: drawn here instead.
_INDICATORS = """
QCheckBox::indicator, QRadioButton::indicator {
    width: 13px;
    height: 13px;
    border: 1px solid palette(text);
    background: palette(base);
}
QRadioButton::indicator {
    border-radius: 7px;
}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {
    background: palette(highlight);
}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {
    border-color: palette(mid);
}
"""


def guidance_style() -> str:
    """Guidance and help beside a form: plain text on a quiet tint, a bar at the left."""
    t = tone("info")
    text = readable(_role(_ROLES.Text), t.background, AIM + 1.5)
    return (
        f"background: {t.background}; color: {text}; border-left: 4px solid {t.border};"
        " padding: 6px 10px;"
    )


class ToneColours(Mapping[str, tuple[str | None, str | None]]):
    """``key -> (background, text)`` for rows and cells marked by a tone, looked up in
    the palette in use when asked. ``kinds`` maps each key to a tone of :data:`ACCENTS`,
    or to ``"text:KIND"`` for text of that kind with no background of its own."""

    def __init__(self, kinds: Mapping[str, str]) -> None:
        self.kinds = dict(kinds)

    def __getitem__(self, key: str) -> tuple[str | None, str | None]:
        kind = self.kinds[key]
        if kind.startswith("text:"):
            return (None, text_colour(kind[5:]))
        t = tone(kind)
        return (t.background, t.text)

    def __iter__(self) -> Iterator[str]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)


def text_on(background: str) -> str:
    """The palette's text colour, made readable on ``background`` (a row's own tint)."""
    return readable(_role(_ROLES.Text), background, AIM + 1.5)


def tint(kind: str) -> str:
    """The background of a row or cell marked as ``kind`` (its text: :func:`text_on`)."""
    return tone(kind).background


class ToneStyles(Mapping[object, str]):
    """``key -> "background: …; color: …; border: …;"`` for badges and notes marked by a
    tone (``kinds`` maps each key to one of :data:`ACCENTS`), in the palette in use."""

    def __init__(self, kinds: Mapping[object, str], *, bar: bool = False) -> None:
        self.kinds = dict(kinds)
        self.bar = bar  # a bar at the left instead of a border all round

    def __getitem__(self, key: object) -> str:
        kind = self.kinds[key]
        if self.bar:
            t = tone(kind)
            return f"background: {t.background}; color: {t.text}; border-left: 4px solid {t.text};"
        return colours(kind)

    def __iter__(self) -> Iterator[object]:
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)


def backdrop_colour() -> str:
    """Behind white paper (a document's pages): grey between the window and its text."""
    return mix(_role(_ROLES.WindowText), _role(_ROLES.Window), 0.45).name()
