"""Send recap… and Copy recap on the Meetings tab: the draft written and handed to the mail
program (the system handler is stood in for), the text on the clipboard, internal meetings
refused in a dialog."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csm_desk.engine.vocab import Area
from tests.ui.conftest import account_id

MODULE = "csm_desk.ui.account.recap_mail_buttons"


def _meetings(win):  # type: ignore[no-untyped-def]
    win.open_account(account_id(win, "Northwind Payments"), Area.MEETINGS.value)
    return win.workspace.pages[Area.MEETINGS]


def _stand_ins(monkeypatch, target: Path) -> dict[str, list]:  # type: ignore[no-untyped-def]
    seen: dict[str, list] = {"opened": [], "warned": [], "told": [], "asked": []}

    def ask(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        seen["asked"].append(start)
        return str(target), ""

    monkeypatch.setattr(f"{MODULE}.QFileDialog.getSaveFileName", ask)
    monkeypatch.setattr(
        f"{MODULE}.QDesktopServices.openUrl", lambda url: seen["opened"].append(url.toLocalFile())
    )
    monkeypatch.setattr(
        f"{MODULE}.QMessageBox.warning", lambda _p, _t, text: seen["warned"].append(text)
    )
    monkeypatch.setattr(
        f"{MODULE}.QMessageBox.information", lambda _p, _t, text: seen["told"].append(text)
    )
    return seen


def test_send_recap_writes_the_draft_and_opens_it(
    demo_window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _meetings(demo_window)
    page.meetings.select({"id": 9})
    target = tmp_path / "Aisha recap"
    seen = _stand_ins(monkeypatch, target)
    assert page.recap_mail.send_button.isEnabled()
    qtbot.mouseClick(page.recap_mail.send_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "Aisha recap.eml"
    assert seen["warned"] == []
    assert seen["opened"] == [str(out)]
    assert seen["asked"][0].endswith("Recap - Northwind Payments - 2026-11-02.eml")
    assert "Alex Morgan" in seen["told"][0]
    msg = email.message_from_bytes(out.read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    assert msg["X-Unsent"] == "1"
    assert [a.addr_spec for a in msg["To"].addresses] == ["aisha.khan@northwind.example"]
    assert [p.get_filename() for p in msg.iter_attachments()] == [
        "Recap - Northwind Payments - 2 Nov 2026.docx"
    ]


def test_copy_recap_puts_the_text_on_the_clipboard(
    demo_window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _meetings(demo_window)
    page.meetings.select({"id": 9})
    _stand_ins(monkeypatch, tmp_path / "unused.eml")
    QApplication.clipboard().clear()
    qtbot.mouseClick(page.recap_mail.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert text.startswith("Hello,\n")
    assert "Decisions\n1. Aisha Khan acts as interim owner" in text
    assert "Next meeting: 25 Nov 2026 (Weekly recovery check-in)" in text  # from the cadence


def test_an_internal_meeting_turns_the_buttons_off_saying_why(
    demo_window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _meetings(demo_window)
    page.meetings.select({"id": 10})
    seen = _stand_ins(monkeypatch, tmp_path / "r.eml")
    buttons = (page.recap_mail.send_button, page.recap_mail.copy_button)
    for button in buttons:
        assert not button.isEnabled()
        assert button.toolTip() == "No recap can be sent: it is a risk review, an internal meeting"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen["asked"] == [] and seen["opened"] == []
    assert not (tmp_path / "r.eml").exists()
    page.meetings.select({"id": 9})  # a customer meeting: on again
    assert all(b.isEnabled() for b in buttons)


def test_a_meeting_that_became_internal_after_selection_is_refused_in_a_dialog(
    demo_window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _meetings(demo_window)
    page.meetings.select({"id": 9})
    seen = _stand_ins(monkeypatch, tmp_path / "r.eml")
    monkeypatch.setattr(page.recap_mail, "_refusal", lambda _meeting: None)
    page.meetings.select({"id": 10})  # the buttons stay on: the book's own check refuses
    qtbot.mouseClick(page.recap_mail.send_button, Qt.MouseButton.LeftButton)
    assert len(seen["warned"]) == 1 and "an internal meeting" in seen["warned"][0]
    assert seen["asked"] == [] and seen["opened"] == []


def test_a_draft_that_cannot_be_written_is_a_dialog(
    demo_window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _meetings(demo_window)
    page.meetings.select({"id": 9})
    seen = _stand_ins(monkeypatch, tmp_path / "missing" / "r.eml")
    qtbot.mouseClick(page.recap_mail.send_button, Qt.MouseButton.LeftButton)
    assert len(seen["warned"]) == 1 and "is not a folder" in seen["warned"][0]
    assert seen["opened"] == []
