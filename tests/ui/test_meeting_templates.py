"""Meeting templates and Copy from last meeting, through the real window: the Add button, the
meeting's type box, the settings' template editors and the Copy from last meeting button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from csm_desk.engine.meetings import default_template, template_values
from csm_desk.engine.vocab import Area
from tests.dumps import dump
from tests.ui.conftest import account_id


def _meetings_tab(window, qtbot):  # type: ignore[no-untyped-def]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.open_account(account_id(window, "Northwind Payments"), Area.MEETINGS.value)
    return window.workspace.pages[Area.MEETINGS]


def _selected_meeting(window, tab):  # type: ignore[no-untyped-def]
    key = tab.meetings.selected_key()
    assert key is not None
    with window.session.book.engine.connect() as conn:
        from csm_desk.models import rowdata

        return rowdata.get_row(conn, "meeting", key)


def _add_meeting(qtbot, tab):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.meetings.add_button, Qt.MouseButton.LeftButton)
    tab.meetings.view.closePersistentEditor(tab.meetings.view.currentIndex())


def _choose(qtbot, combo, label: str) -> None:  # type: ignore[no-untyped-def]
    """Pick ``label`` in a combo box with the keyboard, as a person would."""
    combo.setFocus()
    while combo.currentText() != label:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{label} is not in the list"


def test_a_new_meeting_starts_from_its_types_template(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = _meetings_tab(window, qtbot)
    stack = window.session.undo_stack
    before = dump(window.session.book)
    _add_meeting(qtbot, tab)
    assert stack.count() == 1
    meeting = _selected_meeting(window, tab)
    assert meeting["type"] == "check_in"
    check_in = template_values(default_template("check_in"))
    assert meeting["internal_notes"] == check_in["internal_notes"]
    assert meeting["open_items"] == check_in["open_items"]
    assert meeting["decisions"] is None
    form = tab.meetings.form
    assert form.widgets["open_items"].toPlainText() == check_in["open_items"]

    _choose(qtbot, form.widgets["type"], "QBR")
    assert stack.count() == 2  # the type and its template are one step
    meeting = _selected_meeting(window, tab)
    qbr = template_values(default_template("qbr"))
    assert (meeting["type"], meeting["open_items"]) == ("qbr", qbr["open_items"])
    assert form.widgets["internal_notes"].toPlainText() == qbr["internal_notes"]

    # Once something is written in the meeting, a new type leaves the text alone.
    items = form.widgets["open_items"]
    items.setFocus()
    qtbot.keyClick(items, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(items, Qt.Key.Key_Return)
    qtbot.keyClicks(items, "Ask about the audit")
    qtbot.keyClick(items, Qt.Key.Key_Tab)
    assert stack.count() == 3
    _choose(qtbot, form.widgets["type"], "Renewal")
    meeting = _selected_meeting(window, tab)
    assert meeting["type"] == "renewal"
    assert meeting["open_items"] == qbr["open_items"] + "\nAsk about the audit"

    while stack.canUndo():  # each type passed on the way down the list was a step
        window.commands.undo.trigger()
    assert dump(window.session.book) == before


def test_copy_from_last_meeting_clicked_and_undone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = _meetings_tab(window, qtbot)
    stack = window.session.undo_stack
    # The account's earlier meeting ("Close review") was attended by Dana Lee and left
    # "Send the plan" open; give it an open question and our attendee too.
    tab.meetings.select(tab.meetings.rows.key_at(0))
    form = tab.meetings.form
    for name, text in (("open_items", "Who approves the budget?"), ("internal_attendees", "Sam")):
        widget = form.widgets[name]
        widget.setFocus()
        qtbot.keyClicks(widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    earlier = _selected_meeting(window, tab)
    _add_meeting(qtbot, tab)
    new_id = _selected_meeting(window, tab)["id"]
    assert new_id != earlier["id"]
    before = dump(window.session.book)
    steps = stack.count()

    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    assert stack.count() == steps + 1
    assert stack.undoText() == "Copy from last meeting"
    assert tab.copy_problem.isHidden()
    ticked = [
        tab.attendees.item(i).text()
        for i in range(tab.attendees.count())
        if tab.attendees.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == ["Dana Lee (VP Finance)"]
    items = tab.action_items.rows
    texts = [items.row_at(r)["text"] for r in range(items.rowCount())]
    assert texts == ["Send the plan"]
    meeting = _selected_meeting(window, tab)
    assert meeting["open_items"].endswith("\nWho approves the budget?")
    assert meeting["internal_attendees"] == "Sam"
    assert form.widgets["internal_attendees"].text() == "Sam"

    # A second click has nothing new to bring and says so.
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    assert stack.count() == steps + 1
    assert "nothing open" in tab.copy_problem.text()

    window.commands.undo.trigger()
    assert dump(window.session.book) == before
    assert all(
        tab.attendees.item(i).checkState() == Qt.CheckState.Unchecked
        for i in range(tab.attendees.count())
    )


def test_copy_on_the_first_meeting_says_there_is_none(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = _meetings_tab(window, qtbot)
    tab.meetings.select(tab.meetings.rows.key_at(0))
    before = dump(window.session.book)
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    assert tab.copy_problem.text().startswith("This is the account's first meeting")
    assert dump(window.session.book) == before


def test_templates_are_edited_in_the_settings(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    before = dump(window.session.book)
    dialog = SettingsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.meeting_templates)
    editor = dialog.meeting_templates
    _choose(qtbot, editor.meeting_type, "Check-in")
    agenda = editor.editors["check_in"]["agenda"]
    agenda.setFocus()
    agenda.selectAll()
    qtbot.keyClicks(agenda, "Wins since the last call")
    qtbot.keyClick(agenda, Qt.Key.Key_Return)
    qtbot.keyClicks(agenda, "  Blockers  ")
    questions = editor.editors["check_in"]["questions"]
    questions.setFocus()
    questions.selectAll()
    qtbot.keyClick(questions, Qt.Key.Key_Delete)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    template = window.session.settings.meeting_template("check_in")
    assert template.agenda == ("Wins since the last call", "Blockers")
    assert template.questions == ()
    assert template.decisions == default_template("check_in").decisions

    tab = _meetings_tab(window, qtbot)
    _add_meeting(qtbot, tab)
    meeting = _selected_meeting(window, tab)
    assert meeting["internal_notes"] == "Agenda\n1. Wins since the last call\n2. Blockers"
    assert meeting["open_items"] == "Decide: Priorities until the next check-in"

    window.commands.undo.trigger()
    window.commands.undo.trigger()
    assert dump(window.session.book) == before
    again = SettingsDialog(window.session, window)
    qtbot.addWidget(again)
    assert again.meeting_templates.templates()["check_in"] == default_template("check_in")


def test_restore_puts_back_the_standard_template(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    qtbot.addWidget(dialog)
    editor = dialog.meeting_templates
    editor.show_type("renewal")
    editor.editors["renewal"]["agenda"].setPlainText("Only this")
    assert editor.templates()["renewal"].agenda == ("Only this",)
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert editor.templates()["renewal"] == default_template("renewal")
