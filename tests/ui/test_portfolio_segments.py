"""The ARR-by-segment chart counts what the portfolio table's Segment column shows."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt

from csm_desk.charts.portfolio import arr_by_segment_series
from csm_desk.ui.portfolio_model import Column


def test_segment_chart_counts_the_segment_column_of_the_demo_book(demo_window) -> None:  # type: ignore[no-untyped-def]
    portfolio = demo_window.portfolio
    proxy = portfolio.proxy
    shown = Counter(
        str(proxy.index(r, Column.SEGMENT).data()).removesuffix(" ↑")
        for r in range(proxy.rowCount())
    )
    rows = arr_by_segment_series(demo_window.session.result)
    charted = {r.segment.label: r.count for r in rows if r.count}
    assert charted == dict(shown)
    assert sum(charted.values()) == proxy.rowCount()  # churned accounts are in neither


def test_the_drawn_chart_reads_the_counts_of_the_segment_column(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Switch to Charts with a click: the ARR-by-segment bars say as many accounts per segment
    as the Accounts table's Segment column lists."""
    window = demo_window
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    portfolio = window.portfolio
    proxy = portfolio.proxy
    shown = Counter(
        str(proxy.index(r, Column.SEGMENT).data()).removesuffix(" ↑")
        for r in range(proxy.rowCount())
    )
    bar = portfolio.views.tabBar()
    charts = portfolio.views.indexOf(portfolio.charts)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(charts).center())
    assert portfolio.views.currentWidget() is portfolio.charts
    chart = portfolio.charts.segments
    qtbot.waitUntil(lambda: chart.figure is not None, timeout=10_000)
    (ax,) = chart.figure.axes
    counts: dict[str, int] = {}
    for text in ax.texts:
        words = text.get_text().rsplit("· ", 1)
        if len(words) == 2 and words[1].endswith(("account", "accounts")):
            y = round(text.get_position()[1])
            counts[_label_at(ax, y)] = int(words[1].split()[0])
    assert {k: v for k, v in counts.items() if v} == dict(shown)


def _label_at(ax, y: int) -> str:  # type: ignore[no-untyped-def]
    """The y tick label at bar position ``y``."""
    for tick, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True):
        if round(tick) == y:
            return str(label.get_text())
    raise AssertionError(f"no label at {y}")
