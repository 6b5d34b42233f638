"""``hearth-server``: exit codes, output, one-line errors.

The commands run in this process through ``server.cli.main`` (server_command.py: the
environment, a piped stdin and the exit status as a process has them), which spares the
1.5 s of imports a process costs. Real processes where being one is the point:
``test_serve_initialises_and_answers`` (``serve``, with 1 and 2 workers) and
``test_usage_errors_are_one_line`` (argparse's usage errors as a shell sees them)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from live_service import new_family
from server_command import REAL_PROCESS, hearth_server, hearth_server_process
from sqlalchemy import select

from app.reference.levels_of_need import DEFAULT_FILE
from server import admin, sync_service
from server.db import init_database, session_factory
from server.models import Allocation, Device, ReferenceData, User
from server.scope import Caller
from tests.council_files import COUNCIL_NAME, council_data, logo_png, write_council
from tests.council_forms import (
    RIVERSIDE_CHILD_HEALTH,
    RIVERSIDE_EHAT,
    RIVERSIDE_OPTION_LISTS,
    STRENGTHS_REVIEW_V1,
)


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HEARTH_DATABASE_URL"] = database_url
    env["HEARTH_SERVER_HOME"] = str(tmp_path / "server-home")
    return env


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_init_is_idempotent(cli_env: dict[str, str]) -> None:
    for _ in range(2):
        r = hearth_server(cli_env, "init")
        assert r.returncode == 0, r.stderr
        assert "ready" in r.stdout


def test_default_database_is_an_embedded_file_in_server_home(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("HEARTH_DATABASE_URL", None)
    env["HEARTH_SERVER_HOME"] = str(tmp_path / "home")
    assert hearth_server(env, "init").returncode == 0
    assert (tmp_path / "home" / "hearth-server.db").is_file()


def test_teams_and_users(cli_env: dict[str, str], tmp_path: Path, database_url: str) -> None:
    password = tmp_path / "pw.txt"
    password.write_text("a long synthetic password\n")
    assert hearth_server(cli_env, "add-team", "North").returncode == 0
    assert "already exists" in one_line_error(hearth_server(cli_env, "add-team", "North"))
    r = hearth_server(cli_env, "add-user", "alice", "--name", "Alice Synthetic", "--role",
                      "worker", "--team", "North", "--gcp2-trained", "--password-file",
                      str(password))
    assert r.returncode == 0, r.stderr
    assert "Added worker alice in team North." in r.stdout
    with session_factory(init_database(database_url)).begin() as s:
        user = s.get(User, "alice")
        assert user is not None and user.gcp2_trained and user.role == "worker"
        assert user.password_hash.startswith("$argon2id$")
        assert admin.enrol(s, "alice", "a long synthetic password", "laptop") is not None
    assert "No team called" in one_line_error(hearth_server(
        cli_env, "add-user", "bob", "--name", "Bob", "--role", "worker", "--team", "Nowhere",
        "--password-file", str(password)))
    assert "already exists" in one_line_error(hearth_server(
        cli_env, "add-user", "alice", "--name", "A", "--role", "worker", "--team", "North",
        "--password-file", str(password)))
    bad_role = hearth_server(cli_env, "add-user", "carol", "--name", "C", "--role", "boss",
                             "--team", "North", "--password-file", str(password))
    assert bad_role.returncode == 2 and "invalid choice" in one_line_error(bad_role)
    assert "password file" in one_line_error(hearth_server(
        cli_env, "add-user", "dan", "--name", "D", "--role", "worker", "--team", "North",
        "--password-file", str(tmp_path / "missing.txt")))
    no_tty = hearth_server(cli_env, "add-user", "erin", "--name", "E", "--role", "worker",
                           "--team", "North", stdin="")
    assert "--password-file" in one_line_error(no_tty)


def test_devices_revoke_and_allocate(cli_env: dict[str, str], database_url: str) -> None:
    sessions = session_factory(init_database(database_url))
    with sessions.begin() as s:
        admin.add_team(s, "North")
        admin.add_user(s, "alice", name="A", role="worker", team="North", password="x" * 12)
        admin.add_user(s, "bob", name="B", role="worker", team="North", password="x" * 12)
    assert "No devices are enrolled." in hearth_server(cli_env, "devices").stdout
    with sessions.begin() as s:
        enrolled = admin.enrol(s, "alice", "x" * 12, "Laptop 7")
        assert enrolled is not None
        fid, fam = new_family("C-1")
        caller = Caller("alice", "worker", "North", enrolled.device_id)
        sync_service.push(s, caller, [sync_service.PushOp(
            op_id=fam["op_id"], entity="family", id=fid, family_id=fid, base_version=None,
            fields=fam["fields"])])
    listing = hearth_server(cli_env, "devices")
    assert enrolled.device_id in listing.stdout and "Laptop 7" in listing.stdout
    assert f"no. {enrolled.device_number} " in listing.stdout and "active" in listing.stdout
    r = hearth_server(cli_env, "revoke-device", enrolled.device_id)
    assert r.returncode == 0 and "Revoked device" in r.stdout
    assert "revoked" in hearth_server(cli_env, "devices").stdout
    with sessions() as s:
        assert s.get(Device, enrolled.device_id).revoked_at is not None
    assert "No device" in one_line_error(hearth_server(cli_env, "revoke-device", "nope"))

    r = hearth_server(cli_env, "allocate", fid, "bob")
    assert r.returncode == 0 and f"Moved family {fid} from alice to bob." in r.stdout
    with sessions() as s:
        assert s.get(Allocation, fid).username == "bob"
    assert "No family" in one_line_error(hearth_server(cli_env, "allocate", "unknown", "bob"))
    assert "No user" in one_line_error(hearth_server(cli_env, "allocate", fid, "nobody"))


def test_load_reference(cli_env: dict[str, str], tmp_path: Path, database_url: str) -> None:
    levels = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    good = tmp_path / "reference.json"
    good.write_text(json.dumps({"levels_of_need": levels,
                                "agencies": [{"name": "Health visiting"}], "forms": []}))
    r = hearth_server(cli_env, "load-reference", str(good))
    assert r.returncode == 0 and "levels_of_need, agencies, forms" in r.stdout
    with session_factory(init_database(database_url))() as s:
        assert s.get(ReferenceData, "agencies").data == [{"name": "Health visiting"}]
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    assert "not valid JSON" in one_line_error(hearth_server(cli_env, "load-reference", str(broken)))
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"spells": []}))
    assert "Unknown reference data" in one_line_error(
        hearth_server(cli_env, "load-reference", str(odd)))
    assert "Cannot read" in one_line_error(
        hearth_server(cli_env, "load-reference", str(tmp_path / "missing.json")))
    # Checked as devices check it: nothing of a file with a mistake is loaded.
    bad = tmp_path / "bad.json"
    levels["levels"][1]["rank"] = "two"
    bad.write_text(json.dumps({"levels_of_need": levels, "agencies": ["School", "School"]}))
    error = one_line_error(hearth_server(cli_env, "load-reference", str(bad)))
    assert "Nothing was loaded" in error and "whole number" in error and "twice" in error
    with session_factory(init_database(database_url))() as s:
        assert s.get(ReferenceData, "levels_of_need").data["levels"][1]["rank"] == 2


def test_load_reference_takes_the_councils_identity_with_its_logo_file(
    cli_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    folder = tmp_path / "council"
    write_council(folder)  # council.json's content goes in the reference file; the logo beside
    good = folder / "reference.json"
    good.write_text(json.dumps({"council": council_data()}))
    r = hearth_server(cli_env, "load-reference", str(good))
    assert r.returncode == 0 and "Loaded council." in r.stdout, r.stderr
    with session_factory(init_database(database_url))() as s:
        stored = s.get(ReferenceData, "council").data
    assert stored["name"] == COUNCIL_NAME
    assert stored["logo"].startswith("data:image/png;base64,")  # the image itself travels
    # Mistakes name the file and the problem, and nothing is loaded.
    (folder / "council-logo.png").write_bytes(logo_png()[:200])
    error = one_line_error(hearth_server(cli_env, "load-reference", str(good)))
    assert error == (f"hearth-server: {good}: council: the logo image is damaged and cannot be "
                     "read; nothing was loaded.")
    bad = folder / "bad.json"
    bad.write_text(json.dumps({"council": council_data(name=None, phone=1632960000,
                                                       logo=None)}))
    error = one_line_error(hearth_server(cli_env, "load-reference", str(bad)))
    assert error.startswith(f"hearth-server: {bad}: Nothing was loaded")
    assert "the council's name is missing" in error and "phone must be text" in error
    bad.write_text(json.dumps({"council": "Northshire"}))
    assert "council must be an object" in one_line_error(
        hearth_server(cli_env, "load-reference", str(bad)))
    with session_factory(init_database(database_url))() as s:
        assert s.get(ReferenceData, "council").data == stored


def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["HEARTH_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/nothing"
    assert "Cannot open or upgrade the database" in one_line_error(hearth_server(env, "init"))
    env["HEARTH_DATABASE_URL"] = "not a url"
    assert "not valid" in one_line_error(hearth_server(env, "init"))


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    # Real processes: the status and the one line a shell sees (the other tests run the
    # commands in this process; see server_command.py). Once, not per backend: a usage
    # error stops before the database is opened. The four run side by side.
    env = dict(os.environ, HEARTH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
               HEARTH_SERVER_HOME=str(tmp_path / "server-home"))
    commands = [(), ("frobnicate",), ("serve", "--workers", "0"),
                ("serve", "--ssl-certfile", "x.pem")]
    with ThreadPoolExecutor(len(commands)) as pool:
        bare, unknown, workers, half_tls = pool.map(
            lambda args: hearth_server_process(env, *args), commands)
    assert one_line_error(bare).startswith("hearth-server: error:")
    assert one_line_error(unknown)
    assert "--workers" in one_line_error(workers)
    assert "both" in one_line_error(half_tls)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_initialises_and_answers(cli_env: dict[str, str], workers: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [*REAL_PROCESS, "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", workers],
        env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        health = None
        for _ in range(300):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                try:
                    proc.wait(timeout=0.1)  # the wait between attempts; fails if it exited
                    pytest.fail(f"serve exited: {proc.stderr.read() if proc.stderr else ''}")
                except subprocess.TimeoutExpired:
                    pass
        assert health is not None and health.json()["status"] == "ok"
        spec = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()
        assert "/api/v1/sync/push" in spec["paths"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    sessions = session_factory(init_database(cli_env["HEARTH_DATABASE_URL"]))
    with sessions() as s:
        assert s.scalars(select(User)).all() == []  # the schema exists (serve ran init)


def test_load_reference_takes_the_councils_own_folder_and_yaml_files(
    cli_env: dict[str, str], tmp_path: Path, database_url: str
) -> None:
    folder = tmp_path / "config"
    write_council(folder)
    (folder / "levels_of_need.json").write_text(DEFAULT_FILE.read_text(encoding="utf-8"))
    (folder / "agencies.json").write_text(json.dumps(["Family hub", "School nursing"]))
    (folder / "form_choices.json").write_text(json.dumps({"hidden_forms": ["ehat"]}))
    forms = folder / "forms"
    forms.mkdir()
    child_health = "# Agreed at the synthetic panel\n" + RIVERSIDE_CHILD_HEALTH
    (forms / "child_health.yaml").write_text(child_health)
    (forms / "option_lists.yaml").write_text(RIVERSIDE_OPTION_LISTS)
    (folder / "ehat_riverside.yaml").write_text(RIVERSIDE_EHAT)
    r = hearth_server(cli_env, "load-reference", str(folder))
    assert r.returncode == 0, r.stderr
    assert r.stdout == ("Loaded levels_of_need, agencies, forms (3 files), council, "
                        "form_choices.\n")
    with session_factory(init_database(database_url))() as s:
        stored = {row.name: row.data for row in s.query(ReferenceData)}
    assert stored["forms"] == [
        {"file": "ehat_riverside.yaml", "yaml": RIVERSIDE_EHAT},
        {"file": "forms/child_health.yaml", "yaml": child_health},
        {"file": "forms/option_lists.yaml", "yaml": RIVERSIDE_OPTION_LISTS}]
    assert stored["form_choices"] == {"hidden_forms": ["ehat"]}
    assert stored["council"]["logo"].startswith("data:image/png;base64,")
    assert stored["agencies"] == ["Family hub", "School nursing"]

    # Problems are said against the council's own files and lines; nothing is loaded.
    (forms / "option_lists.yaml").unlink()
    (folder / "levels_of_need.json").write_text(json.dumps({"levels": []}))
    error = one_line_error(hearth_server(cli_env, "load-reference", str(folder)))
    line = child_health.splitlines().index(
        "      - {id: ethnicity, type: choice, label: Ethnicity, options_from: ethnicity}") + 1
    assert error.startswith(f"hearth-server: {folder}: Nothing was loaded; the reference data "
                            "has problems: levels_of_need.json: the file lists no levels of need")
    assert ("; forms/child_health.yaml: pages[2].fields[0].options_from: unknown option list "
            "'ethnicity' (known lists:") in error and f"(line {line})" in error
    # A council's copy of a form Hearth ships, given as a file of its own, is refused.
    copy = tmp_path / "ehat.yaml"
    copy.write_text(STRENGTHS_REVIEW_V1.replace("id: strengths_review", "id: ehat"))
    error = one_line_error(hearth_server(cli_env, "load-reference", str(copy),
                                         str(folder / "agencies.json")))
    assert error == (
        "hearth-server: Nothing was loaded; the reference data has problems: ehat.yaml: id: "
        "'ehat' is the id of a form Hearth ships; a council's own form needs an id of its "
        "own, so this file was left out. To change one of Hearth's forms, give your copy its "
        "own id (keep the same kind), and hide Hearth's with hidden_forms in "
        "form_choices.json (line 1)")
    with session_factory(init_database(database_url))() as s:
        assert s.get(ReferenceData, "forms").data == stored["forms"]
    assert "given twice" in one_line_error(hearth_server(
        cli_env, "load-reference", str(folder), str(folder / "agencies.json")))
