"""The portfolio page: book totals, filters, the accounts table, today's priorities and my
follow-ups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.vocab import Area, Band, Segment
from csm_desk.ui.delegates import AlertsDelegate, HealthDelegate
from csm_desk.ui.portfolio_charts import PortfolioCharts
from csm_desk.ui.portfolio_model import (
    ACCOUNT_ID_ROLE,
    Column,
    PortfolioFilter,
    PortfolioModel,
    RenewalWindow,
)
from csm_desk.ui.priorities import PrioritiesPanel
from csm_desk.ui.summary import SummaryStrip

if TYPE_CHECKING:
    from csm_desk.engine.summary import AccountSummary, BookSummary
    from csm_desk.models.peek import Peek
    from csm_desk.ui.followups import FollowUpsPanel

COLUMN_WIDTHS = {
    Column.ACCOUNT: 200,
    Column.SEGMENT: 100,
    Column.ARR: 90,
    Column.HEALTH: 72,
    Column.TREND: 96,
    Column.RENEWAL: 98,
    Column.COUNTDOWN: 150,
    Column.FORECAST: 90,
    Column.ALERTS: 76,
    Column.DISCIPLINE: 80,
}


class PortfolioTable(QTableView):
    """The accounts table; Ctrl+C (the platform's copy keys) copies the selected rows.

    Signals:
        copy_requested(): the person asked to copy the selection.
    """

    copy_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            # Whole rows as a spreadsheet takes them, not the current cell's text alone.
            self.copy_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class PortfolioView(QWidget):
    """Everything about the book at a glance.

    Attributes:
        model: the accounts; ``proxy`` sorts and filters them for ``table``.
        views: the Accounts and Charts tabs; ``charts`` the book's charts.
        side: Today's priorities (``priorities``) and my follow-ups (``followups``), as tabs.

    Signals:
        open_requested(int, str): open an account (id) at an area (``Area`` value).
        charts_shown(bool): the Charts tab was shown (True) or left (False).
        follow_up_requested(object): open a follow-up (a ``FollowUp``) where it is kept.
    """

    open_requested = Signal(int, str)
    charts_shown = Signal(bool)
    follow_up_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self.summary = SummaryStrip()
        self.table = self._make_table()
        self.priorities = PrioritiesPanel()
        self.priorities.open_requested.connect(self.open_requested)
        # My follow-ups edits the book's rows: built once a book is open, not before the
        # first paint (``followups``).
        self._followups: FollowUpsPanel | None = None
        self._followups_slot = QWidget()
        self.side = QTabWidget()
        self.side.setObjectName("portfolioSide")
        self.side.setDocumentMode(True)
        self.side.addTab(self.priorities, "Priorities")
        self.side.addTab(self._followups_slot, "My follow-ups")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search accounts by name or CRM id")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.proxy.set_filters(text=text))
        self.segment_filter = QComboBox()
        self.segment_filter.addItem("All segments", None)
        for segment in Segment:
            self.segment_filter.addItem(segment.label, segment.value)
        self.band_filter = QComboBox()
        self.band_filter.addItem("All health bands", None)
        for band in Band:
            self.band_filter.addItem(band.label, band.value)
        self.renewal_filter = QComboBox()
        for key, label in RenewalWindow.CHOICES:
            self.renewal_filter.addItem(label, key)
        self.alerts_filter = QCheckBox("With alerts")
        self.churned_filter = QCheckBox("Show churned")
        for combo in (self.segment_filter, self.band_filter, self.renewal_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.alerts_filter.toggled.connect(self._apply_filters)
        self.churned_filter.toggled.connect(self._apply_filters)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search, 2)
        for widget in (
            self.segment_filter,
            self.band_filter,
            self.renewal_filter,
            self.alerts_filter,
            self.churned_filter,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(8)
        self.filter_bar = QWidget()
        self.filter_bar.setLayout(filters)
        filters.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table)

        self.charts = PortfolioCharts()
        self.views = QTabWidget()
        self.views.setObjectName("portfolioViews")
        self.views.setDocumentMode(True)
        self.accounts_page = left
        self.views.addTab(left, "Accounts")
        self.views.addTab(self.charts, "Charts")
        self.views.currentChanged.connect(
            lambda _index: self.charts_shown.emit(self.views.currentWidget() is self.charts)
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("portfolioSplitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([1080, 330])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)

    def _make_table(self) -> QTableView:
        table = PortfolioTable()
        table.setObjectName("portfolioTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.HEALTH, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 14)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(Column.ACCOUNT, QHeaderView.ResizeMode.Stretch)
        table.setItemDelegateForColumn(Column.HEALTH, HealthDelegate(table))
        table.setItemDelegateForColumn(Column.ALERTS, AlertsDelegate(table))
        table.activated.connect(self._activated)
        table.doubleClicked.connect(self._activated)
        table.copy_requested.connect(self.copy_selected)
        return table

    @property
    def followups(self) -> FollowUpsPanel:
        """My follow-ups (``follow_up_requested`` passes on its requests to open one)."""
        if self._followups is None:
            from csm_desk.ui.followups import FollowUpsPanel

            panel = FollowUpsPanel()
            panel.open_requested.connect(self.follow_up_requested)
            at = self.side.indexOf(self._followups_slot)
            shown = self.side.currentIndex()
            self.side.removeTab(at)
            self.side.insertTab(at, panel, "My follow-ups")
            self.side.setCurrentIndex(shown)
            self._followups_slot.deleteLater()
            self._followups = panel
        return self._followups

    # -- showing -------------------------------------------------------------------------------

    def show_peek(self, look: Peek) -> None:
        """Show a book as its stored results give it, before it is open: accounts whose values
        are being brought up to date are marked so (``PortfolioModel.set_summaries``)."""
        book = look.book
        self.model.set_summaries(book.accounts, book.currency, look.updating)
        self.summary.show_book(book)
        self.summary.set_updating(not look.current)
        self.priorities.set_priorities(book.priorities)

    def clear(self) -> None:
        """Show no book."""
        self.model.set_summaries([], self.model.currency)
        self.priorities.set_priorities([])

    def show_book(self, result: BookSummary) -> None:
        """Show a newly scored book: every row, the totals and the priorities."""
        self.model.set_summaries(result.accounts, result.currency)
        self.show_totals(result)

    def show_accounts(self, ids: Iterable[int], results: Mapping[int, AccountSummary]) -> None:
        """Replace the rows of re-scored accounts (an id absent from ``results`` is gone)."""
        self.model.update_summaries(ids, results)

    def show_totals(self, result: BookSummary) -> None:
        """The summary strip and today's priorities."""
        self.summary.show_book(result)
        self.summary.set_updating(False)
        self.priorities.set_priorities(result.priorities)
        self.charts.show_book(result)

    def show_charts(self, shown: bool) -> None:
        """Show the Charts tab (True) or the accounts table (False)."""
        self.views.setCurrentWidget(self.charts if shown else self.accounts_page)

    def show_filters(self, shown: bool) -> None:
        """Show or hide the filter bar (hiding it also clears the filters)."""
        self.filter_bar.setVisible(shown)
        if not shown:
            self.search.clear()
            for combo in (self.segment_filter, self.band_filter, self.renewal_filter):
                combo.setCurrentIndex(0)
            self.alerts_filter.setChecked(False)

    def _apply_filters(self) -> None:
        segment = self.segment_filter.currentData()
        band = self.band_filter.currentData()
        self.proxy.set_filters(
            segment=Segment(segment) if segment else None,
            band=Band(band) if band else None,
            renewal=self.renewal_filter.currentData(),
            alerts_only=self.alerts_filter.isChecked(),
            show_churned=self.churned_filter.isChecked(),
        )

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(ACCOUNT_ID_ROLE)), Area.SNAPSHOT.value)

    def copy_selected(self) -> int:
        """Copy the selected rows to the clipboard as tab-separated text; returns how many."""
        from csm_desk.ui.portfolio_export import copy_selected

        return copy_selected(self)
