"""Renewals, forecast, segments and book metrics, with DOMAIN.md's worked examples."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import AS_OF, account, days_ago, milestone, signals

from csm_desk.engine import metrics, renewals, segments
from csm_desk.engine.book import score_book
from csm_desk.engine.facts import ArrEventFacts, BookFacts, ExpansionFacts
from csm_desk.engine.settings import BookSettings, SegmentationMode
from csm_desk.engine.vocab import ArrEventKind, Band, RenewalOutcome, RenewalPhase, Segment

S = BookSettings()


@pytest.mark.parametrize(
    ("days", "phase"),
    [
        (365, RenewalPhase.STEADY),
        (121, RenewalPhase.STEADY),
        (120, RenewalPhase.PLANNING),
        (91, RenewalPhase.PLANNING),
        (90, RenewalPhase.ENGAGEMENT),
        (61, RenewalPhase.ENGAGEMENT),
        (60, RenewalPhase.NEGOTIATION),
        (31, RenewalPhase.NEGOTIATION),
        (30, RenewalPhase.EXECUTION),
        (0, RenewalPhase.EXECUTION),
        (-1, RenewalPhase.OVERDUE),
    ],
)
def test_renewal_phases(days: int, phase: RenewalPhase) -> None:
    assert renewals.renewal_phase(days) is phase
    assert renewals.days_to_renewal(AS_OF + dt.timedelta(days=days), AS_OF) == days


def test_forecast_worked_example() -> None:
    """A $100k health 85 → $95k; B $50k health 45 → $30k; C $75k health 25 → $22.5k."""
    lines = [
        renewals.ForecastLine(100_000, 0.95, 20),
        renewals.ForecastLine(50_000, 0.60, 45),
        renewals.ForecastLine(75_000, 0.30, 80),
        renewals.ForecastLine(60_000, 0.95, -3),  # overdue: in no window
        renewals.ForecastLine(80_000, 0.95, 200),  # beyond 90 days
    ]
    ninety = renewals.forecast(lines, 90)
    assert (ninety.count, ninety.arr_due, ninety.forecast_arr) == (
        3,
        225_000,
        pytest.approx(147_500),
    )
    assert ninety.percent == pytest.approx(65.6, abs=0.05)
    year = renewals.forecast(lines, 365)
    assert (year.count, year.arr_due) == (4, 305_000)


def test_forecast_through_the_whole_engine() -> None:
    """The same example from health scores: 85 → 0.95, 45 → 0.60, 25 → 0.30."""

    def renewing(i: int, arr: float, nps: float, days: int):
        return account(
            id=i,
            name=f"A{i}",
            arr=arr,
            renewal_date=AS_OF + dt.timedelta(days=days),
            signals=signals(nps=nps),
        )

    book = BookFacts(
        accounts=(
            renewing(1, 100_000, 8.5, 30),
            renewing(2, 50_000, 4.5, 60),
            renewing(3, 75_000, 2.5, 89),
        )
    )
    result = score_book(book, AS_OF)
    assert [a.health.band for a in result.accounts] == [Band.HEALTHY, Band.AT_RISK, Band.CRITICAL]
    window = result.renewals[90]
    assert (window.arr_due, window.forecast_arr) == (225_000, pytest.approx(147_500))


def test_checklist_and_outcomes() -> None:
    renewal_date = dt.date(2027, 3, 31)
    steps = renewals.checklist_for(renewal_date)
    assert {p for p, _a, _d in steps} == {
        RenewalPhase.PLANNING,
        RenewalPhase.ENGAGEMENT,
        RenewalPhase.NEGOTIATION,
        RenewalPhase.EXECUTION,
    }
    for phase, _action, due in steps:
        assert renewals.renewal_phase((renewal_date - due).days) is phase
    up = renewals.outcome_effect(RenewalOutcome.RENEWED_UP, 100_000, renewal_date, 12, 120_000)
    assert (up.event_kind, up.amount, up.new_arr, up.new_renewal_date) == (
        ArrEventKind.RENEWAL,
        20_000,
        120_000,
        dt.date(2028, 3, 31),
    )
    flat = renewals.outcome_effect(RenewalOutcome.RENEWED_FLAT, 100_000, renewal_date, 24)
    assert (flat.amount, flat.new_arr, flat.new_renewal_date) == (0, 100_000, dt.date(2029, 3, 31))
    down = renewals.outcome_effect(RenewalOutcome.DOWNGRADED, 100_000, renewal_date, 12, 70_000)
    assert (down.amount, down.new_arr) == (-30_000, 70_000)
    churn = renewals.outcome_effect(RenewalOutcome.CHURNED, 100_000, renewal_date, 12)
    assert (churn.event_kind, churn.amount, churn.new_arr, churn.new_renewal_date) == (
        ArrEventKind.CHURN,
        100_000,
        0,
        None,
    )
    with pytest.raises(ValueError, match="below the current"):
        renewals.outcome_effect(RenewalOutcome.DOWNGRADED, 100_000, renewal_date, 12, 120_000)
    assert renewals.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_segments() -> None:
    assert segments.arr_segment(14_999.99) is Segment.TECH_TOUCH
    assert segments.arr_segment(15_000) is Segment.LOW_TOUCH
    assert segments.arr_segment(99_999.99) is Segment.LOW_TOUCH
    assert segments.arr_segment(100_000) is Segment.HIGH_TOUCH
    pinned = account(arr=5_000, segment="high_touch", segment_pinned=True)
    assert segments.base_segment(pinned, S) is Segment.HIGH_TOUCH
    multi = S.with_changes(segmentation=SegmentationMode.MULTI_FACTOR)
    # 0.40 × 1 + 0.25 × 3 + 0.20 × 3 + 0.15 × 3 = 2.2 → low touch although ARR says tech touch.
    factors = account(arr=5_000, complexity=3, growth_potential=3, strategic_value=3)
    assert segments.base_segment(factors, multi) is Segment.LOW_TOUCH
    assert segments.base_segment(factors, S) is Segment.TECH_TOUCH
    assert segments.multi_factor_segment(2.5) is Segment.HIGH_TOUCH
    assert segments.multi_factor_segment(1.75) is Segment.LOW_TOUCH
    assert segments.multi_factor_segment(1.74) is Segment.TECH_TOUCH
    assert segments.shown_segment(Segment.LOW_TOUCH, Band.CRITICAL) == (Segment.HIGH_TOUCH, True)
    assert segments.shown_segment(Segment.LOW_TOUCH, Band.AT_RISK) == (Segment.LOW_TOUCH, False)


def test_retention_worked_example() -> None:
    """Start $1,000,000, expansion $150k, contraction $30k, churn $50k → NRR 107, GRR 92."""
    r = metrics.retention_from_totals(1_000_000, 150_000, 30_000, 50_000)
    assert r.nrr == pytest.approx(107.0)
    assert r.grr == pytest.approx(92.0)


def _ledger_account(
    i: int, start_arr: float, *events: tuple[int, str, float], current: float, start: int = 500
):
    return account(
        id=i,
        name=f"L{i}",
        arr=current,
        contract_start=days_ago(start),
        arr_events=tuple(ArrEventFacts(days_ago(d), k, a) for d, k, a in events),
    )


def test_retention_from_the_ledger_and_the_cohort_rule() -> None:
    """The worked example built from ARR events of four accounts, plus one that joined later."""
    accounts = (
        _ledger_account(
            1, 600_000, (400, "new", 600_000), (100, "expansion", 150_000), current=750_000
        ),
        _ledger_account(
            2, 250_000, (400, "new", 250_000), (50, "renewal", -30_000), current=220_000
        ),
        _ledger_account(3, 50_000, (400, "new", 50_000), (30, "churn", 50_000), current=0),
        _ledger_account(4, 100_000, (400, "new", 100_000), (20, "renewal", 0), current=100_000),
        _ledger_account(
            5, 0, (60, "new", 80_000), (10, "expansion", 20_000), current=100_000, start=60
        ),
    )
    r = metrics.retention(accounts, AS_OF)
    assert (r.start_arr, r.expansion, r.contraction, r.churn) == (
        1_000_000,
        150_000,
        30_000,
        50_000,
    )
    assert r.nrr == pytest.approx(107.0) and r.grr == pytest.approx(92.0)
    assert (r.cohort, r.retained) == (4, 3) and r.logo_retention == pytest.approx(75.0)
    assert metrics.is_churned(accounts[2], AS_OF)
    assert not metrics.is_churned(accounts[2], days_ago(31)), "as of before the churn it was live"
    assert metrics.arr_at(750_000, accounts[0].arr_events, days_ago(200)) == 600_000


def test_churned_accounts_leave_the_book_counts_but_not_retention() -> None:
    live = _ledger_account(1, 100_000, (400, "new", 100_000), current=100_000)
    gone = _ledger_account(2, 50_000, (400, "new", 50_000), (30, "churn", 50_000), current=0)
    gone = account(**{**gone.__dict__, "renewal_date": AS_OF + dt.timedelta(days=10)})
    result = score_book(BookFacts(accounts=(live, gone)), AS_OF)
    assert [a.churned for a in result.accounts] == [False, True]
    assert len(result.active) == 1 and result.arr == 100_000
    assert result.renewals[90].count == 0
    assert result.metrics.retention.churn == 50_000
    assert all(p.account_id == 1 for p in result.priorities)


def test_nps_csat_ces() -> None:
    assert metrics.nps([9] * 50 + [7] * 30 + [3] * 20) == pytest.approx(30.0)
    assert metrics.nps([]) is None
    assert metrics.csat([5, 4, 3, 1]) == pytest.approx(50.0)
    assert metrics.ces([2, 4]) == pytest.approx(3.0)
    book = (account(signals=signals(nps=[(10, 10), (400, 0)], csat=[(5, 5)])),)
    assert metrics.survey_scores(book, AS_OF) == (100.0, 100.0, None)


def test_weighted_pipeline_and_time_to_value() -> None:
    opps = tuple(
        ExpansionFacts(i, "upsell", "x", stage, 10_000.0, None)
        for i, stage in enumerate(
            ["identified", "qualified", "proposed", "committed", "closed", "lost"]
        )
    )
    assert metrics.weighted_pipeline([account(expansions=opps)]) == pytest.approx(
        10_000 * (0.10 + 0.25 + 0.50 + 0.75 + 1.00)
    )
    facts = account(
        contract_start=days_ago(100),
        milestones=(milestone(1, first_value=True, status="complete", completed=40),),
    )
    assert metrics.time_to_value(facts, AS_OF) == 60
    assert metrics.time_to_value(facts, days_ago(50)) is None
