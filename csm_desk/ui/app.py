"""Start-up: the application object, the book to open, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from csm_desk import APP_NAME, logfile, paths
from csm_desk.ui.crash import CrashHandler
from csm_desk.ui.main_window import MainWindow
from csm_desk.ui.prefs import WindowPrefs
from csm_desk.ui.style import apply_style

# The desktop entry and the AppStream component share this id (packaging/).
DESKTOP_ID = "io.csmdesk.CSMDesk"


def choose_first_book(default: Path) -> Path | None:
    """On first start, offer the demo book or an empty one."""
    answer = QMessageBox.question(
        None,
        APP_NAME,
        "Welcome. Would you like to explore the demo book first?\n\n"
        "Choose No to start your own empty book.",
    )
    if answer == QMessageBox.StandardButton.Yes:
        from csm_desk.models import clock
        from csm_desk.models.demo import write_demo

        demo = default.with_name("Demo" + paths.BOOK_SUFFIX)
        if not demo.exists():
            write_demo(demo, clock.today())
        return demo
    return default


def book_to_open(book_path: Path | None, prefs: WindowPrefs) -> tuple[Path | None, bool]:
    """The book to start with and whether to create it: the one named, else the last one
    opened, else the default book (offering the demo on the very first start)."""
    if book_path is not None:
        return book_path, False
    last = prefs.last_book()
    if last is not None and last.exists():
        return last, False
    default = paths.default_book()
    if default.exists():
        return default, False
    chosen = choose_first_book(default)
    return chosen, chosen == default


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    apply_style(app)
    app.paletteChanged.connect(lambda _palette: apply_style(app))
    return app


def run_app(book_path: Path | None) -> int:
    """Open the window on ``book_path`` (or the book chosen as above) and run until it closes.
    An unexpected error from then on is written to the log and shown in a dialog."""
    app = make_app()
    logfile.start()
    crashes = CrashHandler(QApplication.activeWindow)
    crashes.install()
    prefs = WindowPrefs()
    path, create = book_to_open(book_path, prefs)
    if path is None:
        return 0
    window = MainWindow(prefs)
    window.show()  # on screen at once; a big book then opens with its progress shown
    # A book that did not open was explained (and maybe is being salvaged): the window stays,
    # for another book, a backup or the salvaged copy.
    # Off the GUI thread, painted first from what the book kept when it has kept results.
    window.open_book(path, create=create, background=None if create else True)
    return int(app.exec())
