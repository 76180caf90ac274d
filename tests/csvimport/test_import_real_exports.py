"""Real CRM and spreadsheet exports, each imported end to end through ``python -m csm_desk``.

The files under ``data/`` are written from the public descriptions of each tool's export: a
Salesforce report export (title and filter rows above the header, a total row and footer lines
below the data), a HubSpot companies export, a German Excel "CSV UTF-8" file and a
Gainsight-style health export with one column per signal.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.bookprocs import run_cli

DATA = Path(__file__).parent / "data"


def _rows(book: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(book)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_salesforce_report_export_finds_its_header_and_lists_what_it_skips(tmp_path) -> None:
    book = tmp_path / "Book.csmbook"
    done = run_cli(
        "import", "accounts", str(DATA / "salesforce_renewals_report.csv"), "--book", str(book)
    )
    assert done.problems(expect_ok=True) == []
    lines = done.out.splitlines()
    assert "(UTF-8, comma-separated, header in row 6)." in lines[1]
    assert lines[2] == (
        "Skipped 13 rows that are not data: rows 1–5 (above the header), 13 (blank), "
        "14 (total), 15 (blank), 16–20 (footer)."
    )
    assert "Accounts: 6 created, 0 updated, 0 unchanged." in lines
    found = _rows(book, "SELECT name, crm_id, arr, segment, renewal_date FROM account ORDER BY id")
    globex = ("Globex Freight", "0015g00000AbCdEAAV", 182400.0, "high_touch", "2027-11-24")
    assert found[0] == globex
    # "Total Wine Retail Group" is an account, not a total row.
    assert [r[0] for r in found][-1] == "Total Wine Retail Group"
    assert len(found) == 6
