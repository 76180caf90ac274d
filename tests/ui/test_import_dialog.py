"""Import CSV from the window: checked off the GUI thread, imported as one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from csm_desk.models.backups import BEFORE_IMPORT, list_backups
from csm_desk.ui.dialogs.import_csv import ImportDialog


def _check(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog.check()
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.done, timeout=10_000):
        pass


def test_import_accounts_then_undo(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "accounts.csv"
    csv.write_text(
        "Account ID,Account Name,ARR,Renewal Date\n"
        'C-1,Globex Freight,"120,000",2027-03-01\n'
        "C-2,Initech Software,8000,2027-05-01\n",
        encoding="utf-8",
    )
    before = window.portfolio.model.rowCount()
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(csv))
    _check(dialog, qtbot)
    assert dialog.plan is not None
    assert dialog.plan.ok
    assert "Accounts: 2 created, 0 updated, 0 unchanged." in dialog.report.toPlainText()
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == before + 2, timeout=10_000)
    path = window.session.book.path
    (kept,) = [b for b in list_backups(path) if b.reason == BEFORE_IMPORT]  # verified
    assert kept.accounts == before
    names = {a.name for a in window.session.result.accounts}
    assert {"Globex Freight", "Initech Software"} <= names
    assert window.session.undo_stack.count() == 1
    window.commands.undo.trigger()
    assert window.portfolio.model.rowCount() == before


def test_a_file_with_problems_imports_nothing(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "bad.csv"
    csv.write_text("Account Name,ARR\nGlobex,lots\n", encoding="utf-8")
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(csv))
    _check(dialog, qtbot)
    assert dialog.plan is not None
    assert not dialog.plan.ok
    text = dialog.report.toPlainText()
    assert 'row 2, column "ARR"' in text
    assert "nothing will be imported" in text
    assert not dialog.import_button.isEnabled()


def test_a_missing_file_is_refused_with_the_reason(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(tmp_path / "none.csv"))
    _check(dialog, qtbot)
    assert dialog.plan is None
    assert "none.csv" in dialog.report.toPlainText()
    assert dialog.status.text() == "The file cannot be imported."


def test_no_backup_no_import(window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "accounts.csv"
    csv.write_text("Account Name,ARR\nGlobex Freight,1000\n", encoding="utf-8")
    before = window.portfolio.model.rowCount()
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(csv))
    _check(dialog, qtbot)

    def full_disk(_book: object, _reason: str) -> None:
        from csm_desk.models.bookfile import BookError

        raise BookError("the disk holding the backups is full")

    monkeypatch.setattr("csm_desk.ui.dialogs.import_csv.take_backup", full_disk)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "Nothing was imported.", timeout=10_000)
    assert "the disk holding the backups is full" in dialog.report.toPlainText()
    assert window.portfolio.model.rowCount() == before
    assert window.session.undo_stack.count() == 0
    assert dialog.import_button.isEnabled()


DATA = Path(__file__).parent.parent / "csvimport" / "data"


def test_salesforce_report_through_the_dialog_previews_columns_and_imports(
    window, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    before = window.portfolio.model.rowCount()
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(DATA / "salesforce_renewals_report.csv"))
    _check(dialog, qtbot)
    assert dialog.plan is not None and dialog.plan.ok
    text = dialog.report.toPlainText()
    assert "header in row 6" in text
    assert "rows 1–5 (above the header), 13 (blank), 14 (total)" in text
    model = dialog.columns
    qtmodeltester.check(model)
    assert model.rowCount() == 9
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Row 7"
    assert [model.index(r, 0).data() for r in range(3)] == ["Account Name", "Account ID", "Type"]
    assert model.index(0, 2).data() == "Globex Freight"
    assert dialog.combos["Account Name"].currentData() == "name"
    assert dialog.combos["Type"].currentData() == "ignore"
    assert dialog.combos["ARR (converted)"].currentData() == "arr"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == before + 6, timeout=10_000)
    assert window.session.undo_stack.count() == 1


def test_a_column_is_chosen_in_the_dialog_not_on_a_command_line(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "kunden.csv"
    csv.write_text(
        "Firmierung;Jahresumsatz;Verlängerungsdatum\n"
        "Nordlicht Logistik GmbH;32.750,50 €;30.09.2027\n",
        encoding="utf-8-sig",
    )
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(csv))
    _check(dialog, qtbot)
    assert dialog.plan is None
    text = dialog.report.toPlainText()
    assert "--" not in text
    assert "choose it under Columns" in text
    assert dialog.combos["Firmierung"].currentData() == "ignore"
    dialog.combos["Firmierung"].setCurrentIndex(dialog.combos["Firmierung"].findData("name"))
    assert dialog.chosen == {"Firmierung": "name"}
    assert not dialog.import_button.isEnabled()
    _check(dialog, qtbot)
    assert dialog.plan is not None and dialog.plan.ok, dialog.report.toPlainText()
    assert "amounts in EUR" in dialog.report.toPlainText()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10_000)
    # The next file with the same headers is read the way the person said.
    again = tmp_path / "kunden-dezember.csv"
    again.write_text(
        "Verlängerungsdatum;Firmierung;Jahresumsatz\n31.12.2027;Bäckerei Krüger;6.000 €\n",
        encoding="utf-8-sig",
    )
    second = ImportDialog(window.session, window)
    second.file.setText(str(again))
    _check(second, qtbot)
    assert second.plan is not None and second.plan.ok, second.report.toPlainText()
    assert second.combos["Firmierung"].currentData() == "name"


def test_value_words_are_read_as_the_dialog_says(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(window.session, window)
    dialog.file.setText(str(DATA / "hubspot_companies.csv"))
    _check(dialog, qtbot)
    assert dialog.plan is not None and not dialog.plan.ok
    text = dialog.report.toPlainText()
    assert 'or say what it is under "Read values as" (Growth Pod=key)' in text
    assert "--" not in text
    dialog.values.setText("Growth Pod=low_touch")
    _check(dialog, qtbot)
    assert dialog.plan is not None and dialog.plan.ok, dialog.report.toPlainText()


def _typed_check(dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=10_000)


def test_value_words_typed_once_come_back_for_the_same_source(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = (DATA / "hubspot_companies.csv").read_text(encoding="utf-8")
    first = tmp_path / "companies-november.csv"
    first.write_text(source, encoding="utf-8")
    dialog = ImportDialog(window.session, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.file, str(first))
    _typed_check(dialog, qtbot)
    assert dialog.plan is not None and not dialog.plan.ok
    assert dialog.values.text() == ""
    qtbot.keyClicks(dialog.values, "Growth Pod=low_touch")
    _typed_check(dialog, qtbot)
    assert dialog.plan is not None and dialog.plan.ok, dialog.report.toPlainText()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10_000)

    # Next month's export of the same report: the mapping is back without typing it.
    again = tmp_path / "companies-december.csv"
    again.write_text(source, encoding="utf-8")
    second = ImportDialog(window.session, window)
    qtbot.addWidget(second)
    qtbot.keyClicks(second.file, str(again))
    _typed_check(second, qtbot)
    assert second.values.text() == "Growth Pod=low_touch"
    assert second.plan is not None and second.plan.ok, second.report.toPlainText()

    # A file from another source does not inherit it.
    other = tmp_path / "other.csv"
    other.write_text("Account Name,ARR\nGlobex Freight,1000\n", encoding="utf-8")
    second.file.selectAll()
    qtbot.keyClicks(second.file, str(other))
    assert second.values.text() == ""
    _typed_check(second, qtbot)
    assert second.values.text() == ""

    # Mappings the person clears stay cleared for this check.
    third = ImportDialog(window.session, window)
    qtbot.addWidget(third)
    qtbot.keyClicks(third.file, str(again))
    _typed_check(third, qtbot)
    assert third.values.text() == "Growth Pod=low_touch"
    third.values.selectAll()
    qtbot.keyClick(third.values, Qt.Key.Key_Delete)
    _typed_check(third, qtbot)
    assert third.values.text() == ""
    assert third.plan is not None and not third.plan.ok


def test_a_workbook_with_several_sheets_offers_them(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Read me"
    cover.append(["Renewals report"])
    renewals = workbook.create_sheet("Renewals")
    renewals.append(["Account Name", "ARR"])
    renewals.append(["Globex Freight", 182400])
    renewals.append(["Initech Software", 48000])
    churned = workbook.create_sheet("Churned")
    churned.append(["Account Name", "ARR"])
    churned.append(["Vandelay Industries", 12000])
    workbook.active = 0
    file = tmp_path / "renewals.xlsx"
    workbook.save(file)
    before = window.portfolio.model.rowCount()
    dialog = ImportDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert not dialog.form.isRowVisible(dialog.sheet)
    qtbot.keyClicks(dialog.file, str(file))
    _typed_check(dialog, qtbot)
    assert dialog.plan is None
    text = dialog.report.toPlainText()
    assert 'in the sheet "Read me"; the workbook also has "Renewals" and "Churned"' in text
    assert 'choose one under "Sheet"' in text and "--sheet" not in text
    assert dialog.form.isRowVisible(dialog.sheet)
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == [
        "Read me",
        "Renewals",
        "Churned",
    ]
    assert dialog.sheet.currentText() == "Read me"
    # Choosing another sheet checks it at once.
    qtbot.keyClick(dialog.sheet, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.sheet.currentText() == "Renewals"
    assert dialog.plan is not None and dialog.plan.ok, dialog.report.toPlainText()
    assert 'sheet "Renewals"' in dialog.report.toPlainText()
    assert dialog.combos["Account Name"].currentData() == "name"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == before + 2, timeout=10_000)
    # The same workbook again (next month's): the sheet imported last time is read.
    other = ImportDialog(window.session, window)
    qtbot.addWidget(other)
    qtbot.keyClicks(other.file, str(file))
    _typed_check(other, qtbot)
    assert other.form.isRowVisible(other.sheet)
    assert other.sheet.currentText() == "Renewals"
    assert other.plan is not None and other.plan.ok, other.report.toPlainText()
    assert "Accounts: 0 created, 0 updated, 2 unchanged." in other.report.toPlainText()
    # Another file forgets the sheets.
    other.file.clear()
    assert not other.form.isRowVisible(other.sheet)
    assert other.sheet.count() == 0


def test_expansion_opportunities_with_crm_stages_score_growth(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.engine.vocab import Component

    def growth() -> object:
        account = next(a for a in window.session.result.accounts if a.name == "Tailspin Media")
        return account.health.components.get(Component.GROWTH)

    assert growth() is None
    csv = tmp_path / "opportunities.csv"
    csv.write_text(
        "Opportunity Name,Account Name,Stage,Amount,Close Date\n"
        "Tailspin - Studio seats,Tailspin Media,Negotiation/Review,4000,2027-02-01\n"
        "Tailspin - Archive add-on,Tailspin Media,Prospecting,1500,2027-06-01\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.kind.setFocus()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_End)
    assert dialog.kind.currentData() == "expansions"
    qtbot.keyClicks(dialog.file, str(csv))
    _typed_check(dialog, qtbot)
    assert dialog.plan is not None and dialog.plan.ok, dialog.report.toPlainText()
    text = dialog.report.toPlainText()
    assert 'Column "Stage" read "Negotiation/Review" as committed, "Prospecting" as ' in text
    assert "Expansion opportunities: 2 created, 0 updated, 0 unchanged." in text
    assert dialog.combos["Opportunity Name"].currentData() == "description"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: growth() is not None, timeout=10_000)
    assert growth().score == 100.0  # type: ignore[attr-defined]
