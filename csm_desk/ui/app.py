"""Start-up: the application object, the book to open, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QMessageBox

from csm_desk import APP_NAME, paths
from csm_desk.models.bookfile import BookError, BookFile


class MainWindow(QMainWindow):
    """The book's accounts in a list (the full workspace comes with the portfolio view)."""

    def __init__(self, book: BookFile) -> None:
        super().__init__()
        self.book = book
        self.setWindowTitle(f"{book.name} — {APP_NAME}")
        self.accounts = QListWidget(self)
        from csm_desk.models.load import load_book

        for account in load_book(book).accounts:
            self.accounts.addItem(account.name)
        self.setCentralWidget(self.accounts)
        self.resize(900, 600)


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


def run_app(book_path: Path | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    path = book_path or paths.default_book()
    if book_path is None and not path.exists():
        chosen = choose_first_book(path)
        if chosen is None:
            return 0
        path = chosen
    try:
        book = BookFile.open(path, create=book_path is None)
    except BookError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(book)
    window.show()
    try:
        return int(app.exec())
    finally:
        book.close()
