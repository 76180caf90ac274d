"""File ▸ Export calendar…: the book's dates as an .ics file for the CSM's own calendar, from the
book as the window shows it (its as-of date and scores)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from csm_desk.engine.agenda import DEFAULT_DAYS
from csm_desk.ics import CalendarError, write_calendar
from csm_desk.workday_cli import book_calendar

if TYPE_CHECKING:
    from csm_desk.ui.main_window import MainWindow

CALENDAR_FILTER = "Calendar (*.ics)"


def export_calendar(window: MainWindow, days: int = DEFAULT_DAYS) -> Path | None:
    """Ask where to write the calendar and write it; a failure is shown, and no file is left.
    Returns the file written (None when cancelled or failed)."""
    session = window.session
    if session is None:
        return None
    start = session.book.path.with_suffix(".ics")
    name, _filter = QFileDialog.getSaveFileName(
        window, "Export calendar", str(start), CALENDAR_FILTER
    )
    if not name:
        return None
    out = Path(name)
    if out.suffix.lower() != ".ics":
        out = out.with_name(out.name + ".ics")
    try:
        data, count = book_calendar(session.book, session.as_of, days)
        write_calendar(data, out)
    except CalendarError as exc:
        window.show_problem(f"The calendar was not written: {exc}")
        return None
    window.statusBar().showMessage(f"Wrote {count} events for the next {days} days to {out}", 8000)
    return out
