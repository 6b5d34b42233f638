"""Wrong passphrases earn a growing wait before the next try, kept beside the store so
that it survives a restart and holds for every command that unlocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import HearthError, WrongPassphrase
from app.store.caseload_store import Profile, create_store
from app.store.unlock_attempts import (
    FIRST_FREE_ATTEMPTS,
    MAX_DELAY_SECONDS,
    UnlockAttempts,
    attempts_path,
    delay_after,
    open_store_counted,
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


# ------------------------------------------------------------------ kept beside the store


def test_the_wait_survives_a_restart(tmp_path: Path) -> None:
    clock = FakeClock()
    first = UnlockAttempts(clock, folder=tmp_path)
    for _ in range(4):
        first.failed()
    assert first.wait_remaining() == pytest.approx(8.0)
    clock.now += 3.0
    restarted = UnlockAttempts(clock, folder=tmp_path)  # the app started again
    assert restarted.failures == 4
    assert restarted.wait_remaining() == pytest.approx(5.0)
    assert restarted.failed() == 16.0  # and the count carries on
    again = UnlockAttempts(clock, folder=tmp_path)
    assert again.wait_remaining() == pytest.approx(16.0)


def test_the_file_holds_two_numbers_and_nothing_else(tmp_path: Path) -> None:
    attempts = UnlockAttempts(FakeClock(), folder=tmp_path)
    attempts.failed()
    data = json.loads(attempts_path(tmp_path).read_text())
    assert data == {"failures": 1, "last_failure": 1000.0}


def test_success_clears_the_kept_count(tmp_path: Path) -> None:
    clock = FakeClock()
    attempts = UnlockAttempts(clock, folder=tmp_path)
    for _ in range(3):
        attempts.failed()
    attempts.succeeded()
    assert UnlockAttempts(clock, folder=tmp_path).wait_remaining() == 0.0


def test_a_clock_put_back_never_makes_the_wait_longer_than_the_delay(tmp_path: Path) -> None:
    clock = FakeClock()
    attempts = UnlockAttempts(clock, folder=tmp_path)
    for _ in range(3):
        attempts.failed()
    clock.now -= 10_000
    assert UnlockAttempts(clock, folder=tmp_path).wait_remaining() == pytest.approx(4.0)


@pytest.mark.parametrize("content", ["", "not json", '{"failures": "3"}', "[1, 2]"])
def test_an_unreadable_file_counts_from_nothing(tmp_path: Path, content: str) -> None:
    attempts_path(tmp_path).write_text(content)
    attempts = UnlockAttempts(FakeClock(), folder=tmp_path)
    assert attempts.failures == 0 and attempts.wait_remaining() == 0.0
    attempts.failed()
    assert json.loads(attempts_path(tmp_path).read_text())["failures"] == 1


def test_no_folder_no_file(tmp_path: Path) -> None:
    attempts = UnlockAttempts(FakeClock(), folder=tmp_path / "absent")
    attempts.failed()
    assert not (tmp_path / "absent").exists()


# ------------------------------------------------------------------ every command that unlocks


def test_open_store_counted_refuses_while_the_wait_runs_and_says_how_long(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    create_store(store_dir, passphrase, profile).close()
    clock = FakeClock()
    with pytest.raises(WrongPassphrase):
        open_store_counted(store_dir, "wrong-passphrase-1", clock=clock)
    with pytest.raises(HearthError) as caught:
        open_store_counted(store_dir, "wrong-passphrase-2", clock=clock)
    assert "Wait 2 seconds before the next try" in caught.value.message
    with pytest.raises(HearthError) as caught:
        open_store_counted(store_dir, passphrase, clock=clock)  # even the right one waits
    assert "wait 2 seconds before trying again" in caught.value.message
    clock.now += 2.0
    store = open_store_counted(store_dir, passphrase, clock=clock)
    store.close()
    assert UnlockAttempts(clock, folder=store_dir).failures == 0


def test_success_clears_failures_counted_by_another_command(tmp_path: Path) -> None:
    clock = FakeClock()
    window = UnlockAttempts(clock, folder=tmp_path)  # started before the failures
    other = UnlockAttempts(clock, folder=tmp_path)
    for _ in range(3):
        other.failed()
    window.succeeded()
    assert UnlockAttempts(clock, folder=tmp_path).failures == 0
