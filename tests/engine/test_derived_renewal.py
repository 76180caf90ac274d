"""An empty renewal date is derived from contract start + term (DOMAIN.md §4), and the engine
counts down, phases, alerts and forecasts on the derived date as on a typed one."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import account

from csm_desk.engine import renewals
from csm_desk.engine.book import score_account, score_book
from csm_desk.engine.facts import ArrEventFacts, BookFacts
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.summary import account_json
from csm_desk.engine.vocab import AlertCode, AlertSeverity, RenewalPhase
from csm_desk.report import report_json

D = dt.date
START = D(2026, 1, 15)
DERIVED = D(2027, 1, 15)  # START + 12 months


def undated(**values):  # type: ignore[no-untyped-def]
    """A low-touch account with a contract start and term but no renewal date, and no plan."""
    values.setdefault("contract_start", START)
    values.setdefault("contract_term_months", 12)
    values.setdefault("arr", 40_000.0)
    values.setdefault("segment", "low_touch")
    values.setdefault("segment_pinned", True)
    values.setdefault("arr_events", (ArrEventFacts(START, "new", 40_000.0),))
    return account(**values)


def test_the_derived_date_is_contract_start_plus_term() -> None:
    assert renewals.derived_renewal_date(START, 12) == DERIVED
    assert renewals.derived_renewal_date(START, 24) == D(2028, 1, 15)
    assert renewals.derived_renewal_date(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert renewals.derived_renewal_date(None, 12) is None


@pytest.mark.parametrize(
    ("days", "phase", "alert", "in_90"),
    [
        # The low-touch plan window is 90 days: one day out, on it, one day in.
        (91, RenewalPhase.PLANNING, None, False),
        (90, RenewalPhase.ENGAGEMENT, AlertSeverity.AMBER, True),
        (89, RenewalPhase.ENGAGEMENT, AlertSeverity.AMBER, True),
        # Red from 60 days: one day before, on and after.
        (61, RenewalPhase.ENGAGEMENT, AlertSeverity.AMBER, True),
        (60, RenewalPhase.NEGOTIATION, AlertSeverity.RED, True),
        (59, RenewalPhase.NEGOTIATION, AlertSeverity.RED, True),
        # The day itself, and overdue the day after (in no forecast window).
        (0, RenewalPhase.EXECUTION, AlertSeverity.RED, True),
        (-1, RenewalPhase.OVERDUE, AlertSeverity.RED, False),
    ],
)
def test_countdown_alert_and_forecast_use_the_derived_date(
    days: int, phase: RenewalPhase, alert: AlertSeverity | None, in_90: bool
) -> None:
    as_of = DERIVED - dt.timedelta(days=days)
    result = score_account(undated(), BookSettings(), as_of)
    assert result.renewal_date_derived
    assert result.facts.renewal_date == DERIVED
    assert (result.days_to_renewal, result.renewal_phase) == (days, phase)
    fired = {a.code: a.severity for a in result.alerts}
    assert fired.get(AlertCode.RENEWAL_NO_PLAN) is alert
    assert (result.forecast_arr is not None) == (days >= 0)

    book = score_book(BookFacts(accounts=(undated(),)), as_of)
    assert book.renewals[90].count == int(in_90)
    assert book.renewals[90].arr_due == (40_000.0 if in_90 else 0.0)
    entry = account_json(book.accounts[0])
    assert entry["renewal_date"] == "2027-01-15"
    assert entry["renewal_date_derived"] is True
    assert entry["days_to_renewal"] == days
    assert report_json(book)["book"]["renewals"]["next_90_days"]["count"] == int(in_90)


def test_the_term_sets_the_derived_date() -> None:
    result = score_account(undated(contract_term_months=24), BookSettings(), D(2027, 10, 17))
    assert result.facts.renewal_date == D(2028, 1, 15)
    assert result.days_to_renewal == 90
    assert AlertCode.RENEWAL_NO_PLAN in {a.code for a in result.alerts}


def test_a_typed_date_wins_and_is_not_derived() -> None:
    typed = undated(renewal_date=D(2027, 6, 1))
    result = score_account(typed, BookSettings(), D(2027, 1, 1))
    assert not result.renewal_date_derived
    assert result.facts is typed
    assert result.days_to_renewal == 151


def test_no_contract_start_and_a_churned_account_have_no_renewal() -> None:
    none = score_account(undated(contract_start=None), BookSettings(), D(2026, 12, 1))
    assert (none.days_to_renewal, none.renewal_date_derived) == (None, False)
    churned = undated(
        arr=0.0,
        arr_events=(
            ArrEventFacts(START, "new", 40_000.0),
            ArrEventFacts(D(2026, 6, 1), "churn", 40_000.0),
        ),
    )
    result = score_account(churned, BookSettings(), D(2026, 12, 1))
    assert result.churned
    assert (result.days_to_renewal, result.renewal_date_derived) == (None, False)
    assert result.facts.renewal_date is None
