"""Churned accounts read as history when shown; the sort order holds through edits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from csm_desk.engine.vocab import Area
from csm_desk.ui.portfolio_model import Column


def test_churned_rows_are_marked_when_shown(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    portfolio = demo_window.portfolio
    proxy = portfolio.proxy
    shown = proxy.rowCount()
    proxy.set_filters(show_churned=True)
    assert proxy.rowCount() > shown
    churned = {a.name for a in demo_window.session.result.accounts if a.churned}
    assert churned
    for r in range(proxy.rowCount()):
        name = proxy.index(r, Column.ACCOUNT).data()
        font = proxy.index(r, Column.ACCOUNT).data(Qt.ItemDataRole.FontRole)
        tip = proxy.index(r, Column.ACCOUNT).data(Qt.ItemDataRole.ToolTipRole) or ""
        if name in churned:
            assert font is not None and font.strikeOut() and tip.startswith("Churned")
        else:
            assert font is None


def test_the_sort_holds_after_an_edit(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    portfolio = demo_window.portfolio
    table = portfolio.table
    table.sortByColumn(Column.ARR, Qt.SortOrder.DescendingOrder)
    proxy = portfolio.proxy

    def arrs() -> list[float]:
        return [proxy.index(r, Column.ARR).data(SORT) for r in range(proxy.rowCount())]

    from csm_desk.ui.portfolio_model import SORT_ROLE as SORT

    assert arrs() == sorted(arrs(), reverse=True)
    smallest = proxy.index(proxy.rowCount() - 1, Column.ACCOUNT).data()
    account = next(a.id for a in demo_window.session.result.accounts if a.name == smallest)
    demo_window.open_account(account, Area.SNAPSHOT.value)
    field = demo_window.workspace.pages[Area.SNAPSHOT].form.widgets["arr"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "9,000,000")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: proxy.index(0, Column.ACCOUNT).data() == smallest, timeout=3000)
    assert arrs() == sorted(arrs(), reverse=True)
    assert table.horizontalHeader().sortIndicatorSection() == Column.ARR
