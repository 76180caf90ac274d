"""Properties of the engine that must hold for any book (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from types import MappingProxyType

from factories import AS_OF, account, person
from hypothesis import given, settings
from hypothesis import strategies as st

from csm_desk.engine import renewals, scoring
from csm_desk.engine.book import score_account
from csm_desk.engine.facts import Reading
from csm_desk.engine.health import score_health
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Component, Segment, SignalKey

numbers = st.floats(min_value=0, max_value=10_000, allow_nan=False)
segments = st.sampled_from(list(Segment))

SIGNAL_VALUES = {
    SignalKey.ACTIVE_USERS: st.integers(0, 500),
    SignalKey.LICENSED_SEATS: st.integers(0, 500),
    SignalKey.LOGINS_PER_USER_MONTH: st.floats(0, 60),
    SignalKey.FEATURES_IN_USE: st.integers(0, 30),
    SignalKey.KEY_FEATURES: st.integers(0, 30),
    SignalKey.NPS: st.integers(0, 10),
    SignalKey.CSAT: st.integers(1, 5),
    SignalKey.CSM_READ: st.integers(1, 5),
    SignalKey.OPEN_HIGH_SEV_TICKETS: st.integers(0, 8),
    SignalKey.TICKETS_30D: st.integers(0, 50),
    SignalKey.TICKETS_MONTHLY_AVG_90D: st.floats(0, 50),
}


@st.composite
def signal_maps(draw: st.DrawFn, *, future: bool = False) -> MappingProxyType:
    chosen = draw(
        st.lists(st.sampled_from(list(SIGNAL_VALUES)), unique=True, max_size=len(SIGNAL_VALUES))
    )
    out: dict[SignalKey, tuple[Reading, ...]] = {}
    for key in chosen:
        offsets = draw(st.lists(st.integers(1, 400), min_size=1, max_size=4, unique=True))
        values = [float(draw(SIGNAL_VALUES[key])) for _ in offsets]
        sign = 1 if future else -1
        out[key] = tuple(
            sorted(
                (
                    Reading(AS_OF + dt.timedelta(days=sign * o), v)
                    for o, v in zip(offsets, values, strict=True)
                ),
                key=lambda r: r.date,
            )
        )
    return MappingProxyType(out)


@st.composite
def accounts(draw: st.DrawFn):
    people = tuple(
        person(
            i,
            *draw(
                st.lists(
                    st.sampled_from(
                        ["champion", "economic_buyer", "executive_sponsor", "end_user"]
                    ),
                    max_size=2,
                    unique=True,
                )
            ),
            contact=draw(st.none() | st.integers(0, 300)),
            departed=draw(st.none() | st.integers(0, 300)),
        )
        for i in range(draw(st.integers(0, 5)))
    )
    return account(
        arr=draw(st.floats(0, 2_000_000)),
        renewal_date=AS_OF + dt.timedelta(days=draw(st.integers(-60, 500))),
        contract_start=AS_OF - dt.timedelta(days=draw(st.integers(0, 900))),
        stakeholders=people,
        signals=draw(signal_maps()),
    )


@settings(max_examples=200, deadline=None)
@given(accounts(), segments)
def test_scores_stay_between_0_and_100(facts, segment: Segment) -> None:
    health = score_health(facts, segment, AS_OF, BookSettings())
    if health.score is not None:
        assert 0 <= health.score <= 100
    for component in health.components.values():
        assert 0 <= component.score <= 100
        for sub in component.inputs:
            assert 0 <= sub.score <= 100


@st.composite
def weight_rows(draw: st.DrawFn) -> dict[Component, float]:
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)))
    bounds = [0, *cuts, 100]
    return {c: float(bounds[i + 1] - bounds[i]) for i, c in enumerate(Component)}


@settings(max_examples=200, deadline=None)
@given(accounts(), segments, weight_rows())
def test_weights_renormalise_over_present_components(facts, segment: Segment, row) -> None:
    book_settings = BookSettings(
        segment_weights=MappingProxyType({s: MappingProxyType(row) for s in Segment})
    )
    assert book_settings.problems() == []
    health = score_health(facts, segment, AS_OF, book_settings)
    if health.score is None:
        return
    shares = sum(c.share for c in health.components.values())
    assert abs(shares - 100) < 1e-6
    assert abs(sum(c.contribution for c in health.components.values()) - health.score) < 1e-6


def _monotone(function, values, *, increasing: bool = True) -> None:
    ordered = sorted(values)
    scores = [function(v) for v in ordered]
    pairs = list(itertools.pairwise(scores))
    assert all((a <= b) if increasing else (a >= b) for a, b in pairs)


@given(st.lists(st.floats(0, 200, allow_nan=False), min_size=2, max_size=30))
def test_each_sub_input_is_monotone(values: list[float]) -> None:
    _monotone(scoring.utilization_score, values)
    _monotone(scoring.feature_breadth_score, values)
    _monotone(scoring.logins_score, values)
    _monotone(scoring.nps_score, [v / 20 for v in values])
    _monotone(scoring.csat_score, [1 + v / 50 for v in values])
    _monotone(scoring.csm_read_score, [1 + v / 50 for v in values])
    _monotone(scoring.contact_recency_score, values, increasing=False)
    _monotone(scoring.high_sev_tickets_score, values, increasing=False)
    _monotone(scoring.ticket_volume_score, [v / 40 for v in values], increasing=False)
    _monotone(scoring.user_growth_score, [v - 100 for v in values])
    _monotone(scoring.engaged_stakeholders_score, [int(v) for v in values])


@given(
    st.lists(st.tuples(numbers, st.floats(0, 1), st.none() | st.integers(-400, 400)), max_size=40),
    st.sampled_from([90, 365]),
)
def test_forecast_never_exceeds_the_arr_due(lines, window: int) -> None:
    result = renewals.forecast([renewals.ForecastLine(*line) for line in lines], window)
    assert 0 <= result.forecast_arr <= result.arr_due + 1e-6
    assert result.count == sum(1 for _a, _p, d in lines if d is not None and 0 <= d <= window)


def _essence(result):
    return (
        result.health.score,
        result.health.band,
        {c: (s.score, tuple(s.inputs)) for c, s in result.health.components.items()},
        result.renewal_probability,
        result.forecast_arr,
        tuple((a.code, a.message) for a in result.alerts),
        {a: (s.status, s.unmet) for a, s in result.artifacts.items()},
        result.discipline,
    )


@settings(max_examples=150, deadline=None)
@given(accounts(), signal_maps(future=True), st.integers(1, 300))
def test_facts_dated_after_the_as_of_date_never_change_a_result(
    facts, later, days_later: int
) -> None:
    merged = {
        k: tuple(sorted(v + later.get(k, ()), key=lambda r: r.date))
        for k, v in facts.signals.items()
    }
    for key, readings in later.items():
        merged.setdefault(key, readings)
    future_contact = AS_OF + dt.timedelta(days=days_later)
    people = tuple(
        p._replace(contact_dates=(*p.contact_dates, future_contact)) for p in facts.stakeholders
    )
    changed = dataclasses.replace(facts, signals=MappingProxyType(merged), stakeholders=people)
    settings_ = BookSettings()
    assert _essence(score_account(changed, settings_, AS_OF)) == _essence(
        score_account(facts, settings_, AS_OF)
    )
