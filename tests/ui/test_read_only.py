"""A read-only book (a read-only file, a read-only folder) opens read-only: the window says so
and why, every editor shows values without changing them, every editing action is off, and
nothing is ever written to the file, not even on closing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from csm_desk.engine.vocab import Area
from csm_desk.models.ops import SetFields
from csm_desk.ui.editors.fields import BoolField, ChoiceField, DateField, LongTextField, TextField
from tests.ui.conftest import account_id
from tests.ui.mounts import read_only_file, read_only_folder, sha256

EDITING = ("new_account", "delete_account", "import_csv", "book_settings", "undo", "redo")


@pytest.fixture
def complaints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box the window would show."""
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *_a: shown.append(text))
    return shown


def _open_read_only(qtbot, path: Path):  # type: ignore[no-untyped-def]
    from csm_desk.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_book(path)
    assert window.session is not None and window.session.read_only
    return window


def _no_box_on_screen() -> bool:
    return not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def _type_into_every_editor(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Type into the editors of the account's tabs as a person would; nothing may change."""
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.SNAPSHOT.value)
    window.commands.delete_account.setEnabled(True)  # as if a stray shortcut got through…
    window._update_actions()  # …the window takes it back
    for name in EDITING:
        assert not getattr(window.commands, name).isEnabled(), name

    form = window.workspace.pages[Area.SNAPSHOT].forms[0]
    name_field = form.widgets["name"]
    assert isinstance(name_field, TextField) and name_field.isReadOnly()
    name_field.setFocus()
    QTest.keyClicks(name_field, "Renamed")
    QTest.keyClick(name_field, Qt.Key.Key_Return)
    assert name_field.text() == "Northwind Payments"
    notes = form.widgets["internal_notes"]
    assert isinstance(notes, LongTextField) and notes.isReadOnly()
    before = notes.toPlainText()
    notes.setFocus()
    QTest.keyClicks(notes, "More notes")
    name_field.setFocus()  # leaving the field is what commits it
    assert notes.toPlainText() == before
    renewal = form.widgets["renewal_date"]
    assert isinstance(renewal, DateField) and renewal.isReadOnly()
    assert not renewal.calendar_action.isVisible()
    assert all(
        not w.isEnabled() for w in form.widgets.values() if isinstance(w, ChoiceField | BoolField)
    )

    window.open_account(northwind, Area.RISKS.value)
    risks = window.workspace.pages[Area.RISKS]
    assert not risks.banner.review_button.isVisible()
    table = risks.tables[0]
    assert table.rows.rowCount() > 0
    assert not table.add_button.isVisible() and not table.delete_button.isVisible()
    index = table.rows.index(0, 0)
    assert not table.rows.flags(index) & Qt.ItemFlag.ItemIsEditable
    table.view.setCurrentIndex(index)
    table.view.setFocus()
    QTest.keyClicks(table.view, "typed over")
    QTest.keyClick(table.view, Qt.Key.Key_Return)
    assert table.view.state() != table.view.State.EditingState
    assert not table.rows.setData(index, "written anyway")

    window.open_account(northwind, Area.RENEWAL.value)
    renewal_tab = window.workspace.pages[Area.RENEWAL]
    assert not renewal_tab.outcome_button.isEnabled()
    assert not renewal_tab.approvers.isEnabled()

    window.open_account(northwind, Area.STAKEHOLDERS.value)
    stakeholders = window.workspace.pages[Area.STAKEHOLDERS]
    panel = stakeholders.map_panel
    assert panel.scene.cards and not panel.add_person_action.isVisible()
    card = next(iter(panel.scene.cards.values()))
    start = card.pos()
    assert not card.flags() & card.GraphicsItemFlag.ItemIsMovable
    card.setSelected(True)
    assert not panel.view.nudge(10, 0)
    assert card.pos() == start
    assert not panel.delete_selected()
    menu = panel.build_menu(card, start)
    assert [a.text() for a in menu.actions()] == ["Fit map", "Save map as PNG…"]

    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.undo_stack.count() == 0


def test_a_read_only_file_is_shown_and_never_written(qtbot, sample_path, complaints) -> None:  # type: ignore[no-untyped-def]
    before = sha256(sample_path)
    with read_only_file(sample_path):
        window = _open_read_only(qtbot, sample_path)
        failures: list[str] = []
        window.session.failed.connect(failures.append)
        assert window.windowTitle() == "Sample (read-only) — CSM Desk"
        banner = window.read_only_banner
        assert banner.isVisible() and banner.text.isVisible()
        assert banner.text.text() == (
            "Read-only: the file is read-only. You can look at this book but not change it."
        )
        assert not banner.reopen_button.isVisible()
        assert window._status["saved"].text() == "Read-only"
        _type_into_every_editor(qtbot, window)
        assert failures == [] and complaints == [] and _no_box_on_screen()
        window.close()
    assert sha256(sample_path) == before


def test_a_book_in_a_read_only_folder_is_shown_and_never_written(
    qtbot, sample_path, tmp_path, complaints
) -> None:  # type: ignore[no-untyped-def]
    with read_only_folder(tmp_path / "read-only", sample_path) as folder:
        path = folder / sample_path.name
        before = sha256(path)
        window = _open_read_only(qtbot, path)
        assert window.read_only_banner.isVisible()
        assert "Read-only: " in window.read_only_banner.text.text()
        _type_into_every_editor(qtbot, window)
        assert complaints == [] and _no_box_on_screen()
        window.close()
        assert sha256(path) == before


def test_a_write_that_reaches_a_read_only_book_is_a_message(qtbot, sample_path, complaints) -> None:  # type: ignore[no-untyped-def]
    with read_only_file(sample_path):
        window = _open_read_only(qtbot, sample_path)
        northwind = account_id(window, "Northwind Payments")
        op = SetFields("account", {"id": northwind}, {"name": "Renamed"}, "Rename")
        assert window.session.apply(op) is None
        assert len(complaints) == 1
        assert complaints[0] == (
            "Sample.csmbook is read-only (the file is read-only); nothing was changed"
        )
        assert window.session.undo_stack.count() == 0
        window.close()


def test_the_read_only_book_offers_no_undo_even_with_a_stray_step(qtbot, sample_path) -> None:  # type: ignore[no-untyped-def]
    with read_only_file(sample_path):
        window = _open_read_only(qtbot, sample_path)
        window.show_portfolio()
        window.session.undo_stack.push(QUndoCommand("Stray"))
        window._update_actions()
        assert not window.commands.undo.isEnabled()
        window.close()


def test_the_map_of_a_read_only_book_adds_tidies_and_edits_no_one(qtbot, sample_path) -> None:  # type: ignore[no-untyped-def]
    with read_only_file(sample_path):
        window = _open_read_only(qtbot, sample_path)
        northwind = account_id(window, "Northwind Payments")
        window.open_account(northwind, Area.STAKEHOLDERS.value)
        panel = window.workspace.pages[Area.STAKEHOLDERS].map_panel
        assert panel.add_person(None) is None
        assert not panel.tidy_layout()
        assert not panel.edit_person(next(iter(panel.scene.cards)))
        window.close()
