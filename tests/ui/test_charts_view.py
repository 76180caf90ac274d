"""Charts in the window: what they plot is the engine's, hover reads values, they follow the
palette, and matplotlib waits until a chart is shown."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette

from csm_desk.engine.vocab import Area
from csm_desk.models.load import load_book

NORTHWIND = "Northwind Payments"


@pytest.fixture
def win(qtbot, demo_path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_book(demo_path)
    window.resize(1400, 900)
    window.show()
    yield window
    window.close_book()


def northwind(win) -> int:  # type: ignore[no-untyped-def]
    return next(a.id for a in win.session.result.accounts if a.name == NORTHWIND)


def health_line(figure):  # type: ignore[no-untyped-def]
    ax = figure.axes[0]
    return next(line for line in ax.get_lines() if line.get_label() == "Health score")


def test_the_health_trend_shown_is_the_engine_series(win) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.charts.account import health_trend_series
    from csm_desk.charts.common import day_number

    win.open_account(northwind(win), Area.HEALTH.value)
    charts = win.workspace.pages[Area.HEALTH].charts
    assert charts.trend.figure is not None
    from csm_desk.engine.history import health_history

    # The history as shown: the stored snapshots re-scored with today's weights, then today.
    facts = load_book(win.session.book, [northwind(win)], full_history=True).accounts[0]
    result = win.session.account(northwind(win))
    weights = win.session.settings.weights_for(result.segment)
    shown = health_history(facts.snapshots, result.health, weights)
    series = health_trend_series(shown, as_of=win.session.as_of)
    assert len(series) > 20
    line = health_line(charts.trend.figure)
    assert list(line.get_xdata()) == [day_number(p.date) for p in series]
    assert list(line.get_ydata()) == [p.score for p in series]
    assert charts.breakdown.figure is not None
    assert charts.kpis.figure is not None and charts.kpis.isVisibleTo(charts)


def test_hover_reads_the_exact_value_under_the_pointer(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.backend_bases import MouseEvent

    win.open_account(northwind(win), Area.HEALTH.value)
    view = win.workspace.pages[Area.HEALTH].charts.trend
    view.canvas.draw()
    line = health_line(view.figure)
    x, y = line.get_xydata()[-1]
    px, py = line.get_transform().transform((x, y))
    found = view.hover_at(px, py)
    assert found is not None
    assert found.endswith(f"health {y:.1f} (At risk)")
    assert view.hover_at(1, 1) is None
    with qtbot.waitSignal(view.hovered) as signal:
        MouseEvent("motion_notify_event", view.canvas, px, py)._process()
    assert signal.args == [found]
    assert view.readout.text() == found


def test_charts_redraw_only_when_their_data_changes(win) -> None:  # type: ignore[no-untyped-def]
    win.open_account(northwind(win), Area.HEALTH.value)
    charts = win.workspace.pages[Area.HEALTH].charts
    first = charts.trend.figure
    win.workspace.pages[Area.HEALTH].refresh(win.workspace.ctx)
    assert charts.trend.figure is first
    from csm_desk.models.ops import InsertRow

    win.session.apply(
        InsertRow(
            "signal_reading",
            {"account_id": northwind(win), "date": win.session.as_of, "key": "nps", "value": 10},
        )
    )
    assert charts.trend.figure is not first
    last = health_line(charts.trend.figure).get_ydata()[-1]
    assert last == pytest.approx(win.session.account(northwind(win)).health.score)


def test_charts_follow_the_palette(win) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.colors import to_hex
    from matplotlib.text import Text

    win.open_account(northwind(win), Area.HEALTH.value)
    view = win.workspace.pages[Area.HEALTH].charts.breakdown
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#1f2125"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    view.setPalette(palette)
    assert to_hex(view.figure.get_facecolor()) == "#1f2125"
    title = next(t for t in view.figure.findobj(Text) if t.get_text().startswith("Health 54.2"))
    assert to_hex(title.get_color()) == "#e8eaed"


def test_portfolio_charts_are_drawn_when_shown(win) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.charts.portfolio import band_rows, renewals_by_month_series

    charts = win.portfolio.charts
    assert all(v.figure is None and v.pending for v in charts.views)
    win.commands.show_charts.trigger()
    assert win.pages.currentWidget() is win.portfolio
    assert win.portfolio.views.currentWidget() is charts
    assert all(v.figure is not None for v in charts.views)
    bars = charts.bands.figure.axes[0].patches
    assert [b.get_height() for b in bars] == [r.count for r in band_rows(win.session.result)]
    rows = renewals_by_month_series(win.session.result)
    due = next(c for c in charts.renewals.figure.axes[0].containers if c.get_label() == "ARR due")
    assert [b.get_height() for b in due.patches] == [r.arr_due for r in rows]
    assert sum(r.arr_due for r in rows) > 0
    win.portfolio.views.setCurrentIndex(0)
    assert not win.commands.show_charts.isChecked()


def test_opening_accounts_and_the_map_does_not_load_matplotlib(tmp_path, demo_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from csm_desk.engine.vocab import Area\n"
        "from csm_desk.ui.main_window import MainWindow\n"
        "win = MainWindow()\n"
        f"win.open_book(__import__('pathlib').Path({str(demo_path)!r}))\n"
        "win.show()\n"
        "account = next(a.id for a in win.session.result.accounts\n"
        "               if a.name == 'Northwind Payments')\n"
        "win.open_account(account, Area.STAKEHOLDERS.value)\n"
        "app.processEvents()\n"
        "png = win.workspace.pages[Area.STAKEHOLDERS].map_panel.map_png()\n"
        "print(len(png) > 1000, 'matplotlib' in sys.modules)\n"
        "win.close_book()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.split() == ["True", "False"]
