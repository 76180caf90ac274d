"""Today's priorities: the engine's ordered list of alerts and due items, each opening the
account at the tab that deals with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.alerts import Alert
from csm_desk.engine.vocab import AlertSeverity
from csm_desk.ui import formatting, icons

ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
AREA_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 3
ACCOUNT_NAME_ROLE = Qt.ItemDataRole.UserRole + 4
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 5
AREA_LABEL_ROLE = Qt.ItemDataRole.UserRole + 6

Index = QModelIndex | QPersistentModelIndex
_COLOURS = {
    AlertSeverity.RED: formatting.RED,
    AlertSeverity.AMBER: formatting.AMBER,
    AlertSeverity.DUE: formatting.GREY,
}


class PrioritiesModel(QAbstractListModel):
    """The priorities in the engine's order (severity, then ARR, then date)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Alert] = []
        self._icons = {s: icons.dot(c, hollow=s is AlertSeverity.DUE) for s, c in _COLOURS.items()}

    def set_priorities(self, items: Sequence[Alert]) -> None:
        """Show ``items``: only the stretch that differs from what is shown changes, so an
        edit moves its own account's items and the list keeps its scroll place and selection.
        """
        new = list(items)
        old = self._items
        if new == old:  # compared in C, the very same objects skipped at once
            return
        if not old or not new:
            self.beginResetModel()
            self._items = new
            self.endResetModel()
            return
        start = 0
        shortest = min(len(old), len(new))
        while start < shortest and old[start] is new[start]:
            start += 1
        tail = 0
        while tail < shortest - start and old[-1 - tail] is new[-1 - tail]:
            tail += 1
        gone, came = len(old) - tail - start, len(new) - tail - start
        if gone == came:
            self._items = new
            self.dataChanged.emit(self.index(start), self.index(start + came - 1))
            return
        if gone:
            self.beginRemoveRows(QModelIndex(), start, start + gone - 1)
            del old[start : start + gone]
            self.endRemoveRows()
        if came:
            self.beginInsertRows(QModelIndex(), start, start + came - 1)
            old[start:start] = new[start : start + came]
            self.endInsertRows()

    def alert(self, row: int) -> Alert:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.account_name} — {item.message}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[item.severity]
        if role == Qt.ItemDataRole.ToolTipRole:
            playbook = f"\nPlaybook: {item.playbook}" if item.playbook else ""
            return f"{item.message}{playbook}\nOpens: {formatting.AREA_TITLES[item.area]}"
        if role == ACCOUNT_ID_ROLE:
            return item.account_id
        if role == AREA_ROLE:
            return item.area.value
        if role == SEVERITY_ROLE:
            return item.severity.value
        if role == ACCOUNT_NAME_ROLE:
            return item.account_name
        if role == MESSAGE_ROLE:
            return item.message
        if role == AREA_LABEL_ROLE:
            return formatting.AREA_TITLES[item.area]
        return None


class PriorityDelegate(QStyledItemDelegate):
    """Two lines per priority: the account in bold with the tab it opens, then the message."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(260, line * 2 + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = option.palette.highlightedText() if selected else option.palette.text()
        rect = option.rect.adjusted(8, 6, -8, -6)
        line = option.fontMetrics.lineSpacing()
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            icon.paint(painter, QRect(rect.left(), rect.top(), 14, line))
        text_left = rect.left() + 22
        painter.save()
        painter.setPen(ink.color())
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        area = str(index.data(AREA_LABEL_ROLE) or "")
        metrics = QFontMetrics(option.font)
        area_width = metrics.horizontalAdvance(area) + 4
        name_rect = QRect(text_left, rect.top(), rect.width() - 22 - area_width - 8, line)
        name = QFontMetrics(bold).elidedText(
            str(index.data(ACCOUNT_NAME_ROLE) or ""), Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(
            name_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name
        )
        painter.setFont(option.font)
        muted = QColor(ink.color())
        muted.setAlphaF(0.6)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.right() - area_width, rect.top(), area_width, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            area,
        )
        painter.setPen(ink.color())
        message_rect = QRect(text_left, rect.top() + line, rect.width() - 22, line)
        message = metrics.elidedText(
            str(index.data(MESSAGE_ROLE) or ""), Qt.TextElideMode.ElideRight, message_rect.width()
        )
        painter.drawText(
            message_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), message
        )
        painter.restore()


class PrioritiesPanel(QWidget):
    """The list with its heading.

    Signals:
        open_requested(int, str): open an account (id) at a workspace area (``Area`` value).
    """

    open_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PrioritiesModel(self)
        self.heading = QLabel("Today's priorities")
        self.heading.setObjectName("sectionHeading")
        self.view = QListView()
        self.view.setObjectName("priorities")
        self.view.setModel(self.model)
        self.view.setItemDelegate(PriorityDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(200)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)

    def set_priorities(self, items: Sequence[Alert]) -> None:
        self.model.set_priorities(items)
        reds = 0  # the red items come first
        for alert in items:
            if alert.severity is not AlertSeverity.RED:
                break
            reds += 1
        self.heading.setText(f"Today's priorities  ·  {len(items)} ({reds} red)")

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(ACCOUNT_ID_ROLE)), str(index.data(AREA_ROLE)))
