"""Health over time (DOMAIN.md §3.4): one definition of each health-change figure, at its
edges, and past snapshots re-scored with today's weights so a settings change is no move."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest

from csm_desk.engine import history
from csm_desk.engine.book import score_account
from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.health import score_health, snapshot_of
from csm_desk.engine.settings import DEFAULT_WEIGHTS, BookSettings
from csm_desk.engine.vocab import AlertCode, Component, Segment
from tests.factories import AS_OF, account, days_ago, signals, snapshot

S = BookSettings()
HIGH = DEFAULT_WEIGHTS[Segment.HIGH_TOUCH]


def today(score: float) -> SnapshotFacts:
    return snapshot(0, score)


# -- the 30-day trend ------------------------------------------------------------------------


def test_trend_counts_a_snapshot_exactly_30_days_back() -> None:
    found = history.trend_30d([snapshot(30, 70.0), today(80.0)], AS_OF)
    assert found is not None
    assert found.change == pytest.approx(10.0)
    assert found.since.date == days_ago(30)
    assert found.words(AS_OF) == "+10.0 since 23 Oct"


def test_trend_needs_a_snapshot_at_least_30_days_back() -> None:
    assert history.trend_30d([snapshot(29, 70.0), today(80.0)], AS_OF) is None
    assert history.trend_30d([today(80.0)], AS_OF) is None


def test_trend_measures_from_the_latest_snapshot_on_or_before_30_days_back() -> None:
    # 31 days back is the latest on or before the day 30 days back; 29 is too recent.
    found = history.trend_30d(
        [snapshot(45, 50.0), snapshot(31, 60.0), snapshot(29, 99.0), today(80.0)], AS_OF
    )
    assert found is not None
    assert found.since.date == days_ago(31)
    assert found.change == pytest.approx(20.0)
    assert found.words(AS_OF) == "+20.0 since 22 Oct"
    falling = history.trend_30d([snapshot(35, 76.25), snapshot(28, 74.75), today(54.25)], AS_OF)
    assert falling is not None and falling.words(AS_OF) == "−22.0 since 18 Oct"


def test_no_trend_without_a_score_either_side() -> None:
    assert history.trend_30d([snapshot(30, None), today(80.0)], AS_OF) is None
    assert history.trend_30d([snapshot(30, 70.0), today_unscored()], AS_OF) is None


def today_unscored() -> SnapshotFacts:
    return snapshot(0, None)


# -- the health drop -------------------------------------------------------------------------


def test_drop_window_includes_exactly_30_days_back_and_not_31() -> None:
    inside = history.health_drop([snapshot(30, 90.0), today(80.0)], AS_OF)
    assert inside is not None and inside.fall == pytest.approx(10.0)
    assert history.health_drop([snapshot(31, 90.0), today(80.0)], AS_OF) is None


def test_drop_fires_at_ten_points_not_at_nine_point_nine_nine() -> None:
    ten = history.health_drop([snapshot(10, 90.0), today(80.0)], AS_OF)
    short = history.health_drop([snapshot(10, 89.99), today(80.0)], AS_OF)
    assert history.drop_fires(ten)
    assert short is not None and not history.drop_fires(short)
    # A fall of exactly 10 that sums of weighted parts leave a hair short still fires.
    hair = history.health_drop([snapshot(10, 74.75), today(64.75000000000001)], AS_OF)
    assert hair is not None and hair.fall < 10 and history.drop_fires(hair)


def test_drop_names_the_high_its_date_and_the_fall() -> None:
    # Equal highs on 25 Oct and 1 Nov: the fall is named from the first.
    found = history.health_drop(
        [snapshot(35, 76.25), snapshot(28, 74.75), snapshot(21, 74.75), today(54.1666)], AS_OF
    )
    assert found is not None
    assert found.high.date == dt.date(2026, 10, 25)
    assert found.message(AS_OF) == "Health fell 20.6 points from 74.8 on 25 Oct"
    assert history.health_drop([snapshot(10, 70.0), today(80.0)], AS_OF) is None


def nps_account(*snapshots: SnapshotFacts, nps: float = 8.0):  # type: ignore[no-untyped-def]
    """A high-touch account whose only input is an NPS answer (score = NPS × 10)."""
    return account(arr=150_000.0, signals=signals(nps=nps), snapshots=snapshots)


def drop_alerts(facts):  # type: ignore[no-untyped-def]
    result = score_account(facts, S, AS_OF)
    return [a for a in result.alerts if a.code is AlertCode.HEALTH_DROP], result


def test_health_drop_alert_at_the_edges() -> None:
    fired, result = drop_alerts(nps_account(snapshot(30, 90.0)))
    assert [a.message for a in fired] == ["Health fell 10.0 points from 90.0 on 23 Oct"]
    assert fired[0].date == days_ago(30)
    assert result.drop is not None and result.drop.fall == pytest.approx(10.0)
    assert drop_alerts(nps_account(snapshot(30, 89.99)))[0] == []
    assert drop_alerts(nps_account(snapshot(31, 95.0)))[0] == [], "outside the 30 days"
    # The trend measures from the same day here, so both name the same fall.
    assert result.trend_30d == pytest.approx(-10.0)


# -- chart moves -----------------------------------------------------------------------------


def test_chart_moves_are_single_moves_with_date_and_cause() -> None:
    facts = account(
        arr=150_000.0, signals=signals(nps=[(30, 9), (7, 5)], open_high_sev_tickets=[(30, 0)])
    )
    days = [days_ago(n) for n in (21, 14, 7)]
    snaps = [snapshot_of(score_health(facts, Segment.HIGH_TOUCH, d, S)) for d in days]
    # Sentiment 90 → 50 with support 100 alongside: (90×20 + 100×15) ÷ 35 = 94.29 →
    # (50×20 + 100×15) ÷ 35 = 71.43, a move of −22.9 on 15 Nov.
    (move,) = history.chart_moves(
        [*snaps, snapshot_of(score_health(facts, Segment.HIGH_TOUCH, AS_OF, S))]
    )
    assert move.date == days_ago(7)
    assert move.delta == pytest.approx(-800 / 35)
    assert move.label == "−22.9 on 15 Nov: sentiment −22.9 (latest NPS response 90 → 50)"


def test_chart_moves_skip_small_ones_and_keep_the_largest() -> None:
    flat = [snapshot(n, 80.0 + (n % 2)) for n in (28, 21, 14, 7)]
    assert history.chart_moves([*flat, today(81.0)]) == []


# -- re-weighting ----------------------------------------------------------------------------


def test_a_snapshot_is_rescored_with_the_weights_given() -> None:
    stored = snapshot(7, 99.0, usage=80.0, sentiment=50.0)
    # (80 × 30 + 50 × 20) ÷ (30 + 20) = 68.0 under the high-touch weights.
    again = history.reweighted(stored, HIGH)
    assert again.score == pytest.approx(68.0)
    assert again.band == "stable"
    assert dict(again.contributions) == pytest.approx({"usage": 48.0, "sentiment": 20.0})
    # Without stored components the score stays what it was.
    assert history.reweighted(snapshot(7, 99.0), HIGH).score == 99.0


def test_changed_weights_are_never_a_move() -> None:
    """Inputs unchanged for 35 days, then the weights change: no trend, no drop, no alert,
    and the whole history is drawn at the new level."""
    inputs = {"nps": [(60, 8)], "open_high_sev_tickets": [(60, 3)]}  # sentiment 80, support 20
    stored = [
        snapshot(n, (80 * 20 + 20 * 15) / 35, sentiment=80.0, support=20.0) for n in (35, 28, 14, 7)
    ]
    facts = account(arr=150_000.0, signals=signals(**inputs), snapshots=tuple(stored))
    before = score_account(facts, S, AS_OF)
    assert before.health.score == pytest.approx(1900 / 35)  # 54.29
    assert before.trend_30d == pytest.approx(0.0)
    heavy_support = MappingProxyType(
        {
            Component.USAGE: 30.0,
            Component.ENGAGEMENT: 10.0,
            Component.SENTIMENT: 10.0,
            Component.SUPPORT: 40.0,
            Component.GROWTH: 10.0,
        }
    )
    changed = S.with_changes(
        segment_weights=MappingProxyType({**S.segment_weights, Segment.HIGH_TOUCH: heavy_support})
    )
    after = score_account(facts, changed, AS_OF)
    # (80 × 10 + 20 × 40) ÷ 50 = 32.0: 22.3 points lower, yet nothing moved.
    assert after.health.score == pytest.approx(32.0)
    assert after.trend_30d == pytest.approx(0.0)
    assert after.drop is None
    assert AlertCode.HEALTH_DROP not in {a.code for a in after.alerts}
    assert [s.score for s in after.history] == pytest.approx([32.0] * 5)
    assert history.chart_moves(after.history) == []
