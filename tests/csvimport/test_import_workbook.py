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
