"""Health (DOMAIN.md §3): sub-input bands, components, weights, overrides, bands, as-of rule."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import AS_OF, account, days_ago, person, signals

from csm_desk.engine import scoring
from csm_desk.engine.facts import ExpansionFacts, Override
from csm_desk.engine.health import band_for, default_probability, score_health
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Band, Component, Segment

S = BookSettings()


@pytest.mark.parametrize(
    ("percent", "score"),
    [
        (100, 100),
        (80, 100),
        (79.9, 80),
        (60, 80),
        (59.9, 60),
        (40, 60),
        (39.9, 40),
        (20, 40),
        (19.9, 20),
        (0, 20),
    ],
)
def test_utilization_bands(percent: float, score: float) -> None:
    assert scoring.utilization_score(percent) == score
    assert scoring.feature_breadth_score(percent) == score


@pytest.mark.parametrize(
    ("logins", "score"),
    [
        (21, 100),
        (20.5, 100),
        (20, 80),
        (11, 80),
        (10, 60),
        (5, 60),
        (4, 40),
        (2, 40),
        (1, 20),
        (0, 20),
    ],
)
def test_login_bands(logins: float, score: float) -> None:
    assert scoring.logins_score(logins) == score


@pytest.mark.parametrize(
    ("days", "score"),
    [(0, 100), (14, 100), (15, 80), (30, 80), (31, 60), (60, 60), (61, 40), (90, 40), (91, 20)],
)
def test_contact_recency_bands(days: int, score: float) -> None:
    assert scoring.contact_recency_score(days) == score


def test_fixed_tables() -> None:
    assert [scoring.engaged_stakeholders_score(n) for n in (0, 1, 2, 3, 7)] == [0, 40, 70, 100, 100]
    assert (scoring.exec_sponsor_score(True), scoring.exec_sponsor_score(False)) == (100, 30)
    assert [scoring.nps_score(r) for r in (0, 7, 10)] == [0, 70, 100]
    assert [scoring.csat_score(c) for c in (1, 3, 5)] == [0, 50, 100]
    assert [scoring.csm_read_score(s) for s in (1, 4, 5)] == [0, 75, 100]
    assert [scoring.high_sev_tickets_score(t) for t in (0, 1, 2, 3, 9)] == [100, 60, 40, 20, 20]
    assert [scoring.ticket_volume_score(v) for v in (0.5, 1.0, 1.2, 1.5, 1.8, 2.0, 2.1)] == [
        100,
        100,
        70,
        70,
        40,
        40,
        20,
    ]
    assert [scoring.user_growth_score(g) for g in (25, 10, 9.9, 0, -0.1, -10, -10.1)] == [
        100,
        100,
        70,
        70,
        40,
        40,
        20,
    ]


def test_bands_are_decided_on_the_unrounded_score() -> None:
    assert band_for(79.99) is Band.STABLE
    assert band_for(79.999999) is Band.STABLE
    assert band_for(80.0) is Band.HEALTHY
    assert [band_for(s) for s in (100, 60, 59.99, 40, 39.99, 20, 19.99, 0)] == [
        Band.HEALTHY,
        Band.STABLE,
        Band.AT_RISK,
        Band.AT_RISK,
        Band.CRITICAL,
        Band.CRITICAL,
        Band.EMERGENCY,
        Band.EMERGENCY,
    ]
    assert band_for(None) is Band.UNSCORED
    assert [default_probability(b, S) for b in Band] == [0.95, 0.85, 0.60, 0.30, 0.10, 0.60]


def test_score_is_the_weighted_mean_renormalised_over_present_components() -> None:
    # usage: utilisation 40/50 = 80% → 100; logins 12 → 80; mean 90.
    # sentiment: NPS 6 → 60. Nothing else. High touch weights: usage 30, sentiment 20.
    facts = account(
        signals=signals(active_users=40, licensed_seats=50, logins_per_user_month=12, nps=6)
    )
    health = score_health(facts, Segment.HIGH_TOUCH, AS_OF, S)
    assert health.components[Component.USAGE].score == 90
    assert health.components[Component.SENTIMENT].score == 60
    assert health.score == pytest.approx((90 * 30 + 60 * 20) / 50)
    assert health.components[Component.USAGE].share == pytest.approx(60.0)
    assert sum(c.contribution for c in health.components.values()) == pytest.approx(health.score)
    assert set(health.missing) == {Component.ENGAGEMENT, Component.SUPPORT, Component.GROWTH}


def test_every_component_from_its_inputs() -> None:
    people = (
        person(1, "champion", contact=10),
        person(2, "executive_sponsor", contact=200),
        person(3, "end_user", contact=None),
        person(4, "economic_buyer", contact=5, departed=20),
    )
    facts = account(
        stakeholders=people,
        signals=signals(
            active_users=[(95, 40), (0, 50)],
            licensed_seats=100,
            features_in_use=3,
            key_features=10,
            csat=4,
            csm_read=3,
            open_high_sev_tickets=1,
            tickets_30d=6,
            tickets_monthly_avg_90d=4,
        ),
        expansions=(ExpansionFacts(1, "seats", "More seats", "qualified", 10_000.0, None),),
    )
    health = score_health(facts, Segment.HIGH_TOUCH, AS_OF, S)
    inputs = {i.key: i.score for c in health.components.values() for i in c.inputs}
    assert inputs == {
        "utilization": 60.0,  # 50 %
        "feature_breadth": 40.0,  # 30 %
        "contact_recency": 100.0,  # 10 days (departed people do not count)
        "engaged_stakeholders": 40.0,  # one current person in 90 days
        "exec_sponsor": 30.0,  # 200 days ago
        "csat": 75.0,
        "csm_read": 50.0,
        "high_sev_tickets": 60.0,
        "ticket_volume": 70.0,  # 6 this month vs 4 a month = 1.5
        "user_growth": 100.0,  # 40 → 50 = +25 %
        "expansion": 100.0,
    }
    assert health.components[Component.GROWTH].score == 100


def test_exec_sponsor_counts_only_for_high_touch() -> None:
    facts = account(stakeholders=(person(1, "executive_sponsor", contact=400),))
    high = score_health(facts, Segment.HIGH_TOUCH, AS_OF, S)
    low = score_health(facts, Segment.LOW_TOUCH, AS_OF, S)
    assert "exec_sponsor" in {i.key for i in high.components[Component.ENGAGEMENT].inputs}
    assert "exec_sponsor" not in {i.key for i in low.components[Component.ENGAGEMENT].inputs}


def test_growth_needs_a_reading_about_90_days_earlier() -> None:
    far = account(signals=signals(active_users=[(120, 10), (0, 50)]))
    near = account(signals=signals(active_users=[(104, 10), (0, 50)]))
    assert Component.GROWTH not in score_health(far, Segment.LOW_TOUCH, AS_OF, S).components
    assert score_health(near, Segment.LOW_TOUCH, AS_OF, S).components[Component.GROWTH].score == 100


def test_manual_override_wins_and_is_shown_as_manual() -> None:
    facts = account(
        signals=signals(nps=10),
        overrides=(
            Override(days_ago(30), Component.SENTIMENT, 35.0, "Escalation call went badly"),
            Override(days_ago(20), Component.SUPPORT, 80.0, "No tickets system"),
            Override(days_ago(5), Component.SUPPORT, None, "Cleared"),
            Override(days_ago(-3), Component.SENTIMENT, 99.0, "future"),
        ),
    )
    health = score_health(facts, Segment.LOW_TOUCH, AS_OF, S)
    sentiment = health.components[Component.SENTIMENT]
    assert (sentiment.score, sentiment.manual, sentiment.note, sentiment.computed) == (
        35.0,
        True,
        "Escalation call went badly",
        100.0,
    )
    assert Component.SUPPORT not in health.components  # cleared, and no inputs
    assert health.score == 35.0


def test_no_component_at_all_is_unscored() -> None:
    health = score_health(account(), Segment.TECH_TOUCH, AS_OF, S)
    assert health.score is None and health.band is Band.UNSCORED and not health.components
    assert health.shown_score() == "—"


def test_readings_after_the_as_of_date_are_ignored() -> None:
    facts = account(signals=signals(nps=[(10, 2), (-5, 10)]))
    health = score_health(facts, Segment.LOW_TOUCH, AS_OF, S)
    assert health.score == 20.0
    later = score_health(facts, Segment.LOW_TOUCH, AS_OF + dt.timedelta(days=5), S)
    assert later.score == 100.0
