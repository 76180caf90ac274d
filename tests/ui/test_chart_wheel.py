"""The mouse wheel over a chart scrolls the page the chart is on."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from csm_desk.engine.vocab import Area
from tests.ui.conftest import account_id


def test_the_wheel_over_a_chart_scrolls_the_page(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    window.resize(1024, 700)
    window.show()
    window.open_account(account_id(window, "Northwind Payments"), Area.HEALTH.value)
    page = window.workspace.pages[Area.HEALTH]
    chart = page.charts.trend
    qtbot.waitUntil(lambda: chart.canvas is not None, timeout=5000)
    bar = page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(0)
    canvas = chart.canvas
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    wheel = QWheelEvent(
        centre,
        QPointF(canvas.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, wheel)
    assert bar.value() > 0
