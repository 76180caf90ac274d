"""Search everything in the window: Ctrl+Shift+F, type, Enter or double-click lands on the
account's tab and row (or field); edits and undo are found at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csm_desk.engine.vocab import Area
from csm_desk.models.search import Hit
from csm_desk.ui.editors.row_table import RowTableEditor
from tests.ui.conftest import account_id

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _search(window, qtbot, words: str):  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = window.search_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.box.clear()
    qtbot.keyClicks(dialog.box, words)
    return dialog


def _selected_id(window, table: str) -> object:  # type: ignore[no-untyped-def]
    page = window.workspace.tabs.currentWidget()
    editor = page.findChild(RowTableEditor, f"rows_{table}")
    assert editor is not None
    key = editor.selected_key()
    return key["id"] if key else None


def test_ctrl_shift_f_then_enter_opens_the_stakeholder(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _search(demo_window, qtbot, "owns the budget")
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)  # before the typing pause: searched at once
    assert not dialog.isVisible()
    hit = dialog.hits[0]
    assert (hit.account, hit.table) == ("Northwind Payments", "stakeholder")
    workspace = demo_window.workspace
    assert demo_window.pages.currentWidget() is workspace
    assert workspace.account_id == account_id(demo_window, "Northwind Payments")
    assert workspace.current_area() is Area.STAKEHOLDERS
    assert _selected_id(demo_window, "stakeholder") == hit.row_id


def test_a_double_click_opens_an_action_item_under_its_meeting(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _search(demo_window, qtbot, "renewal notice")
    qtbot.waitUntil(lambda: dialog.list.count() > 0)
    row = next(i for i, h in enumerate(dialog.hits) if h.table == "action_item")
    hit = dialog.hits[row]
    item = dialog.list.item(row)
    rect = dialog.list.visualItemRect(item)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not dialog.isVisible()
    workspace = demo_window.workspace
    assert workspace.account_id == hit.account_id
    assert workspace.current_area() is Area.MEETINGS
    assert _selected_id(demo_window, "action_item") == hit.row_id
    assert _selected_id(demo_window, "meeting") is not None


def test_a_hit_in_a_form_field_focuses_the_field(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _search(demo_window, qtbot, "batch script")
    qtbot.waitUntil(lambda: dialog.list.count() > 0)
    hit: Hit = dialog.hits[0]
    assert (hit.table, hit.column) == ("account", "internal_notes")
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    workspace = demo_window.workspace
    assert workspace.account_id == hit.account_id
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focused = QApplication.focusWidget()
    names = set()
    while focused is not None:
        names.add(focused.objectName())
        focused = focused.parentWidget()
    assert "field_internal_notes" in names


def test_odd_input_and_nothing_typed(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _search(demo_window, qtbot, '"(NOT -x* a:b')
    dialog.run()
    dialog.box.clear()
    dialog.run()
    assert dialog.list.count() == 0
    assert dialog.count.text() == "Type words to find them in every account"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)  # nothing to open: stays
    assert dialog.isVisible()


def test_an_edit_and_its_undo_are_searchable_at_once(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.ops import SetFields

    northwind = account_id(window, "Northwind Payments")
    window.session.apply(
        SetFields("account", {"id": northwind}, {"internal_notes": "Quetzalcoatl project"})
    )
    dialog = _search(window, qtbot, "quetzalcoatl")
    dialog.run()
    assert [(h.account_id, h.column) for h in dialog.hits] == [(northwind, "internal_notes")]
    dialog.hide()
    window.session.undo()
    dialog.open_for(window.session)
    assert dialog.hits == []


def test_a_link_is_found_by_its_label_and_opens_on_the_links_tab(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _search(demo_window, qtbot, "handover notes")
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    hit = dialog.hits[0]
    assert (hit.account, hit.table) == ("Northwind Payments", "link")
    assert demo_window.workspace.current_area() is Area.LINKS
    assert _selected_id(demo_window, "link") == hit.row_id
