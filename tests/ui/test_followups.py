"""My follow-ups in the window: the list on the demo book, marking done, snoozing and typing a
new date (each one undo step), and opening an item at its account's tab and row."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt

from csm_desk.engine.followups import FollowUpKind
from csm_desk.engine.vocab import Area
from csm_desk.models.followup_rows import mark_done


def _row(win, table: str, row_id: int, columns: str) -> tuple:  # type: ignore[no-untyped-def]
    with sqlite3.connect(win.session.book.path) as conn:
        return conn.execute(f"select {columns} from {table} where id = ?", (row_id,)).fetchone()


def _pick(panel, kind: FollowUpKind, row_id: int):  # type: ignore[no-untyped-def]
    item = next(
        panel.model.follow_up(r)
        for r in range(panel.model.rowCount())
        if panel.model.follow_up(r) is not None
        and (panel.model.follow_up(r).kind, panel.model.follow_up(r).row_id) == (kind, row_id)
    )
    assert panel.select(item)
    return item


def _texts(panel) -> list[str]:  # type: ignore[no-untyped-def]
    return [panel.model.index(r).data() for r in range(panel.model.rowCount())]


def test_the_list_groups_the_demo_books_follow_ups(demo_window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = demo_window.portfolio.followups
    qtmodeltester.check(panel.model)
    assert panel.heading.text() == "My follow-ups  ·  62 (19 overdue)"
    texts = _texts(panel)
    headings = [t for t in texts if not t[0].isdigit() and "·" not in t]
    assert headings == [
        "Overdue (19)",
        "Today (2)",
        "This week (15)",
        "Later (26)",
        "Waiting on the customer (8)",
    ]
    assert texts[1] == "107d late · Meridian Retail Group · Renewal step: Set the renewal forecast"
    assert "today · Cobalt Ridge Energy · Renewal step: Identify risks" in texts[21]


def test_mark_done_is_one_undo_step(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    panel = win.portfolio.followups
    win.portfolio.side.setCurrentWidget(panel)
    _pick(panel, FollowUpKind.ACTION_ITEM, 20)
    steps = win.session.undo_stack.index()
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert _row(win, "action_item", 20, "status, completed_on") == ("done", "2026-11-22")
    assert win.session.undo_stack.index() == steps + 1
    assert not any("Send the pricing proposal" in t for t in _texts(panel))
    assert panel.heading.text() == "My follow-ups  ·  61 (18 overdue)"
    # The selection moved on to the item that took its place.
    assert panel.selected() is not None
    win.commands.undo.trigger()
    assert _row(win, "action_item", 20, "status, completed_on") == ("open", None)
    assert any("Send the pricing proposal" in t for t in _texts(panel))
    assert panel.heading.text() == "My follow-ups  ·  62 (19 overdue)"


def test_snooze_puts_an_item_off_a_week_and_undo_brings_it_back(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    panel = win.portfolio.followups
    _pick(panel, FollowUpKind.ACTION_ITEM, 14)  # due 2026-11-24
    qtbot.mouseClick(panel.snooze_button, Qt.MouseButton.LeftButton)
    assert _row(win, "action_item", 14, "due") == ("2026-12-01",)
    assert panel.selected() is not None
    overdue = _pick(panel, FollowUpKind.RISK_REASSESSMENT, 8)  # reassess by 2026-11-14
    assert not panel.done_button.isEnabled()  # a risk is reassessed in the account
    qtbot.mouseClick(panel.snooze_button, Qt.MouseButton.LeftButton)
    assert overdue.due == dt.date(2026, 11, 14)
    assert _row(win, "risk", 8, "reassess_on") == ("2026-11-29",)  # a week from today
    win.commands.undo.trigger()
    win.commands.undo.trigger()
    assert _row(win, "risk", 8, "reassess_on") == ("2026-11-14",)
    assert _row(win, "action_item", 14, "due") == ("2026-11-24",)


def test_typing_a_new_date_moves_the_item(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    panel = win.portfolio.followups
    win.portfolio.side.setCurrentWidget(panel)
    _pick(panel, FollowUpKind.MILESTONE, 50)  # Juniper's kickoff, 2026-11-26
    assert panel.due_edit.text() == "2026-11-26"
    steps = win.session.undo_stack.index()
    panel.due_edit.selectAll()
    qtbot.keyClicks(panel.due_edit, "15 Dec 2026")
    qtbot.keyClick(panel.due_edit, Qt.Key.Key_Return)
    assert _row(win, "milestone", 50, "due") == ("2026-12-15",)
    assert win.session.undo_stack.index() == steps + 1
    moved = panel.selected()
    assert moved is not None and (moved.row_id, moved.due) == (50, dt.date(2026, 12, 15))
    win.commands.undo.trigger()
    assert _row(win, "milestone", 50, "due") == ("2026-11-26",)
    # Something that is not a date is refused where it was typed; nothing is written.
    _pick(panel, FollowUpKind.MILESTONE, 50)
    panel.due_edit.selectAll()
    qtbot.keyClicks(panel.due_edit, "next Tuesday")
    qtbot.keyClick(panel.due_edit, Qt.Key.Key_Return)
    assert not panel.problem.isHidden()
    assert win.session.undo_stack.index() == steps
    assert _row(win, "milestone", 50, "due") == ("2026-11-26",)


def test_opening_an_item_goes_to_its_account_tab_and_row(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    panel = win.portfolio.followups
    item = _pick(panel, FollowUpKind.ACTION_ITEM, 15)  # Northwind, under the 10 Nov meeting
    panel.view.activated.emit(panel.view.currentIndex())
    workspace = win.workspace
    assert win.pages.currentWidget() is workspace
    assert workspace.account_id == item.account_id
    assert workspace.current_area() is Area.MEETINGS
    page = workspace.tabs.currentWidget()
    assert page.meetings.selected_key() == {"id": 10}
    assert page.action_items.selected_key() == {"id": 15}
    win.show_portfolio()
    onboarding = _pick(panel, FollowUpKind.MILESTONE, 50)
    panel.view.activated.emit(panel.view.currentIndex())
    assert workspace.account_id == onboarding.account_id
    assert workspace.current_area() is Area.ONBOARDING
    assert workspace.tabs.currentWidget().milestones.selected_key() == {"id": 50}


def test_a_hidden_list_catches_up_when_shown(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    win.show()
    qtbot.waitExposed(win)
    panel = win.portfolio.followups
    win.portfolio.side.setCurrentWidget(win.portfolio.priorities)
    item = _pick(panel, FollowUpKind.ACTION_ITEM, 20)
    win.session.apply(mark_done(item, win.session.as_of))
    assert any("Send the pricing proposal" in t for t in _texts(panel))  # not read yet
    win.portfolio.side.setCurrentWidget(panel)
    assert not any("Send the pricing proposal" in t for t in _texts(panel))
    assert panel.heading.text() == "My follow-ups  ·  61 (18 overdue)"


def test_a_read_only_book_lists_follow_ups_but_cannot_change_them(qtbot, sample_path) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow
    from tests.ui.mounts import read_only_file, sha256

    before = sha256(sample_path)
    with read_only_file(sample_path):
        win = MainWindow()
        qtbot.addWidget(win)
        assert win.open_book(sample_path) and win.session.read_only
        panel = win.portfolio.followups
        assert panel.model.rowCount() > 5
        panel._select_near(0)
        assert panel.selected() is not None
        assert not panel.done_button.isEnabled()
        assert not panel.snooze_button.isEnabled()
        assert not panel.due_edit.isEnabled()
        win.close_book()
    assert sha256(sample_path) == before
