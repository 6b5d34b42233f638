"""A growing pause after each wrong passphrase, so guessing is slow.

The count of wrong passphrases and the time of the last one are kept beside the
store, in ``unlock-attempts.json`` (two numbers, nothing personal), so the pause
survives a restart of the app and applies to every command that unlocks the
store: the window, the lock screen and the command line
(:func:`open_store_counted`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import HearthError, WrongPassphrase

if TYPE_CHECKING:  # the store's modules are imported when a store is opened, not before
    from app.store.caseload_store import Store

log = logging.getLogger(__name__)

FIRST_FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 60.0
ATTEMPTS_FILE = "unlock-attempts.json"


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt: none for the first two, then doubling."""
    if failures < FIRST_FREE_ATTEMPTS:
        return 0.0
    # The exponent is capped so that a long run of failures cannot overflow a float.
    exponent = min(failures - FIRST_FREE_ATTEMPTS + 1, 32)
    return min(MAX_DELAY_SECONDS, 2.0**exponent)


def attempts_path(folder: Path) -> Path:
    return Path(folder) / ATTEMPTS_FILE


class UnlockAttempts:
    """Counts wrong passphrases and says when the next try may be made.

    With a store ``folder`` the count is read from, and written to, the file beside
    the store, so a new ``UnlockAttempts`` (after a restart) carries on where the
    last left off. ``clock`` gives wall-clock seconds (a time that survives restarts).
    """

    def __init__(
        self, clock: Callable[[], float] = time.time, *, folder: Path | None = None
    ) -> None:
        self._clock = clock
        self._file = None if folder is None else attempts_path(folder)
        self.failures = 0
        self._last_failure = 0.0
        self._load()

    def failed(self) -> float:
        """Record a wrong passphrase; return the wait before the next attempt."""
        self._load()  # another window or command may have failed meanwhile
        self.failures += 1
        self._last_failure = self._clock()
        self._save()
        return delay_after(self.failures)

    def succeeded(self) -> None:
        kept = self._file is not None and self._file.exists()
        if self.failures > 0 or kept:  # (another window or command may have failed)
            self.failures = 0
            self._last_failure = 0.0
            self._save()

    def wait_remaining(self) -> float:
        delay = delay_after(self.failures)
        # Never more than the delay itself, even if the clock was put back.
        return max(0.0, min(delay, self._last_failure + delay - self._clock()))

    def _load(self) -> None:
        if self._file is None:
            return
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            failures, last = data["failures"], data["last_failure"]
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, KeyError):
            log.warning("the unlock attempts file is unreadable; counting from here")
            return
        if type(failures) is int and isinstance(last, int | float) and math.isfinite(last):
            self.failures = max(self.failures, failures, 0)
            self._last_failure = max(self._last_failure, float(last))

    def _save(self) -> None:
        if self._file is None or not self._file.parent.is_dir():
            return
        body = json.dumps({"failures": self.failures, "last_failure": self._last_failure})
        tmp = self._file.with_name(self._file.name + ".new")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(body)
            os.replace(tmp, self._file)
        except OSError:
            # A read-only store folder: the pause still holds for this session.
            log.warning("the unlock attempts could not be saved beside the store")
            with contextlib.suppress(OSError):
                tmp.unlink()


def _seconds(wait: float) -> str:
    seconds = math.ceil(wait)
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def open_store_counted(
    folder: Path,
    passphrase: str,
    opener: Callable[[Path, str], Store] | None = None,
    clock: Callable[[], float] = time.time,
) -> Store:
    """Open the store as :func:`open_store` does, keeping the pause after wrong passphrases.

    Refuses to try while a pause is running, saying how long is left; a wrong
    passphrase says how long to wait before the next try.
    """
    attempts = UnlockAttempts(clock, folder=folder)
    wait = attempts.wait_remaining()
    if wait > 0:
        raise HearthError(
            f"too many wrong passphrases for the store in {folder}: wait {_seconds(wait)} "
            "before trying again. Nothing was changed."
        )
    if opener is None:
        from app.store.caseload_store import open_store

        opener = open_store
    try:
        store = opener(folder, passphrase)
    except WrongPassphrase as exc:
        wait = attempts.failed()
        if wait > 0:
            raise HearthError(
                f"{exc.message} Wait {_seconds(wait)} before the next try."
            ) from None
        raise
    attempts.succeeded()
    return store
