"""Changing the weights in the book's settings re-scores the stored history (DOMAIN.md §3.4):
the change is never a move in health, never a ``health_drop``, and the chart is re-drawn."""

from __future__ import annotations

import datetime as dt
import json
from types import MappingProxyType

import pytest

from csm_desk.charts.account import health_trend_notes, health_trend_series
from csm_desk.engine.book import AccountResult, score_book
from csm_desk.engine.vocab import AlertCode, Component, Segment
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book
from csm_desk.models.ops import SetFields
from csm_desk.models.writer import Writer

HALCYON = "Halcyon Health Systems"

# Halcyon's stored component scores (usage, engagement, sentiment, support, growth), by hand
# from the demo's weekly history; usage 100, support 100 and growth 85 throughout.
STORED = {
    dt.date(2026, 10, 18): (100.0, 100.0, 100.0, 100.0, 85.0),
    dt.date(2026, 10, 25): (100.0, 100.0, 100.0, 100.0, 85.0),
    dt.date(2026, 11, 1): (100.0, 280 / 3, 275 / 3, 100.0, 85.0),
    dt.date(2026, 11, 8): (100.0, 280 / 3, 265 / 3, 100.0, 85.0),
    dt.date(2026, 11, 15): (100.0, 100.0, 80.0, 100.0, 85.0),
}
# Growth-heavy high-touch weights: growth 80, every other component 5.
GROWTH_HEAVY = MappingProxyType(
    {
        Component.USAGE: 5.0,
        Component.ENGAGEMENT: 5.0,
        Component.SENTIMENT: 5.0,
        Component.SUPPORT: 5.0,
        Component.GROWTH: 80.0,
    }
)


def halcyon(book: BookFile, today: dt.date) -> AccountResult:
    result = score_book(load_book(book, as_of=today, full_history=True), today)
    return next(a for a in result.accounts if a.name == HALCYON)


def test_changing_weights_is_no_move(demo_book: BookFile, today: dt.date) -> None:
    before = halcyon(demo_book, today)
    # Default weights (30/25/20/15/10): 94.5 today, 98.5 on 18 and 25 Oct.
    assert before.health.score == pytest.approx(94.5)
    assert before.trend is not None and before.trend.since.date == dt.date(2026, 10, 18)
    assert before.trend_30d == pytest.approx(-4.0)

    settings = demo_book.settings()
    heavier = settings.with_changes(
        segment_weights=MappingProxyType(
            {**settings.segment_weights, Segment.HIGH_TOUCH: GROWTH_HEAVY}
        )
    )
    row = demo_book.book_row()
    Writer(demo_book).run(
        SetFields("book", {"id": row.id}, {"settings_json": json.dumps(heavier.to_json())})
    )
    after = halcyon(demo_book, today)

    # Today, by hand: 0.80 × 85 + 0.05 × (100 + 100 + 80 + 100) = 68 + 19 = 87.0. Drawn with
    # the stored history as it was scored (98.5 on 25 Oct), that would be a fall of 11.5 and a
    # health_drop alert; re-scored, each past day is 68 + 0.05 × (its other four):
    #   18 Oct, 25 Oct: 68 + 20 = 88.0; 1 Nov: 68 + 0.05 × (100 + 93.33 + 91.67 + 100) = 87.25;
    #   8 Nov: 68 + 0.05 × (100 + 93.33 + 88.33 + 100) = 87.083; 15 Nov: 68 + 19 = 87.0.
    assert after.health.score == pytest.approx(87.0)
    hand = {day: 0.05 * sum(parts[:4]) + 0.8 * parts[4] for day, parts in STORED.items()}
    assert list(hand.values()) == pytest.approx([88.0, 88.0, 87.25, 87.0 + 1 / 12, 87.0])
    shown = {s.date: s.score for s in after.history}
    assert {day: shown[day] for day in hand} == pytest.approx(hand)
    assert shown[today] == pytest.approx(87.0)

    # The 30-day trend still measures from 18 Oct, and moves by what the inputs did: −1.0.
    assert after.trend is not None and after.trend.since.date == dt.date(2026, 10, 18)
    assert after.trend_30d == pytest.approx(87.0 - 88.0)
    assert after.trend.words(today) == "−1.0 since 18 Oct"
    # The drop is from the same high (25 Oct), 1.0 points: no alert.
    assert after.drop is not None and after.drop.high.date == dt.date(2026, 10, 25)
    assert after.drop.fall == pytest.approx(1.0)
    assert AlertCode.HEALTH_DROP not in {a.code for a in after.alerts}

    # The chart draws the re-scored history; the day of the change is no move.
    series = health_trend_series(after.history, as_of=today)
    assert [p.score for p in series[-6:]] == pytest.approx([*hand.values(), 87.0])
    assert all(n.date != today for n in health_trend_notes(after.history, as_of=today))
    # The settings change recorded today's snapshot at the new weights.
    stored_today = next(s for s in after.facts.snapshots if s.date == today)
    assert stored_today.score == pytest.approx(87.0)
