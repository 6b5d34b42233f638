"""Hearth's palettes (light, dark, and white on black for high contrast) and the colour
arithmetic the theme uses to make colours readable on them (WCAG 2 luminance and
contrast). :mod:`ui.widgets.theme` chooses among them and derives the rest."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

TEXT_RATIO = 4.5  # WCAG AA for text
AIM = 5.5  # what derived text colours aim for, leaving room for anti-aliasing
GRAPHIC_RATIO = 3.0  # WCAG AA for lines and marks that carry meaning

_ROLES = QPalette.ColorRole
_LIGHT = {
    _ROLES.Window: "#f4f5f7", _ROLES.WindowText: "#1b1f23", _ROLES.Base: "#ffffff",
    _ROLES.AlternateBase: "#f1f4f7", _ROLES.Text: "#1b1f23", _ROLES.Button: "#e9ecef",
    _ROLES.ButtonText: "#1b1f23", _ROLES.Highlight: "#2f6690", _ROLES.HighlightedText: "#ffffff",
    _ROLES.Link: "#1f5fa8", _ROLES.LinkVisited: "#5b3a8c", _ROLES.PlaceholderText: "#5f6670",
    _ROLES.ToolTipBase: "#ffffe1", _ROLES.ToolTipText: "#1b1f23", _ROLES.BrightText: "#ffffff",
    _ROLES.Light: "#ffffff", _ROLES.Midlight: "#e3e6ea", _ROLES.Mid: "#a0a8b0",
    _ROLES.Dark: "#6b737b", _ROLES.Shadow: "#30363d",
}
_DARK = {
    _ROLES.Window: "#1f2226", _ROLES.WindowText: "#e8eaed", _ROLES.Base: "#16181b",
    _ROLES.AlternateBase: "#23272c", _ROLES.Text: "#e8eaed", _ROLES.Button: "#2c3035",
    _ROLES.ButtonText: "#e8eaed", _ROLES.Highlight: "#2f6690", _ROLES.HighlightedText: "#ffffff",
    _ROLES.Link: "#8ab4f8", _ROLES.LinkVisited: "#c58af9", _ROLES.PlaceholderText: "#a3a9b0",
    _ROLES.ToolTipBase: "#2c3035", _ROLES.ToolTipText: "#e8eaed", _ROLES.BrightText: "#ffffff",
    _ROLES.Light: "#4a4f55", _ROLES.Midlight: "#33373c", _ROLES.Mid: "#5f6368",
    _ROLES.Dark: "#101214", _ROLES.Shadow: "#000000",
}
_HIGH_CONTRAST = {  # white on black, as Windows' "Night sky"
    _ROLES.Window: "#000000", _ROLES.WindowText: "#ffffff", _ROLES.Base: "#000000",
    _ROLES.AlternateBase: "#000000", _ROLES.Text: "#ffffff", _ROLES.Button: "#000000",
    _ROLES.ButtonText: "#ffffff", _ROLES.Highlight: "#1aebff", _ROLES.HighlightedText: "#000000",
    _ROLES.Link: "#ffff00", _ROLES.LinkVisited: "#ffff00", _ROLES.PlaceholderText: "#ffffff",
    _ROLES.ToolTipBase: "#000000", _ROLES.ToolTipText: "#ffffff", _ROLES.BrightText: "#ffffff",
    _ROLES.Light: "#ffffff", _ROLES.Midlight: "#ffffff", _ROLES.Mid: "#ffffff",
    _ROLES.Dark: "#ffffff", _ROLES.Shadow: "#ffffff",
}
_DISABLED_TEXT = {"light": "#7b828a", "dark": "#80868c", "high_contrast": "#3ff23f"}



# -- colour arithmetic ---------------------------------------------------------------


def luminance(colour: QColor | str) -> float:
    """WCAG relative luminance."""
    c = QColor(colour)

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: QColor | str, b: QColor | str, share_of_a: float) -> QColor:
    first, second = QColor(a), QColor(b)
    t = max(0.0, min(1.0, share_of_a))
    return QColor.fromRgbF(
        first.redF() * t + second.redF() * (1 - t),
        first.greenF() * t + second.greenF() * (1 - t),
        first.blueF() * t + second.blueF() * (1 - t),
    )


def readable(colour: QColor | str, against: QColor | str, ratio: float = AIM) -> str:
    """``colour``, darkened (on a light ``against``) or lightened (on a dark one) just
    enough to reach ``ratio`` against it."""
    towards = "#000000" if luminance(against) > 0.18 else "#ffffff"
    shade = QColor(colour)
    step = 0
    while contrast(shade, against) < ratio and step < 20:
        step += 1
        shade = mix(towards, colour, step / 20)
    return shade.name()


# -- the palettes ---------------------------------------------------------------------


def _palette(colours: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (_ROLES.WindowText, _ROLES.Text, _ROLES.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def light_palette() -> QPalette:
    return _palette(_LIGHT, _DISABLED_TEXT["light"])


def dark_palette() -> QPalette:
    return _palette(_DARK, _DISABLED_TEXT["dark"])


def high_contrast_palette() -> QPalette:
    return _palette(_HIGH_CONTRAST, _DISABLED_TEXT["high_contrast"])
