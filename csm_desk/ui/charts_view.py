"""A matplotlib chart inside the window, drawn in the window's colours, with a hover readout.

``ChartView`` holds a builder (``theme -> Figure``, one of the ``csm_desk.charts`` builders)
and draws it only when it is on screen, so matplotlib is imported the first time a chart is
actually shown, never at start-up. The theme comes from the widget's palette through
``charts.theme.theme_from_colours``, and the chart is drawn again when the palette changes.
Moving the pointer over a mark shows its exact values (``charts.hover.hover_text``) in a line
under the chart and as a tooltip.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCursor, QPalette, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    from csm_desk.charts.theme import ChartTheme

Builder = Callable[["ChartTheme"], "Figure"]

HINT = "Point at the chart for exact values."
MAX_WIDTH = 1000  # wider than this, text and bars drift too far apart to read together
_UNSET = object()


class ChartView(QWidget):
    """One chart.

    Attributes:
        figure: the figure shown (None until first drawn).
        canvas: the matplotlib canvas widget (None until first drawn).
        readout: the line under the chart with the values under the pointer.

    Signals:
        hovered(str): the readout changed (an empty string when the pointer left the marks).
    """

    hovered = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.figure: Figure | None = None
        self.canvas: FigureCanvasQTAgg | None = None
        self._build: Builder | None = None
        self._data: Any = _UNSET
        self._dirty = False
        self.readout = QLabel(HINT)
        self.readout.setObjectName("chartReadout")
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.readout.setMaximumWidth(MAX_WIDTH)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.readout)

    def set_chart(self, build: Builder, data: Any = _UNSET) -> None:
        """Show the figure ``build`` makes. ``data`` is what it is drawn from: when it equals
        the data of the figure shown, nothing is redrawn. Drawn now if on screen, else when
        next shown."""
        if data is not _UNSET and data == self._data and self._build is not None:
            return
        self._build = build
        self._data = data
        self._dirty = True
        if self.isVisible():
            self.redraw()

    @property
    def pending(self) -> bool:
        """A chart is waiting to be drawn until the view is shown."""
        return self._dirty

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._build is not None:
            self._dirty = True
            if self.isVisible():
                self.redraw()

    def theme(self) -> ChartTheme:
        from csm_desk.charts.theme import theme_from_colours

        palette = self.palette()
        return theme_from_colours(
            palette.color(QPalette.ColorRole.Window).name(),
            palette.color(QPalette.ColorRole.WindowText).name(),
            palette.color(QPalette.ColorRole.Highlight).name(),
        )

    def redraw(self) -> None:
        """Build the figure in the current palette's theme and show it."""
        if self._build is None:
            return
        self._dirty = False
        figure = self._build(self.theme())
        height = round(float(figure.get_figheight()) * float(figure.dpi))
        canvas = _page_scrolling_canvas()(figure)
        canvas.setObjectName("chartCanvas")
        canvas.setFixedHeight(height)
        canvas.setMinimumWidth(360)
        canvas.setMaximumWidth(MAX_WIDTH)
        canvas.setMouseTracking(True)
        canvas.mpl_connect("motion_notify_event", self._moved)
        canvas.mpl_connect("figure_leave_event", lambda _event: self._show(None))
        old = self.canvas
        self._layout.insertWidget(0, canvas)
        if old is not None:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.figure, self.canvas = figure, canvas
        self._show(None)

    def hover_at(self, x: float, y: float) -> str | None:
        """The readout for display position (x, y) of the figure (matplotlib's pixels, origin
        bottom left), or None when no mark is there."""
        if self.figure is None:
            return None
        from csm_desk.charts.hover import hover_text

        return hover_text(self.figure, x, y)

    def _moved(self, event: MouseEvent) -> None:
        self._show(self.hover_at(event.x, event.y))

    def _show(self, text: str | None) -> None:
        self.readout.setText(text or HINT)
        self.hovered.emit(text or "")
        if self.canvas is None or not self.canvas.underMouse():
            return
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()


@functools.cache
def _page_scrolling_canvas() -> type[FigureCanvasQTAgg]:
    """A matplotlib canvas that leaves the mouse wheel to the page: the charts do not zoom,
    so a wheel turned over one scrolls the page it is on."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class PageScrollingCanvas(FigureCanvasQTAgg):
        def wheelEvent(self, event: QWheelEvent) -> None:
            page = self.parentWidget()
            while page is not None and not isinstance(page, QAbstractScrollArea):
                page = page.parentWidget()
            if page is None:
                event.ignore()
                return
            QApplication.sendEvent(page.verticalScrollBar(), event)

    return PageScrollingCanvas
