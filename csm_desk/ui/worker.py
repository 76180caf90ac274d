"""Long work (hand-over copies, exports, imports) off the GUI thread, with a progress dialog.

The job runs on a ``QThread``; progress and the result come back to the GUI thread through
signals, so the window stays responsive and nothing touches widgets from the worker. A job that
fails reports one line: a full disk, a refused permission or a damaged book in words, anything
unexpected as such, its traceback written to the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from csm_desk.ui.crash import failure_words

# A job receives a progress callback (fraction 0–1, words) and returns its result.
Progress = Callable[[float, str], None]
Job = Callable[[Progress], Any]


class _Runner(QObject):
    """Lives on the worker thread and runs the job there; reports through its signals."""

    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job
        self.error: Exception | None = None

    def run(self) -> None:
        def progress(fraction: float, words: str = "") -> None:
            self.progressed.emit(fraction, words)

        try:
            result = self._job(progress)
        except Exception as exc:
            self.error = exc
            self.failed.emit(failure_words(exc))
            return
        self.finished.emit(result)


class BackgroundTask(QObject):
    """Runs one job on a thread while a progress dialog shows how far it got.

    Signals:
        done(object): the job's result.
        failed(str): why the job failed, in words for the person (``error`` holds the
            exception).
        progressed(float, str): how far the job got (0–1) and what it is doing.
    """

    done = Signal(object)
    failed = Signal(str)
    progressed = Signal(float, str)

    def __init__(self, parent: QWidget, title: str, job: Job, *, quiet: bool = False) -> None:
        super().__init__(parent)
        # ``quiet``: no progress dialog, for work the person did not ask for and need not
        # wait for (the daily backup).
        self.dialog: QProgressDialog | None = None
        if not quiet:
            self.dialog = QProgressDialog(title, "", 0, 100, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setValue(0)
        self._thread = QThread(self)
        self._runner = _Runner(job)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self._progress)
        self._runner.finished.connect(self._finish)
        self._runner.failed.connect(self._fail)
        # The thread ends as soon as the job has, so ``wait`` never depends on the GUI
        # thread handling the result first.
        direct = Qt.ConnectionType.DirectConnection
        self._runner.finished.connect(self._thread.quit, direct)
        self._runner.failed.connect(self._thread.quit, direct)

    @property
    def error(self) -> Exception | None:
        """What the job raised, once ``failed`` was emitted."""
        return self._runner.error

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        """Block until the thread ended (for tests and shutdown)."""
        self._thread.wait()

    def _progress(self, fraction: float, words: str) -> None:
        self.progressed.emit(fraction, words)
        if self.dialog is None:
            return
        self.dialog.setValue(int(max(0.0, min(1.0, fraction)) * 100))
        if words:
            self.dialog.setLabelText(words)

    def _end(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()

    def _finish(self, result: Any) -> None:
        self._end()
        self.done.emit(result)

    def _fail(self, message: str) -> None:
        self._end()
        self.failed.emit(message)
