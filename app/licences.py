"""What Hearth bundles and under which licence: the About box's list (and IT's).

Libraries are read from the installed packages' own metadata (name, version, licence),
in the order ``pyproject.toml`` lists them; fonts from ``resources/fonts/README.md``,
the one place their licences are written down. Nothing here is personal.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
from dataclasses import dataclass
from pathlib import Path

DISTRIBUTION = "hearth"
FONTS_README = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "README.md"
# Packages whose metadata names no licence, and what theirs is.
KNOWN = {
    "sqlcipher3": "zlib (SQLCipher itself: BSD-style, Zetetic LLC)",
    "pyside6-essentials": "LGPL-3.0 (Qt for Python; Qt itself under the LGPL-3.0)",
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")
_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$")


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str

    def line(self) -> str:
        version = f" {self.version}" if self.version else ""
        return f"{self.name}{version}: {self.licence}"


def libraries() -> list[Component]:
    """Python and every library Hearth needs at run time, with its licence."""
    out = [Component("Python", platform.python_version(), "PSF License")]
    try:
        wanted = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return out
    for requirement in wanted:
        if "extra ==" in requirement:
            continue
        found = _NAME.match(requirement)
        if found is None:
            continue
        try:
            meta = metadata.metadata(found.group(0))
        except metadata.PackageNotFoundError:  # not on this platform (uvloop on Windows)
            continue
        out.append(Component(meta["Name"], meta["Version"], _licence(meta)))
    return out


def _licence(meta: metadata.PackageMetadata) -> str:
    name = re.sub(r"[-_.]+", "-", meta["Name"]).lower()
    if name in KNOWN:
        return KNOWN[name]
    expression = meta["License-Expression"] or ""
    if expression:
        return expression
    text = (meta["License"] or "").strip().splitlines()
    if text and len(text[0]) <= 80:
        return text[0]
    kinds = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
             if c.startswith("License ::")]
    return " / ".join(kinds) or "see the package's own licence"


def fonts() -> list[Component]:
    """The fonts documents print in, from their README's table."""
    try:
        lines = FONTS_README.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        row = _ROW.match(line.strip())
        if row is None or row.group(1) in ("file", "---") or set(row.group(1)) <= {"-"}:
            continue
        out.append(Component(row.group(1), "", row.group(3).replace("`", "")))
    return out


def licence_text() -> str:
    """Every bundled library and font with its licence, one a line."""
    return "\n".join(
        ["Libraries:", *(f"  {c.line()}" for c in libraries()),
         "", "Fonts (in printed documents):", *(f"  {c.line()}" for c in fonts())]
    )
