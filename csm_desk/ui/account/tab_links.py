"""The Links tab: web addresses and file paths kept with the account, or with one of its
meetings, risks or milestones, each opened with the desktop's own handler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from csm_desk.engine.links import link_problem, link_scheme
from csm_desk.engine.vocab import Area
from csm_desk.ui import icons
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.tab_base import INTERNAL, WorkspaceTab
from csm_desk.ui.editors.row_table import RowTableEditor
from csm_desk.ui.editors.values import RefOptions
from csm_desk.ui.formatting import AREA_TITLES

LINK_COLUMNS = ["label", "target", "meeting_id", "risk_id", "milestone_id", "shareable"]


def link_url(target: str) -> QUrl:
    """What the desktop is asked to open: a web address (or mail, file… URL) as it is, a file
    path as a local file (``~`` being the home folder)."""
    if link_scheme(target) is None:
        return QUrl.fromLocalFile(str(Path(target.strip()).expanduser()))
    return QUrl(target.strip())


def open_link(target: str) -> str | None:
    """Open a link with the desktop; the reason it was not opened, or None."""
    problem = link_problem(target)
    if problem is not None:
        return f"This link {problem}."
    if not QDesktopServices.openUrl(link_url(target)):
        return f"Nothing on this computer could open {target.strip()}."
    return None


class LinksTab(WorkspaceTab):
    """Every link of the account. A link may belong to one meeting, risk or milestone (its
    columns say which); links are internal, and only those marked shareable may appear in
    documents the customer sees.

    Attributes:
        links: the table of links.
        open_button: opens the selected link.
        message: why the last link could not be opened.
    """

    area = Area.LINKS
    title = AREA_TITLES[Area.LINKS]
    audience = INTERNAL

    def build(self) -> None:
        self.links = self.row_table(
            "link", LINK_COLUMNS, title="Links", refs=self._refs, visible_rows=10
        )
        self.open_button = QPushButton(icons.icon("export"), "Open link")
        self.open_button.setToolTip("Open the selected link in its usual program")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        self.message = QLabel()
        self.message.setObjectName("fieldProblem")
        self.message.setWordWrap(True)
        self.message.hide()
        hint = QLabel(
            "A web address (https://…) or a file path. Double-click a cell to edit it; "
            "Open link opens the selected one."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.open_button)
        self.body.addLayout(bar)
        self.body.addWidget(self.message)
        self.links.view.selectionModel().selectionChanged.connect(self._selection_changed)

    def _refs(self) -> dict[str, RefOptions]:
        if self.ctx is None:
            return {}
        return {
            "meeting_id": self.ctx.meeting_options(),
            "risk_id": self.ctx.risk_options(),
            "milestone_id": self.ctx.milestone_options(),
        }

    def show_account(self, ctx: AccountContext) -> None:
        self.links.set_refs(self._refs())
        self.links.set_rows(ctx.rows_of("link"))
        self.message.hide()
        self._selection_changed()

    def selected_link(self) -> dict[str, Any] | None:
        key = self.links.selected_key()
        if key is None or self.ctx is None:
            return None
        return next((r for r in self.ctx.rows_of("link") if r["id"] == key.get("id")), None)

    def _selection_changed(self, *_args: object) -> None:
        link = self.selected_link()
        self.open_button.setEnabled(link is not None and bool(str(link["target"]).strip()))

    def open_selected(self) -> None:
        link = self.selected_link()
        if link is None:
            return
        reason = open_link(str(link["target"]))
        self.message.setText(reason or "")
        self.message.setVisible(reason is not None)


class RowLinks:
    """The links of the row selected in another table of a tab (a meeting, a risk or a
    milestone), added, edited and opened right there.

    Attributes:
        table: the links of the selected row; new ones belong to it.
        open_button: opens the selected link.
        message: why the last link could not be opened.
    """

    def __init__(self, tab: WorkspaceTab, holder: RowTableEditor, column: str, noun: str) -> None:
        self.tab = tab
        self.holder = holder
        self.column = column
        self.table = tab.row_table(
            "link",
            ["label", "target", "shareable"],
            title=f"Links of the selected {noun}",
            fixed=self._fixed,
            visible_rows=3,
            add_to_page=False,
        )
        self.open_button = QPushButton(icons.icon("export"), "Open link")
        self.open_button.setToolTip("Open the selected link in its usual program")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        self.message = QLabel()
        self.message.setObjectName("fieldProblem")
        self.message.setWordWrap(True)
        self.message.hide()
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        tab.body.addWidget(self.table)
        tab.body.addLayout(bar)
        tab.body.addWidget(self.message)
        holder.current_changed.connect(lambda _key: self.show())
        self.table.view.selectionModel().selectionChanged.connect(self._selection_changed)

    def _holder_id(self) -> int | None:
        key = self.holder.selected_key()
        # A row being added (a draft) has no id yet, and no links.
        found = None if key is None else key.get("id")
        return None if found is None else int(found)

    def _fixed(self) -> dict[str, Any] | None:
        holder = self._holder_id()
        return None if holder is None else {self.column: holder}

    def show(self) -> None:
        """Show the links of the row selected now."""
        ctx = self.tab.ctx
        if ctx is None:
            return
        holder = self._holder_id()
        self.table.set_rows(
            [r for r in ctx.rows_of("link") if holder is not None and r[self.column] == holder]
        )
        self.message.hide()
        self._selection_changed()

    def selected_link(self) -> dict[str, Any] | None:
        key = self.table.selected_key()
        ctx = self.tab.ctx
        if key is None or ctx is None:
            return None
        return next((r for r in ctx.rows_of("link") if r["id"] == key.get("id")), None)

    def _selection_changed(self, *_args: object) -> None:
        link = self.selected_link()
        self.open_button.setEnabled(link is not None and bool(str(link["target"]).strip()))

    def open_selected(self) -> None:
        link = self.selected_link()
        if link is None:
            return
        reason = open_link(str(link["target"]))
        self.message.setText(reason or "")
        self.message.setVisible(reason is not None)
