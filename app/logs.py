"""Hearth's log file: what IT reads when something goes wrong, never personal data.

``hearth.log`` in the per-user log folder (:func:`log_folder`: on Windows
``%LOCALAPPDATA%\\Hearth\\Logs``, on Linux ``~/.local/state/Hearth/log``;
``logs`` under ``HEARTH_HOME`` when that is set), rotated by size (1 MB, four
older files kept). The app and the command line both write to it; the windowed
build, which has no console, writes only here.

The level is a setting: the worker's own (``log_level`` in ``settings.json`` in
their configuration folder, chosen in the Settings dialog) unless the machine sets
one (:mod:`app.reference.machine_settings`). Messages never carry names, notes or
other values a person typed: code logs kinds and counts, and an exception is written
as its type and where it happened, never its message (which could quote a value).
Libraries that log addresses or queries are kept at warnings.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from app.reference.machine_settings import LOG_LEVELS, machine_settings
from app.store.paths import config_folder

LOG_FILE_NAME = "hearth.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 4
DEFAULT_LEVEL = "info"
USER_SETTINGS_FILE = "settings.json"
QUIET_LIBRARIES = ("httpx", "httpcore", "sqlalchemy", "alembic", "PIL", "asyncio", "uvicorn")
LEVEL_TITLES = {
    "error": "Errors only",
    "warning": "Warnings and errors",
    "info": "Normal",
    "debug": "Detailed (for IT)",
}
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


def log_folder() -> Path:
    env = os.environ.get("HEARTH_HOME")
    if env:
        return Path(env) / "logs"
    return Path(platformdirs.user_log_dir("Hearth", appauthor=False))


def _user_settings_path() -> Path:
    return config_folder() / USER_SETTINGS_FILE


def user_log_level() -> str:
    """The worker's own choice of level (the default when none or unreadable)."""
    try:
        data = json.loads(_user_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_LEVEL
    level = data.get("log_level") if isinstance(data, dict) else None
    return level if level in LOG_LEVELS else DEFAULT_LEVEL


def log_level_in_force() -> tuple[str, bool]:
    """The level used and whether this computer's IT set it (then a worker cannot change it)."""
    machine = machine_settings()
    if machine.log_level:
        return machine.log_level, True
    return user_log_level(), False


def save_log_level(level: str) -> None:
    """Keep the worker's choice (in their settings file) and use it from now on."""
    if level not in LOG_LEVELS:
        raise ValueError("an unknown log level")
    path = _user_settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data["log_level"] = level
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(temporary, path)
    apply_level(log_level_in_force()[0])


class PrivateFormatter(logging.Formatter):
    """Writes an exception as its type and the code it passed through, never its message."""

    def formatException(self, ei: tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]) -> str:  # noqa: N802,E501 - logging's name
        kind, _exc, tb = ei
        name = kind.__name__ if kind is not None else "Exception"
        stack = "".join(traceback.format_tb(tb)) if tb is not None else ""
        return f"Traceback (message left out):\n{stack}{name}"

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the full text (message and all) on the record.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


class _HearthFile(logging.handlers.RotatingFileHandler):
    """Marks Hearth's own handler, so starting logging twice replaces it."""


def apply_level(level: str) -> None:
    logging.getLogger().setLevel(getattr(logging, level.upper(), logging.INFO))


def start_logging(program: str) -> Path | None:
    """Log to the rotated file at the level in force; the file's path (None if the folder
    cannot be written: then nothing is logged to a file and Hearth carries on)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _HearthFile):
            root.removeHandler(handler)
            handler.close()
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    level, _fixed = log_level_in_force()
    apply_level(level)
    path = log_folder() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _HearthFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
                              delay=True)
    except OSError:
        return None
    handler.setFormatter(PrivateFormatter(_FORMAT))
    root.addHandler(handler)
    if sys.excepthook is sys.__excepthook__:  # not while a test harness holds it
        sys.excepthook = _log_uncaught
    logging.getLogger("hearth").info("%s started (level %s)", program, level)
    return path


def _log_uncaught(kind: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> None:
    """An exception nothing caught: its type and where, in the log (and on stderr, if
    there is one), never its message."""
    logging.getLogger("hearth").critical("uncaught %s", kind.__name__, exc_info=(kind, exc, tb))
    if sys.stderr is not None:
        sys.stderr.write(f"hearth: unexpected error ({kind.__name__}); see the log in "
                         f"{log_folder()}\n")
