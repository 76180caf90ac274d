"""A failed undo or redo leaves the book, the undo stack and the Undo menu where they were, says
why in one line, and can be tried again once the fault is gone."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from csm_desk.models.bookfile import ReadOnlyBookError
from csm_desk.models.ops import SetFields
from csm_desk.models.writer import Writer
from tests.dumps import dump
from tests.ui.conftest import account_id


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning",
        lambda _parent, _title, text: messages.append(text),
    )
    return messages


def _disk_full(_op: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _press(window: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    QTest.keyClick(window, key, modifiers)


def _edited(window: Any, qtbot: Any) -> int:
    """The window shown with one edit (Northwind's ARR) on the undo stack."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach the active window only
    northwind = account_id(window, "Northwind Payments")
    assert window.session.account(northwind).arr == 180_000.0
    assert window.session.apply(
        SetFields("account", {"id": northwind}, {"arr": 250_000.0}, "Edit ARR")
    )
    assert window.session.undo_stack.index() == 1
    return northwind


def test_ctrl_z_on_a_full_disk_leaves_the_stack_and_the_book_then_works_once_it_is_fixed(
    window, qtbot, shown, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    northwind = _edited(window, qtbot)
    session = window.session
    edited = dump(session.book)
    monkeypatch.setattr(session.writer, "undo", _disk_full)

    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert shown == ["Could not undo edit arr: database or disk is full; nothing was changed"]
    assert session.undo_stack.index() == 1
    assert session.undo_stack.count() == 1
    assert window.commands.undo.isEnabled()
    assert window.commands.undo.text() == "&Undo Edit ARR"
    assert not window.commands.redo.isEnabled()
    assert dump(session.book) == edited
    assert session.account(northwind).arr == 250_000.0

    monkeypatch.undo()  # the disk has room again
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1
    assert session.undo_stack.index() == 0
    assert session.account(northwind).arr == 180_000.0
    assert window.commands.redo.isEnabled()


def test_a_failed_redo_leaves_the_step_to_redo_later(window, qtbot, shown, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    northwind = _edited(window, qtbot)
    session = window.session
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.undo_stack.index() == 0
    undone = dump(session.book)

    def read_only(_op: object) -> None:
        raise ReadOnlyBookError("Sample.csmbook is read-only (a copy); nothing was changed")

    monkeypatch.setattr(session.writer, "run", read_only)
    _press(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert shown == [
        "Could not redo edit arr: Sample.csmbook is read-only (a copy); nothing was changed"
    ]
    assert session.undo_stack.index() == 0
    assert window.commands.redo.isEnabled()
    assert dump(session.book) == undone

    monkeypatch.setattr(session.writer, "run", Writer.run.__get__(session.writer))
    window.commands.redo.trigger()
    assert session.undo_stack.index() == 1
    assert session.account(northwind).arr == 250_000.0
    assert len(shown) == 1


def test_a_step_whose_rows_are_gone_leaves_the_stack(window, qtbot, shown) -> None:  # type: ignore[no-untyped-def]
    northwind = _edited(window, qtbot)
    session = window.session
    with session.book.write() as conn:
        conn.exec_driver_sql("DELETE FROM account WHERE id = ?", (northwind,))
    _press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1
    assert shown[0].startswith("Could not undo edit arr: ")
    assert session.undo_stack.count() == 0
    assert not window.commands.undo.isEnabled()
