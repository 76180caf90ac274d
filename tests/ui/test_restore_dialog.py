"""File ▸ Restore from backup…: the day's backup taken behind the window, the backups listed by
date, a restore chosen and confirmed with the mouse and keyboard, and a refusal shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from csm_desk.models.backups import Backup, list_backups
from csm_desk.models.ops import SetFields
from csm_desk.ui.dialogs.restore import BackupTableModel, RestoreDialog


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None], seen: list[str]) -> None:
    """Once a modal ``kind`` is on screen, ``act`` on it (gives up after ten seconds,
    closing whatever is open, so a test fails instead of hanging)."""
    tries = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            seen.append(type(widget).__name__)
            try:
                act(widget)
            except BaseException as exc:  # recorded and the dialog closed: the test fails
                seen.append(f"failed: {exc!r}")
                widget.close()
            return
        tries[0] += 1
        if tries[0] > 500:
            seen.append(f"no {kind.__name__} appeared")
            if widget is not None:
                widget.close()
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def click_menu_item(window: QWidget, menu_title: str, item: str) -> None:
    """Open a menu of the menu bar and click one of its items, as a person would."""
    bar = window.menuBar()  # type: ignore[attr-defined]
    menu = next(a.menu() for a in bar.actions() if a.text() == menu_title)
    assert isinstance(menu, QMenu)
    menu.popup(window.mapToGlobal(QPoint(10, 10)))
    action = next(a for a in menu.actions() if a.text() == item)
    assert action.isEnabled()
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def click_row(dialog: RestoreDialog, row: int) -> None:
    rect = dialog.table.visualRect(dialog.model.index(row, 0))
    QTest.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def wait_for_daily_backup(window: object, qtbot: QtBot) -> Backup:
    path = window.session.book.path  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(list_backups(path)) == 1, timeout=10_000)
    window._backup_task.wait()  # type: ignore[attr-defined]
    [daily] = list_backups(path)
    return daily


def set_owner(window: object, name: str) -> None:
    session = window.session  # type: ignore[attr-defined]
    book_id = session.book.book_row().id
    assert session.apply(SetFields("book", {"id": book_id}, {"owner": name}, "Change owner"))


def test_the_daily_backup_is_taken_behind_the_window_once_a_day(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    daily = wait_for_daily_backup(window, qtbot)
    assert daily.reason == "daily" and daily.accounts == len(window.session.result.accounts)
    qtbot.waitUntil(lambda: "Backed up Sample" in window.statusBar().currentMessage())
    path = window.session.book.path
    window.close_book()
    assert window.open_book(path)
    qtbot.wait(window._backup_timer.interval() + 200)
    window._backup_task.wait()
    assert list_backups(path) == [daily], "not a second one the same day"


def test_restore_from_the_file_menu_with_mouse_and_keys(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    daily = wait_for_daily_backup(window, qtbot)
    path = window.session.book.path
    original = window.session.owner
    set_owner(window, "Changed in the window")
    seen: list[str] = []
    state: dict[str, object] = {}

    def cancel_first(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        state["question"] = box.text()
        QTest.keyClick(box, Qt.Key.Key_Escape)

    def agree(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, RestoreDialog)
        state["rows"] = dialog.model.rowCount()
        state["first"] = [dialog.model.index(0, c).data() for c in range(4)]
        assert not dialog.restore_button.isEnabled()
        click_row(dialog, 0)
        assert dialog.restore_button.isEnabled()
        when_shown(QMessageBox, cancel_first, seen)
        QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible(), "cancelling the question keeps the list open"
        when_shown(QMessageBox, agree, seen)
        QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_shown(RestoreDialog, in_dialog, seen)
    click_menu_item(window, "&File", "&Restore from backup…")
    assert seen == ["RestoreDialog", "QMessageBox", "QMessageBox"]
    assert state["rows"] == 1
    assert state["first"] == [daily.when(), "daily", str(daily.accounts), state["first"][3]]
    assert f"back as it was on {daily.when()}" in str(state["question"])
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.owner == original, timeout=20_000
    )
    assert "Restored Sample.csmbook" in window.statusBar().currentMessage()
    reasons = [b.reason for b in list_backups(path)]
    assert reasons == ["before-restore", "daily"]
    assert window.session.book.book_row().owner == original
    assert not window.session.read_only


def test_a_restore_that_fails_is_shown_and_the_book_opened_again(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    daily = wait_for_daily_backup(window, qtbot)
    set_owner(window, "Changed in the window")
    seen: list[str] = []
    shown: list[str] = []

    def dismiss(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, RestoreDialog)
        click_row(dialog, 0)
        daily.path.write_bytes(b"gone bad since it was listed")
        # The question answered from the keyboard: R is the Restore button's key.
        when_shown(QMessageBox, lambda box: QTest.keyClick(box, Qt.Key.Key_R), seen)
        QTest.mouseDClick(
            dialog.table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=dialog.table.visualRect(dialog.model.index(0, 0)).center(),
        )  # a double click on a backup asks to restore it

    when_shown(RestoreDialog, in_dialog, seen)
    window.commands.restore_backup.trigger()
    when_shown(QMessageBox, dismiss, seen)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert seen == ["RestoreDialog", "QMessageBox", "QMessageBox"]
    assert "is a text file, not a CSM Desk book" in shown[0]
    qtbot.waitUntil(lambda: window.session is not None, timeout=20_000)
    assert window.session.owner == "Changed in the window"


def test_the_backup_list_model_and_an_empty_list(qtbot, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    backups = [
        Backup(tmp_path / "a.csmbook", dt.datetime(2026, 11, 22, 8, 30), "daily", 2048, 12),
        Backup(
            tmp_path / "b.csmbook",
            dt.datetime(2026, 11, 21, 8, 30),
            "before-restore",
            9,
            None,
            True,
        ),
    ]
    model = BackupTableModel(backups)
    qtmodeltester.check(model)
    assert [model.index(1, c).data() for c in range(4)] == [
        "2026-11-21 08:30:00",
        "before restore",
        "damaged",
        "9 bytes",
    ]
    empty = RestoreDialog(tmp_path / "New.csmbook", [])
    qtbot.addWidget(empty)
    assert empty.model.rowCount() == 0 and not empty.restore_button.isEnabled()


def test_backup_settings_are_in_the_settings_dialog(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    values = {k: dialog.thresholds[k].value() for k in dialog.thresholds if "backup" in k}
    assert values == {"backup_keep_daily": 7, "backup_keep_weekly": 4, "backup_keep_monthly": 12}


pytestmark = pytest.mark.usefixtures("qtbot")


def test_a_damaged_book_is_restored_from_the_message_that_refuses_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    daily = wait_for_daily_backup(window, qtbot)
    path = window.session.book.path
    original = window.session.owner
    window.close_book()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page: SQLite cannot read the book
    path.write_bytes(bytes(data))
    seen: list[str] = []

    def choose_restore(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and box.objectName() == "damagedBookDialog"
        [button] = [b for b in box.buttons() if b.text() == "Restore a backup…"]
        when_shown(RestoreDialog, in_dialog, seen)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, RestoreDialog)
        click_row(dialog, 0)
        when_shown(QMessageBox, lambda box: QTest.keyClick(box, Qt.Key.Key_R), seen)
        QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_shown(QMessageBox, choose_restore, seen)
    assert not window.open_book(path)
    assert seen == ["QMessageBox", "RestoreDialog", "QMessageBox"]
    qtbot.waitUntil(lambda: window.session is not None, timeout=20_000)
    assert window.session.owner == original
    kept = [b for b in list_backups(path) if b.damaged]
    assert len(kept) == 1 and kept[0].path.read_bytes() == bytes(data)
    assert daily.path.exists()
