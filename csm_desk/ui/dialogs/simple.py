"""Small dialogs: the as-of date, the keyboard shortcuts and About."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csm_desk import APP_NAME, __version__
from csm_desk.models import clock

SHORTCUTS = (
    ("Ctrl+K", "Quick open: type part of an account's name, Enter opens it"),
    ("Ctrl+F", "Find an account in the portfolio"),
    ("Ctrl+Shift+F", "Search everything: words in every account's notes, recaps, risks, plans"),
    ("Ctrl+1", "Portfolio"),
    ("Ctrl+2", "The last account opened"),
    ("Ctrl+3", "Portfolio charts"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("Ctrl+Shift+N", "New account"),
    ("Ctrl+E", "Export a document for the open account"),
    ("Ctrl+Shift+D", "Look at the book as of another day"),
    ("Ctrl+,", "Book settings"),
    ("Ctrl+N", "New book"),
    ("Ctrl+O", "Open a book"),
    ("Ctrl+Q", "Quit"),
    ("Enter", "Open the selected account or priority"),
    ("Ctrl+wheel, Ctrl+= / Ctrl+-", "Stakeholder map: zoom in and out"),
    ("Ctrl+0", "Stakeholder map: fit everyone in view"),
    ("Arrows, Shift+arrows", "Stakeholder map: move the selected cards by 10, or by 1"),
    ("Middle button or Space+drag", "Stakeholder map: pan"),
    ("Delete", "Stakeholder map: delete the selected people or lines (undoable)"),
)


class AsOfDialog(QDialog):
    """Pick the day to look at the book on.

    Attributes:
        calendar: the calendar; ``chosen()`` the picked day.
    """

    def __init__(self, current: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Look at the book as of")
        self.calendar = QCalendarWidget()
        self._show_day(current)
        explain = QLabel(
            "Health, renewals, alerts and totals are shown as they stood on this day. "
            "The book itself is not changed."
        )
        explain.setWordWrap(True)
        today = QPushButton("Today")
        today.clicked.connect(lambda: self._show_day(clock.today()))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.addButton(today, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def _show_day(self, day: dt.date) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def chosen(self) -> dt.date:
        date = self.calendar.selectedDate()
        return dt.date(date.year(), date.month(), date.day())


def shortcuts_text() -> str:
    rows = "".join(
        f"<tr><td style='padding:2px 16px 2px 0'><b>{keys}</b></td><td>{what}</td></tr>"
        for keys, what in SHORTCUTS
    )
    return f"<table>{rows}</table>"


def show_shortcuts(parent: QWidget) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", shortcuts_text())


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME} {__version__}</b><br>An offline desk for a Customer Success Manager's "
        "whole book of accounts: health, renewals, artifacts and the documents that come from "
        "them, in one file you own.",
    )
