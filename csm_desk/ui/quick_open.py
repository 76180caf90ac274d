"""Quick open (Ctrl+K): type part of an account's name, press Enter to open it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from csm_desk.ui.portfolio_model import (
    ACCOUNT_ID_ROLE,
    Column,
    PortfolioFilter,
    PortfolioModel,
)


class QuickOpen(QDialog):
    """A popup with a search box over a filtered list of accounts.

    Signals:
        chosen(int): the account to open.
    """

    chosen = Signal(int)

    def __init__(self, model: PortfolioModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("quickOpen")
        self.proxy = PortfolioFilter(self)
        self.proxy.show_churned = True
        self.proxy.setSourceModel(model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Open account…")
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setModelColumn(Column.ACCOUNT)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(self._choose)
        self.list.clicked.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.resize(460, 360)

    def popup(self) -> None:
        """Show centred near the top of the parent window, ready for typing."""
        parent = self.parentWidget()
        if parent is not None:
            top_left = parent.mapToGlobal(parent.rect().topLeft())
            self.move(top_left.x() + (parent.width() - self.width()) // 2, top_left.y() + 80)
        self.search.clear()
        self._filter("")
        self.show()
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.set_filters(text=text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, Column.ACCOUNT))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            account_id = int(index.data(ACCOUNT_ID_ROLE))
            self.hide()
            self.chosen.emit(account_id)
