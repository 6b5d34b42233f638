"""Councils' own levels of need for the tests (synthetic "Testshire"): each maps Hearth's
default codes with ``replaces``."""

from __future__ import annotations

from typing import Any

# Five levels: Hearth's four codes are replaced, and "level_2" is new.
FIVE_LEVELS: dict[str, Any] = {
    "format": "hearth-levels-of-need",
    "version": 1,
    "name": "Testshire continuum",
    "levels": [
        {"code": "level_1", "label": "Level 1 - Universal", "short": "Level 1", "rank": 1,
         "replaces": ["universal"]},
        {"code": "level_2", "label": "Level 2 - Universal plus", "short": "Level 2", "rank": 2},
        {"code": "level_3", "label": "Level 3 - Targeted early help", "short": "Level 3",
         "rank": 3, "replaces": ["early_help"]},
        {"code": "level_4", "label": "Level 4 - Child in need", "short": "Level 4", "rank": 4,
         "social_care": True, "replaces": ["child_in_need"]},
        {"code": "level_5", "label": "Level 5 - Child protection", "short": "Level 5",
         "rank": 5, "social_care": True, "replaces": ["child_protection"]},
    ],
}

# Three levels, with long labels and short names.
THREE_LEVELS: dict[str, Any] = {
    "format": "hearth-levels-of-need",
    "name": "Testshire continuum",
    "levels": [
        {"code": "level_1", "label": "Level 1 - Universal", "short": "Level 1", "rank": 1,
         "replaces": ["universal"]},
        {"code": "level_3", "label": "Level 3 - Targeted", "short": "Level 3", "rank": 3,
         "replaces": ["early_help"]},
        {"code": "level_4", "label": "Level 4 - Social care", "short": "Level 4", "rank": 4,
         "social_care": True, "replaces": ["child_in_need", "child_protection"]},
    ],
}

# The same three levels, each named only "Level N".
THREE_PLAIN_LEVELS: dict[str, Any] = {
    "format": "hearth-levels-of-need",
    "name": "Testshire continuum",
    "levels": [
        {"code": "level_1", "label": "Level 1", "rank": 1, "replaces": ["universal"]},
        {"code": "level_3", "label": "Level 3", "rank": 3, "replaces": ["early_help"]},
        {"code": "level_4", "label": "Level 4", "rank": 4, "social_care": True,
         "replaces": ["child_in_need", "child_protection"]},
    ],
}
