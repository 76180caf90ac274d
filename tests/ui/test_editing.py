"""Editing through the real widgets: every edit is one undo step and the portfolio follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from csm_desk.engine.vocab import Area
from csm_desk.models.fields import Kind, specs_of
from csm_desk.models.tables import (
    ALL_TABLES,
    ArtifactTouch,
    BookMeta,
    HealthSnapshot,
    RenewalCycle,
    RenewalCycleStep,
)
from csm_desk.ui.account.workspace import TAB_CLASSES
from csm_desk.ui.editors.fields import DateField, NumberField
from csm_desk.ui.portfolio_model import Column
from tests.ui.conftest import account_id


def _row_texts(win, account: int) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    model = win.portfolio.model
    row = model.row_of(account)
    return tuple(model.index(row, c).data() for c in Column)


def _type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_edit_arr_through_the_account_form_updates_everything_and_undo_restores(
    window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    tailspin = account_id(window, "Tailspin Media")
    window.open_account(tailspin)
    before_row = _row_texts(window, tailspin)
    before = window.session.account(tailspin)
    before_book_arr = window.session.result.arr
    form = window.workspace.pages[Area.SNAPSHOT].form
    arr = form.widgets["arr"]
    assert isinstance(arr, NumberField)
    _type_into(qtbot, arr, "250,000")

    after = window.session.account(tailspin)
    assert after.arr == 250_000.0
    assert after.segment.value == "high_touch"  # the segment follows ARR
    assert after.forecast_arr == pytest.approx(250_000.0 * after.renewal_probability)
    assert after.health is not before.health
    row = _row_texts(window, tailspin)
    assert row[Column.ARR] == "$250,000"
    assert row[Column.SEGMENT].startswith("High touch")
    # The totals follow once the edit's event is done.
    arr_card = window.portfolio.summary.cards["arr"].value
    qtbot.waitUntil(lambda: arr_card.text() == "$750k", timeout=2000)
    assert window.session.result.arr == pytest.approx(before_book_arr + 241_000.0)
    assert window.session.undo_stack.count() == 1
    assert window.commands.undo.isEnabled()

    window.commands.undo.trigger()
    restored = window.session.account(tailspin)
    assert restored.arr == before.arr
    assert restored.segment is before.segment
    assert restored.forecast_arr == before.forecast_arr
    assert restored.health.score == before.health.score
    assert _row_texts(window, tailspin) == before_row
    assert form.widgets["arr"].text() == "9,000"
    window.commands.redo.trigger()
    assert window.session.account(tailspin).arr == 250_000.0


def test_invalid_input_shows_the_reason_and_writes_nothing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_account(account_id(window, "Northwind Payments"))
    form = window.workspace.pages[Area.SNAPSHOT].form
    _type_into(qtbot, form.widgets["complexity"], "7")
    assert form.problems["complexity"].text() == "Complexity (1–3) must be between 1 and 3"
    _type_into(qtbot, form.widgets["arr"], "lots")
    assert form.problems["arr"].text() == "ARR must be a number"
    _type_into(qtbot, form.widgets["contract_start"], "31/31/2026")
    assert "must be a date" in form.problems["contract_start"].text()
    _type_into(qtbot, form.widgets["name"], "")
    form.widgets["name"].clear()
    qtbot.keyClick(form.widgets["name"], Qt.Key.Key_Return)
    assert form.problems["name"].text() == "Account name is required"
    assert window.session.undo_stack.count() == 0
    _type_into(qtbot, form.widgets["complexity"], "2")
    assert form.problems["complexity"].isHidden()
    assert window.session.undo_stack.count() == 1


def test_table_edit_add_delete_are_undo_steps(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.RISKS.value)
    risks = window.workspace.pages[Area.RISKS].risks
    assert risks.rows.rowCount() == 1
    stack = window.session.undo_stack
    risks.add_button.click()
    assert risks.rows.rowCount() == 2
    assert stack.count() == 0  # a new risk is written once its statement is typed
    model = risks.rows
    assert model.setData(model.index(1, model.columns.index("statement")), "Budget cut")
    assert stack.count() == 1
    index = model.index(1, model.columns.index("severity"))
    assert model.setData(index, "critical")
    assert model.index(1, model.columns.index("severity")).data() == "Critical"
    assert stack.count() == 2
    assert not model.setData(model.index(1, model.columns.index("statement")), "")
    assert risks.problem.text() == "Risk is required"
    risks.select(model.key_at(1))
    risks.delete_button.click()
    assert risks.rows.rowCount() == 1
    stack.undo()
    assert risks.rows.rowCount() == 2
    assert model.index(1, model.columns.index("severity")).data() == "Critical"
    stack.undo()
    stack.undo()
    assert risks.rows.rowCount() == 1
    assert stack.canRedo()


def test_failed_write_shows_the_message_and_leaves_the_stack(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.ops import SetFields

    shown: list[str] = []
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    assert window.session.apply(SetFields("account", {"id": 9999}, {"name": "X"})) is None
    assert window.session.apply(SetFields("account", {"id": 1}, {"arr": -5.0})) is None
    assert shown == ["account {'id': 9999} no longer exists", "ARR: must be at least 0"]
    assert window.session.undo_stack.count() == 0


@pytest.mark.parametrize("tab", TAB_CLASSES, ids=lambda cls: cls.area.value)
def test_each_tab_opens_on_the_rich_account(window, tab) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, tab.area.value)
    page = window.workspace.pages[tab.area]
    assert window.workspace.tabs.currentWidget() is page
    assert page.ctx is not None
    assert page.ctx.account_id == northwind
    for table in page.tables:
        # every list on the rich account shows its rows (the readings follow the selected KPI)
        table_name = table.rows.model.__tablename__
        # (and the links follow the selected meeting, risk or milestone)
        empty_ok = {"renewal_next_step", "renewal_step", "link"}
        assert table.rows.rowCount() > 0 or table_name in empty_ok
    if tab.artifact is not None:
        state = window.session.account(northwind).artifacts[tab.artifact]
        assert state.status.label in page.banner.status.text()


def test_every_editable_field_has_an_editor(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    found = window.ensure_workspace().edited_fields()
    dialog = SettingsDialog(window.session, window)
    found |= {("book", "owner"), ("book", "currency"), ("book", "notes")}
    found |= {("handover_log", c) for c in dialog.history.rows.columns}
    assert dialog.owner.text() == "Sam Rivera"
    assert dialog.notes.toPlainText() == ""
    # Closed renewals are history, shown read-only on the Renewal tab.
    skipped = {ArtifactTouch, BookMeta, HealthSnapshot, RenewalCycle, RenewalCycleStep}
    wanted = {
        (str(t.__tablename__), name)
        for t in ALL_TABLES
        if t not in skipped
        for name, spec in specs_of(t).items()
        if spec.kind is not Kind.SYSTEM
    }
    assert wanted - found == set()


def test_hand_over_log_is_shown_and_correctable_in_settings(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.ops import InsertRow
    from csm_desk.ui.dialogs.settings import SettingsDialog

    window.session.writer.run(
        InsertRow("handover_log", {"from_owner": "Pat", "to_owner": "Sam Rivera"})
    )
    dialog = SettingsDialog(window.session, window)
    rows = dialog.history.rows
    assert rows.rowCount() == 1
    assert rows.index(0, rows.columns.index("from_owner")).data() == "Pat"
    assert rows.setData(rows.index(0, rows.columns.index("note")), "Took over in March")
    assert rows.index(0, rows.columns.index("note")).data() == "Took over in March"
    assert window.session.undo_stack.undoText() == "Edit hand-over log"


def _edit_cell(qtbot, editor_table, row: int, column: str):  # type: ignore[no-untyped-def]
    model = editor_table.rows
    index = model.index(row, model.columns.index(column))
    view = editor_table.view
    view.setCurrentIndex(index)
    view.edit(index)
    widget = view.indexWidget(index) or view.viewport().focusWidget() or view.focusWidget()
    return index, widget


def test_cell_editors_are_chosen_by_kind_and_commit(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import (
        QAbstractItemDelegate,
        QComboBox,
        QListWidget,
    )

    window.show()
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.STAKEHOLDERS.value)
    people = window.workspace.pages[Area.STAKEHOLDERS].people
    editors = {}
    for column in ("stance", "roles", "last_contact", "influence"):
        index, widget = _edit_cell(qtbot, people, 0, column)
        editors[column] = widget
        people.view.closeEditor(widget, QAbstractItemDelegate.EndEditHint.NoHint)
    assert isinstance(editors["stance"], QComboBox)
    assert isinstance(editors["roles"], QListWidget)
    assert isinstance(editors["last_contact"], DateField)
    assert editors["last_contact"].calendar_action.isVisible()
    window.open_account(northwind, Area.EXPANSION.value)
    expansions = window.workspace.pages[Area.EXPANSION].expansions
    index, number = _edit_cell(qtbot, expansions, 0, "estimated_arr")
    assert isinstance(number, NumberField)
    number.setText("55,000")
    expansions.view.commitData(number)
    assert expansions.rows.index(0, index.column()).data() == "55,000"
    assert window.session.undo_stack.undoText() == "Edit Estimated ARR"


def test_a_write_the_database_refuses_is_reported_not_raised(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.ops import Custom

    shown: list[str] = []
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )

    def broken(conn, _touches):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("UPDATE account SET name = 'X'")
        conn.exec_driver_sql("INSERT INTO no_such_table VALUES (1)")
        raise AssertionError("the insert above fails first")

    names = {a.name for a in window.session.result.accounts}
    assert window.session.apply(Custom("Broken", broken, broken)) is None
    assert shown == [
        "Could not save the change: the book could not be read or written "
        "(no such table: no_such_table); nothing was changed"
    ]
    assert window.session.undo_stack.count() == 0
    window.session.reload()
    assert {a.name for a in window.session.result.accounts} == names
