"""Saving a document leaves no trace of where: Qt's record of the folders its file
dialog visited (QtProject.conf) is removed, and ".pdf" is added before the dialog asks
about replacing a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from ui.widgets.save_dialog import ask_save_path

FOLDER = "Quorvandelle family"  # a folder named after a family, as workers make them


@pytest.fixture
def qt_settings(tmp_path: Path) -> Path:
    """Qt's own settings written under tmp_path for this test (never the real home)."""
    home = tmp_path / "config"
    home.mkdir()
    for format_ in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(format_, QSettings.Scope.UserScope, str(home))
    return home


def written(home: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in home.rglob("*") if p.is_file())


def test_saving_leaves_no_folder_name_in_qt_settings(
    qtbot: QtBot, tmp_path: Path, qt_settings: Path
) -> None:
    folder = tmp_path / FOLDER
    folder.mkdir()

    def type_a_name() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog))
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText("plan")  # no ".pdf": the dialog adds it
        dialog.accept()

    QTimer.singleShot(300, type_a_name)
    chosen = ask_save_path(None, "Save", folder / "F-0001-plan.pdf", "PDF (*.pdf)", "pdf")

    assert chosen == folder / "plan.pdf"
    assert FOLDER not in written(qt_settings)
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert not settings.childGroups() or "FileDialog" not in settings.childGroups()


def test_the_dialog_starts_in_documents_suggests_a_name_and_asks_before_replacing(
    qtbot: QtBot, tmp_path: Path, qt_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    (documents / "plan.pdf").write_bytes(b"%PDF- the plan saved last week")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs file there
    seen: dict[str, object] = {}

    def answer_no() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["question"] = box.text()
        box.button(QMessageBox.StandardButton.No).click()

    def look_and_type() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog))
        seen["folder"] = Path(dialog.directory().absolutePath())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        seen["suggested"] = name.text()
        name.clear()
        qtbot.keyClicks(name, "plan")  # no ".pdf": the dialog adds it, then asks
        QTimer.singleShot(200, answer_no)
        qtbot.keyClick(name, Qt.Key.Key_Return)
        seen["still_open"] = dialog.isVisible()
        dialog.reject()

    QTimer.singleShot(300, look_and_type)
    chosen = ask_save_path(None, "Save", Path("F-0001-plan.pdf"), "PDF (*.pdf)", "pdf")

    assert seen["folder"] == documents
    assert seen["suggested"] == "F-0001-plan.pdf"
    assert "plan.pdf" in str(seen["question"]) and "exists" in str(seen["question"])
    assert seen["still_open"] is True  # "No": the dialog waits for another name
    assert chosen is None
    assert (documents / "plan.pdf").read_bytes() == b"%PDF- the plan saved last week"
