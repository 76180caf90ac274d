"""Importing ARR history: keyed on account + date + kind; the kind gives the direction; the
account's current ARR is left alone (DOMAIN.md §6)."""

from __future__ import annotations

from csm_desk.csvimport.plan import Counts, plan_import
from csm_desk.models.writer import Writer

HEADER = "Account,Date,Kind,Amount\n"


def test_history_is_recorded_without_changing_current_arr(book, write_csv, query, hashes) -> None:
    path = write_csv(
        HEADER + 'Acme Corp,2024-01-15,New,"$100,000"\n'
        'Acme Corp,2025-01-15,Upsell,"25,000"\n'
        "Acme Corp,2025-07-01,Contraction,(5000)\n"
        "Acme Corp,2026-01-15,Renewal,-5000\n"
        "Beta Bank,2025-03-01,Churned,-40000\n"
    )
    plan = plan_import(book, "arr", path)
    assert plan.problems == []
    assert plan.counts == {"ARR events": Counts(5, 0, 0)}
    Writer(book).run(plan.op())
    assert query(
        book,
        "SELECT a.name, e.date, e.kind, e.amount FROM arr_event e "
        "JOIN account a ON a.id = e.account_id ORDER BY e.id",
    ) == [
        ("Acme Corp", "2024-01-15", "new", 100_000.0),
        ("Acme Corp", "2025-01-15", "expansion", 25_000.0),
        ("Acme Corp", "2025-07-01", "contraction", 5_000.0),
        ("Acme Corp", "2026-01-15", "renewal", -5_000.0),
        ("Beta Bank", "2025-03-01", "churn", 40_000.0),
    ]
    assert query(book, "SELECT name, arr FROM account ORDER BY id") == [
        ("Acme Corp", 120_000.0),
        ("Beta Bank", 40_000.0),
        ("Gamma Health", 9_000.0),
    ]
    before = hashes(book.path)
    again = plan_import(book, "arr", path)
    assert again.counts == {"ARR events": Counts(0, 0, 5)}
    Writer(book).run(again.op())
    assert hashes(book.path) == before


def test_a_changed_amount_updates_the_event(book, write_csv, query) -> None:
    Writer(book).run(
        plan_import(book, "arr", write_csv(HEADER + "001A,2025-01-15,expansion,25000\n")).op()
    )
    plan = plan_import(book, "arr", write_csv(HEADER + "001A,2025-01-15,expansion,30000\n", "b"))
    assert plan.counts == {"ARR events": Counts(0, 1, 0)}
    Writer(book).run(plan.op())
    assert query(book, "SELECT amount FROM arr_event") == [(30_000.0,)]


def test_arr_problems(book, write_csv) -> None:
    path = write_csv(
        HEADER + "Acme Corp,2025-01-15,Windfall,100\n"
        "Acme Corp,2025-01-15,new,lots\n"
        "Zeta,2025-01-15,new,100\n"
        "Acme Corp,,new,100\n"
    )
    plan = plan_import(book, "arr", path)
    assert [str(p) for p in plan.problems] == [
        "row 2, column \"Kind\": 'Windfall' is not a kind of ARR change (use new, renewal, "
        'expansion, contraction, churn); or say what it is with --map-value "Windfall=key"',
        "row 3, column \"Amount\": 'lots' is not an amount",
        "row 4, column \"Account\": no account called 'Zeta' (by name or CRM id) in the book",
        'row 5, column "Date": is empty (a value is needed)',
    ]
