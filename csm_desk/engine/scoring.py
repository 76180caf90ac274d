"""Sub-input scores of the health model (DOMAIN.md §3.2): each maps one fact to 0–100.

Every function is monotone: a better fact never scores lower. The bands are DOMAIN.md's fixed
constants, each table quoting its line of §3.2; a band is (edge, score), taken by the first edge
the fact reaches.
"""

from __future__ import annotations

import math
from typing import NamedTuple


class ScoreBand(NamedTuple):
    """A fact at (or past) ``edge`` scores ``score``; ``strict``: past it only."""

    edge: float
    score: float
    strict: bool = False


# §3.2: "utilization u: u ≥ 80% → 100; 60–79.9% → 80; 40–59.9% → 60; 20–39.9% → 40; < 20% → 20";
# "feature breadth b: same bands as utilization".
UTILIZATION_BANDS = (
    ScoreBand(80, 100.0),
    ScoreBand(60, 80.0),
    ScoreBand(40, 60.0),
    ScoreBand(20, 40.0),
)
UTILIZATION_BELOW = 20.0
# §3.2: "logins per active user per month l: l > 20 → 100; 11–20 → 80; 5–10 → 60; 2–4 → 40;
# 0–1 → 20".
LOGINS_BANDS = (
    ScoreBand(20, 100.0, strict=True),
    ScoreBand(11, 80.0),
    ScoreBand(5, 60.0),
    ScoreBand(2, 40.0),
)
LOGINS_BELOW = 20.0
# §3.2: "days since last contact d: d ≤ 14 → 100; ≤ 30 → 80; ≤ 60 → 60; ≤ 90 → 40; > 90 → 20"
# (fewer days is better: the edges are upper bounds).
CONTACT_RECENCY_BANDS = (
    ScoreBand(14, 100.0),
    ScoreBand(30, 80.0),
    ScoreBand(60, 60.0),
    ScoreBand(90, 40.0),
)
CONTACT_RECENCY_ABOVE = 20.0
# §3.2: "engaged stakeholders n: n ≥ 3 → 100; 2 → 70; 1 → 40; 0 → 0".
ENGAGED_BANDS = (ScoreBand(3, 100.0), ScoreBand(2, 70.0), ScoreBand(1, 40.0))
ENGAGED_BELOW = 0.0
# §3.2: "exec sponsor contacted in 180 days: yes → 100; no → 30".
EXEC_SPONSOR_YES, EXEC_SPONSOR_NO = 100.0, 30.0
# §3.2: "NPS response r (0–10): r × 10; CSAT c (1–5): (c − 1) × 25; CSM read s (1–5): (s − 1) × 25".
NPS_POINTS = 10.0
FIVE_POINT_POINTS = 25.0
# §3.2: "open high-severity tickets t: 0 → 100; 1 → 60; 2 → 40; ≥ 3 → 20" (the edges are
# upper bounds, each excluded).
HIGH_SEV_BANDS = (
    ScoreBand(1, 100.0, strict=True),
    ScoreBand(2, 60.0, strict=True),
    ScoreBand(3, 40.0, strict=True),
)
HIGH_SEV_ABOVE = 20.0
# §3.2: "ticket volume ratio v (last 30 days ÷ 90-day monthly mean): v ≤ 1.0 → 100; ≤ 1.5 → 70;
# ≤ 2.0 → 40; > 2.0 → 20".
TICKET_VOLUME_BANDS = (ScoreBand(1.0, 100.0), ScoreBand(1.5, 70.0), ScoreBand(2.0, 40.0))
TICKET_VOLUME_ABOVE = 20.0
# §3.2: "active-user growth g over 90 days: g ≥ 10% → 100; 0–9.9% → 70; −10 to −0.1% → 40;
# < −10% → 20".
USER_GROWTH_BANDS = (ScoreBand(10, 100.0), ScoreBand(0, 70.0), ScoreBand(-10, 40.0))
USER_GROWTH_BELOW = 20.0
EXPANSION_OPEN_SCORE = 100.0
"""§3.2: "an open expansion opportunity at stage qualified or later → 100"."""


def at_least(value: float, bands: tuple[ScoreBand, ...], below: float) -> float:
    """The score of the first band whose edge ``value`` reaches (higher is better).

    >>> at_least(80, UTILIZATION_BANDS, UTILIZATION_BELOW), at_least(79.9, UTILIZATION_BANDS, 20)
    (100.0, 80.0)
    """
    for band in bands:
        if value > band.edge or (value == band.edge and not band.strict):
            return band.score
    return below


def at_most(value: float, bands: tuple[ScoreBand, ...], above: float) -> float:
    """The score of the first band whose edge ``value`` stays within (lower is better).

    >>> at_most(14, CONTACT_RECENCY_BANDS, 20), at_most(15, CONTACT_RECENCY_BANDS, 20)
    (100.0, 80.0)
    """
    for band in bands:
        if value < band.edge or (value == band.edge and not band.strict):
            return band.score
    return above


def utilization_score(percent: float) -> float:
    """License utilization u (active users ÷ licensed seats, in %).

    u ≥ 80 → 100; 60–79.9 → 80; 40–59.9 → 60; 20–39.9 → 40; < 20 → 20.
    """
    return at_least(percent, UTILIZATION_BANDS, UTILIZATION_BELOW)


def feature_breadth_score(percent: float) -> float:
    """Key-feature breadth b (features in use ÷ key features, in %): the utilization bands."""
    return utilization_score(percent)


def logins_score(logins: float) -> float:
    """Logins per active user per month l: > 20 → 100; 11–20 → 80; 5–10 → 60; 2–4 → 40; 0–1 → 20."""
    return at_least(logins, LOGINS_BANDS, LOGINS_BELOW)


def contact_recency_score(days: float) -> float:
    """Days since last two-way contact d: ≤ 14 → 100; ≤ 30 → 80; ≤ 60 → 60; ≤ 90 → 40; else 20."""
    return at_most(days, CONTACT_RECENCY_BANDS, CONTACT_RECENCY_ABOVE)


def engaged_stakeholders_score(count: int) -> float:
    """Engaged stakeholders n (contact in the last 90 days): ≥ 3 → 100; 2 → 70; 1 → 40; 0 → 0."""
    return at_least(count, ENGAGED_BANDS, ENGAGED_BELOW)


def exec_sponsor_score(contacted: bool) -> float:
    """Executive sponsor contacted within 180 days: yes → 100; no → 30."""
    return EXEC_SPONSOR_YES if contacted else EXEC_SPONSOR_NO


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def nps_score(response: float) -> float:
    """Latest NPS response r (0–10): r × 10."""
    return _clamp(response * NPS_POINTS)


def csat_score(csat: float) -> float:
    """Latest CSAT c (1–5): (c − 1) × 25."""
    return _clamp((csat - 1) * FIVE_POINT_POINTS)


def csm_read_score(read: float) -> float:
    """The CSM's own read s (1–5): (s − 1) × 25."""
    return _clamp((read - 1) * FIVE_POINT_POINTS)


def high_sev_tickets_score(open_tickets: float) -> float:
    """Open high-severity tickets t: 0 → 100; 1 → 60; 2 → 40; ≥ 3 → 20."""
    return at_most(open_tickets, HIGH_SEV_BANDS, HIGH_SEV_ABOVE)


def ticket_volume_ratio(last_30_days: float, monthly_average_90d: float) -> float:
    """v = tickets in the last 30 days ÷ the 90-day monthly average (no tickets at all → 0)."""
    if monthly_average_90d <= 0:
        return 0.0 if last_30_days <= 0 else math.inf
    return last_30_days / monthly_average_90d


def ticket_volume_score(ratio: float) -> float:
    """Ticket volume ratio v: ≤ 1.0 → 100; ≤ 1.5 → 70; ≤ 2.0 → 40; > 2.0 → 20."""
    return at_most(ratio, TICKET_VOLUME_BANDS, TICKET_VOLUME_ABOVE)


def user_growth_percent(earlier: float, latest: float) -> float:
    """Change in active users, in % of the earlier reading (from zero: +100 % if any users)."""
    if earlier <= 0:
        return 100.0 if latest > 0 else 0.0
    return (latest - earlier) / earlier * 100


def user_growth_score(percent: float) -> float:
    """Active-user growth g over 90 days: ≥ 10 % → 100; 0–9.9 % → 70; −10 to −0.1 % → 40;
    < −10 % → 20."""
    return at_least(percent, USER_GROWTH_BANDS, USER_GROWTH_BELOW)
