"""A small pool of threads of its own for password checks (Argon2id), with a bounded queue.

A password check is slow on purpose (tens to hundreds of milliseconds of CPU and
64 MiB). Run on the request threads it would keep pushes and pulls waiting behind
a burst of sign-in attempts; here at most ``threads`` checks run at once and at
most ``waiting`` more queue, and anything beyond is refused at once
(:class:`HashPoolBusy`) rather than queued.

Settings: ``HEARTH_HASH_THREADS`` (2) and ``HEARTH_HASH_QUEUE`` (8).
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from server import auth
from server.throttle import SettingsError


class HashPoolBusy(RuntimeError):
    """Too many password checks are waiting; try again in a moment."""


class HashPool:
    """Reserve a place (:meth:`reserve`), then :meth:`verify`, which gives it back when
    the check is done; a place not used is given back with :meth:`release`."""

    def __init__(self, threads: int = 2, waiting: int = 8) -> None:
        if threads < 1 or waiting < 0:
            raise ValueError("a hash pool needs at least one thread and a queue of 0 or more")
        self.threads = threads
        self.waiting = waiting
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="hearth-password")
        self._held = 0
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls, env: Mapping[str, str] = os.environ) -> HashPool:
        values = []
        for variable, default, least in (("HEARTH_HASH_THREADS", 2, 1),
                                         ("HEARTH_HASH_QUEUE", 8, 0)):
            raw = env.get(variable, "").strip() or str(default)
            try:
                value = int(raw)
            except ValueError:
                raise SettingsError(
                    f"{variable} must be a whole number (got {raw[:20]!r})."
                ) from None
            if value < least:
                raise SettingsError(f"{variable} must be at least {least}.")
            values.append(value)
        return cls(*values)

    @property
    def held(self) -> int:
        """Checks running or waiting now."""
        return self._held

    def reserve(self) -> None:
        with self._lock:
            if self._held >= self.threads + self.waiting:
                raise HashPoolBusy()
            self._held += 1

    def release(self, _done: object = None) -> None:
        with self._lock:
            self._held -= 1

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Check a password on the pool's threads (``None``: an unknown user, checked
        against a stand-in so that it takes as long)."""
        try:
            future: Future[bool] = self._executor.submit(auth.verify_password, password_hash,
                                                         password)
        except BaseException:
            self.release()
            raise
        future.add_done_callback(self.release)
        return await asyncio.wrap_future(future)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
