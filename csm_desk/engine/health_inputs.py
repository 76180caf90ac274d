"""The health score's sub-inputs (DOMAIN.md §3.2), each a declared rule (``engine.rules``).

Each input reads one kind of fact as of a date and scores it 0–100 by ``engine.scoring``; an
input exists only when its facts exist. ``component_inputs`` runs them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine import scoring
from csm_desk.engine.facts import AccountFacts, Reading
from csm_desk.engine.people import current_people, days_since_contact, engaged_people
from csm_desk.engine.rules import Rule, RuleKind, declare, declared
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Component, ExpansionStage, Role, Segment
from csm_desk.engine.vocab import SignalKey as K
from csm_desk.engine.wording import signed

# DOMAIN.md §3.2: "an open expansion opportunity at stage qualified or later" (closed and lost
# ones are no longer open).
OPEN_EXPANSION_STAGES = frozenset(
    {ExpansionStage.QUALIFIED, ExpansionStage.PROPOSED, ExpansionStage.COMMITTED}
)
# DOMAIN.md §3.2: active-user growth needs "two active-user readings about 90 days apart (the one
# nearest to 90 days before, within ±15 days)".
GROWTH_LOOKBACK_DAYS = 90
GROWTH_TOLERANCE_DAYS = 15

INPUT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "utilization": "License utilisation",
        "logins": "Logins per active user per month",
        "feature_breadth": "Key-feature breadth",
        "contact_recency": "Days since last two-way contact",
        "engaged_stakeholders": "Engaged stakeholders (90 days)",
        "exec_sponsor": "Executive sponsor contacted (180 days)",
        "nps": "Latest NPS response",
        "csat": "Latest CSAT",
        "csm_read": "CSM's read",
        "high_sev_tickets": "Open high-severity tickets",
        "ticket_volume": "Ticket volume vs 90-day average",
        "user_growth": "Active-user growth (90 days)",
        "expansion": "Open expansion opportunity",
    }
)


class InputScore(NamedTuple):
    """One sub-input: what it measured, how that reads, and its 0–100 score."""

    key: str
    value: float
    shown: str
    score: float

    @property
    def label(self) -> str:
        return INPUT_LABELS.get(self.key, self.key)


def latest(readings: tuple[Reading, ...] | None, as_of: dt.date) -> Reading | None:
    """The last reading dated on or before ``as_of`` (readings are sorted by date)."""
    if not readings:
        return None
    for reading in reversed(readings):
        if reading.date <= as_of:
            return reading
    return None


def _nearest(readings: tuple[Reading, ...], target: dt.date, before: dt.date) -> Reading | None:
    """The reading nearest ``target`` within ±15 days, dated before ``before``."""
    best: Reading | None = None
    best_gap = GROWTH_TOLERANCE_DAYS + 1
    for reading in readings:
        if reading.date >= before:
            break
        gap = abs((reading.date - target).days)
        if gap <= GROWTH_TOLERANCE_DAYS and gap < best_gap:
            best, best_gap = reading, gap
    return best


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


HEALTH_INPUT = RuleKind.HEALTH_INPUT


@declare(HEALTH_INPUT, "utilization", "§3.2", component=Component.USAGE)
def utilization(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """License utilisation: active users ÷ licensed seats (needs both seat figures).

    DOMAIN.md §3.2: "utilization u: u ≥ 80% → 100; 60–79.9% → 80; 40–59.9% → 60; 20–39.9% →
    40; < 20% → 20" (``scoring.utilization_score``).
    """
    active = latest(account.signals.get(K.ACTIVE_USERS), as_of)
    seats = latest(account.signals.get(K.LICENSED_SEATS), as_of)
    if active is None or seats is None or seats.value <= 0:
        return None
    pct = active.value / seats.value * 100
    return InputScore(
        "utilization",
        pct,
        f"{pct:.0f}% ({_fmt(active.value)} of {_fmt(seats.value)} seats)",
        scoring.utilization_score(pct),
    )


@declare(HEALTH_INPUT, "logins", "§3.2", component=Component.USAGE)
def logins(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Logins per active user per month (the latest reading).

    DOMAIN.md §3.2: "logins per active user per month l: l > 20 → 100; 11–20 → 80; 5–10 → 60;
    2–4 → 40; 0–1 → 20" (``scoring.logins_score``).
    """
    reading = latest(account.signals.get(K.LOGINS_PER_USER_MONTH), as_of)
    if reading is None:
        return None
    return InputScore(
        "logins", reading.value, _fmt(reading.value), scoring.logins_score(reading.value)
    )


@declare(HEALTH_INPUT, "feature_breadth", "§3.2", component=Component.USAGE)
def feature_breadth(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Key-feature breadth: features in use ÷ key features.

    DOMAIN.md §3.2: "feature breadth b: same bands as utilization"
    (``scoring.feature_breadth_score``).
    """
    in_use = latest(account.signals.get(K.FEATURES_IN_USE), as_of)
    key_features = latest(account.signals.get(K.KEY_FEATURES), as_of)
    if in_use is None or key_features is None or key_features.value <= 0:
        return None
    pct = in_use.value / key_features.value * 100
    return InputScore(
        "feature_breadth",
        pct,
        f"{pct:.0f}% ({_fmt(in_use.value)} of {_fmt(key_features.value)})",
        scoring.feature_breadth_score(pct),
    )


@declare(HEALTH_INPUT, "contact_recency", "§3.2", component=Component.ENGAGEMENT)
def contact_recency(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Days since the last two-way contact with anyone still at the customer.

    DOMAIN.md §3.2: "days since last contact d: d ≤ 14 → 100; ≤ 30 → 80; ≤ 60 → 60; ≤ 90 → 40;
    > 90 → 20"; "contact recency needs a known contact date"; "Contact dates come from
    stakeholders' last contact and from meetings they attended."
    """
    known = [
        d
        for d in (days_since_contact(p, as_of) for p in current_people(account.stakeholders, as_of))
        if d is not None
    ]
    if not known:
        return None
    days = min(known)
    return InputScore(
        "contact_recency", float(days), f"{days} days", scoring.contact_recency_score(days)
    )


@declare(
    HEALTH_INPUT,
    "engaged_stakeholders",
    "§3.2",
    settings=("engaged_window_days",),
    component=Component.ENGAGEMENT,
)
def engaged_stakeholders(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Engaged stakeholders: current people contacted within ``engaged_window_days`` (90).

    DOMAIN.md §3.2: "engaged stakeholders n: n ≥ 3 → 100; 2 → 70; 1 → 40; 0 → 0"; "engaged
    stakeholders and the exec-sponsor input need at least one mapped stakeholder"
    (``people.engaged_people``).
    """
    current = current_people(account.stakeholders, as_of)
    if not current:
        return None
    engaged = len(engaged_people(current, as_of, settings))
    return InputScore(
        "engaged_stakeholders",
        float(engaged),
        f"{engaged} of {len(current)}",
        scoring.engaged_stakeholders_score(engaged),
    )


@declare(
    HEALTH_INPUT,
    "exec_sponsor",
    "§3.2",
    settings=("exec_sponsor_window_days",),
    component=Component.ENGAGEMENT,
)
def exec_sponsor(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """High touch, with an executive sponsor mapped: contacted within
    ``exec_sponsor_window_days`` (180)?

    DOMAIN.md §3.2: "exec sponsor contacted in 180 days: yes → 100; no → 30 (high touch only;
    ignored otherwise)".
    """
    if segment is not Segment.HIGH_TOUCH:
        return None
    sponsors = [
        s for s in current_people(account.stakeholders, as_of) if Role.EXECUTIVE_SPONSOR in s.roles
    ]
    if not sponsors:
        return None
    window = settings.days("exec_sponsor_window_days")
    contacted = any(
        (d := days_since_contact(s, as_of)) is not None and d <= window for s in sponsors
    )
    return InputScore(
        "exec_sponsor",
        1.0 if contacted else 0.0,
        "yes" if contacted else "no",
        scoring.exec_sponsor_score(contacted),
    )


def _survey(
    signal: K, account: AccountFacts, as_of: dt.date, scale: str, scorer: Callable[[float], float]
) -> InputScore | None:
    """The latest reading of a survey signal, keyed by the signal."""
    reading = latest(account.signals.get(signal), as_of)
    if reading is None:
        return None
    return InputScore(
        signal.value, reading.value, f"{_fmt(reading.value)}{scale}", scorer(reading.value)
    )


@declare(HEALTH_INPUT, "nps", "§3.2", component=Component.SENTIMENT)
def nps(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """The latest NPS response.

    DOMAIN.md §3.2: "NPS response r (0–10): r × 10".
    """
    return _survey(K.NPS, account, as_of, "/10", scoring.nps_score)


@declare(HEALTH_INPUT, "csat", "§3.2", component=Component.SENTIMENT)
def csat(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """The latest CSAT response.

    DOMAIN.md §3.2: "CSAT c (1–5): (c − 1) × 25".
    """
    return _survey(K.CSAT, account, as_of, "/5", scoring.csat_score)


@declare(HEALTH_INPUT, "csm_read", "§3.2", component=Component.SENTIMENT)
def csm_read(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """The CSM's own read of the account.

    DOMAIN.md §3.2: "CSM read s (1–5): (s − 1) × 25".
    """
    return _survey(K.CSM_READ, account, as_of, "/5", scoring.csm_read_score)


@declare(HEALTH_INPUT, "high_sev_tickets", "§3.2", component=Component.SUPPORT)
def high_sev_tickets(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Open high-severity tickets (the latest count).

    DOMAIN.md §3.2: "open high-severity tickets t: 0 → 100; 1 → 60; 2 → 40; ≥ 3 → 20".
    """
    tickets = latest(account.signals.get(K.OPEN_HIGH_SEV_TICKETS), as_of)
    if tickets is None:
        return None
    return InputScore(
        "high_sev_tickets",
        tickets.value,
        _fmt(tickets.value),
        scoring.high_sev_tickets_score(tickets.value),
    )


@declare(HEALTH_INPUT, "ticket_volume", "§3.2", component=Component.SUPPORT)
def ticket_volume(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Tickets in the last 30 days against the 90-day monthly average.

    DOMAIN.md §3.2: "ticket volume ratio v (last 30 days ÷ 90-day monthly mean): v ≤ 1.0 → 100;
    ≤ 1.5 → 70; ≤ 2.0 → 40; > 2.0 → 20".
    """
    recent = latest(account.signals.get(K.TICKETS_30D), as_of)
    average = latest(account.signals.get(K.TICKETS_MONTHLY_AVG_90D), as_of)
    if recent is None or average is None:
        return None
    ratio = scoring.ticket_volume_ratio(recent.value, average.value)
    shown = (
        "no tickets"
        if ratio == 0 and recent.value == 0
        else (f"{_fmt(recent.value)} vs {_fmt(average.value)} a month")
    )
    return InputScore("ticket_volume", ratio, shown, scoring.ticket_volume_score(ratio))


@declare(HEALTH_INPUT, "user_growth", "§3.2", component=Component.GROWTH)
def user_growth(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """Change in active users over about 90 days (``GROWTH_LOOKBACK_DAYS`` ±
    ``GROWTH_TOLERANCE_DAYS``).

    DOMAIN.md §3.2: "active-user growth g over 90 days: g ≥ 10% → 100; 0–9.9% → 70; −10 to
    −0.1% → 40; < −10% → 20"; it "needs two active-user readings about 90 days apart (the one
    nearest to 90 days before, within ±15 days)".
    """
    readings = account.signals.get(K.ACTIVE_USERS) or ()
    last = latest(readings, as_of)
    if last is None:
        return None
    target = last.date - dt.timedelta(days=GROWTH_LOOKBACK_DAYS)
    earlier = _nearest(readings, target, last.date)
    if earlier is None:
        return None
    pct = scoring.user_growth_percent(earlier.value, last.value)
    return InputScore(
        "user_growth",
        pct,
        f"{signed(pct)}% ({_fmt(earlier.value)} → {_fmt(last.value)})",
        scoring.user_growth_score(pct),
    )


@declare(HEALTH_INPUT, "expansion", "§3.2", component=Component.GROWTH)
def expansion(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> InputScore | None:
    """An open expansion opportunity at stage qualified or later (``OPEN_EXPANSION_STAGES``).

    DOMAIN.md §3.2: "an open expansion opportunity at stage qualified or later → 100"; "the
    expansion input exists only while such an opportunity is open".
    """
    open_ones = [e for e in account.expansions if e.stage in OPEN_EXPANSION_STAGES]
    if not open_ones:
        return None
    return InputScore(
        "expansion",
        float(len(open_ones)),
        f"{len(open_ones)} open at qualified or later",
        scoring.EXPANSION_OPEN_SCORE,
    )


# The health inputs, in the order each component lists them.
INPUT_RULES: tuple[Rule, ...] = declared(HEALTH_INPUT)


def component_inputs(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> dict[Component, list[InputScore]]:
    """Every component's present sub-inputs as of ``as_of``: each declared health input in
    turn, those whose facts exist."""
    found: dict[Component, list[InputScore]] = {c: [] for c in Component}
    for rule in INPUT_RULES:
        score: InputScore | None = rule.check(account, segment, as_of, settings)
        if score is not None and rule.component is not None:
            found[rule.component].append(score)
    return found
