"""The colours every document is printed in."""

from __future__ import annotations

from reportlab.lib import colors

INK = colors.HexColor("#1d1d1d")
MUTED = colors.HexColor("#4f5b66")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b8c4ce")
HEADER_FILL = colors.HexColor("#e7eef5")
SOFT_FILL = colors.HexColor("#f5f7f9")
# The same calm-to-alarming ramp the app uses for GCP2 grades (1 best, 5 worst).
GRADE_FILLS = {
    1: colors.HexColor("#cdebd3"),
    2: colors.HexColor("#e6f2c6"),
    3: colors.HexColor("#fff1bf"),
    4: colors.HexColor("#ffd9b3"),
    5: colors.HexColor("#f7c1bd"),
}
GRADE_EDGES = {
    1: colors.HexColor("#2e7d32"),
    2: colors.HexColor("#689f38"),
    3: colors.HexColor("#b58900"),
    4: colors.HexColor("#d66a00"),
    5: colors.HexColor("#c62828"),
}
