"""The book as it was on a day (``engine.asof``): later facts cut, ARR and the renewal date read
back from the ledger, accounts that did not exist yet left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from csm_desk.engine.asof import account_as_of, book_as_of
from csm_desk.engine.book import score_book
from csm_desk.engine.facts import (
    ActionFacts,
    ArrEventFacts,
    BookFacts,
    KpiFacts,
    MeetingFacts,
    Override,
    Reading,
    RenewalCycleFacts,
    RiskFacts,
)
from csm_desk.engine.renewals import renewal_date_on
from csm_desk.engine.vocab import Component
from tests.factories import AS_OF, account, days_ago, person, signals, snapshot

D = dt.date


def test_a_later_outcome_is_undone() -> None:
    ledger = [(D(2025, 12, 12), "renewal")]
    # Recorded early (20 Nov for a 12 Dec renewal): the date rolled on the day it was recorded.
    assert renewal_date_on(D(2026, 12, 12), None, 12, ledger, D(2025, 11, 19)) == D(2025, 12, 12)
    assert renewal_date_on(D(2026, 12, 12), None, 12, ledger, D(2025, 12, 12)) == D(2026, 12, 12)
    # Recorded late: between the renewal date and the outcome the renewal was overdue.
    late = [(D(2026, 11, 25), "renewal")]
    assert renewal_date_on(D(2027, 11, 10), None, 12, late, D(2026, 11, 22)) == D(2026, 11, 10)


def test_every_later_outcome_moves_the_date_back_one_term() -> None:
    ledger = [
        (D(2025, 6, 10), "renewal"),
        (D(2026, 6, 10), "renewal"),
        (D(2026, 7, 1), "expansion"),
    ]
    assert renewal_date_on(D(2027, 6, 10), None, 12, ledger, D(2025, 1, 1)) == D(2025, 6, 10)
    assert renewal_date_on(D(2028, 6, 10), None, 24, ledger, D(2025, 1, 1)) == D(2024, 6, 10)
    assert renewal_date_on(D(2027, 6, 10), None, 12, ledger, D(2026, 6, 30)) == D(2027, 6, 10)


def test_a_date_cleared_by_a_later_churn_is_the_one_the_contract_implies() -> None:
    start = D(2024, 8, 14)
    ledger = [(D(2024, 8, 14), "new"), (D(2025, 8, 14), "renewal"), (D(2026, 8, 14), "churn")]
    # One renewal by then: start + 2 terms.
    assert renewal_date_on(None, start, 12, ledger, D(2026, 1, 1)) == D(2026, 8, 14)
    # Before that renewal: start + 1 term.
    assert renewal_date_on(None, start, 12, ledger, D(2025, 1, 1)) == D(2025, 8, 14)
    assert renewal_date_on(None, start, 12, ledger, D(2026, 8, 14)) is None, "churned by then"
    assert renewal_date_on(None, None, 12, ledger, D(2026, 1, 1)) is None, "no contract start"


def ledger_account(**values):  # type: ignore[no-untyped-def]
    values.setdefault("contract_start", D(2025, 1, 6))
    values.setdefault("arr", 180_000.0)
    values.setdefault("renewal_date", D(2027, 1, 6))
    values.setdefault(
        "arr_events",
        (
            ArrEventFacts(D(2025, 1, 6), "new", 150_000.0),
            ArrEventFacts(D(2026, 1, 6), "renewal", 30_000.0),
        ),
    )
    return account(**values)


def test_accounts_that_did_not_exist_yet_are_absent() -> None:
    assert account_as_of(ledger_account(), D(2025, 1, 5)) is None
    assert account_as_of(ledger_account(), D(2025, 1, 6)) is not None
    unknown_start = ledger_account(contract_start=None)
    assert account_as_of(unknown_start, D(2025, 1, 5)) is None, "its first ARR came later"
    assert account_as_of(account(), D(2000, 1, 1)) is not None, "nothing says when it began"


def test_arr_and_renewal_date_are_read_back_from_the_ledger() -> None:
    cut = account_as_of(ledger_account(), D(2025, 12, 1))
    assert cut is not None
    assert (cut.arr, cut.renewal_date) == (150_000.0, D(2026, 1, 6))
    assert cut.arr_events == (ArrEventFacts(D(2025, 1, 6), "new", 150_000.0),)


def test_later_records_are_cut_and_plans_kept() -> None:
    day = days_ago(10)
    meetings = (
        MeetingFacts(1, days_ago(20), "check_in", None, 1, (1,)),
        MeetingFacts(2, days_ago(3), "check_in", None, 1, (1,)),
    )
    facts = account(
        contract_start=days_ago(400),
        signals=signals(nps=[(30, 9), (2, 3)]),
        overrides=(
            Override(days_ago(20), Component.USAGE, 50.0, "by hand"),
            Override(days_ago(5), Component.USAGE, 90.0, "later"),
        ),
        meetings=meetings,
        actions=(
            ActionFacts(1, 1, "Send notes", "Sam", days_ago(15), "open", None),
            ActionFacts(2, 2, "Book training", "Sam", days_ago(-5), "open", None),
            ActionFacts(3, None, "Call back", "Sam", days_ago(-20), "open", None),
        ),
        risks=(
            RiskFacts(
                1,
                "Budget",
                "financial",
                None,
                "high",
                None,
                None,
                None,
                "open",
                days_ago(40),
                False,
            ),
            RiskFacts(
                2,
                "Champion",
                "relationship",
                None,
                "high",
                None,
                None,
                None,
                "open",
                days_ago(4),
                False,
            ),
        ),
        stakeholders=(
            person(1, "champion", contact=2, departed=5),
            person(2, "economic_buyer", contact=15),
        ),
        kpis=(
            KpiFacts(
                1,
                "Close days",
                "days",
                10,
                7,
                5,
                False,
                None,
                None,
                (Reading(days_ago(30), 9.0), Reading(days_ago(1), 7.0)),
            ),
        ),
        snapshots=(snapshot(14, 70.0), snapshot(7, 60.0)),
    )
    cut = account_as_of(facts, day)
    assert cut is not None
    assert [r.date for r in cut.signals[next(iter(cut.signals))]] == [days_ago(30)]
    assert [o.value for o in cut.overrides] == [50.0]
    assert [m.id for m in cut.meetings] == [1]
    assert [a.id for a in cut.actions] == [1, 3], "the action of a later meeting did not exist"
    assert [r.id for r in cut.risks] == [1]
    champion, buyer = cut.stakeholders
    assert (champion.departed, champion.departed_on, champion.contact_dates) == (False, None, ())
    assert buyer.contact_dates == (days_ago(15),)
    assert [r.date for r in cut.kpis[0].readings] == [days_ago(30)]
    assert [s.date for s in cut.snapshots] == [days_ago(14)]


def test_an_account_with_nothing_later_is_not_copied() -> None:
    facts = ledger_account(signals=signals(nps=[(30, 9)]), snapshots=(snapshot(7, 70.0),))
    assert account_as_of(facts, AS_OF) is facts


def test_score_book_cuts_facts_loaded_without_a_date() -> None:
    later = ledger_account(id=2, name="Later", contract_start=AS_OF + dt.timedelta(days=3))
    book = BookFacts(accounts=(ledger_account(), later))
    day = D(2025, 12, 1)
    result = score_book(book, day)
    assert [(a.name, a.arr) for a in result.accounts] == [("Acme", 150_000.0)]
    assert result == score_book(book_as_of(book, day), day)
    assert book_as_of(book, day).as_of == day
    with pytest.raises(ValueError, match="cannot be scored"):
        score_book(book_as_of(book, day), AS_OF)


def cycled_account(**values):  # type: ignore[no-untyped-def]
    """Started 1 Mar 2024 on 12 months; the renewal of 1 Mar 2026 was recorded on 25 Feb 2026
    with a new term of 24 months (next 1 Mar 2028), and that of 1 Mar 2028 on 20 Feb 2028 with
    12 months again (next 1 Mar 2029)."""
    values.setdefault("contract_start", D(2024, 3, 1))
    values.setdefault("arr", 120_000.0)
    values.setdefault("renewal_date", D(2029, 3, 1))
    values.setdefault("contract_term_months", 12)
    values.setdefault(
        "arr_events",
        (
            ArrEventFacts(D(2024, 3, 1), "new", 100_000.0),
            ArrEventFacts(D(2025, 2, 20), "renewal", 0.0),
            ArrEventFacts(D(2026, 2, 25), "renewal", 20_000.0),
            ArrEventFacts(D(2028, 2, 20), "renewal", 0.0),
        ),
    )
    values.setdefault(
        "renewal_cycles",
        (
            RenewalCycleFacts(D(2025, 3, 1), D(2025, 2, 20), "renewed_flat", 12, D(2026, 3, 1)),
            RenewalCycleFacts(D(2026, 3, 1), D(2026, 2, 25), "renewed_up", 24, D(2028, 3, 1)),
            RenewalCycleFacts(D(2028, 3, 1), D(2028, 2, 20), "renewed_flat", 12, D(2029, 3, 1)),
        ),
    )
    return account(**values)


@pytest.mark.parametrize(
    ("day", "renewal", "term", "arr"),
    [
        (D(2024, 6, 1), D(2025, 3, 1), 12, 100_000.0),
        (D(2025, 2, 19), D(2025, 3, 1), 12, 100_000.0),
        (D(2025, 2, 20), D(2026, 3, 1), 12, 100_000.0),
        # The day before the outcome that changed the term 12 → 24: the old date exactly (one
        # current term back per later outcome would say 1 Mar 2027).
        (D(2026, 2, 24), D(2026, 3, 1), 12, 100_000.0),
        (D(2026, 2, 25), D(2028, 3, 1), 24, 120_000.0),
        (D(2026, 2, 26), D(2028, 3, 1), 24, 120_000.0),
        (D(2028, 2, 19), D(2028, 3, 1), 24, 120_000.0),
        (D(2028, 2, 20), D(2029, 3, 1), 12, 120_000.0),
    ],
)
def test_the_renewal_date_then_is_the_one_a_later_closed_renewal_closed(
    day: dt.date, renewal: dt.date, term: int, arr: float
) -> None:
    cut = account_as_of(cycled_account(), day)
    assert cut is not None
    assert (cut.renewal_date, cut.contract_term_months, cut.arr) == (renewal, term, arr)
    assert all(c.recorded_on is not None and c.recorded_on <= day for c in cut.renewal_cycles)
    result = score_book(BookFacts(accounts=(cycled_account(),)), day).accounts[0]
    assert result.days_to_renewal == (renewal - day).days
    assert not result.renewal_date_derived


def test_a_churn_closed_renewal_gives_the_date_it_closed() -> None:
    churned = cycled_account(
        arr=0.0,
        renewal_date=None,
        arr_events=(
            ArrEventFacts(D(2024, 3, 1), "new", 100_000.0),
            ArrEventFacts(D(2025, 2, 20), "renewal", 0.0),
            ArrEventFacts(D(2026, 3, 10), "churn", 100_000.0),
        ),
        renewal_cycles=(
            RenewalCycleFacts(D(2025, 3, 1), D(2025, 2, 20), "renewed_flat", 24, D(2027, 3, 1)),
            RenewalCycleFacts(D(2027, 3, 1), D(2026, 3, 10), "churned", None, None),
        ),
    )
    before = account_as_of(churned, D(2026, 3, 9))
    assert before is not None
    assert (before.renewal_date, before.contract_term_months) == (D(2027, 3, 1), 24)
    after = account_as_of(churned, D(2026, 3, 10))
    assert after is not None and after.renewal_date is None
    assert score_book(BookFacts(accounts=(churned,)), D(2026, 3, 10)).accounts[0].churned


def test_an_outcome_without_a_closed_renewal_of_record_is_undone_one_term() -> None:
    """A ledger renewal between the day and the first closed renewal (kept before closed
    renewals were) moves that renewal's date back one current term."""
    legacy = cycled_account(
        renewal_cycles=(
            RenewalCycleFacts(D(2026, 3, 1), D(2026, 2, 25), "renewed_up", 24, D(2028, 3, 1)),
            RenewalCycleFacts(D(2028, 3, 1), D(2028, 2, 20), "renewed_flat", 12, D(2029, 3, 1)),
        ),
    )
    cut = account_as_of(replace(legacy, contract_term_months=36), D(2025, 1, 1))
    assert cut is not None and cut.renewal_date == D(2025, 3, 1)
    assert cut.contract_term_months == 12, "24 months to 1 Mar 2026 over two renewals"


def test_before_the_first_outcome_the_term_is_the_one_the_contract_ran() -> None:
    """One outcome, 12 → 24 months: before it the term is the 12 months from the contract start
    to the renewal it closed."""
    once = cycled_account(
        renewal_date=D(2028, 3, 1),
        contract_term_months=24,
        arr_events=(
            ArrEventFacts(D(2024, 3, 1), "new", 100_000.0),
            ArrEventFacts(D(2025, 2, 20), "renewal", 20_000.0),
        ),
        renewal_cycles=(
            RenewalCycleFacts(D(2025, 3, 1), D(2025, 2, 20), "renewed_up", 24, D(2027, 3, 1)),
        ),
    )
    before = account_as_of(once, D(2025, 2, 19))
    assert before is not None
    assert (before.renewal_date, before.contract_term_months) == (D(2025, 3, 1), 12)
    after = account_as_of(once, D(2025, 2, 20))
    assert after is not None
    assert (after.renewal_date, after.contract_term_months) == (D(2028, 3, 1), 24)
