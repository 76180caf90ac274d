"""Typing into table cells as a person does: dates in any usual form, Tab through a new row."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTableView, QToolButton

from csm_desk.engine.vocab import Area
from csm_desk.ui.editors.fields import DateField
from tests.conftest import TODAY
from tests.ui.conftest import account_id

DUE = dt.date(2026, 12, 15)


def _show(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def _focus():  # type: ignore[no-untyped-def]
    """The cell editor being typed into."""
    widget = QApplication.focusWidget()
    assert isinstance(widget, QLineEdit | QPlainTextEdit), widget
    return widget


def _start_editing(qtbot, table, row: int, column: str):  # type: ignore[no-untyped-def]
    """Click the cell and press F2, as a person starts editing a cell (a click in a window
    that lost activation, say to a background save, activates it again)."""
    view = table.view
    if QApplication.activeWindow() is not view.window():
        view.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is view.window(), timeout=2000)
    index = table.rows.index(row, table.rows.columns.index(column))
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    return index


def _stored(window, table: str, row_id: int, column: str):  # type: ignore[no-untyped-def]
    ctx = window.workspace.ctx
    return next(r for r in ctx.rows_of(table) if r["id"] == row_id)[column]


def _empty_action_item(window, qtbot):  # type: ignore[no-untyped-def]
    """A written action item with no due date, added by typing its text."""
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), Area.MEETINGS.value)
    items = window.workspace.pages[Area.MEETINGS].action_items
    qtbot.mouseClick(items.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(_focus(), "Call back")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    row_id = next(
        r["id"] for r in window.workspace.ctx.rows_of("action_item") if r["text"] == "Call back"
    )
    return items, items.rows.find({"id": row_id})


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("2026-12-15", Qt.Key.Key_Return),
        ("15 Dec 2026", Qt.Key.Key_Tab),
        ("locale", Qt.Key.Key_Return),
        ("locale", Qt.Key.Key_Tab),
    ],
)
def test_a_date_typed_into_an_empty_due_cell_is_stored(window, qtbot, typed, key) -> None:  # type: ignore[no-untyped-def]
    if typed == "locale":
        typed = QLocale().toString(QDate(2026, 12, 15), QLocale.FormatType.ShortFormat)
    items, row = _empty_action_item(window, qtbot)
    row_id = items.rows.row_at(row)["id"]
    _start_editing(qtbot, items, row, "due")
    editor = _focus()
    assert isinstance(editor, DateField)
    assert editor.text() == ""
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, key)
    # Enter commits once the key's event is done.
    qtbot.waitUntil(lambda: _stored(window, "action_item", row_id, "due") == DUE, timeout=2000)
    shown = items.rows.find({"id": row_id})
    assert items.rows.index(shown, items.rows.columns.index("due")).data() == "2026-12-15"


def test_an_unreadable_date_says_why_and_stores_nothing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    items, row = _empty_action_item(window, qtbot)
    row_id = items.rows.row_at(row)["id"]
    _start_editing(qtbot, items, row, "due")
    qtbot.keyClicks(_focus(), "someday")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "must be a date" in items.problem.text(), timeout=2000)
    assert _stored(window, "action_item", row_id, "due") is None


def _open_calendar(qtbot, editor: DateField):  # type: ignore[no-untyped-def]
    """Click the calendar button at the end of the date field; the popup's calendar."""
    (button,) = [
        b for b in editor.findChildren(QToolButton) if b.defaultAction() is editor.calendar_action
    ]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    calendar = editor.calendar
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    return calendar


def _calendar_keys(qtbot, calendar, *keys: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Press keys in the calendar's day grid, as a person does after it opens."""
    grid = calendar.findChild(QTableView)
    assert grid is not None
    for key in keys:
        qtbot.keyClick(grid, key)


def test_the_calendar_opens_on_today_or_the_cells_date(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    items, row = _empty_action_item(window, qtbot)
    _start_editing(qtbot, items, row, "due")
    editor = _focus()
    assert isinstance(editor, DateField)
    calendar = _open_calendar(qtbot, editor)
    # Today is the book's today (never January 1900), the day new rows are dated.
    assert calendar.selectedDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
    row_id = items.rows.row_at(row)["id"]
    # Three weeks and two days on (22 Nov → 15 Dec), then Enter picks it.
    _calendar_keys(qtbot, calendar, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down)
    _calendar_keys(qtbot, calendar, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(window, "action_item", row_id, "due") == DUE, timeout=2000)
    # A dated cell opens its calendar on its own date; a click on a day picks that day.
    _start_editing(qtbot, items, items.rows.find({"id": row_id}), "due")
    editor = _focus()
    assert isinstance(editor, DateField)
    calendar = _open_calendar(qtbot, editor)
    assert calendar.selectedDate() == QDate(2026, 12, 15)
    _calendar_keys(qtbot, calendar, Qt.Key.Key_Right)
    grid = calendar.findChild(QTableView)
    selected = grid.selectionModel().selectedIndexes()[0]
    qtbot.mouseClick(
        grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(selected).center()
    )
    qtbot.waitUntil(
        lambda: _stored(window, "action_item", row_id, "due") == dt.date(2026, 12, 16),
        timeout=2000,
    )


def test_a_date_field_on_a_form_opens_its_calendar_on_its_date(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), Area.SNAPSHOT.value)
    form = window.workspace.pages[Area.SNAPSHOT].form
    renewal = form.widgets["renewal_date"]
    stored = window.workspace.ctx.account["renewal_date"]
    calendar = _open_calendar(qtbot, renewal)
    assert calendar.selectedDate() == QDate(stored.year, stored.month, stored.day)
    _calendar_keys(qtbot, calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible(), timeout=2000)
    assert window.workspace.ctx.account["renewal_date"] == stored


DATE_COLUMNS = [
    (Area.ONBOARDING, "milestones", "due", "milestone"),
    (Area.SUCCESS_PLAN, "milestones", "completed_on", "milestone"),
    (Area.MEETINGS, "action_items", "completed_on", "action_item"),
    (Area.RISKS, "risks", "reassess_on", "risk"),
    (Area.SUCCESS_PLAN, "kpis", "by_when", "kpi"),
    (Area.SUCCESS_PLAN, "readings", "date", "kpi_reading"),
    (Area.RENEWAL, "checklist", "due", "renewal_step"),
]


@pytest.mark.parametrize(("area", "attribute", "column", "table"), DATE_COLUMNS)
def test_every_date_column_takes_a_typed_date(
    window, qtbot, area, attribute, column, table
) -> None:  # type: ignore[no-untyped-def]
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), area.value)
    editor_table = getattr(window.workspace.pages[area], attribute)
    if not editor_table.rows.rowCount():
        qtbot.mouseClick(editor_table.add_button, Qt.MouseButton.LeftButton)
        widget = QApplication.focusWidget()
        qtbot.keyClicks(widget, "Send the order form")
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert editor_table.rows.rowCount()
    row_id = editor_table.rows.row_at(0)["id"]
    _start_editing(qtbot, editor_table, 0, column)
    editor = _focus()
    assert isinstance(editor, DateField)
    editor.selectAll()
    qtbot.keyClicks(editor, "15 Dec 2026")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(window, table, row_id, column) == DUE, timeout=2000)
    # Its calendar opens on the row's date; picking the next day with the keys stores it.
    _start_editing(qtbot, editor_table, editor_table.rows.find({"id": row_id}), column)
    editor = _focus()
    assert isinstance(editor, DateField)
    calendar = _open_calendar(qtbot, editor)
    assert calendar.selectedDate() == QDate(2026, 12, 15)
    _calendar_keys(qtbot, calendar, Qt.Key.Key_Right, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: _stored(window, table, row_id, column) == dt.date(2026, 12, 16), timeout=2000
    )


def test_tabbing_through_a_new_action_item_keeps_every_value(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), Area.MEETINGS.value)
    items = window.workspace.pages[Area.MEETINGS].action_items
    before = {r["id"] for r in window.workspace.ctx.rows_of("action_item")}
    qtbot.mouseClick(items.add_button, Qt.MouseButton.LeftButton)
    editor = _focus()
    qtbot.keyClicks(editor, "Send the ROI deck")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    # The row was written, the account re-scored and the table refreshed.
    new_id = next(
        r["id"] for r in window.workspace.ctx.rows_of("action_item") if r["id"] not in before
    )
    row = items.rows.find({"id": new_id})
    assert items.view.currentIndex() == items.rows.index(row, items.rows.columns.index("owner"))
    qtbot.keyClicks(_focus(), "Dana Whitfield")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # side: keep the choice
    row = items.rows.find({"id": new_id})
    assert items.view.currentIndex() == items.rows.index(row, items.rows.columns.index("due"))
    qtbot.keyClicks(_focus(), "2026-12-15")
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(window, "action_item", new_id, "due") == DUE, timeout=2000)
    assert _stored(window, "action_item", new_id, "text") == "Send the ROI deck"
    assert _stored(window, "action_item", new_id, "owner") == "Dana Whitfield"
    row = items.rows.find({"id": new_id})
    shown = [items.rows.index(row, c).data() for c in range(items.rows.columnCount())]
    assert shown[:2] == ["Send the ROI deck", "Dana Whitfield"]


def test_tabbing_through_a_milestone_that_moves_when_its_date_is_saved(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), Area.SUCCESS_PLAN.value)
    milestones = window.workspace.pages[Area.SUCCESS_PLAN].milestones
    rows = milestones.rows
    phases = [rows.row_at(r)["phase"] for r in range(rows.rowCount())]
    last = max(r for r in range(1, len(phases)) if phases[r - 1] == phases[r])
    row_id = rows.row_at(last)["id"]
    _start_editing(qtbot, milestones, last, "owner_name")
    editor = _focus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Priya")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    editor = _focus()
    assert isinstance(editor, DateField)
    editor.selectAll()
    qtbot.keyClicks(editor, "1 Jan 2020")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert _stored(window, "milestone", row_id, "due") == dt.date(2020, 1, 1)
    row = rows.find({"id": row_id})
    assert row != last  # sorted by its new date
    assert milestones.view.currentIndex() == rows.index(row, rows.columns.index("status"))
    assert milestones.selected_key() == {"id": row_id}
    assert _stored(window, "milestone", row_id, "owner_name") == "Priya"


def test_a_new_risk_starts_empty_and_is_written_once_its_statement_is_typed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), Area.RISKS.value)
    risks = window.workspace.pages[Area.RISKS].risks
    stack = window.session.undo_stack
    before = len(window.workspace.ctx.rows_of("risk"))
    qtbot.mouseClick(risks.add_button, Qt.MouseButton.LeftButton)
    editor = _focus()
    assert isinstance(editor, QPlainTextEdit) and editor.toPlainText() == ""
    row = risks.rows.rowCount() - 1
    assert risks.view.currentIndex() == risks.rows.index(row, 0)
    assert risks.rows.index(row, 0).data() == ""
    assert len(window.workspace.ctx.rows_of("risk")) == before  # nothing invented, nothing written
    assert stack.count() == 0
    qtbot.keyClicks(editor, "Budget owner moves to EMEA")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    statements = [r["statement"] for r in window.workspace.ctx.rows_of("risk")]
    assert "Budget owner moves to EMEA" in statements
    assert not any(s.startswith("New ") for s in statements)
    assert stack.count() == 1 and stack.undoText() == "Add risk register"
    new = risks.rows.find(
        {
            "id": next(
                r["id"]
                for r in window.workspace.ctx.rows_of("risk")
                if r["statement"].startswith("Budget owner")
            )
        }
    )
    assert risks.view.currentIndex() == risks.rows.index(new, 1)  # on to the category


def test_a_new_reading_is_not_saved_as_zero_before_its_value_is_typed(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _show(window, qtbot)
    window.open_account(account_id(window, "Northwind Payments"), Area.SUCCESS_PLAN.value)
    page = window.workspace.pages[Area.SUCCESS_PLAN]
    readings = page.readings
    kpi_id = page.kpis.selected_key()["id"]
    before = [r for r in window.workspace.ctx.rows_of("kpi_reading") if r["kpi_id"] == kpi_id]
    readings.view.scrollTo(readings.rows.index(0, 0))
    qtbot.mouseClick(readings.add_button, Qt.MouseButton.LeftButton)
    row = readings.rows.rowCount() - 1
    assert readings.rows.index(row, 1).data() == ""
    after = [r for r in window.workspace.ctx.rows_of("kpi_reading") if r["kpi_id"] == kpi_id]
    assert len(after) == len(before)
    # The value is being edited; the date starts at today and can be changed first.
    assert readings.view.currentIndex() == readings.rows.index(row, 1)
    qtbot.keyClick(_focus(), Qt.Key.Key_Backtab)
    date = _focus()
    assert isinstance(date, DateField)
    date.selectAll()
    qtbot.keyClicks(date, "15 Dec 2026")
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert len(
        [r for r in window.workspace.ctx.rows_of("kpi_reading") if r["kpi_id"] == kpi_id]
    ) == len(before)
    qtbot.keyClicks(QApplication.focusWidget(), "42")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    written = [r for r in window.workspace.ctx.rows_of("kpi_reading") if r["kpi_id"] == kpi_id]
    assert len(written) == len(before) + 1
    new = next(r for r in written if r not in before)
    assert (new["date"], new["value"]) == (DUE, 42.0)
    assert window.session.undo_stack.count() == 1
