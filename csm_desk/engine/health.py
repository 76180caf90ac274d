"""The health score (DOMAIN.md §3): inputs → components → weighted score → band → probability.

``score_health`` computes an account's health as of a date, from the sub-inputs of
``engine.health_inputs``, and returns a ``Health`` that explains itself: every component's
inputs with their values and sub-scores, its weight after renormalisation and its contribution
in points (the contributions add up to the score).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from csm_desk.engine.facts import AccountFacts, SnapshotFacts
from csm_desk.engine.health_inputs import INPUT_LABELS, INPUT_RULES, InputScore, component_inputs
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.vocab import Band, BandColour, Component, Segment

__all__ = [
    "BAND_COLOURS",
    "BAND_FLOORS",
    "INPUT_LABELS",
    "INPUT_RULES",
    "ComponentScore",
    "Health",
    "InputScore",
    "active_overrides",
    "band_for",
    "component_inputs",
    "default_probability",
    "score_health",
    "snapshot_of",
]

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
