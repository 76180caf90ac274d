"""The health score (DOMAIN.md §3): inputs → components → weighted score → band → probability.

``score_health`` computes an account's health as of a date and returns a ``Health`` that explains
itself: every component's inputs with their values and sub-scores, its weight after
renormalisation and its contribution in points (the contributions add up to the score).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine import scoring
from csm_desk.engine.facts import AccountFacts, Reading, SnapshotFacts
from csm_desk.engine.people import current_people, days_since_contact, engaged_people
from csm_desk.engine.rules import Rule, RuleKind, declare, declared
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import (
    Band,
    BandColour,
    Component,
    ExpansionStage,
    Role,
    Segment,
)
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

# The bands of DOMAIN.md §3.3, highest first: (lower bound, band).
BAND_FLOORS: tuple[tuple[float, Band], ...] = (
    (80.0, Band.HEALTHY),
    (60.0, Band.STABLE),
    (40.0, Band.AT_RISK),
    (20.0, Band.CRITICAL),
    (0.0, Band.EMERGENCY),
)
BAND_COLOURS: Mapping[Band, BandColour] = MappingProxyType(
    {
        Band.HEALTHY: BandColour.GREEN,
        Band.STABLE: BandColour.GREEN,
        Band.AT_RISK: BandColour.AMBER,
        Band.CRITICAL: BandColour.RED,
        Band.EMERGENCY: BandColour.RED,
        Band.UNSCORED: BandColour.GREY,
    }
)

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


@dataclass(frozen=True)
class ComponentScore:
    """A component's score and its part in the total.

    Attributes:
        weight: the segment's configured weight (percent).
        share: the weight after renormalisation over present components (percent).
        contribution: points this component adds to the score (score × share ÷ 100).
        manual: set by the CSM; ``note`` says why, ``inputs`` are then what the data said.
    """

    component: Component
    score: float
    weight: float
    share: float
    contribution: float
    manual: bool
    note: str | None
    inputs: tuple[InputScore, ...]
    computed: float | None  # the score from inputs (differs from ``score`` when manual)


@dataclass(frozen=True)
class Health:
    """An account's health as of a date."""

    as_of: dt.date
    segment: Segment
    score: float | None
    band: Band
    components: Mapping[Component, ComponentScore]
    missing: tuple[Component, ...]

    @property
    def colour(self) -> BandColour:
        return BAND_COLOURS[self.band]

    @property
    def scored(self) -> bool:
        return self.score is not None

    def shown_score(self) -> str:
        """The score with one decimal, or an em dash when unscored."""
        return "—" if self.score is None else f"{self.score:.1f}"


def band_for(score: float | None) -> Band:
    """The band of an unrounded score (DOMAIN.md §3.3); ``unscored`` for None.

    >>> band_for(79.999), band_for(80.0), band_for(None)
    (<Band.STABLE: 'stable'>, <Band.HEALTHY: 'healthy'>, <Band.UNSCORED: 'unscored'>)
    """
    if score is None:
        return Band.UNSCORED
    for floor, band in BAND_FLOORS:
        if score >= floor:
            return band
    return Band.EMERGENCY


def default_probability(band: Band, settings: BookSettings) -> float:
    """The renewal probability a band implies (healthy 0.95 … emergency 0.10, unscored 0.60)."""
    return float(settings.band_probability[band])


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


def active_overrides(
    account: AccountFacts, as_of: dt.date
) -> dict[Component, tuple[float, str | None]]:
    """The manual override in force for each component on ``as_of`` (the latest one dated on or
    before it; an override with no value clears the ones before it)."""
    chosen: dict[Component, tuple[dt.date, float | None, str | None]] = {}
    for override in account.overrides:
        if override.date > as_of:
            continue
        previous = chosen.get(override.component)
        if previous is None or override.date >= previous[0]:
            chosen[override.component] = (override.date, override.value, override.note)
    return {c: (v, note) for c, (_, v, note) in chosen.items() if v is not None}


def score_health(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> Health:
    """The health of ``account`` as of ``as_of`` with the weights of ``segment``.

    A component is the mean of its present sub-inputs, or its manual override; a component
    with neither is left out and the other weights are scaled up to sum to 100. Score =
    Σ(component × weight) ÷ Σ(weights of present components), unrounded. No component at all →
    unscored (score None).
    """
    inputs = component_inputs(account, segment, as_of, settings)
    overrides = active_overrides(account, as_of)
    weights = settings.weights_for(segment)
    raw: dict[Component, tuple[float, float | None, bool, str | None]] = {}
    for component in Component:
        subs = inputs[component]
        computed = sum(s.score for s in subs) / len(subs) if subs else None
        if component in overrides:
            value, note = overrides[component]
            raw[component] = (value, computed, True, note)
        elif computed is not None:
            raw[component] = (computed, computed, False, None)
    total_weight = sum(weights.get(c, 0.0) for c in raw)
    missing = tuple(c for c in Component if c not in raw)
    if not raw or total_weight <= 0:
        return Health(as_of, segment, None, Band.UNSCORED, MappingProxyType({}), tuple(Component))
    components: dict[Component, ComponentScore] = {}
    score = 0.0
    for component, (value, computed, manual, note) in raw.items():
        weight = weights.get(component, 0.0)
        share = weight / total_weight * 100
        contribution = value * weight / total_weight
        score += contribution
        components[component] = ComponentScore(
            component,
            value,
            weight,
            share,
            contribution,
            manual,
            note,
            tuple(inputs[component]),
            computed,
        )
    score = max(0.0, min(100.0, score))
    return Health(as_of, segment, score, band_for(score), MappingProxyType(components), missing)


def snapshot_of(health: Health) -> SnapshotFacts:
    """What a snapshot records of a health result."""
    return SnapshotFacts(
        date=health.as_of,
        score=health.score,
        band=health.band.value,
        components=MappingProxyType({c.value: cs.score for c, cs in health.components.items()}),
        contributions=MappingProxyType(
            {c.value: cs.contribution for c, cs in health.components.items()}
        ),
        inputs=MappingProxyType(
            {
                c.value: MappingProxyType({i.key: i.score for i in cs.inputs})
                for c, cs in health.components.items()
            }
        ),
        manual=frozenset(c.value for c, cs in health.components.items() if cs.manual),
    )
