"""Importing accounts: keyed on CRM id, else name; segments pinned only when they differ."""

from __future__ import annotations

import pytest

from csm_desk.csvimport.convert import ReadOptions
from csm_desk.csvimport.plan import Counts, plan_import
from csm_desk.models.ops import InsertRow
from csm_desk.models.writer import Writer

HEADER = "Account ID,Account Name,ARR,Segment,Renewal Date,Contract Start,Term,Industry,Plan\n"


def _accounts(book, query):
    return {
        r[0]: r[1:]
        for r in query(
            book,
            "SELECT name, crm_id, arr, segment, segment_pinned, renewal_date, contract_start, "
            "contract_term_months, industry, product_tier FROM account",
        )
    }


def test_creates_updates_and_leaves_unchanged(book, write_csv, query) -> None:
    path = write_csv(
        HEADER + '001A,Acme Corp,"$150,000.00",,2027-03-31,2024-04-01,24,FinTech,Gold\n'
        '001B,Beta Bank,"40,000",,,,,,\n'
        ",gamma health,,,,,,,\n"
        '001D,Delta Labs,"12,500",,2027-01-15,2026-01-15,12,Retail,Starter\n'
    )
    plan = plan_import(book, "accounts", path)
    assert plan.problems == []
    assert plan.counts == {"accounts": Counts(created=1, updated=2, unchanged=1)}
    assert [(o.row, o.action.value, o.fields) for o in plan.outcomes] == [
        (
            2,
            "update",
            (
                "arr",
                "renewal_date",
                "contract_start",
                "contract_term_months",
                "industry",
                "product_tier",
            ),
        ),
        (3, "unchanged", ()),
        (4, "update", ("name",)),
        (5, "create", ()),
    ]
    Writer(book).run(plan.op())
    found = _accounts(book, query)
    assert found["Acme Corp"] == (
        "001A",
        150_000.0,
        "high_touch",
        0,
        "2027-03-31",
        "2024-04-01",
        24,
        "FinTech",
        "Gold",
    )
    assert found["Delta Labs"] == (
        "001D",
        12_500.0,
        "tech_touch",
        0,
        "2027-01-15",
        "2026-01-15",
        12,
        "Retail",
        "Starter",
    )
    # Matched by name without case: the book's spelling is updated to the file's.
    assert "gamma health" in found
    assert found["Beta Bank"][:4] == ("001B", 40_000.0, "low_touch", 0)


def test_reimporting_changes_nothing(book, write_csv, hashes) -> None:
    path = write_csv(
        HEADER + '001A,Acme Corp,"$150,000.00",Enterprise,2027-03-31,2024-04-01,24,FinTech,\n'
        '001D,Delta Labs,"12,500",Mid-Market,2027-01-15,2026-01-15,12,Retail,Starter\n'
        '001E,Echo,"99,000",,,,,,\n'
    )
    Writer(book).run(plan_import(book, "accounts", path).op())
    before = hashes(book.path)
    again = plan_import(book, "accounts", path)
    assert again.counts == {"accounts": Counts(0, 0, 3)}
    assert not again.changes_anything
    Writer(book).run(again.op())
    assert hashes(book.path) == before


def test_an_explicit_segment_differing_from_arr_pins_it(book, write_csv, query) -> None:
    path = write_csv(
        "Account Name,ARR,Segment\n"
        'Strategic Small,"9,000",Enterprise\n'
        'Plain Small,"9,000",SMB\n'
        'Plain Big,"250,000",\n'
        'Mid Pinned,"250,000",Mid-Market\n'
    )
    Writer(book).run(plan_import(book, "accounts", path).op())
    found = {r[0]: r[1:] for r in query(book, "SELECT name, segment, segment_pinned FROM account")}
    assert found["Strategic Small"] == ("high_touch", 1)
    assert found["Plain Small"] == ("tech_touch", 0)
    assert found["Plain Big"] == ("high_touch", 0)
    assert found["Mid Pinned"] == ("low_touch", 1)


def test_a_segment_agreeing_with_arr_unpins_and_a_blank_one_leaves_the_pin(
    book, write_csv, query
) -> None:
    Writer(book).run(
        InsertRow(
            "account",
            {"name": "Pinned", "arr": 50_000.0, "segment": "high_touch", "segment_pinned": True},
        )
    )
    write_csv('Account Name,ARR\nPinned,"60,000"\n', "blank.csv")
    plan = plan_import(book, "accounts", write_csv('Account Name,ARR\nPinned,"60,000"\n'))
    Writer(book).run(plan.op())
    assert query(book, "SELECT segment, segment_pinned FROM account WHERE name = 'Pinned'") == [
        ("high_touch", 1)
    ]
    plan = plan_import(book, "accounts", write_csv("Account Name,Segment\nPinned,Low touch\n"))
    assert plan.counts["accounts"].updated == 1
    Writer(book).run(plan.op())
    assert query(book, "SELECT segment, segment_pinned FROM account WHERE name = 'Pinned'") == [
        ("low_touch", 0)
    ]


def test_crm_id_links_an_account_entered_by_name(book, write_csv, query) -> None:
    plan = plan_import(book, "accounts", write_csv("Account ID,Account Name\n003G,Gamma Health\n"))
    assert plan.counts["accounts"] == Counts(0, 1, 0)
    Writer(book).run(plan.op())
    assert query(book, "SELECT crm_id FROM account WHERE name = 'Gamma Health'") == [("003G",)]


def test_crm_id_wins_over_the_name(book, write_csv, query) -> None:
    plan = plan_import(book, "accounts", write_csv("Account ID,Account Name\n001A,Acme Renamed\n"))
    Writer(book).run(plan.op())
    assert query(book, "SELECT name FROM account WHERE crm_id = '001A'") == [("Acme Renamed",)]


def test_salesforce_15_and_18_character_ids_match(book, write_csv, query) -> None:
    Writer(book).run(InsertRow("account", {"name": "Foxtrot", "crm_id": "0015g00000AbCdE"}))
    plan = plan_import(book, "accounts", write_csv('Account ID,ARR\n0015g00000AbCdEAAZ,"20,000"\n'))
    assert plan.counts["accounts"] == Counts(0, 1, 0)


def test_row_problems_are_all_reported(book, write_csv) -> None:
    path = write_csv(
        HEADER + "001X,Xeno,-5,,,,0,,\n"
        "001Y,,100,,,,,,\n"
        "001X,Xeno again,100,,,,,,\n"
        ",,,,,,,,Gold\n"
        "001Z,Zed,100,Platinum,someday,,12.5,,\n"
    )
    plan = plan_import(book, "accounts", path)
    assert [str(p) for p in plan.problems] == [
        'row 2, column "ARR": must be at least 0',
        'row 2, column "Term": must be between 1 and 120',
        "row 3, column \"Account Name\": no account with CRM id '001Y' yet, and a new one "
        "needs a name",
        'row 4, column "Account ID": the same account as row 2',
        "row 5: has neither an account name nor a CRM id",
        "row 6, column \"Segment\": 'Platinum' is not a segment (use high_touch, low_touch, "
        "tech_touch, or Enterprise, Mid-Market, SMB); or say what it is with "
        '--map-value "Platinum=key"',
        "row 6, column \"Renewal Date\": 'someday' is not a date (write YYYY-MM-DD, MM/DD/YYYY, "
        "DD/MM/YYYY or DD.MM.YYYY)",
        "row 6, column \"Term\": '12.5' is not a whole number",
    ]
    with pytest.raises(ValueError, match="problems"):
        plan.op()


def test_two_book_accounts_with_one_name_need_a_crm_id(book, write_csv) -> None:
    Writer(book).run(InsertRow("account", {"name": "Acme Corp"}))
    plan = plan_import(book, "accounts", write_csv("Account Name,ARR\nACME CORP,5\n"))
    assert [str(p) for p in plan.problems] == [
        "row 2, column \"Account Name\": 2 accounts in the book are called 'ACME CORP'; add a "
        "CRM id column to say which"
    ]


def test_undo_restores_the_book_exactly_and_redo_repeats_it(book, write_csv, hashes) -> None:
    before = hashes(book.path)
    path = write_csv(HEADER + '001A,Acme Corp,1,,,,,,\n001N,New One,"250,000",SMB,,,,,\n')
    op = plan_import(book, "accounts", path).op()
    writer = Writer(book)
    writer.run(op)
    after = hashes(book.path)
    assert after != before
    writer.undo(op)
    assert hashes(book.path) == before
    writer.run(op)
    assert hashes(book.path)["account"] == after["account"]


def test_map_and_options_are_used(book, write_csv, query) -> None:
    path = write_csv(
        "Kunde;Jahresumsatz;Verlängerung\nHotel Alpen;1.250,50;31.12.2026\n", "kunden.csv"
    )
    options = ReadOptions(maps=("Kunde=name", "Jahresumsatz=arr", "Verlängerung=renewal_date"))
    plan = plan_import(book, "accounts", path, options)
    assert plan.problems == []
    Writer(book).run(plan.op())
    assert query(book, "SELECT arr, renewal_date FROM account WHERE name = 'Hotel Alpen'") == [
        (1250.5, "2026-12-31")
    ]


def test_excel_serial_dates_and_a_semicolon_files_decimal_comma(book, write_csv, query) -> None:
    # "1.200" alone could be 1.2 or 1200: a semicolon-separated file comes from a
    # decimal-comma locale, so it is 1200.
    path = write_csv(
        "Account Name;ARR;Renewal Date\nHotel Alpen;1.200;46000\nBerghof;3.400;46031\n"
    )
    plan = plan_import(book, "accounts", path)
    assert plan.problems == []
    Writer(book).run(plan.op())
    assert query(book, "SELECT name, arr, renewal_date FROM account WHERE id > 3 ORDER BY id") == [
        ("Hotel Alpen", 1200.0, "2025-12-09"),
        ("Berghof", 3400.0, "2026-01-09"),
    ]
    comma_file = write_csv('Account Name,ARR\nHotel Alpen,"1.200"\n', "comma.csv")
    assert plan_import(book, "accounts", comma_file).writes[0].updates == [(4, {"arr": 1.2})]
