"""View ▸ As of… shows what ``csm-desk report --today D`` prints: the same book on that day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csm_desk.__main__ import main
from csm_desk.report import report_json


@pytest.mark.parametrize("day", [dt.date(2025, 12, 1), dt.date(2026, 4, 15), dt.date(2026, 7, 5)])
def test_the_window_as_of_a_day_is_the_report_of_that_day(
    qtbot: object, demo_path: Path, capsys: pytest.CaptureFixture[str], day: dt.date
) -> None:
    from csm_desk.ui.main_window import MainWindow

    assert main(["report", "--json", "--book", str(demo_path), "--today", day.isoformat()]) == 0
    printed = json.loads(capsys.readouterr().out)

    win = MainWindow()
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    assert win.open_book(demo_path)
    try:
        win.session.set_as_of(day)
        shown = report_json(win.session.result)
        assert shown["as_of"] == printed["as_of"] == day.isoformat()
        assert shown["accounts"] == printed["accounts"]
        assert shown["book"] == printed["book"]
        names = {a["name"] for a in shown["accounts"]}
        assert "Juniper Robotics" not in names, "its contract starts in November 2026"
        # The portfolio the person sees lists the same accounts with the same ARR.
        table = win.portfolio.model
        assert table.rowCount() == len(shown["accounts"])
    finally:
        win.close_book()


def test_as_of_is_chosen_with_the_toolbar_and_the_calendar_keys(
    qtbot: object,
    demo_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A click on As of, seven months back with Page Up, a week back with the arrows, OK: the
    window shows the book of 15 Apr 2026 as the report of that day does; Today goes back."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableView, QToolBar

    from csm_desk.ui.dialogs.simple import AsOfDialog
    from csm_desk.ui.main_window import MainWindow
    from tests.conftest import TODAY

    day = dt.date(2026, 4, 15)
    assert main(["report", "--json", "--book", str(demo_path), "--today", day.isoformat()]) == 0
    printed = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("CSM_DESK_TODAY", TODAY.isoformat())  # --today set it for the process

    win = MainWindow()
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    assert win.open_book(demo_path)
    try:
        assert win.session.as_of == TODAY
        win.show()
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=2000)  # type: ignore[attr-defined]
        toolbar = win.findChild(QToolBar, "mainToolbar")
        button = toolbar.widgetForAction(win.commands.as_of)
        opened: list[dt.date] = []

        def pick(keys: list[Qt.Key], today: bool = False) -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, AsOfDialog):
                QTimer.singleShot(20, lambda: pick(keys, today))
                return
            selected = dialog.calendar.selectedDate()
            opened.append(dt.date(selected.year(), selected.month(), selected.day()))
            buttons = dialog.findChild(QDialogButtonBox)
            if today:
                reset = next(b for b in buttons.buttons() if b.text() == "Today")
                QTest.mouseClick(reset, Qt.MouseButton.LeftButton)
            grid = dialog.calendar.findChild(QTableView)
            for key in keys:
                QTest.keyClick(grid, key)
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, lambda: pick([Qt.Key.Key_PageUp] * 7 + [Qt.Key.Key_Up]))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert opened == [TODAY]
        assert win.session.as_of == day
        shown = report_json(win.session.result)
        assert shown["accounts"] == printed["accounts"]
        assert shown["book"] == printed["book"]
        assert win._status["as_of"].text() == "As of 2026-04-15"
        assert win.portfolio.model.rowCount() == len(shown["accounts"])

        QTimer.singleShot(0, lambda: pick([], today=True))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        assert opened[-1] == day, "the dialog opens on the day shown"
        assert win.session.as_of == TODAY
    finally:
        win.close_book()
