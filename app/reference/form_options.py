"""The named option lists a form's choice fields take from the council's reference data
(``options_from``): levels of need, agencies, request sources."""

from __future__ import annotations

from collections.abc import Sequence

from app.forms.definition import Option
from app.reference.choices import REQUEST_SOURCES
from app.reference.council_config import agencies
from app.reference.levels_of_need import load_levels


def reference_options(
    levels: Sequence[tuple[str, str]] | None = None,
) -> dict[str, tuple[Option, ...]]:
    """The named option lists for ``options_from``.

    ``levels`` is the council's levels of need as ``(code, label)`` pairs; when
    not given the configured levels-of-need file is read.
    """
    if levels is None:
        levels = [(level.code, level.label) for level in load_levels().levels]
    return {
        "levels_of_need": tuple(Option(code, label) for code, label in levels),
        "agencies": tuple(Option(name, name) for name in agencies()),
        "request_sources": tuple(Option(code, label) for code, label in REQUEST_SOURCES.items()),
    }
