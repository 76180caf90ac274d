"""Dialogs and whole-account actions: renewal plan and outcome, new and deleted accounts,
settings, opening files that are not books, and the window's remembered preferences."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from csm_desk.engine.renewals import DEFAULT_CHECKLIST
from csm_desk.engine.vocab import Area, Artifact, ArtifactStatus, Component, RenewalOutcome, Segment
from csm_desk.models.tables import ALL_TABLES
from csm_desk.ui.prefs import WindowPrefs
from tests.ui.conftest import account_id


def _dump(book) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    with book.engine.connect() as conn:
        return {
            str(t.__tablename__): sorted(
                (
                    r
                    for r in conn.exec_driver_sql(f'SELECT * FROM "{t.__tablename__}"')
                    if r[0] != "journal"
                ),
                key=repr,
            )
            for t in ALL_TABLES
            if t.__tablename__ not in ("artifact_touch", "health_snapshot")
        }


def test_start_renewal_plan_and_record_outcome(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    contoso = account_id(window, "Contoso Retail")
    window.open_account(contoso, Area.RENEWAL.value)
    tab = window.workspace.pages[Area.RENEWAL]
    assert tab.start_button.isVisibleTo(tab)
    tab.start_button.click()
    assert window.session.undo_stack.count() == 1
    assert tab.checklist.rows.rowCount() == len(DEFAULT_CHECKLIST)
    assert not tab.start_button.isVisibleTo(tab)
    assert window.session.account(contoso).alerts  # still red/amber elsewhere, but…
    codes = {a.code for a in window.session.account(contoso).alerts}
    assert "renewal_no_plan" not in codes

    from csm_desk.ui.dialogs.outcome import OutcomeDialog

    dialog = OutcomeDialog(tab.ctx, tab)
    dialog.choose(RenewalOutcome.DOWNGRADED)
    dialog.new_arr.setText("300000")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.problem.text() == "A downgrade needs an ARR below the current one."
    dialog.new_arr.setText("200000")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    result = window.session.account(contoso)
    assert result.arr == 200_000.0
    assert result.days_to_renewal == 45 + 365
    assert tab.ledger.rows.rowCount() == 1
    assert window.session.undo_stack.count() == 2
    window.commands.undo.trigger()
    assert window.session.account(contoso).arr == 250_000.0
    assert window.session.account(contoso).days_to_renewal == 45
    window.commands.undo.trigger()
    assert tab.checklist.rows.rowCount() == 0


def test_delete_account_and_undo_restores_every_row(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(window, "Northwind Payments")
    before = _dump(window.session.book)
    window.open_account(northwind)
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.question",
        lambda *_args: QMessageBox.StandardButton.Yes,
    )
    window.commands.delete_account.trigger()
    assert window.session.account(northwind) is None
    assert window.portfolio.model.row_of(northwind) is None
    assert window.pages.currentWidget() is window.portfolio
    assert _dump(window.session.book)["stakeholder"] == []
    window.commands.undo.trigger()
    assert _dump(window.session.book) == before
    assert window.portfolio.model.row_of(northwind) is not None
    assert window.session.account(northwind).name == "Northwind Payments"


def test_new_account_dialog_creates_account_and_handoff(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.new_account import NewAccountDialog

    dialog = NewAccountDialog(window.session, window)
    dialog.create_account()
    assert dialog.account.problems["name"].text() == "Account name is required"
    dialog.account.widgets["name"].setText("Globex Freight")
    dialog.account.widgets["arr"].setText("120000")
    dialog.handoff.widgets["sales_owner"].setText("Alex Kim")
    dialog.create_account()
    new_id = dialog.account_id
    assert new_id is not None
    result = window.session.account(new_id)
    assert result.name == "Globex Freight"
    assert result.segment is Segment.HIGH_TOUCH
    assert window.portfolio.model.row_of(new_id) is not None
    window.open_account(new_id, Area.HANDOFF.value)
    handoff = window.workspace.pages[Area.HANDOFF].handoff
    assert handoff.widgets["sales_owner"].text() == "Alex Kim"
    window.session.undo_stack.undo()
    assert window.session.account(new_id) is None
    assert window.pages.currentWidget() is window.portfolio


def test_settings_weights_must_sum_to_100(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    dialog.weights[(Segment.HIGH_TOUCH, Component.USAGE)].setValue(40)
    assert not save.isEnabled()
    assert "High touch weights must sum to 100, not 110" in dialog.problems.text()
    assert "110" in dialog.sums[Segment.HIGH_TOUCH].text()
    dialog.save()
    assert window.session.undo_stack.count() == 0
    dialog.weights[(Segment.HIGH_TOUCH, Component.ENGAGEMENT)].setValue(15)
    assert save.isEnabled()
    before = window.session.account(account_id(window, "Northwind Payments")).health.score
    dialog.mandatory[(Segment.TECH_TOUCH, Artifact.QBR)].setChecked(True)
    dialog.owner.setText("Jo Park")
    dialog.save()
    assert window.session.undo_stack.count() == 1
    stored = json.loads(window.session.book.book_row().settings_json)
    assert stored["segment_weights"]["high_touch"]["usage"] == 40.0
    assert "qbr" in stored["mandatory"]["tech_touch"]
    assert window.session.result.owner == "Jo Park"
    after = window.session.account(account_id(window, "Northwind Payments")).health.score
    assert after != before
    window.commands.undo.trigger()
    assert window.session.result.owner == "Sam Rivera"
    assert window.session.account(account_id(window, "Northwind Payments")).health.score == before


def test_as_of_date_is_a_window_setting(window) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    contoso = account_id(window, "Contoso Retail")
    window.session.set_as_of(dt.date(2026, 12, 22))
    assert window.session.account(contoso).days_to_renewal == 15
    assert "2026-12-22" in window._status["as_of"].text()
    assert window.session.undo_stack.count() == 0


def test_mark_reviewed_button(window) -> None:  # type: ignore[no-untyped-def]
    northwind = account_id(window, "Northwind Payments")
    window.open_account(northwind, Area.RISKS.value)
    tab = window.workspace.pages[Area.RISKS]
    tab.banner.review_button.click()
    assert window.session.undo_stack.undoText() == "Mark risk register reviewed"
    state = window.session.account(northwind).artifacts[Artifact.RISK_REGISTER]
    assert state.status is not ArtifactStatus.MISSING


def test_opening_a_file_that_is_not_a_book_shows_the_reason(window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(notes), "")
    )
    book_before = window.session.book
    window.commands.open_book.trigger()
    assert shown == [f"{notes} is a text file, not a CSM Desk book"]
    assert window.session.book is book_before


def test_new_and_reopened_books_are_remembered(window, tmp_path, monkeypatch, sample_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "Fresh"
    monkeypatch.setattr(
        "csm_desk.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    window.commands.new_book.trigger()
    assert window.session.book.path == target.with_suffix(".csmbook")
    assert window.portfolio.model.rowCount() == 0
    prefs = WindowPrefs()
    assert prefs.recent_books()[:2] == [
        target.with_suffix(".csmbook").resolve(),
        sample_path.resolve(),
    ]
    assert prefs.last_book() == target.with_suffix(".csmbook").resolve()
    window.commands.recent_menu.aboutToShow.emit()
    titles = [a.text() for a in window.commands.recent_menu.actions()]
    assert titles == ["Fresh", "Sample"]


def test_window_layout_is_saved_in_the_config_dir(window, isolated_home) -> None:  # type: ignore[no-untyped-def]
    window.save_layout()
    ini = isolated_home / "config" / "window.ini"
    assert ini.exists()
    assert "portfolio_splitter" in ini.read_text(encoding="utf-8")


def test_handover_runs_off_the_gui_thread(window, tmp_path, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "For Jo.csmbook"
    from csm_desk.ui.dialogs.handover import HandoverDialog

    def answer(dialog: HandoverDialog) -> int:
        dialog.successor.setText("Jo Park")
        dialog.note.setPlainText("Call Dana first")
        return 1

    monkeypatch.setattr(HandoverDialog, "exec", answer)
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.handover.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    window.commands.handover.trigger()
    task = window.tasks[0]
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert out.exists()
    from csm_desk.models.bookfile import BookFile

    with BookFile.open(out) as copy:
        assert copy.book_row().owner == "Jo Park"
        with copy.engine.connect() as conn:
            log = conn.exec_driver_sql("SELECT from_owner, to_owner, note FROM handover_log")
            assert log.all() == [("Sam Rivera", "Jo Park", "Call Dana first")]


def test_start_up_keeps_matplotlib_and_docx_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from csm_desk.ui import app, main_window\n"
        "from csm_desk.ui.account import workspace\n"
        "from csm_desk.ui.dialogs import import_csv, settings, new_account, outcome\n"
        "bad = [m for m in ('matplotlib', 'docx') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == ""


def test_undo_redo_shortcuts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    keys = {a.toString() for a in window.commands.redo.shortcuts()}
    assert keys == {"Ctrl+Shift+Z", "Ctrl+Y"}
    assert window.commands.undo.shortcut().toString() == "Ctrl+Z"
    assert window.commands.quick_open.shortcut().toString() == "Ctrl+K"
    assert window.commands.find.shortcut().toString() == "Ctrl+F"
    window.open_account(account_id(window, "Northwind Payments"))
    window.commands.find.trigger()
    assert window.pages.currentWidget() is window.portfolio
    assert window.focusWidget() is window.portfolio.search


def test_the_open_account_follows_a_new_as_of_date(window) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    contoso = account_id(window, "Contoso Retail")
    window.open_account(contoso, Area.RENEWAL.value)
    header = window.workspace.header
    assert "45 days" in header.countdown.text()
    window.session.set_as_of(dt.date(2026, 12, 22))
    assert "15 days · Execution" in header.countdown.text()
    assert "15 days" in window.workspace.pages[Area.RENEWAL].situation.text()


def test_handover_needs_a_successor(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.handover import HandoverDialog

    dialog = HandoverDialog(window.session, window)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.problem.text() == "Successor is required"
    assert dialog.result() != dialog.DialogCode.Accepted


def test_settings_set_the_company_name_and_logos_of_documents(window) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(window.session, window)
    dialog.vendor_name.setText("Acme Reconciliation")
    dialog.vendor_logo.setText("/logos/acme.png")
    dialog.customer_logos.setPlainText("Northwind Payments = /logos/nw.png\nnot a line\n")
    dialog.share_price.setChecked(True)
    dialog.save()
    stored = json.loads(window.session.book.book_row().settings_json)["documents"]
    assert stored == {
        "vendor_name": "Acme Reconciliation",
        "vendor_logo": "/logos/acme.png",
        "customer_logos": {"Northwind Payments": "/logos/nw.png"},
        "share_renewal_price": True,
    }
    again = SettingsDialog(window.session, window)
    assert again.vendor_name.text() == "Acme Reconciliation"
    assert "Northwind Payments = /logos/nw.png" in again.customer_logos.toPlainText()
