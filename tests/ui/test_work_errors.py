"""The disk or the file system refuses a write while the person works (an edit, an export, a
hand-over): one clear message in words, never a traceback, and the book unchanged."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from csm_desk.engine.vocab import Area
from tests.ui.conftest import account_id
from tests.ui.mounts import fill_disk, read_only_folder, tmpfs


@pytest.fixture
def complaints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every warning the window shows."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    return shown


def _window_on(qtbot, path: Path):  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_book(path)
    return window


def test_an_edit_on_a_full_disk_is_one_message_and_the_book_is_unchanged(
    qtbot, sample_master, tmp_path, complaints
) -> None:  # type: ignore[no-untyped-def]
    with tmpfs(tmp_path / "disk", size="2m") as disk:
        path = disk / "Sample.csmbook"
        shutil.copyfile(sample_master, path)
        window = _window_on(qtbot, path)
        northwind = account_id(window, "Northwind Payments")
        window.open_account(northwind, Area.SNAPSHOT.value)
        field = window.workspace.pages[Area.SNAPSHOT].forms[0].widgets["name"]
        filler = fill_disk(disk)
        field.setFocus()
        QTest.keyClicks(field, " Renamed")
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert complaints == ["Could not save the change: the disk is full; nothing was changed"]
        assert field.text() == "Northwind Payments", "the field shows what the book holds"
        assert window.session.undo_stack.count() == 0
        filler.unlink()
        window.close()
        con = sqlite3.connect(path)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            names = {r[0] for r in con.execute("SELECT name FROM account")}
        finally:
            con.close()
        assert "Northwind Payments" in names and "Northwind Payments Renamed" not in names


def _export(window, qtbot, monkeypatch, out: Path):  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.export_doc import ExportDialog

    window.open_account(account_id(window, "Northwind Payments"))
    monkeypatch.setattr(ExportDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    window.commands.export_document.trigger()
    with qtbot.waitSignal(window.tasks[0].failed, timeout=60_000):
        pass


def test_an_export_to_a_full_disk_is_one_message(
    window, qtbot, tmp_path, monkeypatch, complaints
) -> None:  # type: ignore[no-untyped-def]
    with tmpfs(tmp_path / "disk", size="1m") as disk:
        filler = fill_disk(disk)
        _export(window, qtbot, monkeypatch, disk / "Brief.docx")
        assert complaints == [
            f"Could not write Brief.docx in {disk}: the disk is full; nothing was written"
        ]
        assert sorted(p.name for p in disk.iterdir()) == [filler.name], "no partial file left"


def test_an_export_to_a_read_only_folder_is_one_message(
    window, qtbot, tmp_path, monkeypatch, complaints
) -> None:  # type: ignore[no-untyped-def]
    with read_only_folder(tmp_path / "read-only") as folder:
        _export(window, qtbot, monkeypatch, folder / "Brief.docx")
        assert complaints == [
            f"Could not write Brief.docx in {folder}: the disk is read-only; nothing was written"
        ]


def _hand_over(window, qtbot, monkeypatch, out: Path):  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.handover import HandoverDialog

    def answer(dialog: HandoverDialog) -> int:
        dialog.successor.setText("Jo Park")
        return 1

    monkeypatch.setattr(HandoverDialog, "exec", answer)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.handover.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    window.commands.handover.trigger()
    with qtbot.waitSignal(window.tasks[0].failed, timeout=60_000):
        pass


def test_a_hand_over_to_a_read_only_folder_is_one_message(
    window, qtbot, tmp_path, monkeypatch, complaints
) -> None:  # type: ignore[no-untyped-def]
    with read_only_folder(tmp_path / "read-only") as folder:
        out = folder / "For Jo.csmbook"
        _hand_over(window, qtbot, monkeypatch, out)
        assert len(complaints) == 1
        assert complaints[0].startswith(f"could not write {out}: ")
        assert complaints[0].endswith("; nothing was written")
        assert "\n" not in complaints[0] and "Traceback" not in complaints[0]
        assert not out.exists()


def test_a_brief_the_disk_refuses_says_the_copy_was_written(
    window, qtbot, tmp_path, monkeypatch, complaints
) -> None:  # type: ignore[no-untyped-def]
    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".partial"))

    monkeypatch.setattr("csm_desk.export.write_handover_brief", full)
    out = tmp_path / "For Jo.csmbook"
    _hand_over(window, qtbot, monkeypatch, out)
    assert complaints == [
        f"The copy was written to {out}. Could not write For Jo.docx in {tmp_path}: "
        "the disk is full; nothing was written"
    ]
    assert out.exists()
