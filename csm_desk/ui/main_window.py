"""The main window: wires the book session, the portfolio, the account workspace, the menus
and the dialogs together. It holds no tab or model of its own."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from csm_desk import APP_NAME, paths
from csm_desk.engine.followups import FollowUp
from csm_desk.engine.vocab import Area
from csm_desk.models import clock
from csm_desk.ui import icons, window_size
from csm_desk.ui.dialogs import simple
from csm_desk.ui.menus import WindowActions, build_actions
from csm_desk.ui.portfolio_view import PortfolioView
from csm_desk.ui.prefs import WindowPrefs
from csm_desk.ui.quick_open import QuickOpen
from csm_desk.ui.read_only_banner import ReadOnlyBanner
from csm_desk.ui.worker import BackgroundTask, Job, Progress

if TYPE_CHECKING:
    from csm_desk.models.backups import Backup
    from csm_desk.models.bookfile import BookFile
    from csm_desk.models.ops import Changed
    from csm_desk.models.peek import Peek
    from csm_desk.models.results import Stored
    from csm_desk.models.scored import Loaded
    from csm_desk.models.search import Hit
    from csm_desk.ui.account.workspace import AccountWorkspace
    from csm_desk.ui.search_dialog import SearchDialog
    from csm_desk.ui.session import BookSession

BOOK_FILTER = f"CSM Desk books (*{paths.BOOK_SUFFIX});;All files (*)"
# Books with more accounts than this open off the GUI thread, with progress.
BACKGROUND_FROM = 300
# The day's first backup starts this long after the portfolio is shown.
DAILY_BACKUP_AFTER_MS = 500
# Opening a book starts at most this long after its stored results were shown.
AFTER_PAINT_AT_MOST_MS = 250
# Who has a book open, in the words another window shows ("open in the CSM Desk window of …").
WINDOW = f"the {APP_NAME} window"


class AfterPaint(QObject):
    """Calls ``then`` once, after ``widget`` has next been painted (or, if it is not shown,
    soon anyway)."""

    def __init__(self, widget: QWidget, then: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self._widget = widget
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(AFTER_PAINT_AT_MOST_MS, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._widget.removeEventFilter(self)
            then()
            self.deleteLater()


def same_file(path: Path) -> str:
    """A key naming the file at ``path`` however it is written (links, case, relative)."""
    return os.path.normcase(os.path.realpath(path))


def account_count(book: BookFile) -> int:
    with book.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM account").scalar_one())


class MainWindow(QMainWindow):
    """The CSM's desk: the portfolio and one account at a time.

    Attributes:
        prefs: the window's preferences (layout, recent books).
        session: the open book (None until one is open).
        portfolio: the portfolio page; ``workspace`` the account page of the open book.
        commands: every menu and toolbar action.
    """

    def __init__(self, prefs: WindowPrefs | None = None) -> None:
        super().__init__()
        self.prefs = prefs or WindowPrefs()
        self.session: BookSession | None = None
        self.workspace: AccountWorkspace | None = None
        self.tasks: list[BackgroundTask] = []
        self._closing = False
        self._opening: object | None = None  # the book being opened in the background
        self.setWindowIcon(icons.app_icon())
        self.undo_group = QUndoGroup(self)
        self.commands: WindowActions = build_actions(self)
        self.portfolio = PortfolioView()
        self.portfolio.open_requested.connect(self.open_account)
        self.portfolio.follow_up_requested.connect(self.open_follow_up)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.portfolio)
        self.read_only_banner = ReadOnlyBanner()
        self.read_only_banner.reopen_requested.connect(self.reopen_book)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.quick_open = QuickOpen(self.portfolio.model, self)
        self.quick_open.chosen.connect(
            lambda account_id: self.open_account(account_id, Area.SNAPSHOT.value)
        )
        self._search_dialog: SearchDialog | None = None
        self._status = {key: QLabel() for key in ("book", "owner", "as_of", "saved")}
        for label in self._status.values():
            self.statusBar().addPermanentWidget(label)
        self._status["saved"].setText("All changes saved")
        self._workspace_timer = QTimer(self)
        self._workspace_timer.setSingleShot(True)
        self._workspace_timer.setInterval(250)
        self._workspace_timer.timeout.connect(self._build_workspace)
        self._totals_timer = QTimer(self)
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(0)
        self._totals_timer.timeout.connect(self._show_totals)
        self._backup_task: BackgroundTask | None = None
        self._portfolio_task: BackgroundTask | None = None
        self._backup_timer = QTimer(self)
        self._backup_timer.setSingleShot(True)
        self._backup_timer.setInterval(DAILY_BACKUP_AFTER_MS)
        self._backup_timer.timeout.connect(self._take_daily_backup)
        self._connect_actions()
        self.resize(window_size.first_size(self.screen()))
        self._restore_layout()

    # -- wiring --------------------------------------------------------------------------------

    def _connect_actions(self) -> None:
        a = self.commands
        a.new_book.triggered.connect(self.new_book)
        a.open_book.triggered.connect(self.choose_book)
        a.recent_menu.aboutToShow.connect(self._fill_recent)
        a.handover.triggered.connect(self.hand_over)
        a.export_calendar.triggered.connect(self.export_calendar)
        a.restore_backup.triggered.connect(lambda: self.restore_backup())
        a.book_settings.triggered.connect(self.edit_settings)
        a.quit.triggered.connect(self.close)
        # Through the session: the book is written first and the stack moves only if it was.
        a.undo.triggered.connect(lambda: self.session is not None and self.session.undo())
        a.redo.triggered.connect(lambda: self.session is not None and self.session.redo())
        self.undo_group.canUndoChanged.connect(a.undo.setEnabled)
        self.undo_group.canRedoChanged.connect(a.redo.setEnabled)
        self.undo_group.undoTextChanged.connect(
            lambda text: a.undo.setText(f"&Undo {text}".strip())
        )
        self.undo_group.redoTextChanged.connect(
            lambda text: a.redo.setText(f"&Redo {text}".strip())
        )
        a.undo.setEnabled(False)
        a.redo.setEnabled(False)
        a.find.triggered.connect(self.find_account)
        a.quick_open.triggered.connect(self.quick_open.popup)
        a.search_all.triggered.connect(self.search_everything)
        a.new_account.triggered.connect(self.new_account)
        a.delete_account.triggered.connect(self.delete_account)
        a.show_portfolio.triggered.connect(self.show_portfolio)
        a.show_account.triggered.connect(self.show_account_page)
        a.show_filters.toggled.connect(self.portfolio.show_filters)
        a.show_churned.toggled.connect(self.portfolio.churned_filter.setChecked)
        self.portfolio.churned_filter.toggled.connect(a.show_churned.setChecked)
        a.show_charts.toggled.connect(self.show_portfolio_charts)
        self.portfolio.charts_shown.connect(a.show_charts.setChecked)
        a.as_of.triggered.connect(self.choose_as_of)
        a.shortcuts.triggered.connect(lambda: simple.show_shortcuts(self))
        a.about.triggered.connect(lambda: simple.show_about(self))
        a.import_csv.triggered.connect(self.import_csv)
        a.export_document.triggered.connect(lambda: self.export_document())
        a.export_portfolio.triggered.connect(self.export_portfolio)
        self.pages.currentChanged.connect(lambda _index: self._update_actions())

    def _update_actions(self) -> None:
        has_book = self.session is not None
        writable = self.session is not None and not self.session.read_only
        on_account = self.workspace is not None and self.pages.currentWidget() is self.workspace
        for action in (
            self.commands.handover,
            self.commands.export_portfolio,
            self.commands.export_calendar,
            self.commands.restore_backup,
            self.commands.as_of,
            self.commands.quick_open,
            self.commands.search_all,
            self.commands.find,
        ):
            action.setEnabled(has_book)
        # Everything that changes the book; a read-only book can be looked at, not changed.
        for action in (
            self.commands.import_csv,
            self.commands.book_settings,
            self.commands.new_account,
        ):
            action.setEnabled(writable)
        if has_book and not writable:
            self.commands.undo.setEnabled(False)
            self.commands.redo.setEnabled(False)
        self.commands.delete_account.setEnabled(on_account and writable)
        self.commands.export_document.setEnabled(on_account)
        self.commands.show_account.setEnabled(
            self.workspace is not None and self.workspace.ctx is not None
        )

    # -- the book ------------------------------------------------------------------------------

    def open_book(
        self, path: Path, *, create: bool = False, background: bool | None = None
    ) -> bool:
        """Open (or with ``create`` make) the book at ``path``; a message explains a refusal.

        A book another program has open for changes can be opened read-only instead (the
        person is asked); a read-only file or folder opens read-only; a book that cannot be
        read is refused with the ways out (restore a backup, salvage), the book shown before
        staying open. One window per book: a book this window shows already stays as it is, a
        book another window shows brings that window forward.

        A big book is read and scored off the GUI thread with progress shown (``background``
        decides; by default, books of more than ``BACKGROUND_FROM`` accounts), so the window
        stays responsive while it opens. When no book is shown yet and the book keeps results
        from its last use, they are painted first (``open_in_background``).
        """
        if not create and self._shows(path):
            return True
        other = next((w for w in self._other_windows() if w._shows(path)), None)
        if other is not None:
            other.show()
            other.raise_()
            other.activateWindow()
            self.statusBar().showMessage(f"{path.name} is open in another {APP_NAME} window", 8000)
            return False
        if not create and self.session is None and background is not False:
            from csm_desk.models.peek import peek

            look = peek(path, clock.today())
            if look is not None and (background or len(look.book.accounts) > BACKGROUND_FROM):
                self.open_in_background(path, look)
                return True
        opened = self._open_file(path, create)
        if opened is None:
            return False
        from csm_desk.models.scored import load_scored
        from csm_desk.ui import book_problems

        book, beside = opened
        try:
            count = account_count(book)
            if background is None:
                background = count > BACKGROUND_FROM
            loaded = None if background else load_scored(book, clock.today(), keep=True)
        except Exception as exc:
            book.close()
            problem = book_problems.opening_failure(exc, path)
            if problem is None:
                raise
            book_problems.show_opening_problem(self, path, problem, self._restore_offer(path))
            return False
        if not background:
            self.set_book(book, loaded, beside=beside)
            return True
        self.statusBar().showMessage(f"Opening {book.name} ({count:,} accounts)…")
        self._load_in_background(path, lambda: book, beside)
        return True

    def open_in_background(
        self, path: Path, look: Peek | None, *, beside: str | None = None
    ) -> None:
        """Open the book at ``path`` entirely off the GUI thread: first show ``look`` (its
        stored results: accounts to be brought up to date in grey italics), then open, check,
        read and score the book while the window stays usable, and show the scored book in
        place. ``beside``: who has the book open for changes; it is then opened to read."""
        name = path.stem
        if look is not None:
            self.portfolio.show_peek(look)
            self.setWindowTitle(f"{name} — {APP_NAME}")
            self.show_portfolio()
        waiting = len(look.updating) + look.unseen if look is not None else 0
        words = f"bringing {waiting:,} accounts up to date" if waiting else "checking the book"
        self.statusBar().showMessage(f"Opening {name}: {words}…")

        def book_file() -> BookFile:
            from csm_desk.models.bookfile import BookFile

            if beside is not None:
                return BookFile.open(path, access="read")
            return BookFile.open(path, program=WINDOW, allow_read_only=True)

        opening = self._opening = object()

        def start() -> None:
            if self._opening is not opening:
                return  # another book was asked for meanwhile
            known = look.stored if look is not None else None
            task = self._load_in_background(
                path, book_file, beside, quiet=True, token=opening, known=known
            )
            task.progressed.connect(
                lambda fraction, _words: self.statusBar().showMessage(
                    f"Opening {name}: {words}… {fraction:.0%}"
                )
            )

        if look is None:
            start()
        else:
            # The work starts once the stored results are on screen, so it does not slow
            # their first paint.
            AfterPaint(self.portfolio.table.viewport(), start, self)

    def _load_in_background(
        self,
        path: Path,
        book_file: Callable[[], BookFile],
        beside: str | None,
        *,
        quiet: bool = False,
        token: object | None = None,
        known: Stored | None = None,
    ) -> BackgroundTask:
        """Open (``book_file``), read and score the book at ``path`` off the GUI thread, then
        show it; a failure is explained, with the ways out. What it needs is imported on the
        worker thread, so the window stays responsive meanwhile. Only the latest book asked
        for is shown (``token``): one opened since takes its place, and this one is let go.
        ``known``: the stored results the window's first look read (not parsed again)."""
        as_of = clock.today()
        if token is None:
            token = self._opening = object()

        def job(progress: Progress) -> tuple[BookFile, Loaded]:
            from csm_desk.models.bookfile import BookLockedError
            from csm_desk.models.scored import load_scored
            from csm_desk.ui import book_problems

            try:
                book = book_file()
            except BookLockedError:
                raise
            except Exception as exc:
                problem = book_problems.opening_failure(exc, path)
                if problem is None:
                    raise
                raise problem from exc
            try:
                loaded = load_scored(book, as_of, progress, keep=True, known=known)
            except Exception as exc:
                book.close()
                problem = book_problems.opening_failure(exc, path)
                if problem is None:
                    raise
                raise problem from exc
            # What the window builds next, imported here rather than on the GUI thread.
            importlib.import_module("csm_desk.ui.followups")
            importlib.import_module("csm_desk.ui.account.workspace")
            return book, loaded

        def done(result: tuple[BookFile, Loaded]) -> None:
            book, loaded = result
            if self._closing or self._opening is not token:
                book.close()
                return
            self._opening = None
            self.set_book(book, loaded, beside=beside)
            self.statusBar().showMessage(f"Opened {book.name}", 3000)

        def failed(message: str) -> None:
            from csm_desk.models.bookfile import BookError, BookLockedError
            from csm_desk.ui import book_problems

            if self._opening is not token:
                return  # another book was asked for meanwhile: this one is not wanted now
            self._opening = None
            error = task.error
            self.statusBar().clearMessage()
            if self.session is None:
                self.portfolio.clear()
                self.setWindowTitle(APP_NAME)
            if isinstance(error, BookLockedError):
                if book_problems.ask_to_read_only(self, path, error):
                    who = error.holder.describe() if error.holder else "another program"
                    self.open_in_background(path, None, beside=who)
                return
            problem = error if isinstance(error, BookError) else BookError(message)
            book_problems.show_opening_problem(self, path, problem, self._restore_offer(path))

        task = self.run_task(f"Opening {path.stem}", job, done, on_failed=failed, quiet=quiet)
        return task

    def _open_file(self, path: Path, create: bool) -> tuple[BookFile, str | None] | None:
        """The book at ``path`` opened for this window, and who else has it open for changes
        when it was opened read-only beside them; None (the reason shown) when it did not
        open."""
        from csm_desk.models.bookfile import BookFile, BookLockedError
        from csm_desk.ui import book_problems

        try:
            if create:
                return BookFile.create(path), None
            try:
                return BookFile.open(path, program=WINDOW, allow_read_only=True), None
            except BookLockedError as exc:
                if not book_problems.ask_to_read_only(self, path, exc):
                    return None
                who = exc.holder.describe() if exc.holder is not None else "another program"
                return BookFile.open(path, access="read"), who
        except Exception as exc:
            problem = book_problems.opening_failure(exc, path)
            if problem is None:
                raise
            book_problems.show_opening_problem(self, path, problem, self._restore_offer(path))
            return None

    def _shows(self, path: Path) -> bool:
        """Whether this window shows the book at ``path``."""
        return self.session is not None and same_file(self.session.book.path) == same_file(path)

    def _other_windows(self) -> list[MainWindow]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w is not self
        ]

    def _restore_offer(self, path: Path) -> Callable[[], object] | None:
        """The restore-from-backup dialog, offered for a book that cannot be read when it has
        backups."""
        from csm_desk.models.backups import list_backups

        return (lambda: self.restore_backup(path)) if list_backups(path) else None

    def reopen_book(self) -> None:
        """Open the shown book again: for changes when nobody else has it now, else read-only
        with what was saved since."""
        if self.session is not None:
            path = self.session.book.path
            self.close_book()
            self.open_book(path)

    def set_book(
        self,
        book: BookFile,
        loaded: Loaded | None = None,
        *,
        beside: str | None = None,
    ) -> None:
        """Show ``book`` (already scored when ``loaded``), closing the one that was open.
        ``beside``: who has the book open for changes, when it was opened read-only beside
        them."""
        self.close_book()
        from csm_desk.ui.session import BookSession

        session = BookSession(book, parent=self, loaded=loaded)
        self.session = session
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        session.rescored.connect(self._rescored)
        session.written.connect(self._written)
        session.failed.connect(self.show_problem)
        self.portfolio.show_book(session.result)
        self.portfolio.followups.set_session(session)
        self.prefs.remember_book(book.path)
        marker = " (read-only)" if book.read_only else ""
        self.setWindowTitle(f"{book.name}{marker} — {APP_NAME}")
        self._show_read_only(book, beside)
        self._update_status()
        self.show_portfolio()
        # Build the account workspace once the portfolio is on screen, so neither the start
        # nor the first account opened waits for it.
        self._workspace_timer.start()
        self._backup_timer.start()

    def close_book(self) -> None:
        self._backup_timer.stop()
        if self._backup_task is not None:
            self._backup_task.wait()  # the daily backup reads the book: let it finish first
        if self.session is None:
            return
        session, self.session = self.session, None
        self.portfolio.followups.set_session(None)
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.undo_group.removeStack(session.undo_stack)
        self.read_only_banner.hide()
        self.setWindowTitle(APP_NAME)
        session.book.close()
        session.deleteLater()

    def new_book(self) -> None:
        start = str(paths.documents_dir() / ("New book" + paths.BOOK_SUFFIX))
        name, _filter = QFileDialog.getSaveFileName(self, "New book", start, BOOK_FILTER)
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(paths.BOOK_SUFFIX)
            self.open_book(path, create=True)

    def choose_book(self) -> None:
        start = str(self.session.book.path.parent if self.session else paths.data_dir())
        name, _filter = QFileDialog.getOpenFileName(self, "Open book", start, BOOK_FILTER)
        if name:
            self.open_book(Path(name))

    def _fill_recent(self) -> None:
        menu = self.commands.recent_menu
        menu.clear()
        for path in self.prefs.recent_books():
            action = menu.addAction(path.stem)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_book(p))
        if menu.isEmpty():
            menu.addAction("No recent books").setEnabled(False)

    def export_calendar(self) -> None:
        """Write the book's dates as a calendar file the person chooses."""
        from csm_desk.ui.calendar_export import export_calendar

        export_calendar(self)

    def hand_over(self) -> None:
        """Write a verified copy of the book for a successor, off the GUI thread."""
        if self.session is None:
            return
        from csm_desk.ui.dialogs.handover import HandoverDialog

        dialog = HandoverDialog(self.session, self)
        if not dialog.exec():
            return
        out = dialog.target()
        if out is None:
            return
        self.run_task(
            "Hand over book",
            dialog.job(out),
            lambda written: self.statusBar().showMessage(f"Handed over: {written}", 8000),
        )

    def restore_backup(self, path: Path | None = None) -> None:
        """Put a book (the open one, or the one at ``path``) back as one of its backups: the
        person chooses one and confirms; the book is closed here, restored off the GUI thread
        and opened again. A refusal is shown and the book that was open opened again."""
        target = path or (self.session.book.path if self.session is not None else None)
        if target is None:
            return
        from csm_desk.models.backups import list_backups
        from csm_desk.ui.dialogs.restore import RestoreDialog, restore_job

        dialog = RestoreDialog(target, list_backups(target), self)
        chosen = dialog.chosen() if dialog.exec() else None
        if chosen is None:
            return
        for running in list(self.tasks):
            running.wait()
        was_open = self.session is not None and (
            self.session.book.path.resolve() == target.resolve()
        )
        if was_open:
            self.close_book()
        task = self.run_task(
            "Restore from backup",
            restore_job(target, chosen.path),
            lambda kept: self._restored(target, chosen, kept),
        )
        if was_open:
            task.failed.connect(lambda _message: self.open_book(target))

    def _restored(self, path: Path, chosen: Backup, kept: Path | None) -> None:
        self.open_book(path)
        where = f"; the book as it was is kept in {kept.parent}" if kept is not None else ""
        self.statusBar().showMessage(f"Restored {path.name} from {chosen.describe()}{where}", 15000)

    def _take_daily_backup(self) -> None:
        """The book's first backup of the day, off the GUI thread and with no progress dialog
        (nobody asked for it or waits for it); a failure is shown, the book is not changed."""
        if self.session is None or self.session.book.read_only:
            return
        from csm_desk.models.backups import take_daily_backup

        book = self.session.book
        task = BackgroundTask(
            self, "Daily backup", lambda _progress: take_daily_backup(book), quiet=True
        )
        task.done.connect(self._backed_up)
        task.failed.connect(
            lambda message: self.show_problem(f"The daily backup was not taken: {message}")
        )
        self._backup_task = task
        task.start()

    def _backed_up(self, taken: Backup | None) -> None:
        if taken is not None and self.session is not None:
            name = self.session.book.name
            self.statusBar().showMessage(f"Backed up {name} ({taken.reason})", 5000)

    def run_task(
        self,
        title: str,
        job: Job,
        on_done: Callable[[Any], object],
        *,
        on_failed: Callable[[str], object] | None = None,
        quiet: bool = False,
    ) -> BackgroundTask:
        """Run ``job`` off the GUI thread with progress (``quiet``: no progress dialog, the
        caller shows it); failures are shown as a message (or handed to ``on_failed``)."""
        task = BackgroundTask(self, title, job, quiet=quiet)
        self.tasks.append(task)
        task.done.connect(on_done)
        task.failed.connect(on_failed or self.show_problem)
        task.done.connect(lambda _r: self.tasks.remove(task))
        task.failed.connect(lambda _m: self.tasks.remove(task))
        task.start()
        return task

    # -- accounts ------------------------------------------------------------------------------

    def ensure_workspace(self) -> AccountWorkspace | None:
        """The account workspace of the open book, built the first time it is needed (its
        thirteen tabs are not worth building before an account is opened)."""
        self._start_workspace()
        if self.workspace is not None:
            self.workspace.finish()
        return self.workspace

    def _start_workspace(self) -> None:
        if self.workspace is None and self.session is not None:
            from csm_desk.ui.account.workspace import AccountWorkspace

            self.workspace = AccountWorkspace(self.session, tabs_later=True)
            self.workspace.back.connect(self.show_portfolio)
            self.workspace.export_requested.connect(self.export_document)
            self.pages.addWidget(self.workspace)

    def _build_workspace(self) -> None:
        """Build the workspace a tab per turn of the event loop, so the window never waits
        for all of it at once."""
        self._start_workspace()
        if self.workspace is not None and self.workspace.build_next():
            QTimer.singleShot(0, self._build_workspace)

    def open_account(self, account_id: int, area: str = Area.SNAPSHOT.value) -> None:
        if self.session is None or self.session.account(account_id) is None:
            return
        workspace = self.ensure_workspace()
        assert workspace is not None
        workspace.open_account(account_id, Area(area))
        self.pages.setCurrentWidget(workspace)
        self._update_actions()

    def open_follow_up(self, item: FollowUp) -> None:
        """Open the account a follow-up belongs to, at the tab and row it comes from."""
        from csm_desk.models.followup_rows import SOURCES
        from csm_desk.ui.followups import show_follow_up_row

        self.open_account(item.account_id, SOURCES[item.kind].area.value)
        if self.workspace is not None and self.workspace.account_id == item.account_id:
            show_follow_up_row(self.workspace, item)

    @property
    def search_dialog(self) -> SearchDialog:
        """Search everything (made the first time it is asked for)."""
        if self._search_dialog is None:
            from csm_desk.ui.search_dialog import SearchDialog

            self._search_dialog = SearchDialog(self)
            self._search_dialog.chosen.connect(self.open_search_hit)
        return self._search_dialog

    def search_everything(self) -> None:
        """Show the search dialog on the open book."""
        if self.session is not None:
            self.search_dialog.open_for(self.session)

    def open_search_hit(self, hit: Hit) -> None:
        """Open the account a search hit belongs to, at the tab and row (or field) it is in."""
        self.open_account(hit.account_id)
        self.activateWindow()
        if self.workspace is not None and self.workspace.account_id == hit.account_id:
            from csm_desk.ui.search_dialog import show_hit

            show_hit(self.workspace, hit)

    def show_portfolio(self) -> None:
        self.pages.setCurrentWidget(self.portfolio)
        self._update_actions()

    def show_portfolio_charts(self, shown: bool) -> None:
        """Show the book's charts (True) or its accounts table (False) on the portfolio."""
        self.portfolio.show_charts(shown)
        if shown:
            self.show_portfolio()

    def show_account_page(self) -> None:
        if self.workspace is not None and self.workspace.ctx is not None:
            self.pages.setCurrentWidget(self.workspace)

    def find_account(self) -> None:
        self.show_portfolio()
        self.portfolio.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.portfolio.search.selectAll()

    def new_account(self) -> None:
        if self.session is None:
            return
        from csm_desk.ui.dialogs.new_account import NewAccountDialog

        dialog = NewAccountDialog(self.session, self)
        if dialog.exec() and dialog.account_id is not None:
            self.open_account(dialog.account_id)

    def delete_account(self) -> None:
        if self.session is None or self.workspace is None or self.workspace.ctx is None:
            return
        ctx = self.workspace.ctx
        name = ctx.account.get("name", "this account")
        answer = QMessageBox.question(
            self,
            "Delete account",
            f"Delete {name} and everything recorded about it?\n\nYou can undo this with Ctrl+Z.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            from csm_desk.models import ops

            self.session.apply(
                ops.DeleteRow("account", {"id": ctx.account_id}, f"Delete account {name}")
            )

    def export_portfolio(self) -> None:
        """Write the accounts the portfolio shows (its filter and sort) to Excel or CSV, off
        the GUI thread with progress; a file that cannot be written is said in one line."""
        if self.session is None or self._portfolio_task in self.tasks:
            return
        from csm_desk.ui.portfolio_export import ask_target, export_job

        out = ask_target(self, self.session.book.path.name)
        if out is None:
            return

        def written(count: int) -> None:
            accounts = f"{count:,} account{'' if count == 1 else 's'}"
            self.statusBar().showMessage(f"Exported {accounts} of the portfolio to {out}", 8000)

        self._portfolio_task = self.run_task(
            "Exporting the portfolio",
            export_job(self.portfolio, out),
            written,
            on_failed=lambda message: self.show_problem(
                f"The portfolio was not exported. {message}"
            ),
        )

    def export_document(self, preselect: tuple[str | None, int | None] | None = None) -> None:
        """Write one of the open account's documents off the GUI thread, then offer to open it.
        ``preselect``: the document (and recap meeting) a tab's Export… button asked for."""
        if self.session is None or self.workspace is None or self.workspace.ctx is None:
            return
        from csm_desk.ui.dialogs import export_doc

        ctx = self.workspace.ctx
        dates = {r["id"]: r["date"] for r in ctx.rows_of("meeting")}
        meetings = sorted(ctx.meeting_options(), key=lambda m: (dates[m[0]], m[0]), reverse=True)
        dialog = export_doc.ExportDialog(self.session, ctx.account_id, meetings, self)
        if preselect is not None:
            dialog.preselect(*preselect)
        if not dialog.exec():
            return
        key, meeting_id = dialog.choice()
        if not export_doc.confirm_incomplete(self, self.session, ctx.account_id, key):
            return
        if not export_doc.confirm_figures(self, self.session, ctx.account_id, key, meeting_id):
            return
        out = export_doc.ask_target(self, dialog.default_path())
        if out is None:
            return
        replace = out.exists()
        if not export_doc.confirm_replace(self, out):
            return
        # Documents draw the stakeholder map for print (whole titles, 8 pt type) from the
        # canvas's saved layout, the same from the window as from the command line.
        job = export_doc.export_job(
            self.session,
            ctx.account_id,
            key,
            out,
            meeting_id,
            None,
            replace=replace,
            allow_incomplete=True,  # asked above (confirm_incomplete)
        )
        self.run_task(
            "Export document", job, lambda written: export_doc.offer_to_open(self, written)
        )

    def import_csv(self) -> None:
        if self.session is None:
            return
        from csm_desk.ui.dialogs.import_csv import ImportDialog

        ImportDialog(self.session, self).exec()

    def edit_settings(self) -> None:
        if self.session is None:
            return
        from csm_desk.ui.dialogs.settings import SettingsDialog

        SettingsDialog(self.session, self).exec()

    def choose_as_of(self) -> None:
        if self.session is None:
            return
        dialog = simple.AsOfDialog(self.session.as_of, self)
        if dialog.exec():
            self.session.set_as_of(dialog.chosen())

    # -- reacting to the book ------------------------------------------------------------------

    def _rescored(self, changed_ids: frozenset[int] | None) -> None:
        if self.session is None:
            return
        if changed_ids is None:
            self.portfolio.show_book(self.session.result)
        else:
            # The edited rows now; the book's totals once this event is done, so a burst of
            # edits sums the book once and the row never waits for it.
            self.portfolio.show_accounts(changed_ids, self.session.summaries(changed_ids))
            self._totals_timer.start()
        self._update_status()

    def _show_totals(self) -> None:
        if self.session is not None:
            self.portfolio.show_totals(self.session.result)

    def _written(self, _changed: Changed) -> None:
        self._status["saved"].setText("All changes saved")

    def _update_status(self) -> None:
        if self.session is None:
            return
        book = self.session.book
        self._status["book"].setText(f"Book: {book.name}")
        self._status["book"].setToolTip(str(book.path))
        self._status["owner"].setText(f"Owner: {self.session.owner or '—'}")
        self._status["as_of"].setText(f"As of {self.session.as_of.isoformat()}")
        self._update_actions()

    def show_problem(self, message: str) -> None:
        QMessageBox.warning(self, APP_NAME, message)

    def _show_read_only(self, book: BookFile, beside: str | None) -> None:
        """The banner and the status bar: whether the book can be changed, and if not why."""
        if not book.read_only:
            self.read_only_banner.hide()
            self._status["saved"].setText("All changes saved")
        elif beside is not None:
            self.read_only_banner.show_reason(
                f"Read-only: {book.name} is open for changes in {beside}. You can look at it "
                "here but not change it; open it again to see what was saved there since.",
                can_reopen=True,
            )
            self._status["saved"].setText("Read-only")
        else:
            self.read_only_banner.show_reason(
                f"Read-only: {book.read_only_reason}. You can look at this book but not change it."
            )
            self._status["saved"].setText("Read-only")
        notices = [n for n in book.notices if "is read-only" not in n]
        if notices:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                APP_NAME,
                "\n\n".join(notices),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    # -- layout --------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.prefs.layout("window")
        if geometry is not None:
            self.restoreGeometry(geometry)
            # Saved on a bigger or differently scaled screen: keep it on this one.
            self.setGeometry(window_size.fit_on_screen(self.geometry(), self.screen()))
        for key, restore in (
            ("portfolio_splitter", self.portfolio.splitter.restoreState),
            ("portfolio_header", self.portfolio.table.horizontalHeader().restoreState),
        ):
            state = self.prefs.layout(key)
            if state is not None:
                restore(state)

    def save_layout(self) -> None:
        self.prefs.save_layout("window", self.saveGeometry())
        self.prefs.save_layout("portfolio_splitter", self.portfolio.splitter.saveState())
        self.prefs.save_layout(
            "portfolio_header", self.portfolio.table.horizontalHeader().saveState()
        )
        self.prefs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        for task in list(self.tasks):
            task.wait()
        # A book that finished opening meanwhile is handed over (and closed) now.
        QApplication.sendPostedEvents(None, 0)
        self.save_layout()
        self.close_book()
        super().closeEvent(event)
