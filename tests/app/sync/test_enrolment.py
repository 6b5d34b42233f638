"""The name a device gives itself at enrolment: the worker's choice, or "Hearth on <host>"."""

from __future__ import annotations

import platform
from typing import Any

import pytest

from app.sync.enrolment import request_enrolment
from app.sync.transport import SyncError


class Recording:
    """Stands in for the HTTP transport: keeps what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def enrol(self, username: str, password: str, device_name: str) -> Any:
        self.sent.append((username, password, device_name))
        return "enrolment"


def test_the_chosen_name_is_sent_trimmed() -> None:
    fake = Recording()
    request_enrolment("http://localhost:8080", " sam ", "pw", transport=fake,
                      device_name="  Laptop 7 ")
    assert fake.sent == [("sam", "pw", "Laptop 7")]


def test_without_a_choice_the_computer_name_is_used() -> None:
    fake = Recording()
    request_enrolment("http://localhost:8080", "sam", "pw", transport=fake)
    assert fake.sent[0][2] == f"Hearth on {platform.node() or 'this computer'}"[:120]


@pytest.mark.parametrize("name, problem", [
    ("   ", "Give this computer a name"),
    ("x" * 121, "at most 120 characters"),
    ("Laptop\n7", "control characters"),
])
def test_a_bad_name_is_refused_before_anything_is_sent(name: str, problem: str) -> None:
    fake = Recording()
    with pytest.raises(SyncError) as info:
        request_enrolment("http://localhost:8080", "sam", "pw", transport=fake, device_name=name)
    assert problem in info.value.message and fake.sent == []
