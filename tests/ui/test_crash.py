"""An error nobody expected, in the window: a calm dialog that says the book is safe and where
the details went, the traceback in the log file, and the window still there."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QMessageBox

from csm_desk import logfile, paths
from csm_desk.ui.crash import CrashHandler
from tests.ui.answering import box_words, find_box


@pytest.fixture
def log_file(isolated_home: Path) -> Iterator[Path]:
    path = logfile.start()
    assert path == isolated_home / "logs" / "csm-desk.log"
    yield path
    logfile.stop()


@pytest.fixture
def crashes(window) -> Iterator[CrashHandler]:  # type: ignore[no-untyped-def]
    handler = CrashHandler(lambda: window)
    handler.install()
    yield handler
    handler.uninstall()


def _crash_box(qtbot) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: find_box("crashDialog") is not None, timeout=10_000)
    box = find_box("crashDialog")
    assert box is not None
    return box


def test_an_error_in_a_slot_shows_the_dialog_and_the_log_keeps_the_traceback(
    qtbot, window, log_file, crashes, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr("csm_desk.ui.crash.QDesktopServices.openUrl", opened.append)

    def broken_slot() -> None:
        raise RuntimeError("the slot broke")

    QTimer.singleShot(0, broken_slot)
    box = _crash_box(qtbot)
    words = box_words(box)
    assert words.startswith("CSM Desk ran into an unexpected problem")
    assert "Your book is safe: every change you made was saved when you made it." in words
    assert f"Details were written to {log_file}." in words
    assert "RuntimeError: the slot broke" in words
    assert box.parent() is window
    texts = [b.text() for b in box.buttons()]
    assert "Open log folder" in texts and "Close" in texts

    text = log_file.read_text(encoding="utf-8")
    assert "Unexpected error in the window" in text
    assert "Traceback (most recent call last)" in text
    assert "in broken_slot" in text and "RuntimeError: the slot broke" in text

    # A second error while the dialog is up is written down, not shown twice.
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: log_file.read_text(encoding="utf-8").count("the slot broke") >= 4)
    assert sum(1 for _ in _visible_crash_boxes()) == 1

    next(b for b in box.buttons() if b.text() == "Open log folder").click()
    assert opened == [QUrl.fromLocalFile(str(paths.log_dir()))]
    qtbot.waitUntil(lambda: find_box("crashDialog") is None)
    assert crashes.dialog is None
    assert window.session is not None  # the window carries on


def _visible_crash_boxes() -> Iterator[QMessageBox]:
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        crash = isinstance(widget, QMessageBox) and widget.objectName() == "crashDialog"
        if crash and widget.isVisible():
            yield widget


def test_an_error_on_another_thread_is_shown_on_the_window(qtbot, log_file, crashes) -> None:  # type: ignore[no-untyped-def]
    def broken_thread() -> None:
        raise ValueError("the thread broke")

    worker = threading.Thread(target=broken_thread, name="importer")
    worker.start()
    worker.join()
    box = _crash_box(qtbot)
    assert "ValueError: the thread broke" in box_words(box)
    text = log_file.read_text(encoding="utf-8")
    assert "Unexpected error on the thread importer" in text
    assert "in broken_thread" in text
    box.close()


def test_a_background_job_that_breaks_says_so_and_logs_it(
    qtbot, window, log_file, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))

    def broken_job(_progress) -> None:  # type: ignore[no-untyped-def]
        raise KeyError("missing piece")

    task = window.run_task("Broken job", broken_job, lambda _result: None)
    with qtbot.waitSignal(task.failed, timeout=10_000):
        pass
    assert shown == [
        "CSM Desk ran into an unexpected problem (KeyError: 'missing piece'). Your book is "
        "safe: every change you made was saved when you made it. Details were written to "
        f"{log_file}."
    ]
    assert isinstance(task.error, KeyError)
    text = log_file.read_text(encoding="utf-8")
    assert "Unexpected error in a background task" in text and "in broken_job" in text


def test_the_hook_is_put_back(window) -> None:  # type: ignore[no-untyped-def]
    import sys

    before, before_thread = sys.excepthook, threading.excepthook
    handler = CrashHandler(lambda: window)
    handler.install()
    assert sys.excepthook == handler.excepthook
    assert threading.excepthook == handler.thread_excepthook
    handler.uninstall()
    assert sys.excepthook is before and threading.excepthook is before_thread
