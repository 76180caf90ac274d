"""Sub-input scores of the health model (DOMAIN.md §3.2): each maps one fact to 0–100.

Every function is monotone: a better fact never scores lower.
"""

from __future__ import annotations

import math


def utilization_score(percent: float) -> float:
    """License utilization u (active users ÷ licensed seats, in %).

    u ≥ 80 → 100; 60–79.9 → 80; 40–59.9 → 60; 20–39.9 → 40; < 20 → 20.
    """
    if percent >= 80:
        return 100.0
    if percent >= 60:
        return 80.0
    if percent >= 40:
        return 60.0
    if percent >= 20:
        return 40.0
    return 20.0


def feature_breadth_score(percent: float) -> float:
    """Key-feature breadth b (features in use ÷ key features, in %): the utilization bands."""
    return utilization_score(percent)


def logins_score(logins: float) -> float:
    """Logins per active user per month l: > 20 → 100; 11–20 → 80; 5–10 → 60; 2–4 → 40; 0–1 → 20."""
    if logins > 20:
        return 100.0
    if logins >= 11:
        return 80.0
    if logins >= 5:
        return 60.0
    if logins >= 2:
        return 40.0
    return 20.0


def contact_recency_score(days: float) -> float:
    """Days since last two-way contact d: ≤ 14 → 100; ≤ 30 → 80; ≤ 60 → 60; ≤ 90 → 40; else 20."""
    if days <= 14:
        return 100.0
    if days <= 30:
        return 80.0
    if days <= 60:
        return 60.0
    if days <= 90:
        return 40.0
    return 20.0


def engaged_stakeholders_score(count: int) -> float:
    """Engaged stakeholders n (contact in the last 90 days): ≥ 3 → 100; 2 → 70; 1 → 40; 0 → 0."""
    if count >= 3:
        return 100.0
    if count == 2:
        return 70.0
    if count == 1:
        return 40.0
    return 0.0


def exec_sponsor_score(contacted: bool) -> float:
    """Executive sponsor contacted within 180 days: yes → 100; no → 30."""
    return 100.0 if contacted else 30.0


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def nps_score(response: float) -> float:
    """Latest NPS response r (0–10): r × 10."""
    return _clamp(response * 10)


def csat_score(csat: float) -> float:
    """Latest CSAT c (1–5): (c − 1) × 25."""
    return _clamp((csat - 1) * 25)


def csm_read_score(read: float) -> float:
    """The CSM's own read s (1–5): (s − 1) × 25."""
    return _clamp((read - 1) * 25)


def high_sev_tickets_score(open_tickets: float) -> float:
    """Open high-severity tickets t: 0 → 100; 1 → 60; 2 → 40; ≥ 3 → 20."""
    if open_tickets < 1:
        return 100.0
    if open_tickets < 2:
        return 60.0
    if open_tickets < 3:
        return 40.0
    return 20.0


def ticket_volume_ratio(last_30_days: float, monthly_average_90d: float) -> float:
    """v = tickets in the last 30 days ÷ the 90-day monthly average (no tickets at all → 0)."""
    if monthly_average_90d <= 0:
        return 0.0 if last_30_days <= 0 else math.inf
    return last_30_days / monthly_average_90d


def ticket_volume_score(ratio: float) -> float:
    """Ticket volume ratio v: ≤ 1.0 → 100; ≤ 1.5 → 70; ≤ 2.0 → 40; > 2.0 → 20."""
    if ratio <= 1.0:
        return 100.0
    if ratio <= 1.5:
        return 70.0
    if ratio <= 2.0:
        return 40.0
    return 20.0


def user_growth_percent(earlier: float, latest: float) -> float:
    """Change in active users, in % of the earlier reading (from zero: +100 % if any users)."""
    if earlier <= 0:
        return 100.0 if latest > 0 else 0.0
    return (latest - earlier) / earlier * 100


def user_growth_score(percent: float) -> float:
    """Active-user growth g over 90 days: ≥ 10 % → 100; 0–9.9 % → 70; −10 to −0.1 % → 40;
    < −10 % → 20."""
    if percent >= 10:
        return 100.0
    if percent >= 0:
        return 70.0
    if percent >= -10:
        return 40.0
    return 20.0


EXPANSION_OPEN_SCORE = 100.0
"""An open expansion opportunity at stage qualified or later scores 100."""
