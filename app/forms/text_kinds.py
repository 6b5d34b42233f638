"""Checks of a text field's own keys: the identifier its answer is checked as
(``validate``), what it suggests while typed in (``suggest``), and how a long text looks
(``look: house`` and the house's ``house_name``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from app.forms.definition import LOOKS, SUGGESTIONS
from app.forms.identifiers import IDENTIFIERS
from app.forms.problems import Path, describe, did_you_mean
from app.forms.reference_checks import ReferenceChecks


class TextKindChecks(ReferenceChecks):
    def identifier_kind(self, value: Any, path: Path) -> str:
        """The identifier a text field's answer is checked as (``validate:``)."""
        return self._one_of(value, path, IDENTIFIERS, "identifier", "validate")

    def suggestion(self, value: Any, path: Path) -> str:
        """What a text field offers while it is typed in (``suggest:``)."""
        return self._one_of(value, path, SUGGESTIONS, "suggestion", "suggest")

    def _one_of(self, value: Any, path: Path, names: Collection[str], what: str, key: str) -> str:
        """``value`` if it is one of ``names``; else '' and a problem naming the choices."""
        if not isinstance(value, str) or value not in names:
            self.add(path, f"unknown {what} {describe(value)} "
                           f"({key} takes one of {', '.join(names)})")
            return ""
        return value

    def look(self, data: Mapping[Any, Any], path: Path) -> dict[str, str]:
        """How a long_text field looks (``look: house``) and a house's roof
        (``house_name``, only with ``look: house``)."""
        look = data.get("look", "")
        if "look" in data and (not isinstance(look, str) or look not in LOOKS):
            self.add(
                path + ("look",),
                f"unknown look {describe(look)}{did_you_mean(str(look), LOOKS)} "
                f"(look takes one of {', '.join(LOOKS)})",
            )
            look = ""
        name = self.text(data, "house_name", path, required=False)
        if "house_name" in data and data.get("look") != "house":
            self.add(
                path + ("house_name",),
                "house_name is the name on a house's roof; add look: house, or take it away",
            )
        return {"look": look, "house_name": name}
