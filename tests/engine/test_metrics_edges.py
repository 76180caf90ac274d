"""Edges of the book metrics (DOMAIN.md §6) and the renewal ledger (§4): each case sits on a
day or an amount where a rule turns (the as-of day itself, the window's first day, an ARR of
exactly zero, a new ARR equal to the current one).

They were found by mutation testing (docs/mutation.md): each assertion fails on a mutant of
``engine.metrics`` or ``engine.renewals`` that the other tests let through.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from csm_desk.engine import metrics
from csm_desk.engine.facts import (
    AccountFacts,
    ArrEventFacts,
    ExpansionFacts,
    MilestoneFacts,
    Reading,
)
from csm_desk.engine.renewals import (
    ForecastLine,
    derived_renewal_date,
    forecast,
    outcome_effect,
    renewal_date_on,
)
from csm_desk.engine.vocab import ArrEventKind, RenewalOutcome, SignalKey

AS_OF = dt.date(2026, 6, 30)
START = metrics.window_start(AS_OF)  # 2025-06-30
DAY = dt.timedelta(days=1)
K = ArrEventKind


def _account(
    arr: float = 100.0,
    events: tuple[tuple[dt.date, str, float], ...] = (),
    contract_start: dt.date | None = None,
    **more: object,
) -> AccountFacts:
    return AccountFacts(
        id=1,
        name="Acme",
        arr=arr,
        contract_start=contract_start,
        arr_events=tuple(ArrEventFacts(d, k, a) for d, k, a in events),
        **more,
    )


# --- churned: a churn event on or before the day and no ARR left ---------------------------


def test_churned_from_the_day_of_the_churn_event() -> None:
    churned = _account(0.0, ((AS_OF, K.CHURN, 100.0),))
    assert metrics.is_churned(churned, AS_OF)
    assert not metrics.is_churned(churned, AS_OF - DAY)


def test_only_a_churn_event_churns() -> None:
    """No ARR left after a contraction is not churn; a churn event is."""
    assert not metrics.is_churned(_account(0.0, ((START, K.CONTRACTION, 100.0),)), AS_OF)
    assert metrics.is_churned(_account(0.0, ((START, K.CHURN, 100.0),)), AS_OF)


def test_a_churn_event_that_leaves_some_arr_does_not_churn() -> None:
    assert not metrics.is_churned(_account(0.5, ((START, K.CHURN, 99.5),)), AS_OF)


# --- existed on a day, in the cohort at the window's start ---------------------------------


def test_existed_from_the_day_of_the_first_new_event() -> None:
    account = _account(events=((AS_OF, K.NEW, 100.0),))
    assert metrics.existed_on(account, AS_OF)
    assert not metrics.existed_on(account, AS_OF - DAY)


def test_existence_is_dated_by_the_new_event_not_by_others() -> None:
    account = _account(events=((START, K.EXPANSION, 10.0), (AS_OF, K.NEW, 100.0)))
    assert not metrics.existed_on(account, AS_OF - DAY)


def test_in_the_cohort_with_an_event_on_the_windows_first_day() -> None:
    assert metrics.in_cohort(_account(events=((START, K.RENEWAL, 0.0),)), START)
    assert not metrics.in_cohort(_account(events=((START + DAY, K.RENEWAL, 0.0),)), START)


def test_not_in_the_cohort_when_the_contract_starts_after_the_window() -> None:
    assert metrics.in_cohort(_account(contract_start=START), START)
    assert not metrics.in_cohort(_account(contract_start=START + DAY), START)


@pytest.mark.parametrize(("arr", "member"), [(0.0, False), (0.5, True), (1.0, True)])
def test_in_the_cohort_only_with_arr_above_zero_at_the_start(arr: float, member: bool) -> None:
    assert metrics.in_cohort(_account(arr, contract_start=START - DAY), START) is member


# --- retention: movements dated in (start, as_of] -------------------------------------------


def test_retention_counts_events_of_the_as_of_day_not_of_the_first_day() -> None:
    account = _account(
        115.0,
        ((START, K.EXPANSION, 5.0), (AS_OF, K.EXPANSION, 10.0), (AS_OF + DAY, K.EXPANSION, 20.0)),
        contract_start=START - DAY,
    )
    part = metrics.retention_part(account, AS_OF)
    assert (part.in_cohort, part.expansion) == (True, 10.0)


def test_retention_sums_every_movement_of_a_kind() -> None:
    account = _account(
        40.5,
        (
            (AS_OF - 9 * DAY, K.EXPANSION, 0.5),
            (AS_OF - 8 * DAY, K.EXPANSION, 10.0),
            (AS_OF - 7 * DAY, K.CONTRACTION, 20.0),
            (AS_OF - 6 * DAY, K.CONTRACTION, 30.0),
            (AS_OF - 5 * DAY, K.CHURN, 15.0),
            (AS_OF - 4 * DAY, K.CHURN, 5.0),
        ),
        contract_start=START - DAY,
    )
    part = metrics.retention_part(account, AS_OF)
    assert (part.start_arr, part.expansion, part.contraction, part.churn) == (100, 10.5, 50, 20)


def test_not_in_the_cohort_when_the_account_was_new_after_the_start() -> None:
    account = _account(events=((START - DAY, K.RENEWAL, 0.0), (START + DAY, K.NEW, 100.0)))
    assert not metrics.in_cohort(account, START)
    assert metrics.in_cohort(_account(events=((START, K.NEW, 100.0),)), START)


def test_the_books_retention_counts_every_cohort_account_over_its_window() -> None:
    joined_later = _account(contract_start=AS_OF - DAY)
    in_cohort = _account(contract_start=START - DAY)
    found = metrics.retention([joined_later, in_cohort, joined_later], AS_OF)
    assert (found.start, found.end) == (START, AS_OF)
    assert (found.cohort, found.retained, found.start_arr) == (1, 1, 100.0)


def test_retention_from_totals_has_no_cohort() -> None:
    example = metrics.retention_from_totals(1_000_000, 150_000, 30_000, 50_000)
    assert (example.cohort, example.retained, example.logo_retention) == (0, 0, None)
    assert example.start == example.end == dt.date.min


# --- surveys, pipeline and time to value -----------------------------------------------------


def test_survey_responses_of_the_as_of_day_count_and_ces_is_read() -> None:
    signals = {
        SignalKey.NPS: (Reading(START, 0.0), Reading(AS_OF, 10.0)),
        SignalKey.CES: (Reading(AS_OF - DAY, 2.0), Reading(AS_OF, 5.0)),
    }
    part = metrics.survey_part(_account(signals=signals), AS_OF)
    assert (part.nps_responses, part.promoters, part.detractors) == (1, 1, 0)
    assert (part.ces_responses, part.effort_total) == (2, 7.0)


def test_the_pipeline_sums_every_account_and_skips_opportunities_without_arr() -> None:
    def opportunity(arr: float | None, stage: str) -> ExpansionFacts:
        return ExpansionFacts(1, "upsell", "more seats", stage, arr, None)

    first = _account(expansions=(opportunity(1000.0, "committed"), opportunity(None, "qualified")))
    second = _account(expansions=(opportunity(2000.0, "closed"),))
    assert metrics.pipeline_part(first) == 750.0
    assert metrics.weighted_pipeline([first, second]) == 2750.0


def test_time_to_value_counts_a_first_value_completed_on_the_as_of_day() -> None:
    first_value = MilestoneFacts(
        1, "value", "First report", None, None, None, "complete", True, False, AS_OF
    )
    account = _account(contract_start=AS_OF - 40 * DAY, milestones=(first_value,))
    assert metrics.time_to_value(account, AS_OF) == 40
    assert metrics.time_to_value(account, AS_OF - DAY) is None


# --- renewals: outcomes and the renewal date of a past day ----------------------------------


def test_a_derived_renewal_date_defaults_to_a_twelve_month_term() -> None:
    assert derived_renewal_date(dt.date(2025, 3, 1), None) == dt.date(2026, 3, 1)
    assert derived_renewal_date(dt.date(2025, 3, 1), 1) == dt.date(2025, 4, 1)


@pytest.mark.parametrize(
    ("outcome", "new_arr", "target"),
    [
        (RenewalOutcome.RENEWED_UP, 100.0, 100.0),  # up to the same ARR is allowed
        (RenewalOutcome.RENEWED_UP, 100.5, 100.5),
        (RenewalOutcome.DOWNGRADED, 99.5, 99.5),
        (RenewalOutcome.DOWNGRADED, 0.5, 0.5),
        (RenewalOutcome.DOWNGRADED, 0.0, 0.0),  # down to nothing is still a renewal
    ],
)
def test_renewal_outcomes_at_the_current_arr_and_at_zero(
    outcome: RenewalOutcome, new_arr: float, target: float
) -> None:
    effect = outcome_effect(outcome, 100.0, dt.date(2026, 1, 31), 1, new_arr)
    assert effect.new_arr == target
    assert effect.new_renewal_date == dt.date(2026, 2, 28)  # one month on, at month end


@pytest.mark.parametrize(
    ("outcome", "new_arr", "message"),
    [
        (RenewalOutcome.RENEWED_UP, None, "Renewed with new ARR needs the new ARR"),
        (RenewalOutcome.DOWNGRADED, -0.5, "the new ARR cannot be negative"),
        (
            RenewalOutcome.RENEWED_UP,
            99.5,
            "renewed with new ARR needs an ARR at least the current one",
        ),
        (RenewalOutcome.DOWNGRADED, 100.0, "a downgrade needs an ARR below the current one"),
        (RenewalOutcome.DOWNGRADED, 100.5, "a downgrade needs an ARR below the current one"),
    ],
)
def test_renewal_outcomes_refused(
    outcome: RenewalOutcome, new_arr: float | None, message: str
) -> None:
    """The reason is shown to the CSM as it is worded here."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        outcome_effect(outcome, 100.0, dt.date(2026, 1, 31), 12, new_arr)


def test_the_renewal_date_of_a_past_day_with_a_one_month_term() -> None:
    events = [(dt.date(2026, 2, 1), K.RENEWAL)]
    on = renewal_date_on(dt.date(2026, 3, 1), None, 1, events, dt.date(2026, 1, 15))
    assert on == dt.date(2026, 2, 1)


def test_the_renewal_date_before_a_churn_counts_every_renewal_by_then() -> None:
    events = [
        (dt.date(2025, 1, 1), K.RENEWAL),
        (dt.date(2026, 1, 1), K.RENEWAL),
        (dt.date(2026, 12, 1), K.CHURN),
    ]
    on = renewal_date_on(None, dt.date(2024, 1, 1), 12, events, dt.date(2026, 6, 1))
    assert on == dt.date(2027, 1, 1)


def test_a_forecast_keeps_its_window() -> None:
    found = forecast([ForecastLine(100.0, 0.5, 90), ForecastLine(50.0, 1.0, 91)], 90)
    assert (found.window_days, found.count, found.arr_due, found.forecast_arr) == (90, 1, 100, 50)
