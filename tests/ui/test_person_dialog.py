"""The add-person dialog is typed into like any form: Name first, then Title and Email."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csm_desk.ui.stakeholder_map.dialogs import PersonDialog


def test_typing_starts_in_name_and_tab_goes_to_title_then_email(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PersonDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    widgets = dialog.form.widgets
    assert QApplication.focusWidget() is widgets["name"]
    qtbot.keyClicks(widgets["name"], "Dana Whitfield")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widgets["title"]
    qtbot.keyClicks(widgets["title"], "VP Operations")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widgets["email"]
    qtbot.keyClicks(widgets["email"], "dana@example.com")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == PersonDialog.DialogCode.Accepted
    values = dialog.new_values()
    assert (values["name"], values["title"], values["email"]) == (
        "Dana Whitfield",
        "VP Operations",
        "dana@example.com",
    )


def test_add_person_from_the_map_toolbar_is_typed_and_tabbed(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """In the window: a click on Add person…, then Name, Tab, Title, Tab, Email, Enter."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QToolBar

    from csm_desk.engine.vocab import Area
    from tests.ui.conftest import account_id

    window = demo_window
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.open_account(account_id(window, "Northwind Payments"), Area.STAKEHOLDERS.value)
    panel = window.workspace.pages[Area.STAKEHOLDERS].map_panel
    button = next(
        bar.widgetForAction(panel.add_person_action)
        for bar in panel.findChildren(QToolBar)
        if bar.widgetForAction(panel.add_person_action) is not None
    )
    seen: list[str] = []

    def type_person() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PersonDialog)
        widgets = dialog.form.widgets
        seen.append("name" if QApplication.focusWidget() is widgets["name"] else "elsewhere")
        qtbot.keyClicks(QApplication.focusWidget(), "Ines Duarte")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append("title" if QApplication.focusWidget() is widgets["title"] else "elsewhere")
        qtbot.keyClicks(QApplication.focusWidget(), "Chief Risk Officer")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append("email" if QApplication.focusWidget() is widgets["email"] else "elsewhere")
        qtbot.keyClicks(QApplication.focusWidget(), "ines@example.com")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PersonDialog) and QApplication.activeWindow() is dialog:
            type_person()
        else:
            QTimer.singleShot(20, when_shown)

    QTimer.singleShot(0, when_shown)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == ["name", "title", "email"]
    people = window.workspace.ctx.rows_of("stakeholder")
    added = next(p for p in people if p["name"] == "Ines Duarte")
    assert (added["title"], added["email"]) == ("Chief Risk Officer", "ines@example.com")
    assert window.session.undo_stack.undoText() == "Add Ines Duarte"
    assert added["id"] in panel.scene.cards
