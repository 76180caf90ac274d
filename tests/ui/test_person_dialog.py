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
