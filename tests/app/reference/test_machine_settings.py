"""Machine-wide settings a council's IT deploys: the file in the machine folder, Windows
policy on top (a fake registry reader), and a worker who cannot loosen either."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import ValidationFailed
from app.reference import machine_settings as machine
from app.reference.council_identity import council_identity
from app.reference.settings import Settings, load_settings, save_settings
from app.store.caseload_store import Profile, Store
from app.store.paths import config_folder
from app.sync.protocol import RECOVERY_ALGORITHM, recovery_key_fingerprint
from app.sync.recovery_sealing import seal_if_needed


def council_key() -> dict[str, str]:
    raw = X25519PrivateKey.generate().public_key().public_bytes_raw()
    return {"algorithm": RECOVERY_ALGORITHM, "public_key": base64.b64encode(raw).decode(),
            "fingerprint": recovery_key_fingerprint(raw)}


def write(folder: Path, data: Any) -> None:
    (folder / machine.SETTINGS_FILE_NAME).write_text(json.dumps(data), encoding="utf-8")


def test_the_file_sets_and_policy_wins_and_mistakes_are_named(machine_folder: Path) -> None:
    key = council_key()
    write(machine_folder, {
        "server_url": "hearth.council.example.gov.uk",
        "recovery_public_key": key,
        "idle_lock_max_minutes": 30,
        "log_level": "loud",
        "_comment": "deployed by IT",
    })
    policy = {"IdleLockMaxMinutes": 10, "ServerUrl": "http://elsewhere.example"}

    found = machine.machine_settings(lambda: policy)

    assert found.server_url == "https://hearth.council.example.gov.uk"  # policy's was refused
    assert found.idle_lock_max_minutes == 10  # policy over the file
    assert found.sources["idle_lock_max_minutes"].startswith("HKLM")
    assert found.recovery_public_key is not None
    assert found.recovery_public_key.fingerprint == key["fingerprint"]
    assert found.log_level == ""
    assert any("log_level" in p for p in found.problems)
    assert any("server_url" in p and "https://" in p for p in found.problems)


def test_no_file_and_no_policy_sets_nothing(machine_folder: Path) -> None:
    found = machine.machine_settings(lambda: {})
    assert (found.sources, found.problems) == ({}, ())


def test_an_unreadable_file_is_named_and_never_stops_hearth(machine_folder: Path) -> None:
    (machine_folder / machine.SETTINGS_FILE_NAME).write_text("{not json", encoding="utf-8")
    found = machine.machine_settings(lambda: {})
    assert found.sources == {}
    assert len(found.problems) == 1 and "not readable JSON" in found.problems[0]


def test_a_recovery_key_set_by_policy_is_sealed_to_without_asking_the_server(
    machine_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = council_key()
    monkeypatch.setattr(machine, "windows_policy", lambda: {"RecoveryPublicKey": json.dumps(key)})
    sealed: list[str] = []

    class Sealer:
        def needs_key(self) -> bool:
            return True

        def seal(self, council: Any) -> bool:
            sealed.append(council.fingerprint)
            return True

    class Server:
        def recovery_key(self) -> Any:
            raise AssertionError("the machine's key is used; the server is not asked")

    assert seal_if_needed(Sealer(), Server())
    assert sealed == [key["fingerprint"]]


def test_a_worker_cannot_choose_a_longer_idle_lock_than_the_machine_allows(
    machine_folder: Path, store: Store, profile: Profile
) -> None:
    store.run(save_settings, profile, Settings(idle_lock_minutes=30))
    assert store.run(load_settings).idle_lock_minutes == 30
    write(machine_folder, {"idle_lock_max_minutes": 10})

    assert store.run(load_settings).idle_lock_minutes <= 10  # the stored 30 no longer holds
    with pytest.raises(ValidationFailed) as refused:
        store.run(save_settings, profile, Settings(idle_lock_minutes=30))
    assert "between 1 and 10" in refused.value.problems["idle_lock_minutes"]
    store.run(save_settings, profile, Settings(idle_lock_minutes=8))
    assert store.run(load_settings).idle_lock_minutes == 8


def test_the_council_identity_the_machine_sets_wins_over_the_workers(machine_folder: Path) -> None:
    config_folder().mkdir(parents=True, exist_ok=True)
    (config_folder() / "council.json").write_text(json.dumps({"name": "Worker's Own Council"}))
    assert council_identity().identity.name == "Worker's Own Council"
    (machine_folder / "council.json").write_text(json.dumps({"name": "Northshire Council"}))
    assert council_identity().identity.name == "Northshire Council"


def test_windows_policy_and_programdata_are_read_where_windows_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fake winreg: the values under HKLM\\Software\\Policies\\Hearth are read in turn."""
    import sys
    import types

    opened: list[tuple[object, str]] = []
    values = [("ServerUrl", "https://hearth.policy.example", 1), ("IdleLockMaxMinutes", 3, 4)]

    class Key:
        def __enter__(self) -> Key:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    def open_key(root: object, path: str) -> Key:
        opened.append((root, path))
        return Key()

    def enum_value(_key: Key, index: int) -> tuple[str, object, int]:
        if index >= len(values):
            raise OSError("no more data")
        return values[index]

    fake = types.SimpleNamespace(HKEY_LOCAL_MACHINE="HKLM", OpenKey=open_key, EnumValue=enum_value)
    monkeypatch.setitem(sys.modules, "winreg", fake)
    monkeypatch.setattr(machine.sys, "platform", "win32")
    monkeypatch.delenv(machine.MACHINE_ENV, raising=False)
    monkeypatch.setenv("PROGRAMDATA", str(tmp_path))
    (tmp_path / "Hearth").mkdir()
    (tmp_path / "Hearth" / "settings.json").write_text(json.dumps({"idle_lock_max_minutes": 20}))

    found = machine.machine_settings()

    assert opened == [("HKLM", r"Software\Policies\Hearth")]
    assert machine.machine_folder() == tmp_path / "Hearth"
    assert (found.server_url, found.idle_lock_max_minutes) == ("https://hearth.policy.example", 3)
