"""Settings a council's IT deploys to every computer: a file in the machine-wide
configuration folder and, on Windows, policy in the registry.

* The file is ``settings.json`` in :func:`machine_folder` (on Windows
  ``%ProgramData%\\Hearth``, on Linux ``/etc/xdg/Hearth``, on macOS
  ``/Library/Application Support/Hearth``; ``HEARTH_MACHINE_CONFIG`` moves it)::

      {"server_url": "https://hearth.council.example.gov.uk",
       "recovery_public_key": {"algorithm": "x25519-hkdf-sha256-aes256gcm",
                               "public_key": "...", "fingerprint": "..."},
       "idle_lock_max_minutes": 10,
       "log_level": "warning"}

  A ``council.json`` beside it (the format of :mod:`app.reference.council_identity`)
  is the council's identity on documents, whatever a worker's own folder holds.
* Policy (Windows): values under ``HKLM\\Software\\Policies\\Hearth``: ``ServerUrl``,
  ``RecoveryPublicKey`` (the JSON object above as text), ``CouncilFile`` (a path to a
  council.json), ``IdleLockMaxMinutes`` (a DWORD), ``LogLevel``. Policy wins over the file.

What the machine sets, a worker cannot loosen. A value with a mistake is left out and
named in :attr:`MachineSettings.problems` (never a reason not to start).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

if TYPE_CHECKING:  # imported when a key is read: the way in must not load the store's
    from app.store.recovery_seal import RecoveryPublicKey

MACHINE_ENV = "HEARTH_MACHINE_CONFIG"
SETTINGS_FILE_NAME = "settings.json"
COUNCIL_FILE_NAME = "council.json"
POLICY_KEY = r"Software\Policies\Hearth"
MAX_FILE_BYTES = 64 * 1024
LOG_LEVELS = ("error", "warning", "info", "debug")
# Policy value names (registry) for the file's keys.
POLICY_NAMES = {
    "ServerUrl": "server_url",
    "RecoveryPublicKey": "recovery_public_key",
    "CouncilFile": "council_file",
    "IdleLockMaxMinutes": "idle_lock_max_minutes",
    "LogLevel": "log_level",
}
SET_BY_ORGANISATION = "Set by your organisation"

PolicyReader = Callable[[], Mapping[str, Any]]


@dataclass(frozen=True)
class MachineSettings:
    """What this computer's IT set (empty or None: not set), where each came from, and
    what could not be used."""

    server_url: str = ""
    recovery_public_key: RecoveryPublicKey | None = None
    council_file: Path | None = None
    idle_lock_max_minutes: int | None = None
    log_level: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def is_set(self, key: str) -> bool:
        return key in self.sources


def machine_folder() -> Path:
    """The machine-wide configuration folder (``HEARTH_MACHINE_CONFIG`` moves it)."""
    env = os.environ.get(MACHINE_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Hearth"
    return Path(platformdirs.site_config_dir("Hearth", appauthor=False))


def windows_policy() -> dict[str, Any]:
    """The values under HKLM\\Software\\Policies\\Hearth ({} elsewhere or when absent)."""
    if sys.platform != "win32":
        return {}
    import winreg  # only on Windows

    values: dict[str, Any] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, POLICY_KEY) as key:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(key, index)
                except OSError:
                    break
                values[name] = value
                index += 1
    except OSError:
        return {}
    return values


def _read_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}, [f"{path}: larger than {MAX_FILE_BYTES // 1024} KB; not used."]
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [f"{path}: cannot be read ({exc.strerror or 'file error'})."]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        return {}, [f"{path}: not readable JSON{where}; not used."]
    if not isinstance(data, dict):
        return {}, [f"{path}: should hold one object of settings; not used."]
    return data, []


def _check(key: str, value: Any, base: Path) -> tuple[Any, str]:
    """The value to use and '' , or None and what is wrong with it."""
    if key == "server_url":
        from app.sync.transport import SyncError, check_server_url

        try:
            return check_server_url(str(value)), ""
        except SyncError as exc:
            return None, f"server_url: {exc.message}"
    if key == "recovery_public_key":
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                return None, "recovery_public_key: not a JSON object."
        if not isinstance(value, dict):
            return None, "recovery_public_key: should be an object (algorithm, key, fingerprint)."
        from app.store.recovery_seal import RecoveryPublicKey

        try:
            return RecoveryPublicKey.checked(
                value.get("algorithm"), value.get("public_key"), value.get("fingerprint")
            ), ""
        except ValueError as exc:
            return None, f"recovery_public_key: {exc}."
    if key == "council_file":
        path = Path(str(value))
        path = path if path.is_absolute() else base / path
        return (path, "") if path.is_file() else (None, f"council_file: {path} does not exist.")
    if key == "idle_lock_max_minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 240:
            return None, "idle_lock_max_minutes: should be a whole number from 1 to 240."
        return value, ""
    if key == "log_level":
        text = str(value).strip().lower()
        if text not in LOG_LEVELS:
            return None, f"log_level: should be one of {', '.join(LOG_LEVELS)}."
        return text, ""
    return None, f"{key}: not a setting Hearth knows; ignored."


def machine_settings(policy: PolicyReader | None = None) -> MachineSettings:
    """The machine-wide settings, read afresh: the file, then policy on top (``policy``
    reads it: the registry by default)."""
    policy = policy or windows_policy
    folder = machine_folder()
    path = folder / SETTINGS_FILE_NAME
    data, problems = _read_file(path)
    found: dict[str, Any] = {}
    sources: dict[str, str] = {}
    council = folder / COUNCIL_FILE_NAME
    if council.is_file():
        found["council_file"], sources["council_file"] = council, str(council)
    layers: list[tuple[str, Mapping[str, Any]]] = [(str(path), data)]
    try:
        policy_values = policy()
    except OSError:
        policy_values = {}
        problems.append("The Windows policy for Hearth could not be read.")
    named = {POLICY_NAMES.get(name, name): value for name, value in policy_values.items()}
    layers.append((rf"HKLM\{POLICY_KEY}", named))
    for source, values in layers:
        for key, value in values.items():
            if key.startswith("_"):  # a comment
                continue
            checked, problem = _check(key, value, folder)
            if problem:
                problems.append(f"{source}: {problem}")
            else:
                found[key], sources[key] = checked, source
    return MachineSettings(**found, sources=sources, problems=tuple(problems))


def machine_recovery_key() -> RecoveryPublicKey | None:
    return machine_settings().recovery_public_key
