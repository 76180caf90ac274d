"""Search everything (Ctrl+Shift+F): type words, see every field of every account that holds
them, best first with the words marked; Enter or a double-click opens the account at the tab
and row the hit comes from."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.vocab import Area
from csm_desk.models.search import TABLES, Hit, search_book
from csm_desk.ui.editors.form import FormEditor
from csm_desk.ui.editors.row_table import RowTableEditor

if TYPE_CHECKING:
    from csm_desk.ui.account.workspace import AccountWorkspace
    from csm_desk.ui.session import BookSession

LIMIT = 200
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def hit_html(hit: Hit) -> str:
    """A hit as two lines: where it is, then the words around the match, the match in bold."""
    words = "".join(
        f"<b style='background-color:#fff1a8; color:#1f2328'>{html.escape(t)}</b>"
        if matched
        else html.escape(t)
        for t, matched in hit.parts
    )
    return (
        f"<div><b>{html.escape(hit.account)}</b> · "
        f"<span style='color:#6e7781'>{html.escape(hit.label)}</span></div>"
        f"<div>{' '.join(words.split())}</div>"
    )


class SearchDialog(QDialog):
    """The search box and its hits.

    Signals:
        chosen(object): the ``Hit`` to open.
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchEverything")
        self.setWindowTitle("Search everything")
        self.session: BookSession | None = None
        self.hits: list[Hit] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run)
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Search notes, recaps, risks, plans, reviews…")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.count = QLabel()
        self.count.setObjectName("searchCount")
        self.list = QListWidget()
        self.list.setObjectName("searchHits")
        # A long snippet is cut at the right edge; its tooltip has it whole.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A light tint, not the full selection colour, so the marked words stay readable.
        self.list.setStyleSheet(
            "QListWidget#searchHits::item { border-bottom: 1px solid rgba(128,128,128,40); }"
            "QListWidget#searchHits::item:selected { background: rgba(9,105,218,45); }"
        )
        self.list.itemActivated.connect(self._choose)
        self.list.itemDoubleClicked.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.box)
        layout.addWidget(self.count)
        layout.addWidget(self.list, 1)
        self.resize(640, 480)

    def open_for(self, session: BookSession) -> None:
        """Show the dialog on ``session``'s book, with the last words searched again."""
        self.session = session
        self.run()
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus()
        self.box.selectAll()

    def run(self) -> None:
        """Search for the words in the box now."""
        self._timer.stop()
        text = self.box.text()
        self.hits = search_book(self.session.book, text, limit=LIMIT) if self.session else []
        self.list.clear()
        for hit in self.hits:
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            item.setToolTip(hit.snippet)
            label = QLabel(hit_html(hit))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.list.addItem(item)
            item.setSizeHint(label.sizeHint())
            self.list.setItemWidget(item, label)
        if self.hits:
            self.list.setCurrentRow(0)
        shown = len(self.hits)
        if not text.strip():
            self.count.setText("Type words to find them in every account")
        elif not shown:
            self.count.setText("Nothing matches")
        else:
            more = "+" if shown == LIMIT else ""
            self.count.setText(f"{shown}{more} match{'es' if shown != 1 else ''}, best first")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.box
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.run()
                self._choose(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)

    def _choose(self, item: QListWidgetItem | None) -> None:
        hit = item.data(HIT_ROLE) if item is not None else None
        if isinstance(hit, Hit):
            self.hide()
            self.chosen.emit(hit)


def _parent_keys(table: str, row: dict[str, Any]) -> list[tuple[str, Any]]:
    """The (parent table, id) pairs a row refers to, account aside (a meeting's action item →
    the meeting)."""
    model = TABLES.get(table)
    if model is None:
        return []
    found = []
    for fk in model.__table__.foreign_keys:  # type: ignore[attr-defined]
        parent = str(fk.column.table.name)
        value = row.get(str(fk.parent.name))
        if parent != "account" and value is not None:
            found.append((parent, value))
    return found


def area_of(workspace: AccountWorkspace, table: str, column: str) -> Area:
    """The tab that shows ``table``'s rows (or its ``column`` in a form), found among the
    tabs' editors; a table no tab edits goes to its parent's tab, else the snapshot. Links
    go to the Links tab, which lists every one (the others show the selected row's)."""
    if table == "link" and Area.LINKS in workspace.pages:
        return Area.LINKS
    for area, page in workspace.pages.items():
        if page.findChild(RowTableEditor, f"rows_{table}") is not None:
            return area
    for area, page in workspace.pages.items():
        for form in page.findChildren(FormEditor):
            if form.model.__tablename__ == table and column in form.widgets:
                return area
    model = TABLES.get(table)
    if model is not None:
        for fk in model.__table__.foreign_keys:  # type: ignore[attr-defined]
            parent = str(fk.column.table.name)
            if parent not in ("account", table):
                return area_of(workspace, parent, "")
    return Area.SNAPSHOT


def show_hit(workspace: AccountWorkspace, hit: Hit) -> None:
    """In the open account, show the tab and row (or field) ``hit`` comes from."""
    ctx = workspace.ctx
    if ctx is None:
        return
    workspace.show_area(area_of(workspace, hit.table, hit.column))
    page = workspace.tabs.currentWidget()
    row: dict[str, Any] | None = None
    try:
        row = next((r for r in ctx.rows_of(hit.table) if r.get("id") == hit.row_id), None)
    except (KeyError, AttributeError):
        row = None
    for parent, parent_id in _parent_keys(hit.table, row or {}):
        editor = page.findChild(RowTableEditor, f"rows_{parent}")
        if editor is not None:
            editor.select({"id": parent_id})
    editor = page.findChild(RowTableEditor, f"rows_{hit.table}")
    if editor is not None:
        editor.select({"id": hit.row_id})
        editor.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    for form in page.findChildren(FormEditor):
        if form.model.__tablename__ == hit.table and hit.column in form.widgets:
            widget = form.widgets[hit.column]
            scroll = getattr(page, "scroll_area", None)
            if scroll is not None:
                scroll.ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
