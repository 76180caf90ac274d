"""The window's actions (menus, toolbar, shortcuts), declared in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from csm_desk.ui import icons

StdKey = QKeySequence.StandardKey


@dataclass
class WindowActions:
    """Every action of the main window.

    Attributes:
        recent_menu: File ▸ Open recent, filled from the preferences when the menu opens.
    """

    new_book: QAction
    open_book: QAction
    import_csv: QAction
    export_document: QAction
    export_portfolio: QAction
    export_calendar: QAction
    handover: QAction
    restore_backup: QAction
    book_settings: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    quick_open: QAction
    search_all: QAction
    new_account: QAction
    delete_account: QAction
    show_portfolio: QAction
    show_account: QAction
    show_filters: QAction
    show_churned: QAction
    show_charts: QAction
    as_of: QAction
    shortcuts: QAction
    about: QAction
    recent_menu: QMenu


def _action(
    window: QMainWindow,
    text: str,
    *,
    icon: str | None = None,
    keys: tuple[QKeySequence | StdKey | str, ...] = (),
    tip: str = "",
    checkable: bool = False,
) -> QAction:
    action = QAction(text, window)
    if icon:
        action.setIcon(icons.icon(icon))
    if keys:
        action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    return action


def build_actions(window: QMainWindow) -> WindowActions:
    """Create the actions, the menu bar and the toolbar of ``window``."""
    a = WindowActions(
        new_book=_action(
            window,
            "&New book…",
            icon="book-new",
            keys=(StdKey.New,),
            tip="Create a new, empty book",
        ),
        open_book=_action(
            window, "&Open book…", icon="book-open", keys=(StdKey.Open,), tip="Open another book"
        ),
        import_csv=_action(
            window,
            "&Import CSV…",
            icon="import",
            tip="Import accounts, contacts or health signals from a CSV file",
        ),
        export_document=_action(
            window,
            "&Export document…",
            icon="export",
            keys=("Ctrl+E",),
            tip="Write a Word document for the open account",
        ),
        export_portfolio=_action(
            window,
            "Export &portfolio…",
            tip="Write the accounts the portfolio shows, filtered and sorted, to Excel or CSV",
        ),
        export_calendar=_action(
            window,
            "Export &calendar…",
            icon="calendar",
            tip="Write renewals, reviews, due items and meetings as a calendar file (.ics)",
        ),
        handover=_action(
            window,
            "&Hand over book…",
            icon="handover",
            tip="Write a copy of this book for your successor",
        ),
        restore_backup=_action(
            window,
            "&Restore from backup…",
            tip="Put the book back as it was when one of its automatic backups was taken",
        ),
        book_settings=_action(
            window,
            "Book &settings…",
            icon="settings",
            keys=(StdKey.Preferences, "Ctrl+,"),
            tip="Owner, currency, health weights, alert thresholds",
        ),
        quit=_action(window, "&Quit", keys=("Ctrl+Q",)),
        undo=_action(window, "&Undo", icon="undo", keys=("Ctrl+Z",)),
        redo=_action(window, "&Redo", icon="redo", keys=("Ctrl+Shift+Z", "Ctrl+Y")),
        find=_action(
            window, "&Find account…", icon="search", keys=("Ctrl+F",), tip="Search the portfolio"
        ),
        quick_open=_action(
            window,
            "&Quick open…",
            icon="quick-open",
            keys=("Ctrl+K",),
            tip="Type part of an account's name and press Enter",
        ),
        search_all=_action(
            window,
            "&Search everything…",
            icon="search",
            keys=("Ctrl+Shift+F",),
            tip="Find words in every note, recap, risk, plan and review of every account",
        ),
        new_account=_action(
            window,
            "New &account…",
            icon="account-new",
            keys=("Ctrl+Shift+N",),
            tip="Add an account with its sales handoff",
        ),
        delete_account=_action(
            window,
            "&Delete account…",
            icon="account-delete",
            tip="Delete the open account (undoable)",
        ),
        show_portfolio=_action(
            window, "&Portfolio", icon="portfolio", keys=("Ctrl+1",), tip="Back to the whole book"
        ),
        show_account=_action(window, "&Account", keys=("Ctrl+2",), tip="The last account opened"),
        show_filters=_action(window, "Show &filters", checkable=True),
        show_churned=_action(window, "Show &churned accounts", checkable=True),
        show_charts=_action(
            window,
            "Portfolio c&harts",
            keys=("Ctrl+3",),
            tip="Charts of the whole book: health bands, renewals, ARR, discipline",
            checkable=True,
        ),
        as_of=_action(
            window,
            "&As of date…",
            icon="calendar",
            keys=("Ctrl+Shift+D",),
            tip="Look at the book as it stood on another day",
        ),
        shortcuts=_action(window, "&Keyboard shortcuts", keys=("F1",)),
        about=_action(window, "&About CSM Desk"),
        recent_menu=QMenu("Open &recent", window),
    )
    a.show_filters.setChecked(True)

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.new_book, a.open_book])
    file_menu.addMenu(a.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions(
        [
            a.import_csv,
            a.export_document,
            a.export_portfolio,
            a.export_calendar,
            a.handover,
            a.restore_backup,
        ]
    )
    file_menu.addSeparator()
    file_menu.addAction(a.book_settings)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.find, a.quick_open, a.search_all])
    edit_menu.addSeparator()
    edit_menu.addActions([a.new_account, a.delete_account])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.show_portfolio, a.show_account])
    view_menu.addSeparator()
    view_menu.addActions([a.show_filters, a.show_churned, a.show_charts])
    view_menu.addSeparator()
    view_menu.addAction(a.as_of)
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.shortcuts, a.about])

    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    a.undo.setIconText("Undo")
    a.redo.setIconText("Redo")
    a.as_of.setIconText("As of")
    a.book_settings.setIconText("Settings")
    a.import_csv.setIconText("Import")
    a.export_document.setIconText("Export")
    toolbar.addActions([a.show_portfolio, a.quick_open])
    toolbar.addSeparator()
    toolbar.addActions([a.undo, a.redo])
    toolbar.addSeparator()
    toolbar.addActions([a.new_account, a.import_csv, a.export_document])
    toolbar.addSeparator()
    toolbar.addActions([a.as_of, a.book_settings])
    window.addToolBar(toolbar)
    return a
