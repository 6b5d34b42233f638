"""Where Hearth keeps things on this computer.

``HEARTH_HOME`` moves everything (tests and IT staff use it); otherwise the
platform's per-user data and configuration folders are used.
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


def demo_store(*, lead: bool = False) -> Path:
    """The demo store: the demo worker's, or (``lead``) the demo team lead's."""
    return home() / ("demo-team-lead" if lead else "demo")


def config_folder() -> Path:
    """The council's configuration on this computer (levels of need, forms, agencies):
    ``config`` under ``HEARTH_HOME`` if set, else the per-user configuration folder
    (on Linux ``~/.config/Hearth``)."""
    env = os.environ.get("HEARTH_HOME")
    if env:
        return Path(env) / "config"
    return Path(platformdirs.user_config_dir("Hearth", appauthor=False))
