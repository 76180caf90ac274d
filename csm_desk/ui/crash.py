"""An error nobody expected, in the window: its traceback goes to the log file and the person
sees one calm dialog, instead of the program vanishing or printing a traceback nobody reads.

``CrashHandler`` takes over ``sys.excepthook`` (errors in slots and event handlers reach it) and
``threading.excepthook`` (errors on other threads, shown on the GUI thread). ``failure_words``
gives the words for a background job's failure: the one line of a known failure (the disk, the
file, SQLite, a refused book or export), else the same unexpected-problem words, logged;
``could_not_write`` the words for a file that could not be written.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from csm_desk import APP_NAME, logfile, paths

SAFE = "Your book is safe: every change you made was saved when you made it."
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def where_details_are(log: Path | None) -> str:
    if log is None:
        return f"The details could not be written: {paths.log_dir()} cannot be written to."
    return f"Details were written to {log}."


def unexpected_words(exc: BaseException, where: str) -> str:
    """Record ``exc`` in the log and return what to tell the person about it, in one line."""
    log = logfile.record_unexpected(exc, where)
    return (
        f"{APP_NAME} ran into an unexpected problem ({logfile.one_line(exc)}). "
        f"{SAFE} {where_details_are(log)}"
    )


def failure_words(exc: BaseException) -> str:
    """What to tell the person when a background job failed with ``exc``."""
    from csm_desk.export.errors import ExportError  # not at start-up: it loads the exporters
    from csm_desk.models.bookfile import BookError, describe_failure
    from csm_desk.portfolio_sheet import SheetError

    if isinstance(exc, BookError | ExportError | SheetError):
        return str(exc)
    described = describe_failure(exc)
    if described is not None:
        return described[0].upper() + described[1:]
    return unexpected_words(exc, "in a background task")


def could_not_write(target: Path, exc: OSError) -> str:
    """One line for a file the program could not write at ``target`` (the disk is full, the
    folder is read-only…), naming the file the person chose rather than a temporary one."""
    from csm_desk.models.bookfile import describe_failure

    reason = describe_failure(OSError(exc.errno, exc.strerror)) or str(exc)
    return f"Could not write {target.name} in {target.parent}: {reason}"


def crash_dialog(parent: QWidget | None, exc: BaseException, log: Path | None) -> QMessageBox:
    """The dialog for an unexpected error (not yet shown)."""
    box = QMessageBox(parent)
    box.setObjectName("crashDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(f"{APP_NAME} — unexpected problem")
    box.setText(
        f"{APP_NAME} ran into an unexpected problem and could not finish what it was doing."
    )
    box.setInformativeText(
        f"{SAFE}\n\n{where_details_are(log)}\n\nThe problem: {logfile.one_line(exc)}"
    )
    folder = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
    folder.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_dir())))
    )
    box.addButton(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class CrashHandler(QObject):
    """Shows unexpected errors of this process (after writing them to the log).

    Attributes:
        dialog: the crash dialog on screen, if any (one at a time; later errors are logged).

    Signals:
        crashed(object, object): an exception and the log's path, to show on the GUI thread.
    """

    crashed = Signal(object, object)

    def __init__(self, parent_widget: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self.dialog: QMessageBox | None = None
        self._previous: ExceptHook | None = None
        self._previous_thread: Callable[[threading.ExceptHookArgs], object] | None = None
        # Queued when the error happened on another thread: the dialog is made on this one.
        self.crashed.connect(self._show)

    def install(self) -> None:
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook == self.excepthook:
            sys.excepthook = self._previous
        if self._previous_thread is not None and threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous_thread

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, exc, tb)
            return
        self._report(exc.with_traceback(tb), "in the window")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self._report(args.exc_value, f"on the thread {name}")

    def _report(self, exc: BaseException, where: str) -> None:
        try:
            log = logfile.record_unexpected(exc, where)
            self.crashed.emit(exc, log)
        except Exception:  # the last resort must not raise in turn
            with contextlib.suppress(Exception):
                sys.__excepthook__(type(exc), exc, exc.__traceback__)

    def _show(self, exc: BaseException, log: Path | None) -> None:
        if self.dialog is not None:
            return
        self.dialog = crash_dialog(self._parent_widget(), exc, log)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None
