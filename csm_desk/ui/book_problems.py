"""When a book cannot be opened as asked: who has it, what is wrong with it, and what the person
can do about it (look at it read-only, restore a backup, salvage what can still be read).

A book that cannot be read never opens silently: a failure while it is opened or first read is
turned into one line (``opening_failure``) and shown with the ways out that fit it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from csm_desk import APP_NAME, paths
from csm_desk.models.bookfile import (
    BookError,
    BookLockedError,
    DamagedBookError,
    damaged,
    describe_failure,
)

if TYPE_CHECKING:
    from csm_desk.models.salvage_report import SalvageReport
    from csm_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

BOOK_FILTER = f"CSM Desk books (*{paths.BOOK_SUFFIX});;All files (*)"

Role = QMessageBox.ButtonRole


def ask_to_read_only(parent: QWidget, path: Path, exc: BookLockedError) -> bool:
    """Say who has the book open for changes and offer to open it read-only; True when the
    person chose to."""
    who = exc.holder.describe() if exc.holder is not None else "another program"
    box = QMessageBox(parent)
    box.setObjectName("bookLockedDialog")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(APP_NAME)
    box.setText(f"{path.name} is open in {who}.")
    box.setInformativeText(
        "Only one window at a time can change a book. You can open it read-only to look at "
        "it, or cancel and close it there first."
    )
    read_only = box.addButton("Open read-only", Role.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def opening_failure(exc: BaseException, path: Path) -> BookError | None:
    """What went wrong while opening or first reading the book at ``path``, in one line; None
    for a program error (which the crash handler reports with its traceback)."""
    if isinstance(exc, BookError):
        return exc
    described = describe_failure(exc, path)
    if described is not None:
        if described == str(damaged(path, exc)):
            return DamagedBookError(described)
        return BookError(described)
    if isinstance(exc, ValueError | TypeError | OverflowError):
        # A stored value the program cannot read (a date that does not exist, text where a
        # number belongs). Kept in the log in full, in case it is the program's fault.
        log.warning("A value in %s could not be read", path, exc_info=exc)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return DamagedBookError(
            f"{path} holds a value this version cannot read ({reason}); restore a backup or "
            "salvage what is readable"
        )
    return None


def show_opening_problem(
    window: MainWindow,
    path: Path,
    problem: BookError,
    restore: Callable[[], object] | None = None,
) -> None:
    """Show why the book at ``path`` did not open. For a damaged book, offer ``restore`` (the
    restore-from-backup dialog, when the window has one) and salvage."""
    if not isinstance(problem, DamagedBookError):
        QMessageBox.warning(window, APP_NAME, str(problem))
        return
    box = QMessageBox(window)
    box.setObjectName("damagedBookDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"{path.name} cannot be opened: it is damaged.")
    ways = []
    restore_button = None
    if restore is not None:
        restore_button = box.addButton("Restore a backup…", Role.ActionRole)
        ways.append("restore one of its backups")
    salvage_button = box.addButton("Salvage…", Role.ActionRole)
    ways.append("salvage what can still be read into a new book")
    box.setInformativeText(f"{problem}\n\nThe file was left as it is. You can {' or '.join(ways)}.")
    close_button = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(close_button)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore_button:
        restore()
    elif clicked is salvage_button:
        salvage_book(window, path)


def salvage_book(window: MainWindow, source: Path) -> None:
    """Ask where to write what can still be read of the damaged book at ``source``, write it
    off the GUI thread, then offer to open it."""
    suggested = source.with_name(f"{source.stem} (salvaged){paths.BOOK_SUFFIX}")
    name, _filter = QFileDialog.getSaveFileName(
        window, "Salvage book — where to write the new book", str(suggested), BOOK_FILTER
    )
    if not name:
        return
    out = Path(name)
    if not out.suffix:
        out = out.with_suffix(paths.BOOK_SUFFIX)

    def job(progress: Callable[[float, str], None]) -> SalvageReport:
        from csm_desk.models.salvage import salvage

        progress(0.05, f"Copying what can be read of {source.name}…")
        return salvage(source, out)

    window.run_task("Salvage book", job, lambda report: offer_salvaged(window, out, report))


def offer_salvaged(window: MainWindow, out: Path, report: SalvageReport) -> None:
    """Say what the salvage saved and lost, and offer to open the new book."""
    lines = list(report.lines())
    box = QMessageBox(window)
    box.setObjectName("salvagedBookDialog")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Book salvaged")
    box.setText(f"Wrote {out.name} in {out.parent}.")
    box.setInformativeText(
        (lines[0] + "\n\n" if lines else "") + "Open the salvaged book now? The damaged book "
        "was left as it is."
    )
    if len(lines) > 1:
        box.setDetailedText("\n".join(lines))
    open_button = box.addButton("Open", Role.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button)
    box.exec()
    if box.clickedButton() is open_button:
        window.open_book(out)
