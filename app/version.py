"""Hearth's version, from one source: ``version`` in pyproject.toml, as installed.

Read from the installed package's metadata (the one-folder build copies it in);
from pyproject.toml itself when running from a source tree that is not installed.
Nothing heavy is imported, so ``hearth --version`` answers at once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


@lru_cache(maxsize=1)
def version() -> str:
    try:
        return metadata.version("hearth")
    except metadata.PackageNotFoundError:
        pass
    try:
        found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', _PYPROJECT.read_text("utf-8"))
    except OSError:
        found = None
    return found.group(1) if found else "unknown"
