"""Wrong passphrases earn a growing wait before the next try."""

from __future__ import annotations

import pytest

from app.store.unlock_attempts import (
    FIRST_FREE_ATTEMPTS,
    MAX_DELAY_SECONDS,
    UnlockAttempts,
    delay_after,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_first_attempts_are_free_then_the_wait_doubles() -> None:
    waits = [delay_after(n) for n in range(0, 9)]
    assert waits[:FIRST_FREE_ATTEMPTS] == [0.0] * FIRST_FREE_ATTEMPTS
    assert waits[2:7] == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert all(b >= a for a, b in zip(waits, waits[1:], strict=False))


def test_the_wait_is_capped() -> None:
    assert delay_after(7) == MAX_DELAY_SECONDS
    assert delay_after(10_000) == MAX_DELAY_SECONDS


def test_attempts_count_failures_and_the_wait_runs_down() -> None:
    clock = FakeClock()
    attempts = UnlockAttempts(clock)
    assert attempts.wait_remaining() == 0.0
    assert attempts.failed() == 0.0
    assert attempts.wait_remaining() == 0.0
    assert attempts.failed() == 2.0
    assert attempts.failures == 2
    assert attempts.wait_remaining() == pytest.approx(2.0)
    clock.now += 1.5
    assert attempts.wait_remaining() == pytest.approx(0.5)
    clock.now += 1.0
    assert attempts.wait_remaining() == 0.0
    assert attempts.failed() == 4.0
    assert attempts.wait_remaining() == pytest.approx(4.0)


def test_success_resets_the_count_and_the_wait() -> None:
    clock = FakeClock()
    attempts = UnlockAttempts(clock)
    for _ in range(5):
        attempts.failed()
    assert attempts.wait_remaining() > 0
    attempts.succeeded()
    assert attempts.failures == 0 and attempts.wait_remaining() == 0.0
    assert attempts.failed() == 0.0


def test_the_real_clock_is_the_default() -> None:
    attempts = UnlockAttempts()
    attempts.failed()
    attempts.failed()
    remaining = attempts.wait_remaining()
    assert 0.0 < remaining <= 2.0
