"""Segments (DOMAIN.md §5): by ARR, pinned, multi-factor, and the temporary high-touch upgrade."""

from __future__ import annotations

from csm_desk.engine.facts import AccountFacts
from csm_desk.engine.settings import BookSettings, SegmentationMode
from csm_desk.engine.vocab import Band, Segment

# Multi-factor weights (DOMAIN.md §5): ARR tier, complexity, growth potential, strategic value.
FACTOR_WEIGHTS = (0.40, 0.25, 0.20, 0.15)
MULTI_FACTOR_HIGH = 2.5
MULTI_FACTOR_LOW = 1.75


def arr_segment(arr: float, settings: BookSettings | None = None) -> Segment:
    """Default segment by ARR: tech touch < 15,000 ≤ low touch < 100,000 ≤ high touch.

    >>> arr_segment(14_999.99), arr_segment(15_000), arr_segment(100_000)
    (<Segment.TECH_TOUCH: 'tech_touch'>, <Segment.LOW_TOUCH: 'low_touch'>, \
<Segment.HIGH_TOUCH: 'high_touch'>)
    """
    settings = settings or BookSettings()
    if arr >= settings.threshold("high_touch_min_arr"):
        return Segment.HIGH_TOUCH
    if arr >= settings.threshold("low_touch_min_arr"):
        return Segment.LOW_TOUCH
    return Segment.TECH_TOUCH


def arr_tier(arr: float, settings: BookSettings | None = None) -> int:
    """The ARR tier used by multi-factor segmentation: 1 tech, 2 low, 3 high."""
    return {Segment.TECH_TOUCH: 1, Segment.LOW_TOUCH: 2, Segment.HIGH_TOUCH: 3}[
        arr_segment(arr, settings)
    ]


def multi_factor_score(tier: int, complexity: int, growth: int, strategic: int) -> float:
    """0.40 × ARR tier + 0.25 × complexity + 0.20 × growth potential + 0.15 × strategic value.

    >>> round(multi_factor_score(3, 2, 2, 3), 2)
    2.55
    """
    w_tier, w_complexity, w_growth, w_strategic = FACTOR_WEIGHTS
    return w_tier * tier + w_complexity * complexity + w_growth * growth + w_strategic * strategic


def multi_factor_segment(score: float) -> Segment:
    """≥ 2.5 high touch, ≥ 1.75 low touch, else tech touch."""
    if score >= MULTI_FACTOR_HIGH:
        return Segment.HIGH_TOUCH
    if score >= MULTI_FACTOR_LOW:
        return Segment.LOW_TOUCH
    return Segment.TECH_TOUCH


def computed_segment(
    arr: float,
    settings: BookSettings,
    complexity: int | None = None,
    growth_potential: int | None = None,
    strategic_value: int | None = None,
) -> Segment:
    """The segment an unpinned account gets: by ARR, or multi-factor when the book uses it and
    all three factors are known (otherwise by ARR).
    """
    factors = (complexity, growth_potential, strategic_value)
    if settings.segmentation == SegmentationMode.MULTI_FACTOR and all(
        f is not None for f in factors
    ):
        c, g, s = (int(f) for f in factors if f is not None)
        return multi_factor_segment(multi_factor_score(arr_tier(arr, settings), c, g, s))
    return arr_segment(arr, settings)


def base_segment(account: AccountFacts, settings: BookSettings) -> Segment:
    """The account's segment: the pinned one if pinned, else ``computed_segment``."""
    if account.segment_pinned and account.segment in Segment.choices():
        return Segment(account.segment)
    return computed_segment(
        account.arr,
        settings,
        account.complexity,
        account.growth_potential,
        account.strategic_value,
    )


def shown_segment(base: Segment, band: Band) -> tuple[Segment, bool]:
    """The segment to show: a red account (critical or emergency) is temporarily high touch.

    Returns ``(segment, upgraded)``.
    """
    if band in (Band.CRITICAL, Band.EMERGENCY) and base is not Segment.HIGH_TOUCH:
        return Segment.HIGH_TOUCH, True
    return base, False
