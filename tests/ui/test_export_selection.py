"""Exporting from the QBR and Meetings tabs, clicked as a person clicks: the QBR is the review
selected in the list, and the recap is offered only for meetings a customer recap may be made
from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from csm_desk.engine.vocab import Area
from csm_desk.ui.dialogs.export_doc import ExportDialog
from tests.export.conftest import body_text
from tests.ui.conftest import account_id


def open_tab(win, qtbot, area: Area):  # type: ignore[no-untyped-def]
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    win.open_account(account_id(win, "Northwind Payments"), area.value)
    return win.workspace.pages[area]


def click_row(table, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = table.view.visualRect(table.rows.index(row, 0))
    QTest.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_qbr_tab_exports_the_review_selected(
    demo_window, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(demo_window, qtbot, Area.QBR)
    reviews = tab.reviews
    assert reviews.rows.rowCount() == 2
    click_row(reviews, 1)  # the earlier, delivered review, not the draft on top
    chosen = reviews.selected_key()
    assert chosen == reviews.rows.key_at(1)
    rows = {r["id"]: r for r in tab.ctx.rows_of("review")}
    assert rows[chosen["id"]]["status"] == "delivered"
    out = tmp_path / "qbr.docx"
    opened: list[tuple[str, int | None]] = []

    def answer(dialog: ExportDialog) -> int:
        opened.append(dialog.choice())
        assert dialog.review.isVisibleTo(dialog) and not dialog.meeting.isVisibleTo(dialog)
        assert dialog.review.count() == 2
        return 1

    monkeypatch.setattr(ExportDialog, "exec", answer)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.offer_to_open", lambda *_a: None)
    QTest.mouseClick(tab.banner.export_button, Qt.MouseButton.LeftButton)
    assert opened == [("qbr", chosen["id"])]
    with qtbot.waitSignal(demo_window.tasks[-1].done, timeout=60_000):
        pass
    text = body_text(out)
    assert "Auto-match rate up from 62% to 93%" in text  # the earlier review's outcomes
    assert "Draft for discussion" not in text


def test_the_export_dialog_starts_on_the_latest_review_held(demo_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(demo_window, qtbot, Area.QBR)
    draft, delivered = (tab.reviews.rows.key_at(i)["id"] for i in range(2))
    dialog = ExportDialog(demo_window.session, tab.ctx.account_id, [], demo_window)
    dialog.preselect("qbr")
    assert dialog.choice() == ("qbr", delivered)  # the draft is dated after the as-of date
    assert "draft" in dialog.review.itemText(dialog.review.findData(draft))
    dialog.review.setFocus()
    QTest.keyClick(dialog.review, Qt.Key.Key_Up)
    assert dialog.choice() == ("qbr", draft)


def test_an_internal_meeting_is_not_offered_for_a_recap(demo_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(demo_window, qtbot, Area.MEETINGS)
    table = tab.meetings
    types = [table.rows.key_at(r) for r in range(table.rows.rowCount())]
    by_id = {m["id"]: m for m in tab.ctx.rows_of("meeting")}
    internal = next(r for r, key in enumerate(types) if by_id[key["id"]]["type"] == "risk_review")
    click_row(table, internal)
    shown: list[ExportDialog] = []

    def answer(dialog: ExportDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(ExportDialog, "exec", answer)
    QTest.mouseClick(tab.banner.export_button, Qt.MouseButton.LeftButton)
    (dialog,) = shown
    offered = [dialog.meeting.itemData(i) for i in range(dialog.meeting.count())]
    attended = {a["meeting_id"] for a in tab.ctx.rows_of("meeting_attendee")}
    assert offered
    assert all(by_id[m]["type"] != "risk_review" and m in attended for m in offered), (
        "only customer meetings are offered"
    )
    assert types[internal]["id"] not in offered
    assert dialog.notice.isVisibleTo(dialog)
    assert dialog.notice.text() == (
        "The selected meeting is not offered: it is a risk review, an internal meeting."
    )
    # The recap is of the latest customer meeting instead, and it can be exported.
    key, meeting = dialog.choice()
    assert key == "recap" and meeting == offered[0]
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()


def test_without_a_customer_meeting_no_recap_can_be_exported(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Contoso has no meetings: the recap is not offered, and says why."""
    contoso = account_id(window, "Contoso Retail")
    dialog = ExportDialog(window.session, contoso, [], window)
    dialog.preselect("recap")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "No meeting can be recapped for the customer yet" in dialog.notice.text()
    dialog.document.setCurrentIndex(dialog.document.findData("success-plan"))
    assert save.isEnabled() and not dialog.notice.isVisibleTo(dialog)
