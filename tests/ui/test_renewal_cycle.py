"""The renewal cycle in the window, driven as a person drives it: start the plan (never twice),
record the outcome in its dialog, read the closed renewal under Past renewals, undo it all."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QToolBar, QWidget

from csm_desk.engine.renewals import DEFAULT_CHECKLIST, add_months
from csm_desk.engine.vocab import Area, RenewalOutcome
from csm_desk.ui import formatting
from csm_desk.ui.dialogs.outcome import OutcomeDialog
from tests.conftest import TODAY
from tests.models.test_renewal_cycle import dump
from tests.ui.conftest import account_id


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def renewal_tab(win, qtbot, name: str):  # type: ignore[no-untyped-def]
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    win.open_account(account_id(win, name), Area.RENEWAL.value)
    return win.workspace.pages[Area.RENEWAL]


def undo_button(win) -> QWidget:  # type: ignore[no-untyped-def]
    toolbar = win.findChild(QToolBar, "mainToolbar")
    return toolbar.widgetForAction(win.commands.undo)


def test_start_renewal_plan_keeps_the_checklist_and_never_duplicates(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Cobalt Ridge has its checklist but no plan: pressing Start adds the plan only; once the
    plan is there, Start opens it and writes nothing."""
    tab = renewal_tab(demo_window, qtbot, "Cobalt Ridge Energy")
    stack = demo_window.session.undo_stack
    assert tab.checklist.rows.rowCount() == len(DEFAULT_CHECKLIST)
    assert tab.start_button.isVisible() and not tab.plan.isVisible()
    assert "checklist below is kept" in tab.start_button.toolTip()
    click(tab.start_button)
    assert stack.count() == 1
    assert tab.plan.isVisible() and not tab.start_button.isVisible()
    assert tab.checklist.rows.rowCount() == len(DEFAULT_CHECKLIST)
    tab.start_button.click()  # pressed again (as a stale view would): opens, adds nothing
    assert stack.count() == 1
    assert tab.checklist.rows.rowCount() == len(DEFAULT_CHECKLIST)
    assert len(tab.ctx.rows_of("renewal_plan")) == 1
    click(undo_button(demo_window))
    assert tab.ctx.rows_of("renewal_plan") == []
    assert tab.checklist.rows.rowCount() == len(DEFAULT_CHECKLIST)


def test_recording_an_outcome_closes_the_cycle_and_undo_restores_it(
    demo_window, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    tab = renewal_tab(demo_window, qtbot, "Northwind Payments")
    session = demo_window.session
    northwind = tab.ctx.account_id
    renewal = tab.ctx.account["renewal_date"]
    proof = tab.ctx.first("renewal_plan")["value_proof_points"].splitlines()[0]
    steps = len(tab.ctx.rows_of("renewal_step"))
    assert tab.plan.isVisible() and tab.next_steps.rows.rowCount() > 0 and steps > 0
    assert tab.past.empty.isVisible() and not tab.past.view.isVisible()
    before = dump(session.book)

    click(tab.outcome_button)
    dialog = tab.findChild(OutcomeDialog)
    qtbot.waitExposed(dialog)
    assert dialog.outcome.currentData() == RenewalOutcome.RENEWED_UP.value
    assert dialog.term.value() == 12
    assert dialog.next_renewal.text() == formatting.day(add_months(renewal, 12))
    QTest.keyClicks(dialog.new_arr, "97500")
    QTest.keyClick(dialog.term, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(dialog.term, "24")
    assert dialog.term.value() == 24
    assert dialog.next_renewal.text() == formatting.day(add_months(renewal, 24))
    QTest.keyClicks(dialog.note, "Payouts module added")
    click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: tab.findChild(OutcomeDialog) is None)

    # The account moved on: new ARR, new term, the renewal a new term later.
    result = session.account(northwind)
    assert result.arr == 97_500.0
    assert result.days_to_renewal == (add_months(renewal, 24) - TODAY).days
    assert tab.ctx.account["contract_term_months"] == 24
    # The next cycle starts empty, with the plan to start again.
    assert tab.start_button.isVisible() and not tab.plan.isVisible()
    assert not tab.next_steps.isVisible()
    assert tab.checklist.rows.rowCount() == 0
    # The closed renewal is under Past renewals.
    past = tab.past
    qtmodeltester.check(past.model)
    assert past.model.rowCount() == 1
    cells = [past.model.index(0, c).data() for c in range(past.model.columnCount())]
    assert cells == [
        formatting.day(renewal),
        "Renewed with new ARR",
        "$85,000",
        "$97,500",
        formatting.day(TODAY),
        formatting.day(add_months(renewal, 24)),
    ]
    assert not past.detail.isVisible()
    tab.scroll_area.ensureWidgetVisible(past.view)
    rect = past.view.visualRect(past.model.index(0, 1))
    QTest.mouseClick(past.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert past.detail.isVisible()
    shown = past.detail.text()
    assert proof in shown
    assert "Payouts module added" in shown
    assert "Next steps" in shown and "Checklist" in shown
    assert shown.count("<tr>") >= steps

    click(undo_button(demo_window))
    assert dump(session.book) == before
    assert tab.plan.isVisible() and tab.past.model.rowCount() == 0
    assert tab.checklist.rows.rowCount() == steps
    assert session.account(northwind).arr == 85_000.0


def test_a_churned_account_offers_no_renewal_plan(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = renewal_tab(demo_window, qtbot, "Greyfield Media")
    text = tab.situation.text()
    assert "Churned on" in text and "$31,000 ARR lost" in text
    assert "no renewal cycle" in text
    assert not tab.start_button.isVisible()
    assert not tab.outcome_button.isVisible()
    assert not tab.plan.isVisible() and not tab.checklist.isVisible()
    assert tab.past.model.rowCount() == 1
    assert tab.past.model.index(0, 1).data() == "Churned"
    assert tab.past.model.index(0, 5).data() == "none: churned"


def test_as_of_a_day_before_an_outcome_the_tab_tells_the_renewal_then(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Halcyon renewed on 10 Jun 2026: as of 1 May 2026 its Renewal tab counts down to that
    renewal, not to today's."""
    import datetime as dt

    demo_window.session.set_as_of(dt.date(2026, 5, 1))
    tab = renewal_tab(demo_window, qtbot, "Halcyon Health Systems")
    result = tab.ctx.result
    assert result.facts.renewal_date == dt.date(2026, 6, 10)
    assert "<b>10 Jun 2026</b> · 40 days" in tab.situation.text()
