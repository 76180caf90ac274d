"""Excel workbooks read directly: a Salesforce "Formatted Report" export saved as .xlsx."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from csm_desk.csvimport.workbook import cell_text
from tests.bookprocs import run_cli

openpyxl = pytest.importorskip("openpyxl")


def _salesforce_workbook(path: Path) -> Path:
    """Title and filter rows, the header, typed cells (dates, amounts, a percentage formatted
    cell, a formula), a Grand Totals row and the confidentiality footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Renewals"
    sheet.append(["CS Book - Renewals Next 12 Months"])
    sheet.append(["Filtered By: Type equals Customer"])
    sheet.append([])
    sheet.append(["Account Name", "Account ID", "Segment", "ARR", "Renewal Date", "Term"])
    rows = [
        (
            "Globex Freight",
            "0015g00000AbCdEAAV",
            "Enterprise",
            182400.0,
            dt.datetime(2027, 11, 24),
            36,
        ),
        (
            "Initech Software",
            "0015g00000AbCdFAAV",
            "Mid-Market",
            48000,
            dt.datetime(2027, 3, 15),
            12,
        ),
        ("Umbrella Health", "0015g00000AbCdGAAV", "SMB", 9600.5, dt.date(2027, 1, 31), 12.0),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.append([])
    sheet.append(["Grand Totals (3 records)", None, None, "=SUM(D5:D7)"])
    sheet.append([])
    sheet.append(["Confidential Information - Do Not Distribute"])
    book.save(path)
    return path


def test_a_salesforce_report_saved_as_xlsx_imports_through_the_command_line(tmp_path) -> None:
    file = _salesforce_workbook(tmp_path / "renewals.xlsx")
    book = tmp_path / "Book.csmbook"
    done = run_cli("import", "accounts", str(file), "--book", str(book))
    assert done.problems(expect_ok=True) == []
    lines = done.out.splitlines()
    assert lines[1] == (
        'Read 3 rows from renewals.xlsx (Excel workbook, sheet "Renewals", header in row 4).'
    )
    assert "rows 1–3 (above the header), 8 (blank), 9 (total), 10 (blank), 11 (footer)" in lines[2]
    con = sqlite3.connect(book)
    try:
        found = con.execute(
            "SELECT name, segment, arr, renewal_date, contract_term_months FROM account ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    assert found == [
        ("Globex Freight", "high_touch", 182400.0, "2027-11-24", 36),
        ("Initech Software", "low_touch", 48000.0, "2027-03-15", 12),
        ("Umbrella Health", "tech_touch", 9600.5, "2027-01-31", 12),
    ]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (None, "General", ""),
        (0.68, "0%", "68%"),
        (125000.0, "#,##0.00", "125000"),
        (0.1 + 0.2, "General", "0.3"),
        (dt.datetime(2026, 11, 24, 9, 30), "General", "2026-11-24 09:30"),
        (True, "General", "TRUE"),
        ("  Acme  ", "General", "Acme"),
    ],
)
def test_cells_read_as_a_spreadsheet_shows_them(value, number_format, text) -> None:  # type: ignore[no-untyped-def]
    assert cell_text(value, number_format) == text


def test_another_zip_file_is_still_refused(write_csv) -> None:
    import io
    import zipfile

    from csm_desk.csvimport.problems import ImportRefused
    from csm_desk.csvimport.textfile import read_sheet

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportRefused, match="Excel workbook or another ZIP file"):
        read_sheet(write_csv(data=data.getvalue(), name="export.zip"))


def _three_sheets(path: Path) -> Path:
    """A workbook saved with its cover sheet open: the accounts are on the second sheet."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Read me"
    cover.append(["Renewals report, exported on 2026-11-20"])
    renewals = book.create_sheet("Renewals")
    renewals.append(["Account Name", "ARR", "Renewal Date"])
    renewals.append(["Globex Freight", 182400, dt.datetime(2027, 11, 24)])
    renewals.append(["Initech Software", 48000, dt.datetime(2027, 3, 15)])
    churned = book.create_sheet("Churned 2026")
    churned.append(["Account Name", "ARR"])
    churned.append(["Vandelay Industries", 12000])
    book.active = 0
    book.save(path)
    return path


def test_sheet_chooses_the_sheet_of_a_workbook(tmp_path) -> None:
    from csm_desk.csvimport.convert import ReadOptions
    from csm_desk.csvimport.plan import plan_import
    from csm_desk.csvimport.preview import preview_file
    from csm_desk.csvimport.problems import SheetRefused

    file = _three_sheets(tmp_path / "renewals.xlsx")
    with pytest.raises(SheetRefused) as refused:
        preview_file("accounts", file, ReadOptions())
    assert refused.value.sheets == ("Read me", "Renewals", "Churned 2026")
    assert refused.value.sheet_name == "Read me"
    preview = preview_file("accounts", file, ReadOptions(sheet="Renewals"))
    assert preview.sheets == ("Read me", "Renewals", "Churned 2026")
    assert preview.sheet_name == "Renewals"
    assert preview.headers == ("Account Name", "ARR", "Renewal Date")
    plan = plan_import(None, "accounts", file, ReadOptions(sheet="Renewals"))
    assert plan.ok and plan.rows_read == 2
    assert plan.sheet_name == "Renewals"
    assert not any("--sheet" in note for note in plan.notes)
    # Case and surrounding spaces aside, the name still finds its sheet.
    plan = plan_import(None, "accounts", file, ReadOptions(sheet=" churned 2026"))
    assert plan.sheet_name == "Churned 2026" and plan.rows_read == 1


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path) -> None:
    file = _three_sheets(tmp_path / "renewals.xlsx")
    book = tmp_path / "Book.csmbook"
    done = run_cli("import", "accounts", str(file), "--book", str(book), "--sheet", "Accounts")
    assert done.code == 1
    assert done.problems() == []
    assert done.err.strip() == (
        'csm-desk: renewals.xlsx has no sheet "Accounts"; its sheets are "Read me", '
        '"Renewals" and "Churned 2026" (give one with --sheet)'
    )
    assert not book.exists()
    # The active sheet holds no accounts: the refusal says which sheet was read and what else
    # the workbook has.
    done = run_cli("import", "accounts", str(file), "--book", str(book))
    assert done.code == 1 and done.problems() == []
    assert 'in the sheet "Read me"; the workbook also has "Renewals" and "Churned 2026"' in (
        done.err
    )
    done = run_cli("import", "accounts", str(file), "--book", str(book), "--sheet", "Renewals")
    assert done.problems(expect_ok=True) == []
    assert 'sheet "Renewals"' in done.out
    con = sqlite3.connect(book)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM account ORDER BY id")]
    finally:
        con.close()
    assert names == ["Globex Freight", "Initech Software"]
    before = book.read_bytes()
    done = run_cli("import", "accounts", str(file), "--book", str(book), "--sheet", "Nope")
    assert done.code == 1
    assert book.read_bytes() == before


def test_reading_the_active_sheet_of_several_says_so(tmp_path) -> None:
    from csm_desk.csvimport.convert import ReadOptions
    from csm_desk.csvimport.plan import plan_import

    file = _three_sheets(tmp_path / "renewals.xlsx")
    workbook = openpyxl.load_workbook(file)
    workbook.active = 1
    workbook.save(file)
    plan = plan_import(None, "accounts", file, ReadOptions())
    assert plan.ok and plan.sheet_name == "Renewals"
    assert (
        'Read the sheet "Renewals" (the one open when the workbook was saved); it also has '
        '"Read me" and "Churned 2026": give --sheet NAME to read another.'
    ) in plan.notes


def test_a_text_file_refuses_a_sheet(write_csv) -> None:
    from csm_desk.csvimport.convert import ReadOptions
    from csm_desk.csvimport.plan import plan_import
    from csm_desk.csvimport.problems import ImportRefused

    file = write_csv("Account Name,ARR\nGlobex,1000\n")
    with pytest.raises(ImportRefused, match="not an Excel workbook: it has no sheets"):
        plan_import(None, "accounts", file, ReadOptions(sheet="Sheet1"))
