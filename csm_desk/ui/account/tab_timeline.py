"""The Timeline tab: what happened to the account, newest first, filtered by kind and words.

Read-only. The entries come from ``models.timeline.load_timeline`` (the book's rows and the
edit journal); this tab only shows and filters them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.timeline import TimelineEntry, TimelineKind
from csm_desk.engine.vocab import Area
from csm_desk.ui import formatting
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.tab_base import INTERNAL, WorkspaceTab
from csm_desk.ui.formatting import AREA_TITLES

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Date", "Kind", "What happened", "Detail")
# The singular of each kind, for the Kind column.
KIND_NAMES = {
    TimelineKind.MEETING: "Meeting",
    TimelineKind.HEALTH: "Health",
    TimelineKind.ARR: "ARR",
    TimelineKind.RENEWAL: "Renewal",
    TimelineKind.RISK: "Risk",
    TimelineKind.ARTIFACT: "Artifact",
    TimelineKind.STAKEHOLDER: "Stakeholder",
    TimelineKind.HANDOVER: "Hand-over",
}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class TimelineModel(QAbstractTableModel):
    """The timeline's entries, one row each, in the order given (newest first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: tuple[TimelineEntry, ...] = ()

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = tuple(entries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == KIND_ROLE:
            return entry.kind.value
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return formatting.day(entry.day)
            if column == 1:
                return KIND_NAMES[entry.kind]
            if column == 2:
                return entry.title
            if column == 3:
                return entry.detail
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return "\n".join(t for t in (entry.title, entry.detail) if t)
        return None


class TimelineFilter(QSortFilterProxyModel):
    """Keeps the entries of the chosen kinds (all when none is chosen) holding the words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds: frozenset[TimelineKind] = frozenset()
        self.words = ""

    def set_filter(self, kinds: Iterable[TimelineKind], words: str) -> None:
        self.beginFilterChange()
        self.kinds = frozenset(kinds)
        self.words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, TimelineModel)
        entry = model.entries[source_row]
        if self.kinds and entry.kind not in self.kinds:
            return False
        return entry.matches(self.words)


class TimelineTab(WorkspaceTab):
    """The account's timeline (read-only).

    Attributes:
        model: the entries; ``shown`` the filtered view of them the table shows.
        kind_buttons: one checkable button per kind: checked kinds are shown (all when none).
        all_button: clears the kinds chosen.
        words: keeps entries holding these words.
        count: how many entries are shown.
    """

    area = Area.TIMELINE
    title = AREA_TITLES[Area.TIMELINE]
    audience = INTERNAL

    def main_widget(self) -> QWidget:
        self.model = TimelineModel(self)
        self.shown = TimelineFilter(self)
        self.shown.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("timeline")
        self.view.setModel(self.shown)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Interactive,
                QHeaderView.ResizeMode.Stretch,
            )
        ):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(2, 420)
        self.all_button = QToolButton()
        self.all_button.setText("All")
        self.all_button.setCheckable(True)
        self.all_button.setChecked(True)
        self.all_button.setToolTip("Show every kind of entry")
        self.all_button.clicked.connect(self._show_all)
        self.kind_buttons: dict[TimelineKind, QToolButton] = {}
        kinds = QHBoxLayout()
        kinds.setSpacing(4)
        kinds.addWidget(QLabel("Show:"))
        kinds.addWidget(self.all_button)
        for kind in TimelineKind:
            button = QToolButton()
            button.setObjectName(f"timelineKind_{kind.value}")
            button.setText(kind.label)
            button.setCheckable(True)
            button.setToolTip(f"Show {kind.label.lower()} (with the other kinds chosen)")
            button.toggled.connect(self._apply_filter)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        kinds.addStretch(1)
        self.words = QLineEdit()
        self.words.setObjectName("timelineWords")
        self.words.setPlaceholderText("Filter by words…")
        self.words.setClearButtonEnabled(True)
        self.words.textChanged.connect(self._apply_filter)
        self.count = QLabel()
        self.count.setObjectName("timelineCount")
        words = QHBoxLayout()
        words.addWidget(self.words, 1)
        words.addWidget(self.count)
        page = QWidget()
        page.setObjectName("tabPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(kinds)
        layout.addLayout(words)
        layout.addWidget(self.view, 1)
        return page

    def build(self) -> None:
        pass  # built in main_widget: the table fills the tab rather than scrolling with a page

    def show_account(self, ctx: AccountContext) -> None:
        from csm_desk.models.timeline import load_timeline

        self.model.set_entries(load_timeline(ctx.session.book, ctx.account_id, ctx.as_of))
        self._show_count()

    def chosen_kinds(self) -> list[TimelineKind]:
        return [k for k, b in self.kind_buttons.items() if b.isChecked()]

    def _show_all(self) -> None:
        for button in self.kind_buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self, *_args: object) -> None:
        kinds = self.chosen_kinds()
        self.all_button.setChecked(not kinds)
        self.shown.set_filter(kinds, self.words.text())
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.rowCount()
        shown = self.shown.rowCount()
        self.count.setText(f"{total} entries" if shown == total else f"{shown} of {total} entries")
