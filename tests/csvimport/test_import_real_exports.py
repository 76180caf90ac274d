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


def test_hubspot_companies_export_maps_segment_words_and_takes_map_value(tmp_path) -> None:
    book = tmp_path / "Book.csmbook"
    file = str(DATA / "hubspot_companies.csv")
    refused = run_cli("import", "accounts", file, "--book", str(book))
    assert refused.code == 1
    assert refused.err.splitlines()[1:] == [
        "row 5, column \"Customer Segment\": 'Growth Pod' is not a segment (use high_touch, "
        "low_touch, tech_touch, or Enterprise, Mid-Market, SMB); or say what it is with "
        '--map-value "Growth Pod=key"'
    ]
    assert not book.exists()
    done = run_cli(
        "import", "accounts", file, "--book", str(book), "--map-value", "growth pod=low_touch"
    )
    assert done.problems(expect_ok=True) == []
    assert (
        'Column "Customer Segment" read "mid-touch" as low_touch, "Scale" as tech_touch, '
        '"Enterprise" as high_touch, "Growth Pod" as low_touch, "Mid-Market" as low_touch.'
    ) in done.out.splitlines()
    assert _rows(book, "SELECT crm_id, segment, arr FROM account ORDER BY crm_id") == [
        ("9871234501", "low_touch", 48000.0),
        ("9871234502", "tech_touch", 7200.0),
        ("9871234503", "high_touch", 156000.0),
        ("9871234504", "low_touch", 22500.0),
        ("9871234505", "low_touch", 31000.0),
    ]


def test_a_map_value_to_no_key_is_a_problem_of_the_row(tmp_path) -> None:
    book = tmp_path / "Book.csmbook"
    file = str(DATA / "hubspot_companies.csv")
    done = run_cli("import", "accounts", file, "--book", str(book), "--map-value", "Growth Pod=pod")
    assert done.code == 1
    assert (
        "row 5, column \"Customer Segment\": --map-value reads 'Growth Pod' as 'pod': 'Growth "
        "Pod' is not a segment"
    ) in done.err


def test_gainsight_health_export_with_one_column_per_signal(book, query) -> None:
    book.close()
    file = str(DATA / "gainsight_health_export.csv")
    done = run_cli("import", "signals", file, "--book", str(book.path))
    assert done.problems(expect_ok=True) == []
    lines = done.out.splitlines()
    assert (
        'One column per signal: "Active Users" as active_users, "Licensed Seats" as '
        'licensed_seats, "Logins per User" as logins_per_user_month, "NPS" as nps, "CSAT" as '
        'csat, "Open P1 Tickets" as open_high_sev_tickets, "Usage Score" as usage.'
    ) in lines
    assert "Signal readings: 16 created, 0 updated, 0 unchanged." in lines
    assert "Health overrides: 2 created, 0 updated, 0 unchanged." in lines
    assert 'Columns not imported: "Company GSID", "CSM".' in lines
    for header in ("Overall Score", "Scorecard Color"):
        assert (
            f'Column "{header}" not imported: an overall health score or colour from another '
            "tool is not imported: the book works out health from the signals (to set a "
            'component by hand, name its column after it, e.g. "Usage score").'
        ) in lines
    assert any(line.startswith('Column "License Utilization" not imported') for line in lines)
    book = type(book).open(book.path)
    try:
        assert query(
            book,
            "SELECT a.name, s.key, s.value FROM signal_reading s JOIN account a "
            "ON a.id = s.account_id WHERE s.key = 'nps' ORDER BY a.name",
        ) == [("Acme Corp", "nps", 9.0), ("Gamma Health", "nps", 3.0)]
        assert query(book, "SELECT component, value FROM health_override ORDER BY value") == [
            ("usage", 55.0),
            ("usage", 82.0),
        ]
    finally:
        book.close()


def test_a_wide_signal_value_out_of_range_names_its_column(book, write_csv) -> None:
    from csm_desk.csvimport.plan import plan_import

    path = write_csv("Account,Date,NPS,Active Users\nAcme Corp,2026-11-20,11,40\n", "wide.csv")
    plan = plan_import(book, "signals", path)
    assert [str(p) for p in plan.problems] == [
        'row 2, column "NPS": 11 is not a valid nps: it must be between 0 and 10'
    ]


def test_german_excel_csv_utf8_export_reads_and_warns_about_its_currency(tmp_path) -> None:
    book = tmp_path / "Book.csmbook"
    file = DATA / "excel_de_kunden.csv"
    done = run_cli("import", "accounts", str(file), "--book", str(book))
    assert done.problems(expect_ok=True) == []
    lines = done.out.splitlines()
    assert lines[1] == "Read 5 rows from excel_de_kunden.csv (UTF-8, semicolon-separated)."
    assert (
        "Warning: column \"Jahresumsatz\" has amounts in EUR (row 2: '125.000,00 €') but the "
        "book counts in USD; they are imported as written, not converted."
    ) in lines
    assert _rows(
        book,
        "SELECT name, crm_id, segment, arr, renewal_date, contract_term_months, industry "
        "FROM account ORDER BY id",
    )[:2] == [
        (
            "Müller Maschinenbau GmbH",
            "DE-1001",
            "high_touch",
            125000.0,
            "2027-03-31",
            36,
            "Maschinenbau",
        ),
        ("Schäfer & Söhne KG", "DE-1002", "low_touch", 48500.0, "2027-06-30", 12, "Großhandel"),
    ]
    assert _rows(book, "SELECT arr FROM account WHERE crm_id = 'DE-1004'") == [(32750.5,)]


def test_a_name_close_to_a_book_accounts_is_refused_naming_it(book, hashes) -> None:
    book.close()
    before = hashes(book.path)
    file = DATA / "excel_de_kunden.csv"
    done = run_cli("import", "accounts", str(file), "--book", str(book.path))
    assert done.code == 1
    assert done.err.splitlines()[1:] == [
        "row 6, column \"Firmenname\": 'Acme Corp GmbH' looks like the book's account 'Acme "
        "Corp' (the names differ only in case, punctuation or a legal form such as Inc. or "
        "GmbH); write it as 'Acme Corp' to update that account, or give it a CRM id to add it "
        "as another account"
    ]
    assert hashes(book.path) == before


def test_near_duplicate_names_within_a_file_and_with_a_crm_id(book, write_csv) -> None:
    from csm_desk.csvimport.plan import plan_import

    path = write_csv(
        "Account Name,CRM ID,ARR\n"
        "Delta Labs,,1000\n"
        "DELTA LABS Ltd.,,2000\n"
        "Beta Bank Inc.,001Z,3000\n",
        "accounts.csv",
    )
    plan = plan_import(book, "accounts", path)
    assert [str(p) for p in plan.problems] == [
        "row 3, column \"Account Name\": 'DELTA LABS Ltd.' looks like 'Delta Labs' of row 2 "
        "(the names differ only in case, punctuation or a legal form such as Inc. or GmbH); "
        "write both the same way, or give it a CRM id to add it as another account"
    ]
    assert plan.warnings == [
        "row 4: 'Beta Bank Inc.' is added as a new account (CRM id '001Z') though it looks "
        "like the book's account 'Beta Bank': the names differ only in case, punctuation or a "
        "legal form such as Inc. or GmbH."
    ]


def test_a_signal_for_a_near_name_names_the_book_account(book, write_csv) -> None:
    from csm_desk.csvimport.plan import plan_import

    path = write_csv('Account,Date,NPS\n"Acme Corp, Inc.",2026-11-20,9\n', "nps.csv")
    plan = plan_import(book, "signals", path)
    assert [str(p) for p in plan.problems] == [
        "row 2, column \"Account\": no account called 'Acme Corp, Inc.' in the book; it has "
        "'Acme Corp' (write the name as the book has it, or use the CRM id)"
    ]


def test_salesforce_contact_roles_report_imports_people_with_their_roles(book, query) -> None:
    book.close()
    file = DATA / "salesforce_contact_roles_report.csv"
    done = run_cli("import", "contacts", str(file), "--book", str(book.path))
    assert done.problems(expect_ok=True) == []
    assert "Contacts: 5 created, 0 updated, 0 unchanged." in done.out.splitlines()
    assert "(above the header)" in done.out and "(total)" in done.out
    book = type(book).open(book.path)
    try:
        assert query(book, "SELECT name, roles, last_contact FROM stakeholder ORDER BY name") == [
            ("Ana Ribeiro", "influencer", "2026-11-20"),
            ("Lena Fischer", "technical_owner", "2026-10-30"),
            ("Marcus Oyelaran", "executive_sponsor", "2026-09-02"),
            ("Priya Natarajan", "economic_buyer", "2026-11-12"),
            ("Tom Becker", "end_user", "2026-11-18"),
        ]
    finally:
        book.close()
