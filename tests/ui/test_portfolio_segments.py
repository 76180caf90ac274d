"""The ARR-by-segment chart counts what the portfolio table's Segment column shows."""

from __future__ import annotations

from collections import Counter

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
