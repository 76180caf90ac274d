"""My follow-ups beside Today's priorities: the engine's list grouped by when it is due, worked
in place (done, a new date, snoozed a week), each change one undo step through the session."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.followups import (
    DEFAULT_DAYS,
    FollowUp,
    FollowUpKind,
    FollowUps,
    follow_ups,
)
from csm_desk.engine.vocab import Area, MilestonePhase
from csm_desk.models.fields import spec_of
from csm_desk.models.followup_rows import (
    SOURCES,
    can_mark_done,
    mark_done,
    read_work_rows,
    set_due,
    snooze,
)
from csm_desk.models.ops import MODELS
from csm_desk.ui import formatting
from csm_desk.ui.editors.fields import DateField
from csm_desk.ui.editors.row_table import RowTableEditor

if TYPE_CHECKING:
    from csm_desk.ui.account.workspace import AccountWorkspace

Index = QModelIndex | QPersistentModelIndex
FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1
SNOOZE_DAYS = 7


class _Line(NamedTuple):
    """A row of the list: a group's heading (``item`` None) or one follow-up."""

    heading: str
    item: FollowUp | None


class FollowUpsModel(QAbstractListModel):
    """Our follow-ups group by group, each group under its heading, then the customer's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[_Line] = []
        self._today = dt.date.min

    def set_follow_ups(self, result: FollowUps) -> None:
        lines: list[_Line] = []
        for group, items in result.groups():
            lines.append(_Line(f"{group.label} ({len(items)})", None))
            lines.extend(_Line("", i) for i in items)
        lines.append(_Line(f"Waiting on the customer ({len(result.waiting)})", None))
        lines.extend(_Line("", i) for i in result.waiting)
        if lines == self._lines and result.today == self._today:
            return
        self.beginResetModel()
        self._lines = lines
        self._today = result.today
        self.endResetModel()

    def follow_up(self, row: int) -> FollowUp | None:
        return self._lines[row].item if 0 <= row < len(self._lines) else None

    def row_of(self, item: FollowUp) -> int | None:
        for row, line in enumerate(self._lines):
            if line.item is not None and (line.item.kind, line.item.row_id) == (
                item.kind,
                item.row_id,
            ):
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._lines[index.row()].item is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        item = line.item
        if item is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return line.heading
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{_when(item.due, self._today)} · {item.account_name} · "
                f"{item.kind.label}: {item.text}"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            owner = f"\nOwner: {item.owner}" if item.owner else ""
            return (
                f"{item.account_name}\n{item.kind.label}: {item.text}\n"
                f"Due {item.due.isoformat()}{owner}"
            )
        if role == Qt.ItemDataRole.ForegroundRole and item.due < self._today:
            return QColor(formatting.RED)
        if role == FOLLOW_UP_ROLE:
            return item
        return None


def _when(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days}d late"
    return due.strftime("%a %d %b") if days <= SNOOZE_DAYS else due.strftime("%d %b")


class FollowUpsPanel(QWidget):
    """The list with its heading and the buttons that work the selected follow-up.

    Attributes:
        model: the list; ``view`` shows it.
        due_edit: the selected follow-up's date; a new date typed here (Enter) moves it.
        done_button, snooze_button: mark the selected follow-up done, or put it off a week.

    Signals:
        open_requested(object): open the account at the row a ``FollowUp`` comes from.
    """

    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.days = DEFAULT_DAYS
        self._stale = False
        self.model = FollowUpsModel(self)
        self.heading = QLabel("My follow-ups")
        self.heading.setObjectName("sectionHeading")
        self.view = QListView()
        self.view.setObjectName("followUps")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_selected())
        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Mark the selected follow-up done today")
        self.done_button.clicked.connect(self.mark_done)
        self.snooze_button = QPushButton("Snooze a week")
        self.snooze_button.setToolTip("Put the selected follow-up off by a week")
        self.snooze_button.clicked.connect(self.snooze)
        self.due_edit = DateField(spec_of(MODELS["action_item"], "due"))
        self.due_edit.setObjectName("followUpDue")
        self.due_edit.setToolTip(
            "The selected follow-up's date: type a new one (2026-12-15, 15 Dec 2026) or pick it"
        )
        self.due_edit.committed.connect(self._date_typed)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.due_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        self._show_selected()

    # -- showing -------------------------------------------------------------------------------

    def set_session(self, session: Any) -> None:
        """Follow ``session`` (a ``BookSession``, or None when no book is open)."""
        self.session = session
        if session is not None:
            session.written.connect(lambda _changed: self.refresh())
            session.rescored.connect(lambda ids: self.refresh() if ids is None else None)
        self.refresh()

    def refresh(self) -> None:
        """Read the follow-ups again, keeping the selection on the same row (or the one that
        took its place). While the window shows another tab or page, that waits until the list
        is shown: a big book's edits do not each read every follow-up again."""
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if self.session is None:
            self.model.set_follow_ups(FollowUps(dt.date.today(), self.days))
            self._show_selected()
            return
        with self.session.book.read() as conn:
            rows = read_work_rows(conn)
        result = follow_ups(rows, self.session.as_of, self.days)
        current = self.selected()
        row = self.view.currentIndex().row()
        self.model.set_follow_ups(result)
        overdue = len(result.overdue)
        self.heading.setText(
            f"My follow-ups  ·  {len(result.ours())} ({overdue} overdue)"
            if overdue
            else f"My follow-ups  ·  {len(result.ours())}"
        )
        kept = self.model.row_of(current) if current is not None else None
        self._select_near(kept if kept is not None else row)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _select_near(self, row: int) -> None:
        for candidate in (*range(max(row, 0), self.model.rowCount()), *range(row - 1, -1, -1)):
            if self.model.follow_up(candidate) is not None:
                self.view.setCurrentIndex(self.model.index(candidate))
                break
        self._show_selected()

    def selected(self) -> FollowUp | None:
        index = self.view.currentIndex()
        return self.model.follow_up(index.row()) if index.isValid() else None

    def select(self, item: FollowUp) -> bool:
        """Make ``item`` the selected follow-up (False when it is not listed)."""
        row = self.model.row_of(item)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row))
        return row is not None

    def _show_selected(self) -> None:
        item = self.selected()
        writable = self.session is not None and not self.session.read_only
        self.done_button.setEnabled(writable and item is not None and can_mark_done(item))
        self.snooze_button.setEnabled(writable and item is not None)
        self.due_edit.setEnabled(writable and item is not None)
        self.due_edit.write(item.due if item is not None else None)
        self.problem.hide()
        if item is not None and not can_mark_done(item):
            where = "reassess the risk" if SOURCES[item.kind].table == "risk" else "record it"
            self.done_button.setToolTip(f"Open the account to {where}")
        else:
            self.done_button.setToolTip("Mark the selected follow-up done today")

    # -- working -------------------------------------------------------------------------------

    def mark_done(self) -> None:
        item = self.selected()
        if item is not None and self.session is not None and can_mark_done(item):
            self.session.apply(mark_done(item, self.session.as_of))

    def snooze(self) -> None:
        item = self.selected()
        if item is not None and self.session is not None:
            self.session.apply(snooze(item, self.session.as_of, SNOOZE_DAYS))

    def move_to(self, due: dt.date) -> None:
        """Give the selected follow-up the date ``due``."""
        item = self.selected()
        if item is not None and self.session is not None and due != item.due:
            self.session.apply(set_due(item, due))

    def _date_typed(self) -> None:
        chosen, problem = self.due_edit.read()
        if problem or not isinstance(chosen, dt.date):
            self.problem.setText(problem or "A follow-up needs a date; type one or pick it.")
            self.problem.show()
            return
        self.problem.hide()
        self.move_to(chosen)

    def _open(self, index: QModelIndex) -> None:
        item = self.model.follow_up(index.row()) if index.isValid() else None
        if item is not None:
            self.open_requested.emit(item)


def show_follow_up_row(workspace: AccountWorkspace, item: FollowUp) -> None:
    """Show, in the open account, the tab and row ``item`` comes from: an onboarding milestone
    on the onboarding tab, an action item under its meeting."""
    ctx = workspace.ctx
    if ctx is None:
        return
    source = SOURCES[item.kind]
    row = next((r for r in ctx.rows_of(source.table) if r.get("id") == item.row_id), None)
    if row is None:
        return
    if item.kind is FollowUpKind.MILESTONE and row.get("phase") == MilestonePhase.ONBOARDING:
        workspace.show_area(Area.ONBOARDING)
    page = workspace.tabs.currentWidget()
    if item.kind is FollowUpKind.ACTION_ITEM and row.get("meeting_id") is not None:
        meetings = page.findChild(RowTableEditor, "rows_meeting")
        if meetings is not None:
            meetings.select({"id": row["meeting_id"]})
    editor = page.findChild(RowTableEditor, f"rows_{source.table}")
    if editor is not None:
        editor.select({"id": item.row_id})
        editor.view.setFocus(Qt.FocusReason.OtherFocusReason)
