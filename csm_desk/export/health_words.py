"""Health as the internal documents say it, in one wording: the account brief and the hand-over
brief both write "54.2 · At risk (−22.1 since 18 Oct)" and "Fell 22.1 points: … (since 18 Oct
2026)." from these functions.
"""

from __future__ import annotations

from csm_desk.engine.book import AccountResult
from csm_desk.engine.vocab import Band
from csm_desk.export.common import BAD, GOOD, MUTED, WARN
from csm_desk.export.compose import Span
from csm_desk.export.internal_view import why_changed
from csm_desk.export.text import day

BAND_COLOURS = {
    Band.HEALTHY: GOOD,
    Band.STABLE: GOOD,
    Band.AT_RISK: WARN,
    Band.CRITICAL: BAD,
    Band.EMERGENCY: BAD,
    Band.UNSCORED: MUTED,
}


def health_line(result: AccountResult) -> list[str | Span]:
    """The score, its band and the 30-day trend: "54.2 · At risk (−22.1 since 18 Oct)"."""
    health = result.health
    colour = BAND_COLOURS[health.band]
    spans: list[str | Span] = [
        Span(health.shown_score(), bold=True, colour=colour),
        Span(f" · {health.band.label}", colour=colour),
    ]
    if result.trend is not None:
        spans.append(Span(f" ({result.trend.words(result.as_of)})", colour=MUTED))
    return spans


def health_change(result: AccountResult) -> str | None:
    """What moved the score over the trend, and since when: "Fell 22.1 points: usage −9.3 (…)
    (since 18 Oct 2026)."; None without a trend.
    """
    why = why_changed(result)
    if why is None:
        return None
    return f"{why.summary()} (since {day(why.before.date)})."


def health_callout(result: AccountResult) -> list[str | Span]:
    """The health score and band and, on the next line, what moved it.

    "Health 54.2 · At risk (…)".
    """
    spans: list[str | Span] = [Span("Health ", bold=True), *health_line(result)]
    change = health_change(result)
    if change is not None:
        spans.append(Span(f"\n{change}"))
    return spans
