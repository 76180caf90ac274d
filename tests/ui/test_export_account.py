"""Export document… from the window: the account brief carries the map as laid out on the
canvas, written off the GUI thread."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMessageBox

from csm_desk.engine.vocab import Area
from csm_desk.ui.dialogs.export_doc import ExportDialog


def test_account_brief_export_carries_the_canvas_map(
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
    panel = win.workspace.pages[Area.STAKEHOLDERS].map_panel
    greg = next(c for c in panel.scene.cards.values() if c.facts.name == "Greg Halvorsen")
    greg.setPos(greg.pos() + QPointF(0, 400))  # the document shows the map as moved
    expected = panel.map_png()

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
    assert passed["map_png"] == expected
    with zipfile.ZipFile(out) as docx:
        images = [docx.read(n) for n in docx.namelist() if n.startswith("word/media/")]
    assert expected in images
