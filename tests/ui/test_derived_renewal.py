"""An empty renewal date shows the one derived from contract start + term, marked as derived."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from csm_desk.engine.vocab import Area
from tests.ui.conftest import account_id


def test_a_cleared_renewal_date_shows_the_derived_one(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.SNAPSHOT.value)
    form = window.workspace.pages[Area.SNAPSHOT].form
    start = form.widgets["contract_start"]
    start.setFocus()
    start.selectAll()
    qtbot.keyClicks(start, "2026-03-01")
    qtbot.keyClick(start, Qt.Key.Key_Return)
    term = form.widgets["contract_term_months"]
    term.setFocus()
    term.selectAll()
    qtbot.keyClicks(term, "12")
    qtbot.keyClick(term, Qt.Key.Key_Return)
    field = form.widgets["renewal_date"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.workspace.ctx.account["renewal_date"] is None
    field = form.widgets["renewal_date"]
    assert field.text() == ""
    assert field.placeholderText() == "2027-03-01"
    assert field.font().italic()
    assert "derived from contract start + term" in field.toolTip()
    assert window.session.account(northwind).facts.contract_start == dt.date(2026, 3, 1)
    # The countdown, phase and forecast run to the derived date as to a typed one.
    result = window.session.account(northwind)
    assert result.renewal_date_derived
    assert result.facts.renewal_date == dt.date(2027, 3, 1)
    assert result.days_to_renewal == (dt.date(2027, 3, 1) - window.session.as_of).days
    assert result.forecast_arr is not None
    countdown = window.workspace.header.countdown.text()
    derived = f"1 Mar 2027 (derived from contract start + term) · {result.days_to_renewal} days"
    assert derived in countdown, countdown
    # A typed date is the person's own again: upright, no derived hint.
    qtbot.keyClicks(field, "2027-04-15")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not form.widgets["renewal_date"].font().italic()
    assert "derived" not in form.widgets["renewal_date"].toolTip()
    assert not window.session.account(northwind).renewal_date_derived
    assert "derived" not in window.workspace.header.countdown.text()
