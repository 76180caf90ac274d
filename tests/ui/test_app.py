"""Start-up: which book opens, the first-start offer of the demo book, and the style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QMessageBox

from csm_desk import paths
from csm_desk.ui.app import book_to_open
from csm_desk.ui.prefs import WindowPrefs
from csm_desk.ui.style import style_sheet


def test_the_named_book_wins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    named = tmp_path / "Named.csmbook"
    assert book_to_open(named, WindowPrefs()) == (named, False)


def test_the_last_book_opens_again(sample_path) -> None:  # type: ignore[no-untyped-def]
    prefs = WindowPrefs()
    prefs.remember_book(sample_path)
    assert book_to_open(None, prefs) == (sample_path.resolve(), False)


def test_first_start_offers_the_demo_book(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "csm_desk.ui.app.QMessageBox.question", lambda *_a: QMessageBox.StandardButton.Yes
    )
    path, create = book_to_open(None, WindowPrefs())
    assert path == paths.default_book().with_name("Demo.csmbook")
    assert path.exists()
    assert create is False


def test_first_start_without_the_demo_creates_the_default_book(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "csm_desk.ui.app.QMessageBox.question", lambda *_a: QMessageBox.StandardButton.No
    )
    assert book_to_open(None, WindowPrefs()) == (paths.default_book(), True)


def test_style_follows_the_palette(qapp) -> None:  # type: ignore[no-untyped-def]
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f3f3f3"))
    light.setColor(QPalette.ColorRole.WindowText, QColor("#1b1b1b"))
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#17181a"))
    light_sheet, dark_sheet = style_sheet(light), style_sheet(dark)
    assert light_sheet != dark_sheet
    card = "QFrame#statCard { border: 1px solid "
    light_border = light_sheet.split(card)[1][:7]
    dark_border = dark_sheet.split(card)[1][:7]
    assert QColor(light_border).lightness() > QColor(dark_border).lightness()


def test_a_big_book_opens_off_the_gui_thread(qtbot, demo_path) -> None:  # type: ignore[no-untyped-def]
    """The window shows at once; the book is read and scored on a worker thread, then shown."""
    from csm_desk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_book(demo_path, background=True)
    assert window.session is None, "still opening: nothing scored on the GUI thread yet"
    assert "Opening Demo (13 accounts)" in window.statusBar().currentMessage()
    task = window.tasks[0]
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    assert window.session is not None
    assert window.portfolio.model.rowCount() == 13
    assert window.portfolio.proxy.rowCount() == 12  # the churned account is hidden
    window.close_book()
