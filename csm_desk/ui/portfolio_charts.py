"""The portfolio's charts: accounts per health band, renewals by month (ARR due against
forecast for the next twelve months), ARR by segment, and artifact discipline across the book.
Drawn only while shown, and again after every change to the book."""

from __future__ import annotations

from types import ModuleType

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QWidget

from csm_desk.engine.summary import BookSummary
from csm_desk.ui.charts_view import ChartView

MIN_COLUMN_WIDTH = 640  # the book's charts are drawn for about 6.5 inches


class PortfolioCharts(QScrollArea):
    """Four book-level charts, two a row when there is room, else one.

    Attributes:
        bands, renewals, segments, discipline: the charts.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portfolioCharts")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.bands = ChartView("bandsChart")
        self.renewals = ChartView("renewalsChart")
        self.segments = ChartView("segmentsChart")
        self.discipline = ChartView("disciplineChart")
        page = QWidget()
        page.setObjectName("tabPage")
        self.grid = QGridLayout(page)
        self.grid.setContentsMargins(8, 12, 8, 12)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(18)
        self.setWidget(page)
        self.views = (self.bands, self.renewals, self.segments, self.discipline)
        self.columns = 0
        self._arrange(1)

    def _arrange(self, columns: int) -> None:
        """Lay the charts out in ``columns`` columns (two when there is room for both)."""
        if columns == self.columns:
            return
        self.columns = columns
        for view in self.views:
            self.grid.removeWidget(view)
        for index, view in enumerate(self.views):
            self.grid.addWidget(view, index // columns, index % columns)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(len(self.views) // columns + 1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(2 if self.viewport().width() >= 2 * MIN_COLUMN_WIDTH else 1)

    def show_book(self, result: BookSummary) -> None:
        """Chart ``result`` (drawn now if shown, else when next shown)."""

        def portfolio() -> ModuleType:
            from csm_desk.charts import portfolio

            return portfolio

        self.bands.set_chart(lambda t: portfolio().accounts_per_band(result, theme=t))
        self.renewals.set_chart(lambda t: portfolio().renewals_by_month(result, theme=t))
        self.segments.set_chart(lambda t: portfolio().arr_by_segment(result, theme=t))
        self.discipline.set_chart(lambda t: portfolio().discipline_by_artifact(result, theme=t))
