"""Stages from CRM exports: expansion opportunities (a Salesforce opportunities report, a
HubSpot deals export) with their stages, and accounts' lifecycle stages (HubSpot's "Lifecycle
Stage"), read through the built-in synonyms and ``--map-value``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from csm_desk.csvimport.stages import read_lifecycle, read_stage, stage_words
from tests.bookprocs import run_cli

DATA = Path(__file__).parent / "data"


def _rows(book: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(book)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _book_with_accounts(tmp_path: Path) -> Path:
    book = tmp_path / "Book.csmbook"
    done = run_cli(
        "import", "accounts", str(DATA / "salesforce_renewals_report.csv"), "--book", str(book)
    )
    assert done.problems(expect_ok=True) == []
    return book


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("Prospecting", "identified"),
        ("Qualification", "identified"),
        ("Needs Analysis", "qualified"),
        ("Value Proposition", "qualified"),
        ("Id. Decision Makers", "qualified"),
        ("Perception Analysis", "qualified"),
        ("Proposal/Price Quote", "proposed"),
        ("Negotiation/Review", "committed"),
        ("Closed Won", "closed"),
        ("Closed Lost", "lost"),
        ("appointmentscheduled", "identified"),
        ("Qualified To Buy", "qualified"),
        ("Presentation Scheduled", "proposed"),
        ("Decision maker bought-in", "committed"),
        ("contractsent", "committed"),
        ("closedwon", "closed"),
        ("committed", "committed"),
    ],
)
def test_salesforce_and_hubspot_stages_are_known(word: str, stage: str) -> None:
    assert read_stage(word) == stage


@pytest.mark.parametrize(
    ("word", "stage"),
    [
        ("customer", "adoption"),
        ("Evangelist", "growth"),
        ("Onboarding", "onboarding"),
        ("Implementation", "onboarding"),
        ("up for renewal", "renewal"),
    ],
)
def test_lifecycle_words_are_known(word: str, stage: str) -> None:
    assert read_lifecycle(word) == stage


def test_a_stage_before_a_customer_is_refused_with_why() -> None:
    with pytest.raises(ValueError, match="a stage before someone buys"):
        read_lifecycle("marketingqualifiedlead")
    assert read_lifecycle("Lead", {"lead": "onboarding"}) == "onboarding"
    with pytest.raises(ValueError, match="is not a stage of an expansion opportunity"):
        read_stage("Upsell Discovery")


def test_a_salesforce_opportunities_report_imports_expansions_with_their_stages(
    tmp_path: Path,
) -> None:
    book = _book_with_accounts(tmp_path)
    file = str(DATA / "salesforce_opportunities_report.csv")
    done = run_cli("import", "expansions", file, "--book", str(book))
    assert done.problems(expect_ok=True) == []
    lines = done.out.splitlines()
    assert "(UTF-8, comma-separated, header in row 5)." in lines[1]
    assert (
        'Column "Stage" read "Prospecting" as identified, "Negotiation/Review" as committed, '
        '"Needs Analysis" as qualified, "Closed Won" as closed, "Closed Lost" as lost, '
        '"Qualification" as identified, "Proposal/Price Quote" as proposed.'
    ) in lines
    assert 'Column "Expansion Type" read "Upgrade" as upsell.' in lines
    assert "Expansion opportunities: 7 created, 0 updated, 0 unchanged." in lines
    assert 'Columns not imported: "Type", "Probability (%)", "Opportunity ID".' in lines
    assert "Warning: 1 new opportunity has no type: created as upsell." in lines
    found = _rows(
        book,
        "SELECT a.name, e.kind, e.stage, e.estimated_arr, e.expected_close "
        "FROM expansion e JOIN account a ON a.id = e.account_id ORDER BY e.id",
    )
    assert found == [
        ("Globex Freight", "cross_sell", "identified", 24000.0, "2027-03-31"),
        ("Globex Freight", "seats", "committed", 31500.0, "2026-12-15"),
        ("Initech Software", "upsell", "qualified", 12000.0, "2027-05-30"),
        ("Hooli Media Group", "usage", "closed", 8000.0, "2026-10-31"),
        ("Vandelay Industries", "seats", "lost", 15000.0, "2026-09-30"),
        ("Umbrella Health Partners", "upsell", "identified", 3600.0, "2027-04-15"),
        ("Total Wine Retail Group", "cross_sell", "proposed", 6000.0, "2027-02-28"),
    ]
    assert _rows(book, "SELECT description FROM expansion ORDER BY id")[0] == (
        "Globex - Customs module",
    )
    # Exported again, nothing changes.
    again = run_cli("import", "expansions", file, "--book", str(book))
    assert "Expansion opportunities: 0 created, 0 updated, 7 unchanged." in again.out


def test_a_hubspot_deals_export_moves_the_stages_of_known_opportunities(tmp_path: Path) -> None:
    book = _book_with_accounts(tmp_path)
    first = run_cli(
        "import",
        "expansions",
        str(DATA / "salesforce_opportunities_report.csv"),
        "--book",
        str(book),
    )
    assert first.problems(expect_ok=True) == []
    before = book.read_bytes()
    file = str(DATA / "hubspot_deals.csv")
    refused = run_cli("import", "expansions", file, "--book", str(book))
    assert refused.code == 1
    assert refused.err.splitlines()[1:] == [
        "row 6, column \"Deal Stage\": 'Upsell Discovery' is not a stage of an expansion "
        "opportunity (use identified, qualified, proposed, committed, closed, lost, or "
        "Salesforce's and HubSpot's stage names); or say what it is with --map-value "
        '"Upsell Discovery=key"'
    ]
    assert book.read_bytes() == before
    done = run_cli(
        "import",
        "expansions",
        file,
        "--book",
        str(book),
        "--map-value",
        "Upsell Discovery=qualified",
    )
    assert done.problems(expect_ok=True) == []
    assert "Expansion opportunities: 1 created, 4 updated, 0 unchanged." in done.out
    assert "Warning: 1 new opportunity has no type: created as upsell." in done.out
    found = _rows(
        book,
        "SELECT description, stage, estimated_arr, expected_close FROM expansion "
        "WHERE description IN ('Globex - Customs module', 'Globex - 150 seats EMEA', "
        "'Initech - Enterprise tier', 'Hooli - Analytics pilot', 'Umbrella - API add-on') "
        "ORDER BY id",
    )
    assert found == [
        ("Globex - Customs module", "qualified", 26000.0, "2027-03-31"),
        ("Globex - 150 seats EMEA", "closed", 31500.0, "2026-11-20"),
        ("Initech - Enterprise tier", "committed", 12000.0, "2027-05-30"),
        ("Umbrella - API add-on", "qualified", 3600.0, "2027-04-15"),
        ("Hooli - Analytics pilot", "identified", None, "2027-06-30"),
    ]


def test_hubspot_lifecycle_stages_set_the_accounts_lifecycle(tmp_path: Path) -> None:
    book = tmp_path / "Book.csmbook"
    file = str(DATA / "hubspot_companies_lifecycle.csv")
    refused = run_cli("import", "accounts", file, "--book", str(book))
    assert refused.code == 1
    assert refused.err.splitlines()[1:] == [
        "row 5, column \"Lifecycle Stage\": 'Opportunity' is a stage before someone buys, and "
        "an account of the book is a customer (use onboarding, adoption, growth, renewal, or "
        "HubSpot's customer or evangelist); or say what it is with --map-value "
        '"Opportunity=key"',
        "row 6, column \"Lifecycle Stage\": 'Other' is not a lifecycle stage (use onboarding, "
        'adoption, growth, renewal); or say what it is with --map-value "Other=key"',
    ]
    assert not book.exists()
    done = run_cli(
        "import",
        "accounts",
        file,
        "--book",
        str(book),
        "--map-value",
        "Opportunity=onboarding",
        "--map-value",
        "other=adoption",
    )
    assert done.problems(expect_ok=True) == []
    assert (
        'Column "Lifecycle Stage" read "Customer" as adoption, "Evangelist" as growth, '
        '"customer" as adoption, "Opportunity" as onboarding, "Other" as adoption.'
    ) in done.out.splitlines()
    assert _rows(book, "SELECT name, lifecycle_stage FROM account ORDER BY crm_id") == [
        ("Brightline Analytics", "adoption"),
        ("Cobalt Dental Group", "growth"),
        ("Northstar Freight", "adoption"),
        ("Pinewood Schools", "onboarding"),
        ("Quayside Labs", "adoption"),
    ]


def test_import_help_lists_the_stage_words() -> None:
    done = run_cli("import", "--help")
    assert done.code == 0
    assert "expansions" in done.out
    assert "Closed Won" in done.out and "Prospecting" in done.out
    assert "evangelist (HubSpot)" in done.out and "customer (HubSpot)" in done.out
    assert stage_words().splitlines()[0] in done.out
    assert all(len(line) <= 80 for line in stage_words().splitlines())
