"""packaging/'s scripts, loaded by path: the folder is not a Python package (and
``packaging`` is also the name of an installed library)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load(relative: str) -> ModuleType:
    path = PACKAGING / relative
    spec = importlib.util.spec_from_file_location(f"hearth_packaging_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
