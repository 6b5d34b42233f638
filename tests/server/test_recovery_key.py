"""The council's recovery key on the service: ``hearth-server recovery-key create|show`` (run
in this process with a piped stdin, server_command.py), and ``GET /api/v1/recovery-key`` on a
live service."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from live_service import LiveServer
from server_command import hearth_server

from app.sync.protocol import RECOVERY_ALGORITHM, recovery_key_fingerprint

PHRASE = "council-vault-orchard-1234"


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HEARTH_DATABASE_URL"] = database_url
    env["HEARTH_SERVER_HOME"] = str(tmp_path / "server-home")
    return env


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def create(env: dict[str, str], tmp_path: Path, out: Path, *extra: str
           ) -> subprocess.CompletedProcess[str]:
    phrase_file = tmp_path / "phrase.txt"
    phrase_file.write_text(PHRASE + "\n", encoding="utf-8")
    return hearth_server(env, "recovery-key", "create", "--out", str(out),
                         "--passphrase-file", str(phrase_file), *extra)


def test_create_writes_a_private_encrypted_key_and_show_prints_its_fingerprint(
        cli_env: dict[str, str], tmp_path: Path) -> None:
    none = hearth_server(cli_env, "recovery-key", "show")
    assert none.returncode == 1 and "No recovery key is set" in none.stdout

    out = tmp_path / "council-recovery.pem"
    made = create(cli_env, tmp_path, out)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pem = out.read_bytes()
    assert b"BEGIN ENCRYPTED PRIVATE KEY" in pem
    with pytest.raises(ValueError):
        serialization.load_pem_private_key(pem, password=b"not the passphrase")
    key = serialization.load_pem_private_key(pem, password=PHRASE.encode())
    assert isinstance(key, X25519PrivateKey)
    fingerprint = recovery_key_fingerprint(key.public_key().public_bytes_raw())
    assert fingerprint in made.stdout

    shown = hearth_server(cli_env, "recovery-key", "show")
    assert shown.returncode == 0, shown.stderr
    assert fingerprint in shown.stdout and RECOVERY_ALGORITHM in shown.stdout


def test_create_refuses_to_overwrite_a_file_or_replace_a_key_unasked(
        cli_env: dict[str, str], tmp_path: Path) -> None:
    existing = tmp_path / "existing.pem"
    existing.write_text("keep me")
    assert "already exists" in one_line_error(create(cli_env, tmp_path, existing))
    assert existing.read_text() == "keep me"

    assert create(cli_env, tmp_path, tmp_path / "first.pem").returncode == 0
    first = hearth_server(cli_env, "recovery-key", "show").stdout
    line = one_line_error(create(cli_env, tmp_path, tmp_path / "second.pem"))
    assert "already has a recovery key" in line and "--replace" in line
    assert not (tmp_path / "second.pem").exists()
    assert hearth_server(cli_env, "recovery-key", "show").stdout == first

    replaced = create(cli_env, tmp_path, tmp_path / "third.pem", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert hearth_server(cli_env, "recovery-key", "show").stdout != first


def test_a_short_passphrase_or_none_is_refused(cli_env: dict[str, str], tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("too short\n")
    result = hearth_server(cli_env, "recovery-key", "create", "--out",
                           str(tmp_path / "k.pem"), "--passphrase-file", str(short))
    assert "at least" in one_line_error(result)
    asked = hearth_server(cli_env, "recovery-key", "create", "--out", str(tmp_path / "k.pem"))
    assert "--passphrase-file" in one_line_error(asked)
    assert not (tmp_path / "k.pem").exists()


def test_the_endpoint_serves_the_public_key_to_enrolled_devices(
        people: LiveServer, tmp_path: Path) -> None:
    device = people.enrol("alice")
    assert people.client().get("/recovery-key").status_code == 401

    missing = device.http.get("/recovery-key")
    assert missing.status_code == 404
    assert missing.json()["detail"]["code"] == "no_recovery_key"
    assert "recovery-key create" in missing.json()["detail"]["message"]

    env = dict(os.environ, HEARTH_DATABASE_URL=people.database_url)
    out = tmp_path / "council.pem"
    assert create(env, tmp_path, out).returncode == 0
    served = device.http.get("/recovery-key")
    assert served.status_code == 200, served.text
    body = served.json()
    raw = base64.b64decode(body["public_key"])
    key = serialization.load_pem_private_key(out.read_bytes(), password=PHRASE.encode())
    assert isinstance(key, X25519PrivateKey)
    assert raw == key.public_key().public_bytes_raw()
    assert body == {"algorithm": RECOVERY_ALGORITHM, "public_key": body["public_key"],
                    "fingerprint": recovery_key_fingerprint(raw)}
    # Not part of the reference data devices install.
    assert "recovery_key" not in device.http.get("/reference").json()


def test_the_endpoint_is_documented(people: LiveServer) -> None:
    doc = people.client().get(people.url + "/openapi.json").json()
    answers = doc["paths"]["/api/v1/recovery-key"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(answers)
