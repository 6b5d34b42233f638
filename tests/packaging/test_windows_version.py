"""The Windows version resource the spec writes says pyproject.toml's version, in the
form PyInstaller reads (checked with PyInstaller's own reader when it is installed:
`pip install -e '.[packaging]'`, as .ci/package-check does)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from tests.packaging.loading import load

windows_version = load("windows_version.py")


def test_windows_gets_four_numbers_from_any_version() -> None:
    assert windows_version.numeric_version("0.1.0") == (0, 1, 0, 0)
    assert windows_version.numeric_version("2.10") == (2, 10, 0, 0)
    assert windows_version.numeric_version("1.4.2rc1") == (1, 4, 2, 0)
    assert windows_version.numeric_version("3.0.1.7") == (3, 0, 1, 7)
    with pytest.raises(ValueError, match="start with a number"):
        windows_version.numeric_version("next")
    with pytest.raises(ValueError, match="65535"):
        windows_version.numeric_version("1.70000")


def test_the_version_file_reads_back_with_pyprojects_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed ('.[packaging]')")
    # The reader needs neither pefile nor win32api; the module imports them for writing
    # into an .exe, which happens on Windows only.
    from PyInstaller import compat

    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    from PyInstaller.utils.win32 import versioninfo

    version = windows_version.project_version()
    for program in ("hearth", "hearth-cli"):
        path = windows_version.write_version_file(tmp_path, program)
        info = versioninfo.load_version_info_from_text_file(str(path))
        numbers = windows_version.numeric_version(version)
        assert (info.ffi.fileVersionMS, info.ffi.fileVersionLS) == (
            numbers[0] << 16 | numbers[1], numbers[2] << 16 | numbers[3])
        strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
        assert strings["ProductVersion"] == strings["FileVersion"] == version
        assert strings["OriginalFilename"] == f"{program}.exe"
        assert strings["ProductName"] == "Hearth"
