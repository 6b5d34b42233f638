"""The Windows installer definition (packaging/windows/hearth.nsi): makensis compiles
it against a stand-in for the one-folder build, with pyproject.toml's version, and its
uninstaller removes only what the installer wrote, never a worker's data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.loading import PACKAGING, load

windows_version = load("windows_version.py")
SCRIPT = PACKAGING / "windows" / "hearth.nsi"
MAKENSIS = shutil.which("makensis")
needs_makensis = pytest.mark.skipif(
    MAKENSIS is None,
    reason="makensis is not installed (apt-get install nsis); .ci/package-check installs it",
)


def _section(name: str) -> list[str]:
    """The instructions of one section, without comments or blank lines."""
    text = SCRIPT.read_text(encoding="utf-8")
    found = re.search(rf'^Section "{name}".*?\n(.*?)^SectionEnd', text, re.S | re.M)
    assert found is not None, f"section {name}"
    lines = (line.split(";", 1)[0].strip() for line in found.group(1).splitlines())
    return [line for line in lines if line]


def test_the_uninstaller_removes_only_what_the_installer_wrote() -> None:
    installed = _section("Hearth")
    removed = _section("Uninstall")
    removals = [line for line in removed if line.split()[0] in {"Delete", "RMDir", "DeleteRegKey",
                                                               "DeleteRegValue"}]
    assert removals == removed, "the uninstaller only removes"
    for line in removals:
        target = line.split()[-1].strip('"')
        assert target.startswith(("$INSTDIR", "$SMPROGRAMS", "${UNINSTALL_KEY}")), line
        assert "*" not in target, line
    # the folder itself only when empty, so nothing else put there is lost
    assert 'RMDir "$INSTDIR"' in removed
    assert not any(line.startswith("RMDir /r") and line.endswith('"$INSTDIR"') for line in removed)
    # every file it deletes by name is one the build has
    assert {"hearth.exe", "hearth-cli.exe", "uninstall.exe"} <= {
        line.split("\\")[-1].strip('"') for line in removed if line.startswith("Delete ")}
    # per machine: Program Files, every user's Start menu, HKLM
    text = SCRIPT.read_text(encoding="utf-8")
    code = "\n".join(line.split(";", 1)[0] for line in text.splitlines())
    assert "RequestExecutionLevel admin" in code and "SetShellVarContext all" in code
    assert 'InstallDir "$PROGRAMFILES64\\' in code
    assert all(" HKLM " in line for line in installed if line.startswith("WriteReg"))
    for per_user in ("$APPDATA", "$LOCALAPPDATA", "$PROFILE", "$DOCUMENTS", "HKCU"):
        assert per_user not in code, per_user


def _stand_in(folder: Path) -> Path:
    build = folder / "hearth"
    (build / "_internal" / "forms").mkdir(parents=True)
    for name in ("hearth.exe", "hearth-cli.exe", "_internal/python311.dll",
                 "_internal/forms/ehat.yaml"):
        (build / name).write_bytes(b"stand-in for the one-folder build\n")
    return build


def _makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    assert MAKENSIS is not None
    return subprocess.run([MAKENSIS, "-V2", "-WX", *defines, str(SCRIPT)],
                          capture_output=True, text=True, timeout=120)


@needs_makensis
def test_makensis_compiles_the_installer_with_the_version(tmp_path: Path) -> None:
    version = windows_version.project_version()
    out = tmp_path / f"Hearth-{version}-setup.exe"
    result = _makensis(*windows_version.nsis_defines().split(),
                       f"-DSOURCE={_stand_in(tmp_path)}", f"-DOUTFILE={out}")
    assert result.returncode == 0, result.stdout + result.stderr
    installer = out.read_bytes()
    assert installer[:2] == b"MZ"
    # the installer's own version resource (UTF-16, uncompressed) carries the version
    assert f"{version}".encode("utf-16-le") in installer
    assert "Hearth".encode("utf-16-le") in installer


@needs_makensis
def test_the_installer_and_its_uninstaller_are_signed_when_a_signing_command_is_given(
    tmp_path: Path,
) -> None:
    signed = tmp_path / "signed.txt"
    sign = tmp_path / "sign"  # stands in for signtool: notes the file it was given
    sign.write_text(f'#!/bin/sh\necho "$1" >> "{signed}"\n', encoding="utf-8")
    sign.chmod(0o755)
    out = tmp_path / "Hearth-setup.exe"
    result = _makensis(*windows_version.nsis_defines().split(), f"-DSIGN={sign}",
                       f"-DSOURCE={_stand_in(tmp_path)}", f"-DOUTFILE={out}")
    assert result.returncode == 0, result.stdout + result.stderr
    files = signed.read_text(encoding="utf-8").split()
    assert len(files) == 2 and files[-1] == str(out)  # the uninstaller first, then the installer


@needs_makensis
def test_makensis_refuses_a_build_without_a_version(tmp_path: Path) -> None:
    result = _makensis(f"-DSOURCE={_stand_in(tmp_path)}",
                       f"-DOUTFILE={tmp_path / 'setup.exe'}")
    assert result.returncode != 0
    assert "Give the version" in result.stdout + result.stderr
    assert not (tmp_path / "setup.exe").exists()
