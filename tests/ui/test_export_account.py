"""Export document… from the window: the account brief carries the map drawn for print from
the book's saved layout (whole job titles, 8 pt type), the same as the command line's, written
off the GUI thread."""

from __future__ import annotations

import zipfile

from PySide6.QtWidgets import QMessageBox

from csm_desk.engine.vocab import Area
from csm_desk.ui.dialogs.export_doc import ExportDialog


def test_account_brief_export_carries_the_printed_map(
    qtbot, demo_path, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_book(demo_path)
    win.show()
    assert not win.commands.export_document.isEnabled()  # on the portfolio
    account = next(a.id for a in win.session.result.accounts if a.name == "Northwind Payments")
    win.open_account(account, Area.STAKEHOLDERS.value)
    assert win.commands.export_document.isEnabled()
    passed: dict[str, object] = {}
    from csm_desk.export import export_document as real

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        passed.update(kwargs)
        passed["document"] = args[2]
        return real(*args, **kwargs)

    def choose_brief(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.document.setCurrentIndex(dialog.document.findData("account-brief"))
        return 1

    out = tmp_path / "Northwind brief.docx"
    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.export_document", spy)
    monkeypatch.setattr(ExportDialog, "exec", choose_brief)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    monkeypatch.setattr("csm_desk.ui.dialogs.export_doc.offer_to_open", lambda *_a: None)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.export_doc.QMessageBox.question",
        lambda *_a, **_k: QMessageBox.StandardButton.Close,
    )
    win.commands.export_document.trigger()
    task = win.tasks[0]
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    assert passed["document"] == "account-brief"
    assert passed["map_png"] is None
    from csm_desk.models.bookfile import BookFile

    headless = tmp_path / "headless.docx"
    with BookFile.open(demo_path, access="read") as book:
        real(
            book, account, "account-brief", headless, as_of=win.session.as_of, allow_incomplete=True
        )

    def images(path):  # type: ignore[no-untyped-def]
        with zipfile.ZipFile(path) as docx:
            return sorted(docx.read(n) for n in docx.namelist() if n.startswith("word/media/"))

    assert images(out) == images(headless)
