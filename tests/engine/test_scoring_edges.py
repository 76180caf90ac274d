"""Edges of the health sub-input arithmetic (DOMAIN.md §3.2) that the band tables leave open.

Each case sits at, just below or just above a point where the rule changes: an empty 90-day
average, a first reading of zero users, a response past the end of its scale. They were found by
mutation testing (docs/mutation.md): each assertion fails on a mutant of ``engine.scoring``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from csm_desk.engine import scoring


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
