"""One definition of each health-change figure (DOMAIN.md §3.4), shown alike on every screen:
Northwind's 30-day trend (−22.1), its health_drop (a fall of 20.6 from 74.8 on 25 Oct) and the
chart's largest single move (−12.3 on 27 Oct, the champion leaving)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csm_desk.engine.vocab import AlertCode, Area
from csm_desk.ui import formatting
from csm_desk.ui.portfolio_model import Column


def test_each_health_change_figure_reads_the_same_everywhere(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_window
    window.resize(1280, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    portfolio = window.portfolio
    qtbot.keyClicks(portfolio.search, "Northwind")
    assert portfolio.proxy.rowCount() == 1
    trend_cell = portfolio.proxy.index(0, Column.TREND).data()
    assert trend_cell == "▼ 22.1"
    table = portfolio.table
    rect = table.visualRect(portfolio.proxy.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    workspace = window.workspace
    result = window.session.account(workspace.account_id)
    assert result is not None and result.name == "Northwind Payments"
    assert round(result.trend_30d or 0, 1) == -22.1
    assert result.drop is not None and round(result.drop.fall, 1) == 20.6

    # The Snapshot tab's alert and the priorities name the drop the same way.
    drop = next(a for a in result.alerts if a.code is AlertCode.HEALTH_DROP)
    assert "fell 20.6 points from 74.8 on 25 Oct" in drop.message
    snapshot = workspace.pages[Area.SNAPSHOT]
    assert drop.message in snapshot.alerts.text()
    priorities = [p.message for p in window.session.result.priorities]
    assert drop.message in priorities

    # The Health tab, opened from the section list, shows the same trend and annotates the
    # largest single move.
    sections = workspace.sections
    row = list(workspace.pages).index(Area.HEALTH)
    item_rect = sections.visualItemRect(sections.item(row))
    qtbot.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton, pos=item_rect.center())
    health = workspace.pages[Area.HEALTH]
    assert workspace.current_area() is Area.HEALTH
    assert f"30-day trend {formatting.trend(result.trend_30d)}" in health.score.text()
    figure = health.charts.trend.figure
    assert figure is not None
    notes = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert any("−12.3" in n or "-12.3" in n for n in notes), notes
    assert not any("22.1" in n or "20.6" in n for n in notes), "the chart shows single moves"
