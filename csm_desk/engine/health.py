"""The health score (DOMAIN.md §3): inputs → components → weighted score → band → probability.

``score_health`` computes an account's health as of a date and returns a ``Health`` that explains
itself: every component's inputs with their values and sub-scores, its weight after
renormalisation and its contribution in points (the contributions add up to the score).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine import scoring
from csm_desk.engine.facts import AccountFacts, Reading, SnapshotFacts
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Band, BandColour, Component, ExpansionStage, Role, Segment
from csm_desk.engine.vocab import SignalKey as K
from csm_desk.engine.wording import signed

OPEN_EXPANSION_STAGES = frozenset(
    {ExpansionStage.QUALIFIED, ExpansionStage.PROPOSED, ExpansionStage.COMMITTED}
)
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


def usage_inputs(account: AccountFacts, as_of: dt.date) -> list[InputScore]:
    """Utilisation, logins per active user, key-feature breadth (each when its facts exist)."""
    signals = account.signals
    found: list[InputScore] = []
    active = latest(signals.get(K.ACTIVE_USERS), as_of)
    seats = latest(signals.get(K.LICENSED_SEATS), as_of)
    if active is not None and seats is not None and seats.value > 0:
        pct = active.value / seats.value * 100
        found.append(
            InputScore(
                "utilization",
                pct,
                f"{pct:.0f}% ({_fmt(active.value)} of {_fmt(seats.value)} seats)",
                scoring.utilization_score(pct),
            )
        )
    logins = latest(signals.get(K.LOGINS_PER_USER_MONTH), as_of)
    if logins is not None:
        found.append(
            InputScore(
                "logins", logins.value, _fmt(logins.value), scoring.logins_score(logins.value)
            )
        )
    in_use = latest(signals.get(K.FEATURES_IN_USE), as_of)
    key_features = latest(signals.get(K.KEY_FEATURES), as_of)
    if in_use is not None and key_features is not None and key_features.value > 0:
        pct = in_use.value / key_features.value * 100
        found.append(
            InputScore(
                "feature_breadth",
                pct,
                f"{pct:.0f}% ({_fmt(in_use.value)} of {_fmt(key_features.value)})",
                scoring.feature_breadth_score(pct),
            )
        )
    return found


def engagement_inputs(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> list[InputScore]:
    """Contact recency, engaged stakeholders, executive sponsor contact (high touch only).

    Only people still at the customer count; their contact dates come from their last contact
    and the meetings they attended, on or before ``as_of``.
    """
    current = [s for s in account.stakeholders if not s.departed_by(as_of)]
    found: list[InputScore] = []
    last_contacts = [s.last_contact(as_of) for s in current]
    known = [d for d in last_contacts if d is not None]
    if known:
        days = (as_of - max(known)).days
        found.append(
            InputScore(
                "contact_recency",
                float(days),
                f"{days} days",
                scoring.contact_recency_score(days),
            )
        )
    if current:
        window = settings.days("engaged_window_days")
        engaged = sum(1 for d in known if (as_of - d).days <= window)
        found.append(
            InputScore(
                "engaged_stakeholders",
                float(engaged),
                f"{engaged} of {len(current)}",
                scoring.engaged_stakeholders_score(engaged),
            )
        )
    if segment is Segment.HIGH_TOUCH:
        sponsors = [s for s in current if Role.EXECUTIVE_SPONSOR in s.roles]
        if sponsors:
            window = settings.days("exec_sponsor_window_days")
            contacted = any(
                (c := s.last_contact(as_of)) is not None and (as_of - c).days <= window
                for s in sponsors
            )
            found.append(
                InputScore(
                    "exec_sponsor",
                    1.0 if contacted else 0.0,
                    "yes" if contacted else "no",
                    scoring.exec_sponsor_score(contacted),
                )
            )
    return found


def sentiment_inputs(account: AccountFacts, as_of: dt.date) -> list[InputScore]:
    """Latest NPS response, latest CSAT, the CSM's own read."""
    found: list[InputScore] = []
    for key, signal, scorer, scale in (
        ("nps", K.NPS, scoring.nps_score, "/10"),
        ("csat", K.CSAT, scoring.csat_score, "/5"),
        ("csm_read", K.CSM_READ, scoring.csm_read_score, "/5"),
    ):
        reading = latest(account.signals.get(signal), as_of)
        if reading is not None:
            found.append(
                InputScore(
                    key, reading.value, f"{_fmt(reading.value)}{scale}", scorer(reading.value)
                )
            )
    return found


def support_inputs(account: AccountFacts, as_of: dt.date) -> list[InputScore]:
    """Open high-severity tickets; ticket volume in the last 30 days vs the 90-day average."""
    found: list[InputScore] = []
    tickets = latest(account.signals.get(K.OPEN_HIGH_SEV_TICKETS), as_of)
    if tickets is not None:
        found.append(
            InputScore(
                "high_sev_tickets",
                tickets.value,
                _fmt(tickets.value),
                scoring.high_sev_tickets_score(tickets.value),
            )
        )
    recent = latest(account.signals.get(K.TICKETS_30D), as_of)
    average = latest(account.signals.get(K.TICKETS_MONTHLY_AVG_90D), as_of)
    if recent is not None and average is not None:
        ratio = scoring.ticket_volume_ratio(recent.value, average.value)
        shown = (
            "no tickets"
            if ratio == 0 and recent.value == 0
            else (f"{_fmt(recent.value)} vs {_fmt(average.value)} a month")
        )
        found.append(InputScore("ticket_volume", ratio, shown, scoring.ticket_volume_score(ratio)))
    return found


def growth_inputs(account: AccountFacts, as_of: dt.date) -> list[InputScore]:
    """Active-user change over ~90 days; an open expansion at stage qualified or later."""
    found: list[InputScore] = []
    readings = account.signals.get(K.ACTIVE_USERS) or ()
    last = latest(readings, as_of)
    if last is not None:
        target = last.date - dt.timedelta(days=GROWTH_LOOKBACK_DAYS)
        earlier = _nearest(readings, target, last.date)
        if earlier is not None:
            pct = scoring.user_growth_percent(earlier.value, last.value)
            found.append(
                InputScore(
                    "user_growth",
                    pct,
                    f"{signed(pct)}% ({_fmt(earlier.value)} → {_fmt(last.value)})",
                    scoring.user_growth_score(pct),
                )
            )
    open_ones = [e for e in account.expansions if e.stage in OPEN_EXPANSION_STAGES]
    if open_ones:
        found.append(
            InputScore(
                "expansion",
                float(len(open_ones)),
                f"{len(open_ones)} open at qualified or later",
                scoring.EXPANSION_OPEN_SCORE,
            )
        )
    return found


def component_inputs(
    account: AccountFacts, segment: Segment, as_of: dt.date, settings: BookSettings
) -> dict[Component, list[InputScore]]:
    """Every component's present sub-inputs as of ``as_of``."""
    return {
        Component.USAGE: usage_inputs(account, as_of),
        Component.ENGAGEMENT: engagement_inputs(account, segment, as_of, settings),
        Component.SENTIMENT: sentiment_inputs(account, as_of),
        Component.SUPPORT: support_inputs(account, as_of),
        Component.GROWTH: growth_inputs(account, as_of),
    }


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
