"""Export document from the window: the choice of document, writing it off the GUI thread,
and the offer to open it; the hand-over brief written beside a hand-over copy."""

from __future__ import annotations

import zipfile

from PySide6.QtWidgets import QMessageBox

from csm_desk import paths
from csm_desk.engine.vocab import Area
from csm_desk.export import DOCUMENTS
from csm_desk.ui.dialogs.export_doc import ExportDialog
from tests.ui.conftest import account_id

# The demo's Northwind success statement is credited to Priya Raman, who has left the customer:
# exporting its success plan first asks whether to go on.
CREDITED_TO_FORMER = "The text differs from the book"


def test_export_is_offered_only_on_an_account(demo_window) -> None:  # type: ignore[no-untyped-def]
    assert not demo_window.commands.export_document.isEnabled()
    demo_window.open_account(account_id(demo_window, "Northwind Payments"))
    assert demo_window.commands.export_document.isEnabled()


def test_the_dialog_lists_every_document_and_asks_for_a_recap_meeting(demo_window) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, "Northwind Payments")
    demo_window.open_account(northwind, Area.MEETINGS.value)
    meetings = demo_window.workspace.ctx.meeting_options()
    dialog = ExportDialog(demo_window.session, northwind, list(meetings), demo_window)
    keys = [dialog.document.itemData(i) for i in range(dialog.document.count())]
    assert keys == list(DOCUMENTS)
    assert "internal, do not share" in dialog.document.itemText(keys.index("account-brief"))
    dialog.document.setCurrentIndex(keys.index("recap"))
    assert dialog.meeting.isVisibleTo(dialog)
    assert dialog.choice() == ("recap", dialog.meeting.currentData())
    dialog.document.setCurrentIndex(keys.index("success-plan"))
    assert not dialog.meeting.isVisibleTo(dialog)
    assert dialog.choice() == ("success-plan", None)
    assert dialog.default_path() == paths.documents_dir() / (
        "Northwind Payments - Joint success plan.docx"
    )


def test_export_writes_the_document_off_the_gui_thread(
    demo_window, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, "Northwind Payments")
    demo_window.open_account(northwind)
    out = tmp_path / "plan.docx"
    monkeypatch.setattr(ExportDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    offered: list[str] = []

    def answer(_parent, title, text, *_buttons):  # type: ignore[no-untyped-def]
        offered.append(text)
        if title == CREDITED_TO_FORMER:
            return QMessageBox.StandardButton.Yes
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.QMessageBox.question", answer)
    demo_window.commands.export_document.trigger()
    task = demo_window.tasks[0]
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert out.exists()
    assert zipfile.is_zipfile(out)
    assert "credited to Priya Raman, Director of Payment Operations, who has left" in offered[0]
    assert offered[1:] == [f"Saved plan.docx in {tmp_path}.\n\nOpen the document now?"]


def test_handover_writes_the_brief_beside_the_copy(window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.handover import HandoverDialog

    out = tmp_path / "For Jo.csmbook"

    def answer(dialog: HandoverDialog) -> int:
        dialog.successor.setText("Jo Park")
        assert dialog.brief.isChecked()
        return 1

    monkeypatch.setattr(HandoverDialog, "exec", answer)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.handover.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    window.commands.handover.trigger()
    with qtbot.waitSignal(window.tasks[0].done, timeout=30_000):
        pass
    assert out.exists()
    assert zipfile.is_zipfile(tmp_path / "For Jo.docx")


def test_the_recap_offers_the_latest_meeting_first(demo_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(demo_window, "Northwind Payments")
    demo_window.open_account(northwind)
    seen: list[list[tuple[int, str]]] = []

    def capture(self, session, account, meetings, parent):  # type: ignore[no-untyped-def]
        seen.append(meetings)
        QDialog.__init__(self, parent)

    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(ExportDialog, "__init__", capture)
    monkeypatch.setattr(ExportDialog, "exec", lambda _self: 0)
    demo_window.commands.export_document.trigger()
    rows = demo_window.workspace.ctx.rows_of("meeting")
    latest = max(rows, key=lambda r: (r["date"], r["id"]))
    assert seen[0][0][0] == latest["id"]
    assert len(seen[0]) == len(rows)


def test_each_artifact_tab_exports_its_own_document(demo_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The Export… button of a tab opens the dialog on that tab's document (and, on the
    meetings tab, on the selected meeting; on the QBR tab, on the selected review)."""
    northwind = account_id(demo_window, "Northwind Payments")
    demo_window.open_account(northwind)
    seen: list[tuple[str, int | None]] = []

    def capture(dialog) -> int:  # type: ignore[no-untyped-def]
        seen.append(dialog.choice())
        return 0

    monkeypatch.setattr(ExportDialog, "exec", capture)
    expected = {
        Area.ONBOARDING: "onboarding-plan",
        Area.SUCCESS_PLAN: "success-plan",
        Area.STAKEHOLDERS: "account-brief",
        Area.RISKS: "account-brief",
        Area.QBR: "qbr",
        Area.RENEWAL: "renewal-plan",
    }
    pages = demo_window.workspace.pages
    for area, document in expected.items():
        demo_window.open_account(northwind, area.value)
        assert pages[area].banner.export_button.isVisibleTo(pages[area])
        pages[area].banner.export_button.click()
        selected = pages[area].reviews.selected_key() if area is Area.QBR else None
        assert seen[-1] == (document, selected and selected["id"]), area
    meetings = pages[Area.MEETINGS]
    demo_window.open_account(northwind, Area.MEETINGS.value)
    second = meetings.meetings.rows.key_at(1)
    meetings.meetings.select(second)
    meetings.banner.export_button.click()
    assert seen[-1] == ("recap", second["id"])
    assert not pages[Area.EXPANSION].banner.export_button.isVisibleTo(pages[Area.EXPANSION])


def _export_over(demo_window, monkeypatch, out, answer_replace):  # type: ignore[no-untyped-def]
    demo_window.open_account(account_id(demo_window, "Northwind Payments"))
    monkeypatch.setattr(ExportDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    asked: list[str] = []

    def answer(_parent, title, text, *_buttons):  # type: ignore[no-untyped-def]
        asked.append(title)
        if title == "Replace?":
            assert f"{out.name} already exists" in text
            return answer_replace
        if title == CREDITED_TO_FORMER:
            return QMessageBox.StandardButton.Yes
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.QMessageBox.question", answer)
    demo_window.commands.export_document.trigger()
    return asked


def test_an_existing_file_is_kept_unless_the_person_says_replace(
    demo_window, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan.docx"
    out.write_bytes(b"keep")
    asked = _export_over(demo_window, monkeypatch, out, QMessageBox.StandardButton.No)
    assert asked == [CREDITED_TO_FORMER, "Replace?"]
    assert not demo_window.tasks
    assert out.read_bytes() == b"keep"


def test_replace_writes_the_document_over_the_existing_file(
    demo_window, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan.docx"
    out.write_bytes(b"old")
    asked = _export_over(demo_window, monkeypatch, out, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(demo_window.tasks[0].done, timeout=30_000):
        pass
    assert zipfile.is_zipfile(out)
    assert asked == [CREDITED_TO_FORMER, "Replace?", "Document written"]
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".docx" or "partial" in p.name] == [
        "plan.docx"
    ]


def _export_sparse(demo_window, monkeypatch, out, go_on):  # type: ignore[no-untyped-def]
    demo_window.open_account(account_id(demo_window, "Juniper Robotics"))
    monkeypatch.setattr(ExportDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    asked: list[tuple[str, str]] = []

    def answer(_parent, title, text, *_buttons):  # type: ignore[no-untyped-def]
        asked.append((title, text))
        if title == "Export anyway?":
            return go_on
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.QMessageBox.question", answer)
    demo_window.commands.export_document.trigger()
    return asked


def test_an_incomplete_plan_is_exported_only_if_the_person_goes_on(
    demo_window, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan.docx"
    asked = _export_sparse(demo_window, monkeypatch, out, QMessageBox.StandardButton.No)
    assert [title for title, _text in asked] == ["Export anyway?"]
    text = asked[0][1]
    assert "The success plan of Juniper Robotics is missing" in text
    assert "• review cadence not set" in text
    assert not demo_window.tasks and not out.exists()


def test_going_on_writes_the_incomplete_plan(demo_window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan.docx"
    asked = _export_sparse(demo_window, monkeypatch, out, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(demo_window.tasks[0].done, timeout=30_000):
        pass
    assert [title for title, _text in asked] == ["Export anyway?", "Document written"]
    assert zipfile.is_zipfile(out)


def test_figures_the_book_holds_differently_are_flagged_before_writing(
    window, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.models.ops import InsertRow, SetFields

    out = tmp_path / "qbr.docx"
    account = account_id(window, "Northwind Payments")
    with window.session.book.engine.connect() as conn:
        review = conn.exec_driver_sql(
            "SELECT id FROM review WHERE account_id = ? ORDER BY date DESC LIMIT 1", (account,)
        ).scalar_one()
    name, quoted = "Invoices matched automatically", "97%"
    window.session.apply(
        InsertRow(
            "kpi",
            {
                "account_id": account,
                "name": name,
                "unit": "%",
                "baseline": 40.0,
                "current": 81.0,
                "target": 90.0,
            },
        )
    )
    window.session.apply(
        SetFields("review", {"id": review}, {"outcomes": f"{name}: {quoted} this quarter."})
    )
    window.open_account(account)
    monkeypatch.setattr(ExportDialog, "exec", lambda _self: 1)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    asked: list[tuple[str, str]] = []

    def answer(_parent, title, text, *_buttons):  # type: ignore[no-untyped-def]
        asked.append((title, text))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.QMessageBox.question", answer)
    window.export_document(("qbr", None))
    assert [title for title, _text in asked] == ["Figures differ"]
    assert f"{name} is given as {quoted}, but the book holds" in asked[0][1]
    assert not window.tasks and not out.exists()
