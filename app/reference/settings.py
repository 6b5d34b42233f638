"""The worker's settings, kept inside the encrypted store (``store_meta``).

Each setting is declared once, here, with its default and its allowed range;
the settings dialog only loads and saves them. Secrets never go in settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from sqlalchemy.orm import Session

from app.errors import ValidationFailed
from app.reference.machine_settings import MachineSettings, machine_settings
from app.store.caseload_store import Profile, read_meta, write_meta

META_PREFIX = "setting."


@dataclass(frozen=True)
class IntSetting:
    """A whole-number setting with its default and the range a person may choose."""

    key: str
    default: int
    minimum: int
    maximum: int
    title: str
    unit: str = ""

    def parse(self, text: str) -> int:
        """The stored text as a value; anything unreadable or out of range gives the default."""
        try:
            value = int(text)
        except (TypeError, ValueError):
            return self.default
        return value if self.minimum <= value <= self.maximum else self.default

    def problem(self, value: int) -> str | None:
        if not self.minimum <= value <= self.maximum:
            return f"Choose between {self.minimum} and {self.maximum} {self.unit}".rstrip() + "."
        return None


IDLE_LOCK_MINUTES = IntSetting(
    key="idle_lock_minutes",
    default=5,
    minimum=1,
    maximum=240,
    title="Lock Hearth after this many minutes without use",
    unit="minutes",
)

DECLARED: dict[str, IntSetting] = {s.key: s for s in (IDLE_LOCK_MINUTES,)}


@dataclass(frozen=True)
class Settings:
    """The value of every declared setting (field names are the settings' keys)."""

    idle_lock_minutes: int = IDLE_LOCK_MINUTES.default


if {f.name for f in fields(Settings)} != set(DECLARED):  # pragma: no cover - a coding slip
    raise RuntimeError("Settings fields and declared settings differ: declare each setting once")


def read_declared(session: Session, declared: Mapping[str, IntSetting]) -> dict[str, int]:
    """Each declared setting as stored, or its default where none is stored (or it is
    unreadable)."""
    return {
        key: setting.parse(read_meta(session, META_PREFIX + key, str(setting.default)))
        for key, setting in declared.items()
    }


def write_declared(session: Session, declared: Mapping[str, IntSetting], values: object) -> None:
    """Check every declared setting's value on ``values`` (an object with one attribute
    per setting) and store them all; ValidationFailed names each bad one, and then
    nothing is stored."""
    problems: dict[str, str] = {}
    for key, setting in declared.items():
        message = setting.problem(getattr(values, key))
        if message:
            problems[key] = message
    if problems:
        raise ValidationFailed(problems)
    for key in declared:
        write_meta(session, META_PREFIX + key, str(getattr(values, key)))


def declared_in_force(machine: MachineSettings | None = None) -> dict[str, IntSetting]:
    """The declared settings with the limits this computer's IT set: a worker may not
    choose a longer idle lock than the machine's maximum (the default comes down too)."""
    machine = machine or machine_settings()
    declared = dict(DECLARED)
    most = machine.idle_lock_max_minutes
    if most is not None:
        idle = IDLE_LOCK_MINUTES
        declared[idle.key] = replace(
            idle, maximum=most, default=min(idle.default, most), minimum=min(idle.minimum, most)
        )
    return declared


def load_settings(session: Session) -> Settings:
    """Every setting as stored, or its default where none is stored; a stored value
    beyond what this computer's IT allows gives the allowed default."""
    return Settings(**read_declared(session, declared_in_force()))


def save_settings(session: Session, actor: Profile, settings: Settings) -> Settings:
    """Check and store ``settings``; raise ValidationFailed naming each bad one (also a
    value beyond what this computer's IT allows)."""
    write_declared(session, declared_in_force(), settings)
    return settings
