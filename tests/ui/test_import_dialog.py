"""Import CSV from the window: checked off the GUI thread, imported as one undo step."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from csm_desk.models.backups import BEFORE_IMPORT, list_backups
from csm_desk.ui.dialogs.import_csv import CSV_FILTER, ImportDialog
from tests.dumps import dump


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
        summary = next(a for a in window.session.result.accounts if a.name == "Tailspin Media")
        account = window.session.account(summary.id)
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


# Every CRM export of tests/csvimport/data imported through the dialog as a person would:
# the file chosen with "Choose…", the kind picked in the combo by typing its first words, any
# value words typed under "Read values as", checked, read and imported with clicks; the book
# then holds what the command line's import of the same file gives, and one undo takes it back.


@dataclasses.dataclass(frozen=True)
class Export:
    """One export: its kind, the book it goes into, what the dialog must be told, what its
    report says and what the book then holds (SQL → rows)."""

    file: str
    kind: str
    typed_kind: str
    book: tuple[tuple[str, str], ...] = ()  # imports done before it (kind, file)
    three_accounts: bool = False  # the book of Acme Corp, Beta Bank and Gamma Health
    refused: tuple[str, ...] = ()  # the report before any value words are typed
    values: str = ""  # typed under "Read values as"
    columns: tuple[tuple[str, str], ...] = ()  # what some columns are shown imported as
    first: str = ""  # the first value of the file's first column, shown beside it
    report: tuple[str, ...] = ()
    holds: tuple[tuple[str, list[tuple[object, ...]]], ...] = ()


RENEWALS = ("accounts", "salesforce_renewals_report.csv")
OPPORTUNITIES = ("expansions", "salesforce_opportunities_report.csv")
EXPORTS = (
    Export(
        "salesforce_renewals_report.csv",
        "accounts",
        "Accounts",
        columns=(("Account Name", "name"), ("Type", "ignore"), ("ARR (converted)", "arr")),
        first="Globex Freight",
        report=(
            "Read 6 rows from salesforce_renewals_report.csv (UTF-8, comma-separated, header "
            "in row 6).",
            "Skipped 13 rows that are not data: rows 1–5 (above the header), 13 (blank), "
            "14 (total), 15 (blank), 16–20 (footer).",
            "Accounts: 6 created, 0 updated, 0 unchanged.",
        ),
        holds=(
            (
                "SELECT name, crm_id, arr, segment, renewal_date FROM account ORDER BY id",
                [
                    ("Globex Freight", "0015g00000AbCdEAAV", 182400.0, "high_touch", "2027-11-24"),
                    ("Initech Software", "0015g00000AbCdFAAV", 48000.0, "low_touch", "2027-03-15"),
                    (
                        "Umbrella Health Partners",
                        "0015g00000AbCdGAAV",
                        9600.0,
                        "tech_touch",
                        "2027-01-31",
                    ),
                    (
                        "Hooli Media Group",
                        "0015g00000AbCdHAAV",
                        95000.0,
                        "high_touch",
                        "2027-06-30",
                    ),
                    (
                        "Vandelay Industries",
                        "0015g00000AbCdIAAV",
                        27500.0,
                        "low_touch",
                        "2027-09-01",
                    ),
                    (
                        "Total Wine Retail Group",
                        "0015g00000AbCdJAAV",
                        12000.0,
                        "tech_touch",
                        "2026-12-31",
                    ),
                ],
            ),
        ),
    ),
    Export(
        "hubspot_companies.csv",
        "accounts",
        "Accounts",
        columns=(("Customer Segment", "segment"), ("Company owner", "ignore")),
        first="9871234501",
        refused=(
            "row 5, column \"Customer Segment\": 'Growth Pod' is not a segment (use high_touch, "
            "low_touch, tech_touch, or Enterprise, Mid-Market, SMB); or say what it is under "
            '"Read values as" (Growth Pod=key)',
        ),
        values="growth pod=low_touch",
        report=(
            'Column "Customer Segment" read "mid-touch" as low_touch, "Scale" as tech_touch, '
            '"Enterprise" as high_touch, "Growth Pod" as low_touch, "Mid-Market" as low_touch.',
            "Accounts: 5 created, 0 updated, 0 unchanged.",
        ),
        holds=(
            (
                "SELECT crm_id, segment, arr FROM account ORDER BY crm_id",
                [
                    ("9871234501", "low_touch", 48000.0),
                    ("9871234502", "tech_touch", 7200.0),
                    ("9871234503", "high_touch", 156000.0),
                    ("9871234504", "low_touch", 22500.0),
                    ("9871234505", "low_touch", 31000.0),
                ],
            ),
        ),
    ),
    Export(
        "hubspot_companies_lifecycle.csv",
        "accounts",
        "Accounts",
        columns=(("Record ID", "crm_id"), ("Lifecycle Stage", "lifecycle_stage")),
        first="9871234601",
        refused=(
            "row 5, column \"Lifecycle Stage\": 'Opportunity' is a stage before someone buys, "
            "and an account of the book is a customer (use onboarding, adoption, growth, "
            "renewal, or HubSpot's customer or evangelist); or say what it is under \"Read "
            'values as" (Opportunity=key)',
            "row 6, column \"Lifecycle Stage\": 'Other' is not a lifecycle stage (use "
            'onboarding, adoption, growth, renewal); or say what it is under "Read values '
            'as" (Other=key)',
        ),
        values="Opportunity=onboarding; other=adoption",
        report=(
            'Column "Lifecycle Stage" read "Customer" as adoption, "Evangelist" as growth, '
            '"customer" as adoption, "Opportunity" as onboarding, "Other" as adoption.',
            "Accounts: 5 created, 0 updated, 0 unchanged.",
        ),
        holds=(
            (
                "SELECT name, lifecycle_stage FROM account ORDER BY crm_id",
                [
                    ("Brightline Analytics", "adoption"),
                    ("Cobalt Dental Group", "growth"),
                    ("Northstar Freight", "adoption"),
                    ("Pinewood Schools", "onboarding"),
                    ("Quayside Labs", "adoption"),
                ],
            ),
        ),
    ),
    Export(
        "excel_de_kunden.csv",
        "accounts",
        "Accounts",
        columns=(
            ("Firmenname", "name"),
            ("Jahresumsatz", "arr"),
            ("Verlängerungsdatum", "renewal_date"),
        ),
        first="Müller Maschinenbau GmbH",
        report=(
            "Read 5 rows from excel_de_kunden.csv (UTF-8, semicolon-separated).",
            "Warning: column \"Jahresumsatz\" has amounts in EUR (row 2: '125.000,00 €') but "
            "the book counts in USD; they are imported as written, not converted.",
            "Accounts: 5 created, 0 updated, 0 unchanged.",
        ),
        holds=(
            (
                "SELECT name, crm_id, segment, arr, renewal_date, contract_term_months, "
                "industry FROM account WHERE crm_id IN ('DE-1001', 'DE-1002') ORDER BY id",
                [
                    (
                        "Müller Maschinenbau GmbH",
                        "DE-1001",
                        "high_touch",
                        125000.0,
                        "2027-03-31",
                        36,
                        "Maschinenbau",
                    ),
                    (
                        "Schäfer & Söhne KG",
                        "DE-1002",
                        "low_touch",
                        48500.0,
                        "2027-06-30",
                        12,
                        "Großhandel",
                    ),
                ],
            ),
            ("SELECT arr FROM account WHERE crm_id = 'DE-1004'", [(32750.5,)]),
        ),
    ),
    Export(
        "salesforce_contact_roles_report.csv",
        "contacts",
        "Contacts",
        columns=(("Contact Role", "roles"), ("Last Activity", "last_contact")),
        first="Acme Corp",
        three_accounts=True,
        report=("(above the header)", "(total)", "Contacts: 5 created, 0 updated, 0 unchanged."),
        holds=(
            (
                "SELECT name, roles, last_contact FROM stakeholder ORDER BY name",
                [
                    ("Ana Ribeiro", "influencer", "2026-11-20"),
                    ("Lena Fischer", "technical_owner", "2026-10-30"),
                    ("Marcus Oyelaran", "executive_sponsor", "2026-09-02"),
                    ("Priya Natarajan", "economic_buyer", "2026-11-12"),
                    ("Tom Becker", "end_user", "2026-11-18"),
                ],
            ),
        ),
    ),
    Export(
        "gainsight_health_export.csv",
        "signals",
        "Health signals",
        columns=(("NPS", "signal:nps"), ("Company GSID", "ignore"), ("Overall Score", "ignore")),
        first="Acme Corp",
        three_accounts=True,
        report=(
            'One column per signal: "Active Users" as active_users, "Licensed Seats" as '
            'licensed_seats, "Logins per User" as logins_per_user_month, "NPS" as nps, "CSAT" '
            'as csat, "Open P1 Tickets" as open_high_sev_tickets, "Usage Score" as usage.',
            "Signal readings: 16 created, 0 updated, 0 unchanged.",
            "Health overrides: 2 created, 0 updated, 0 unchanged.",
            'Columns not imported: "Company GSID", "CSM".',
            'Column "Overall Score" not imported: an overall health score or colour from '
            "another tool is not imported",
            'Column "License Utilization" not imported',
        ),
        holds=(
            (
                "SELECT a.name, s.key, s.value FROM signal_reading s JOIN account a "
                "ON a.id = s.account_id WHERE s.key = 'nps' ORDER BY a.name",
                [("Acme Corp", "nps", 9.0), ("Gamma Health", "nps", 3.0)],
            ),
            (
                "SELECT component, value FROM health_override ORDER BY value",
                [("usage", 55.0), ("usage", 82.0)],
            ),
        ),
    ),
    Export(
        "salesforce_opportunities_report.csv",
        "expansions",
        "Expansion",
        columns=(("Stage", "stage"), ("Opportunity ID", "ignore"), ("Expansion Type", "kind")),
        first="Globex - Customs module",
        book=(RENEWALS,),
        report=(
            "(UTF-8, comma-separated, header in row 5).",
            'Column "Stage" read "Prospecting" as identified, "Negotiation/Review" as '
            'committed, "Needs Analysis" as qualified, "Closed Won" as closed, "Closed Lost" '
            'as lost, "Qualification" as identified, "Proposal/Price Quote" as proposed.',
            'Column "Expansion Type" read "Upgrade" as upsell.',
            "Expansion opportunities: 7 created, 0 updated, 0 unchanged.",
            'Columns not imported: "Type", "Probability (%)", "Opportunity ID".',
            "Warning: 1 new opportunity has no type: created as upsell.",
        ),
        holds=(
            (
                "SELECT a.name, e.kind, e.stage, e.estimated_arr, e.expected_close "
                "FROM expansion e JOIN account a ON a.id = e.account_id ORDER BY e.id",
                [
                    ("Globex Freight", "cross_sell", "identified", 24000.0, "2027-03-31"),
                    ("Globex Freight", "seats", "committed", 31500.0, "2026-12-15"),
                    ("Initech Software", "upsell", "qualified", 12000.0, "2027-05-30"),
                    ("Hooli Media Group", "usage", "closed", 8000.0, "2026-10-31"),
                    ("Vandelay Industries", "seats", "lost", 15000.0, "2026-09-30"),
                    ("Umbrella Health Partners", "upsell", "identified", 3600.0, "2027-04-15"),
                    ("Total Wine Retail Group", "cross_sell", "proposed", 6000.0, "2027-02-28"),
                ],
            ),
            (
                "SELECT description FROM expansion ORDER BY id LIMIT 1",
                [("Globex - Customs module",)],
            ),
        ),
    ),
    Export(
        "hubspot_deals.csv",
        "expansions",
        "Expansion",
        columns=(("Deal Stage", "stage"), ("Associated Company", "account")),
        first="21011",
        book=(RENEWALS, OPPORTUNITIES),
        refused=(
            "row 6, column \"Deal Stage\": 'Upsell Discovery' is not a stage of an expansion "
            "opportunity (use identified, qualified, proposed, committed, closed, lost, or "
            "Salesforce's and HubSpot's stage names); or say what it is under \"Read values "
            'as" (Upsell Discovery=key)',
        ),
        values="Upsell Discovery=qualified",
        report=(
            "Expansion opportunities: 1 created, 4 updated, 0 unchanged.",
            "Warning: 1 new opportunity has no type: created as upsell.",
        ),
        holds=(
            (
                "SELECT description, stage, estimated_arr, expected_close FROM expansion "
                "WHERE description IN ('Globex - Customs module', 'Globex - 150 seats EMEA', "
                "'Initech - Enterprise tier', 'Hooli - Analytics pilot', "
                "'Umbrella - API add-on') ORDER BY id",
                [
                    ("Globex - Customs module", "qualified", 26000.0, "2027-03-31"),
                    ("Globex - 150 seats EMEA", "closed", 31500.0, "2026-11-20"),
                    ("Initech - Enterprise tier", "committed", 12000.0, "2027-05-30"),
                    ("Umbrella - API add-on", "qualified", 3600.0, "2027-04-15"),
                    ("Hooli - Analytics pilot", "identified", None, "2027-06-30"),
                ],
            ),
        ),
    ),
)


def test_the_fixture_list_names_every_export() -> None:
    assert sorted(e.file for e in EXPORTS) == sorted(p.name for p in DATA.iterdir() if p.is_file())


@pytest.fixture
def export_window(request, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A window on a book holding what the export's command-line test imports it into."""
    from csm_desk.csvimport.plan import plan_import
    from csm_desk.models.bookfile import BookFile
    from csm_desk.models.ops import Batch, InsertRow
    from csm_desk.models.writer import Writer
    from csm_desk.ui.main_window import MainWindow
    from tests.csvimport.conftest import ACCOUNTS

    export: Export = request.param
    path = tmp_path / "Book.csmbook"
    book = BookFile.create(path, owner="Test Owner")
    try:
        writer = Writer(book)
        if export.three_accounts:
            writer.run(Batch("accounts", [InsertRow("account", a) for a in ACCOUNTS]))
        for kind, name in export.book:
            plan = plan_import(book, kind, DATA / name)
            assert plan.ok, [str(p) for p in plan.problems]
            writer.run(plan.op())
    finally:
        book.close()
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_book(path)
    yield win, export
    win.close_book()


def _stored(window, sql: str) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with window.session.book.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql).all()]


def _report_lines(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return dialog.report.toPlainText().splitlines()


@pytest.mark.parametrize("export_window", EXPORTS, ids=[e.file for e in EXPORTS], indirect=True)
def test_every_crm_export_imports_through_the_dialog_and_undoes(
    export_window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window, export = export_window
    file = DATA / export.file
    monkeypatch.setattr(
        "csm_desk.ui.dialogs.import_csv.QFileDialog.getOpenFileName",
        lambda *_a, **_k: (str(file), CSV_FILTER),
    )
    before = dump(window.session.book)
    dialog = ImportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The kind, picked by typing the first words of its label into the combo.
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, export.typed_kind)
    assert dialog.kind.currentData() == export.kind
    (choose,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Choose…"]
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert dialog.file.text() == str(file)
    _typed_check(dialog, qtbot)
    if export.refused:
        assert dialog.plan is not None and not dialog.plan.ok
        assert not dialog.import_button.isEnabled()
        lines = _report_lines(dialog)
        assert lines[-len(export.refused) :] == list(export.refused)
        assert "--" not in dialog.report.toPlainText()
        qtbot.keyClicks(dialog.values, export.values)
        assert dialog.value_maps() == tuple(v.strip() for v in export.values.split(";"))
        assert not dialog.import_button.isEnabled()
        _typed_check(dialog, qtbot)
    assert dialog.plan is not None and dialog.plan.ok, dialog.report.toPlainText()
    text = dialog.report.toPlainText()
    for said in export.report:
        assert said in text, text
    assert "--" not in text
    assert dialog.status.text() == "Ready: the whole file is imported as one step you can undo."
    shown = {h: dialog.combos[h].currentData() for h, _field in export.columns}
    assert shown == dict(export.columns)
    assert dialog.columns.index(0, 2).data() == export.first
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1, timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    for sql, rows in export.holds:
        assert _stored(window, sql) == rows, sql
    assert dump(window.session.book) != before
    assert [b.reason for b in list_backups(window.session.book.path)] == [BEFORE_IMPORT]
    assert window.portfolio.model.rowCount() == len(_stored(window, "SELECT id FROM account"))

    window.commands.undo.trigger()
    assert dump(window.session.book) == before
    assert window.session.undo_stack.index() == 0
    assert window.portfolio.model.rowCount() == len(_stored(window, "SELECT id FROM account"))
