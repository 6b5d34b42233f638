"""A growing pause after each wrong passphrase, so guessing is slow."""

from __future__ import annotations

import time
from collections.abc import Callable

FIRST_FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 60.0


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt: none for the first two, then doubling."""
    if failures < FIRST_FREE_ATTEMPTS:
        return 0.0
    # The exponent is capped so that a long run of failures cannot overflow a float.
    exponent = min(failures - FIRST_FREE_ATTEMPTS + 1, 32)
    return min(MAX_DELAY_SECONDS, 2.0**exponent)


class UnlockAttempts:
    """Counts wrong passphrases in this session and says when the next try may be made."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.failures = 0
        self._next_allowed = 0.0

    def failed(self) -> float:
        """Record a wrong passphrase; return the wait before the next attempt."""
        self.failures += 1
        wait = delay_after(self.failures)
        self._next_allowed = self._clock() + wait
        return wait

    def succeeded(self) -> None:
        self.failures = 0
        self._next_allowed = 0.0

    def wait_remaining(self) -> float:
        return max(0.0, self._next_allowed - self._clock())
