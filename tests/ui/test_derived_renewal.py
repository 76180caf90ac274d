"""An empty renewal date shows the one derived from contract start + term, marked as derived."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.engine.vocab import Area
from csm_desk.ui.dialogs.outcome import OutcomeDialog
from csm_desk.ui.portfolio_model import Column
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
    # The portfolio's Renewal cell is italic, its tooltip saying where the date comes from.
    model = window.portfolio.model
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data() == "Northwind Payments"
    )
    cell = model.index(row, Column.RENEWAL)
    assert cell.data() == "1 Mar 2027"
    assert cell.data(Qt.ItemDataRole.FontRole).italic()
    assert "derived from contract start + term" in cell.data(Qt.ItemDataRole.ToolTipRole)
    countdown = window.workspace.header.countdown.text()
    derived = f"1 Mar 2027 (derived) · {result.days_to_renewal} days"
    assert derived in countdown, countdown
    tip = window.workspace.header.countdown.toolTip()
    assert "derived from contract start + term" in tip
    # A typed date is the person's own again: upright, no derived hint.
    qtbot.keyClicks(field, "2027-04-15")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not form.widgets["renewal_date"].font().italic()
    assert "derived" not in form.widgets["renewal_date"].toolTip()
    assert not window.session.account(northwind).renewal_date_derived
    assert "derived" not in window.workspace.header.countdown.text()
    assert "derived" not in window.workspace.header.countdown.toolTip()
    cell = model.index(row, Column.RENEWAL)
    assert cell.data(Qt.ItemDataRole.FontRole) is None
    assert cell.data(Qt.ItemDataRole.ToolTipRole) is None


def type_into(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_renewal_cycle_works_to_a_derived_date(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """An account whose renewal date is empty renews on contract start + term: the Renewal tab
    counts down to it, the plan's checklist is due before it and the outcome closes it."""
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    litware = account_id(window, "Litware Labs")
    window.open_account(litware, Area.SNAPSHOT.value)
    form = window.workspace.pages[Area.SNAPSHOT].form
    type_into(qtbot, form.widgets["contract_start"], "2026-01-29")
    type_into(qtbot, form.widgets["renewal_date"], "")
    derived = dt.date(2027, 1, 29)
    assert window.workspace.ctx.account["renewal_date"] is None

    window.open_account(litware, Area.RENEWAL.value)
    tab = window.workspace.pages[Area.RENEWAL]
    assert tab.ctx.renewal_date == derived and tab.ctx.renewal_date_derived
    situation = tab.situation.text()
    assert "29 Jan 2027</b> (derived from contract start + term) · 68 days" in situation
    assert tab.outcome_button.isEnabled()
    QTest.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
    steps = tab.ctx.rows_of("renewal_step")
    assert len(steps) == len(DEFAULT_CHECKLIST)
    assert {s["renewal_date"] for s in steps} == {derived}
    assert max(s["due"] for s in steps) == derived

    QTest.mouseClick(tab.outcome_button, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(OutcomeDialog)
    qtbot.waitExposed(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "29 Jan 2027 (derived from contract start + term)" in labels
    assert dialog.next_renewal.text() == "29 Jan 2028"
    QTest.keyClicks(dialog.new_arr, "12000")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.findChild(OutcomeDialog) is None)
    assert tab.ctx.account["renewal_date"] == dt.date(2028, 1, 29)
    (cycle,) = tab.ctx.rows_of("renewal_cycle")
    assert (cycle["renewal_date"], cycle["next_renewal_date"]) == (derived, dt.date(2028, 1, 29))
    assert not tab.ctx.renewal_date_derived
    assert "derived" not in tab.situation.text()
