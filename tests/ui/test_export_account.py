"""Export document… from the window: the account brief carries the map as laid out on the
canvas, written off the GUI thread."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import QPointF

from csm_desk.engine.vocab import Area


def test_account_brief_export_carries_the_canvas_map(
    qtbot, demo_path, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from csm_desk import export
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
    real = export.export_document

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        passed.update(kwargs)
        passed["document"] = args[2]
        return real(*args, **kwargs)

    out = tmp_path / "Northwind brief.docx"
    monkeypatch.setattr(export, "export_document", spy)
    monkeypatch.setattr(
        "csm_desk.ui.export_account.QInputDialog.getItem",
        lambda _parent, _title, _label, items, *_a: (
            next(i for i in items if i.startswith("Account brief")),
            True,
        ),
    )
    monkeypatch.setattr(
        "csm_desk.ui.export_account.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
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
    win.close_book()
