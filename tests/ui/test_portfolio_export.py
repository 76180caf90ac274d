"""File ▸ Export portfolio… (the table's filter and sort) and copying rows from the table."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from csm_desk.engine.vocab import Segment
from csm_desk.portfolio_sheet import COLUMNS
from csm_desk.ui.portfolio_model import Column


def _shown(win) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = win.portfolio.proxy
    return [proxy.index(r, Column.ACCOUNT).data() for r in range(proxy.rowCount())]


def _file_action(win: QMainWindow, text: str):  # type: ignore[no-untyped-def]
    file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == text)


def _click_header(qtbot, win, column: int) -> None:  # type: ignore[no-untyped-def]
    header = win.portfolio.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_export_portfolio_writes_what_the_table_shows(  # type: ignore[no-untyped-def]
    demo_window, qtbot, monkeypatch, tmp_path: Path, kind: str
) -> None:
    win = demo_window
    win.show()
    qtbot.waitExposed(win)
    view = win.portfolio
    view.segment_filter.setCurrentIndex(view.segment_filter.findData(Segment.HIGH_TOUCH.value))
    _click_header(qtbot, win, Column.ARR)
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.ARR
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    shown = _shown(win)
    assert 1 < len(shown) < 12
    out = tmp_path / f"High touch.{kind}"
    asked = []

    def answer(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(args)
        return str(out), ""

    monkeypatch.setattr("csm_desk.ui.portfolio_export.QFileDialog.getSaveFileName", answer)
    action = _file_action(win, "Export portfolio…")
    assert action.isEnabled()
    action.trigger()
    assert asked
    qtbot.waitUntil(lambda: str(out) in win.statusBar().currentMessage(), timeout=10_000)
    if kind == "csv":
        with out.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        arr = [float(r["ARR"]) for r in rows]
    else:
        sheet = openpyxl.load_workbook(out).active
        header, *values = list(sheet.iter_rows(values_only=True))
        assert header == COLUMNS
        rows = [dict(zip(header, v, strict=True)) for v in values]
        arr = [r["ARR"] for r in rows]
    assert [r["Account"] for r in rows] == shown
    assert {r["Segment"] for r in rows} == {Segment.HIGH_TOUCH.label}
    assert arr == sorted(arr, reverse=descending)
    assert len(set(arr)) > 1
    assert win.statusBar().currentMessage() == (
        f"Exported {len(shown)} accounts of the portfolio to {out}"
    )


def test_a_name_without_a_suffix_gets_the_chosen_kind(  # type: ignore[no-untyped-def]
    demo_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    from csm_desk.ui.portfolio_export import CSV_FILTER

    monkeypatch.setattr(
        "csm_desk.ui.portfolio_export.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "book"), CSV_FILTER),
    )
    _file_action(demo_window, "Export portfolio…").trigger()
    qtbot.waitUntil(lambda: not demo_window.tasks, timeout=10_000)
    assert (tmp_path / "book.csv").read_text(encoding="utf-8-sig").startswith("Account,")


def test_cancelling_writes_nothing(demo_window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "csm_desk.ui.portfolio_export.QFileDialog.getSaveFileName", lambda *a, **k: ("", "")
    )
    _file_action(demo_window, "Export portfolio…").trigger()
    assert demo_window.statusBar().currentMessage() == ""


def test_ctrl_c_copies_the_selected_rows_as_tab_separated_text(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    win.show()
    qtbot.waitExposed(win)
    table = win.portfolio.table
    win.portfolio.search.setText("")
    QGuiApplication.clipboard().setText("before")

    def cell_centre(row: int) -> QPoint:
        return table.visualRect(table.model().index(row, Column.ACCOUNT)).center()

    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell_centre(0))
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        pos=cell_centre(2),
    )
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    shown = _shown(win)
    assert [line.split("\t")[0] for line in lines[1:]] == [shown[0], shown[2]]
    assert all(len(line.split("\t")) == len(COLUMNS) for line in lines)


def _export_to(win, qtbot, monkeypatch, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Export the portfolio to ``out`` from the File menu; returns the warnings shown."""
    shown: list[str] = []
    monkeypatch.setattr(
        "csm_desk.ui.portfolio_export.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning",
        lambda _parent, _title, text, *a: shown.append(text),
    )
    _file_action(win, "Export portfolio…").trigger()
    qtbot.waitUntil(lambda: not win.tasks, timeout=10_000)
    return shown


def test_the_export_is_written_off_the_gui_thread_with_progress(  # type: ignore[no-untyped-def]
    demo_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    import threading

    from csm_desk.ui import portfolio_export

    threads: list[threading.Thread] = []
    told: list[str] = []
    write = portfolio_export.write_sheet

    def watched(*args, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())

        def heard(fraction: float, words: str) -> None:
            told.append(words)
            progress(fraction, words)

        return write(*args, progress=heard, **kwargs)

    monkeypatch.setattr("csm_desk.ui.portfolio_export.write_sheet", watched)
    out = tmp_path / "Portfolio.xlsx"
    assert _export_to(demo_window, qtbot, monkeypatch, out) == []
    assert threads and threads[0] is not threading.main_thread()
    assert told[-1] == "Writing Portfolio.xlsx…"
    assert any(words.startswith("Laying out 12 accounts") for words in told)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 1 + 12
    assert "Exported 12 accounts of the portfolio" in demo_window.statusBar().currentMessage()


def test_a_read_only_folder_is_said_in_one_line(  # type: ignore[no-untyped-def]
    demo_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    import errno
    import tempfile

    folder = tmp_path / "shared"
    folder.mkdir()
    make = tempfile.mkstemp

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir", "")) == folder:
            temp = folder / ".portfolio-x.xlsx"
            raise PermissionError(errno.EACCES, "Permission denied", str(temp))
        return make(*args, **kwargs)

    monkeypatch.setattr("csm_desk.portfolio_sheet.tempfile.mkstemp", refused)
    shown = _export_to(demo_window, qtbot, monkeypatch, folder / "Portfolio.xlsx")
    assert shown == [
        "The portfolio was not exported. Could not write Portfolio.xlsx in "
        f"{folder}: permission denied; nothing was written"
    ]
    assert list(folder.iterdir()) == []
    assert "Exported" not in demo_window.statusBar().currentMessage()


def test_a_full_disk_is_said_in_one_line_and_leaves_no_file(  # type: ignore[no-untyped-def]
    demo_window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    import os
    import tempfile

    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    folder = tmp_path / "usb"
    folder.mkdir()
    make = tempfile.mkstemp

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(kwargs.get("dir", "")) == folder:
            temp = folder / ".portfolio-x.xlsx"
            temp.touch()
            return os.open("/dev/full", os.O_WRONLY), str(temp)
        return make(*args, **kwargs)

    monkeypatch.setattr("csm_desk.portfolio_sheet.tempfile.mkstemp", full)
    shown = _export_to(demo_window, qtbot, monkeypatch, folder / "Portfolio.csv")
    assert shown == [
        "The portfolio was not exported. Could not write Portfolio.csv in "
        f"{folder}: the disk is full; nothing was written"
    ]
    assert list(folder.iterdir()) == []
