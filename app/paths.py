"""Where Hearth keeps things on this computer.

``HEARTH_HOME`` moves everything (tests and IT staff use it); otherwise the
platform's per-user data folder is used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def home() -> Path:
    env = os.environ.get("HEARTH_HOME")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("Hearth", appauthor=False))


def default_store() -> Path:
    return home() / "store"


def demo_store() -> Path:
    return home() / "demo"
