"""The portfolio: model checks, sorting by real values, filters, summary and priorities."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from csm_desk.engine.vocab import Band, Segment
from csm_desk.ui.portfolio_model import (
    ACCOUNT_ID_ROLE,
    SORT_ROLE,
    Column,
    PortfolioFilter,
    PortfolioModel,
    RenewalWindow,
    summary_row,
)
from tests.ui.conftest import account_id


def _names(win) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = win.portfolio.proxy
    return [proxy.index(r, Column.ACCOUNT).data() for r in range(proxy.rowCount())]


def test_portfolio_model_passes_the_model_tester(window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.portfolio.model)
    qtmodeltester.check(window.portfolio.proxy)
    qtmodeltester.check(window.portfolio.priorities.model)


def test_every_active_account_is_a_row_with_its_figures(window) -> None:  # type: ignore[no-untyped-def]
    assert sorted(_names(window)) == [
        "Contoso Retail",
        "Fabrikam Health",
        "Litware Labs",
        "Northwind Payments",
        "Tailspin Media",
    ]
    model = window.portfolio.model
    row = model.row_of(account_id(window, "Northwind Payments"))
    assert model.index(row, Column.ARR).data() == "$180,000"
    assert model.index(row, Column.SEGMENT).data().startswith("High touch")
    assert model.index(row, Column.COUNTDOWN).data() == "75 days · Engagement"
    assert (
        model.index(row, Column.RENEWAL).data(SORT_ROLE)
        == (dt.date(2026, 11, 22) + dt.timedelta(days=75)).toordinal()
    )


def test_sorting_uses_numbers_not_text(window) -> None:  # type: ignore[no-untyped-def]
    results = window.session.result.accounts
    a, b = results[0], results[1]
    # Two synthetic rows whose scores sort differently as text ("9.5" > "10.0") and as numbers.
    emergency = Band.EMERGENCY.value
    nine = summary_row(
        replace(a, entry={**a.entry, "health_score": 9.5, "health_band": emergency}), "USD"
    )
    ten = summary_row(
        replace(b, entry={**b.entry, "health_score": 10.0, "health_band": emergency}), "USD"
    )
    assert nine.texts[Column.HEALTH] == "9.5"
    assert ten.texts[Column.HEALTH] == "10.0"
    model = PortfolioModel()
    model._rows = [ten, nine]
    model._reindex()
    proxy = PortfolioFilter()
    proxy.show_churned = True
    proxy.setSourceModel(model)
    proxy.sort(Column.HEALTH, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, Column.HEALTH).data() for r in range(2)] == ["9.5", "10.0"]


def test_dates_sort_as_dates(window) -> None:  # type: ignore[no-untyped-def]
    table = window.portfolio.table
    table.sortByColumn(Column.RENEWAL, Qt.SortOrder.AscendingOrder)
    proxy = window.portfolio.proxy
    keys = [proxy.index(r, Column.RENEWAL).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert keys == sorted(keys)
    assert _names(window)[0] == "Fabrikam Health"  # overdue: the earliest date
    assert _names(window)[-1] == "Tailspin Media"


def test_sort_by_health_descending(window) -> None:  # type: ignore[no-untyped-def]
    window.portfolio.table.sortByColumn(Column.HEALTH, Qt.SortOrder.DescendingOrder)
    proxy = window.portfolio.proxy
    scores = [proxy.index(r, Column.HEALTH).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"segment": Segment.HIGH_TOUCH}, {"Contoso Retail", "Northwind Payments"}),
        ({"renewal": RenewalWindow.OVERDUE}, {"Fabrikam Health"}),
        ({"renewal": RenewalWindow.NEXT_90}, {"Contoso Retail", "Northwind Payments"}),
        ({"renewal": "phase:negotiation"}, {"Contoso Retail"}),
        ({"text": "north"}, {"Northwind Payments"}),
        ({"text": "nw-001"}, {"Northwind Payments"}),
    ],
)
def test_filters(window, changes, expected) -> None:  # type: ignore[no-untyped-def]
    window.portfolio.proxy.set_filters(**changes)
    assert set(_names(window)) == expected


def test_filter_widgets_drive_the_proxy(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.portfolio
    qtbot.keyClicks(view.search, "contoso")
    assert _names(window) == ["Contoso Retail"]
    view.search.clear()
    view.band_filter.setCurrentIndex(view.band_filter.findData(Band.UNSCORED.value))
    assert _names(window) == []
    view.band_filter.setCurrentIndex(0)
    view.alerts_filter.setChecked(True)
    with_alerts = set(_names(window))
    assert with_alerts
    assert all(window.session.account(account_id(window, n)).alerts for n in with_alerts)


def test_summary_strip_shows_book_totals(window) -> None:  # type: ignore[no-untyped-def]
    cards = window.portfolio.summary.cards
    assert cards["accounts"].value.text() == "5"
    assert cards["arr"].value.text() == "$508k"
    assert cards["renewals"].value.text().startswith("2 · $430k")


def test_priorities_open_the_account_at_its_tab(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.portfolio.priorities
    assert panel.model.rowCount() == len(window.session.result.priorities) > 0
    first = window.session.result.priorities[0]
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.workspace
    assert window.workspace.account_id == first.account_id
    assert window.workspace.current_area() is first.area


def test_enter_on_a_row_opens_the_account(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.portfolio.proxy.set_filters(text="northwind")
    table = window.portfolio.table
    table.setCurrentIndex(window.portfolio.proxy.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.workspace.ctx.account["name"] == "Northwind Payments"
    assert window.workspace.header.name.text() == "Northwind Payments"


def test_quick_open(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.commands.quick_open.trigger()
    popup = window.quick_open
    assert popup.isVisible()
    qtbot.keyClicks(popup.search, "tailsp")
    assert popup.proxy.rowCount() == 1
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert window.workspace.account_id == account_id(window, "Tailspin Media")
    assert window.pages.currentWidget() is window.workspace


def test_account_id_role(window) -> None:  # type: ignore[no-untyped-def]
    model = window.portfolio.model
    ids = {model.index(r, 0).data(ACCOUNT_ID_ROLE) for r in range(model.rowCount())}
    assert ids == {a.id for a in window.session.result.accounts}


def test_tooltips_explain_cells(window) -> None:  # type: ignore[no-untyped-def]
    model = window.portfolio.model
    northwind = account_id(window, "Northwind Payments")
    row = model.row_of(northwind)
    result = window.session.account(northwind)
    tip = model.index(row, Column.FORECAST).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"Renewal probability {result.renewal_probability:.0%} (band)"
    assert model.index(row, Column.ACCOUNT).data(Qt.ItemDataRole.ToolTipRole) == "NW-001"
    alerts = model.index(row, Column.ALERTS).data(Qt.ItemDataRole.ToolTipRole)
    assert alerts == "\n".join(f"• {a.message}" for a in result.alerts[:12])
