"""Edges of the health sub-input arithmetic (DOMAIN.md §3.2) that the band tables leave open.

Each case sits at, just below or just above a point where the rule changes: an empty 90-day
average, a first reading of zero users, a response past the end of its scale, a reading 15 or
16 days from where growth looks back to. They were found by mutation testing
(docs/mutation.md): each assertion fails on a mutant of ``engine.scoring`` or
``engine.health_inputs``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pytest

from csm_desk.engine import health_inputs, scoring
from csm_desk.engine.facts import AccountFacts, Reading
from csm_desk.engine.health_inputs import InputScore
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Segment, SignalKey


@pytest.mark.parametrize(
    ("last_30_days", "monthly_average_90d", "ratio"),
    [
        (0, 0, 0.0),  # no tickets at all: as calm as it gets
        (1, 0, math.inf),  # the first ticket after none: above every band
        (3, 0, math.inf),
        (0, 1, 0.0),
        (3, 1, 3.0),  # an average of exactly one ticket a month is a real average
        (0.5, 0.5, 1.0),  # and so is one below one
        (3, 2, 1.5),
    ],
)
def test_ticket_volume_ratio_at_an_empty_average(
    last_30_days: float, monthly_average_90d: float, ratio: float
) -> None:
    assert scoring.ticket_volume_ratio(last_30_days, monthly_average_90d) == ratio


def test_ticket_volume_scores_of_the_edge_ratios() -> None:
    ratios = [scoring.ticket_volume_ratio(t, a) for t, a in ((0, 0), (1, 0), (3, 2))]
    assert [scoring.ticket_volume_score(r) for r in ratios] == [100, 20, 70]


@pytest.mark.parametrize(
    ("earlier", "latest", "percent"),
    [
        (0, 0, 0.0),  # no users then, none now: no growth
        (0, 1, 100.0),  # from none to one user: +100 %
        (0, 5, 100.0),
        (1, 1.5, 50.0),  # one user is a real starting point
        (1, 1, 0.0),
        (50, 60, 20.0),
        (100, 90, -10.0),
        (100, 110, 10.0),
    ],
)
def test_user_growth_from_zero_one_and_more_users(
    earlier: float, latest: float, percent: float
) -> None:
    assert scoring.user_growth_percent(earlier, latest) == pytest.approx(percent)


@pytest.mark.parametrize(
    ("score", "value", "expected"),
    [
        (scoring.nps_score, 10, 100.0),
        (scoring.nps_score, 10.5, 100.0),  # past the top of the scale: 100, no more
        (scoring.nps_score, 11, 100.0),
        (scoring.nps_score, 0, 0.0),
        (scoring.nps_score, -1, 0.0),  # below the bottom: 0, no less
        (scoring.csat_score, 5, 100.0),
        (scoring.csat_score, 6, 100.0),
        (scoring.csat_score, 1, 0.0),
        (scoring.csat_score, 0, 0.0),
        (scoring.csm_read_score, 5.5, 100.0),
        (scoring.csm_read_score, 0.5, 0.0),
    ],
)
def test_survey_scores_stay_within_0_and_100(
    score: Callable[[float], float], value: float, expected: float
) -> None:
    assert score(value) == expected


# --- the readings behind growth and the surveys (engine.health_inputs) -----------------------

AS_OF = dt.date(2026, 6, 30)
TARGET = AS_OF - dt.timedelta(days=health_inputs.GROWTH_LOOKBACK_DAYS)


def _with(signal: SignalKey, *readings: tuple[dt.date, float]) -> AccountFacts:
    return AccountFacts(
        id=1, name="Acme", signals={signal: tuple(Reading(d, v) for d, v in sorted(readings))}
    )


def _growth(*readings: tuple[dt.date, float]) -> InputScore | None:
    account = _with(SignalKey.ACTIVE_USERS, *readings)
    return health_inputs.user_growth(account, Segment.HIGH_TOUCH, AS_OF, BookSettings())


@pytest.mark.parametrize(
    ("days_off", "found"),
    [(-16, False), (-15, True), (0, True), (15, True), (16, False)],
)
def test_growth_takes_a_reading_within_15_days_of_90_days_back(days_off: int, found: bool) -> None:
    earlier = TARGET + dt.timedelta(days=days_off)
    growth = _growth((earlier, 100.0), (AS_OF, 120.0))
    assert (growth is not None) is found
    if growth is not None:
        assert growth == InputScore("user_growth", 20.0, "+20.0% (100 → 120)", 100.0)


def test_growth_between_two_equally_near_readings_takes_the_older() -> None:
    five = dt.timedelta(days=5)
    growth = _growth((TARGET - five, 100.0), (TARGET + five, 50.0), (AS_OF, 110.0))
    assert growth is not None and growth.value == pytest.approx(10.0)


def test_growth_shows_whole_numbers_without_decimals_and_others_with_one() -> None:
    growth = _growth((TARGET, 1000.0), (AS_OF, 1250.5))
    assert growth is not None and growth.shown == "+25.1% (1,000 → 1,250.5)"


def test_a_survey_input_reads_the_latest_response() -> None:
    account = _with(SignalKey.NPS, (AS_OF - dt.timedelta(days=40), 3.0), (AS_OF, 7.5))
    found = health_inputs.nps(account, Segment.HIGH_TOUCH, AS_OF, BookSettings())
    assert found == InputScore("nps", 7.5, "7.5/10", 75.0)
