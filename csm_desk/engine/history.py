"""Health over time (DOMAIN.md §3.4): the history as it is shown, and its three figures.

Past snapshots are re-scored with the weights in force now (``health_history``), so a change
of weights is never a move. Each health-change figure has one definition here, and every
screen and document takes it from here:

- ``trend_30d``: score today − the latest snapshot on or before today − 30 days;
- ``health_drop``: the highest snapshot within the last 30 days minus today's score (the
  ``health_drop`` alert fires at 10 points or more: ``drop_fires``);
- ``chart_moves``: single moves between consecutive snapshots, each with its date and cause.

``diff`` names what moved the score between any two snapshots.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.health import INPUT_LABELS, Health, band_for, snapshot_of
from csm_desk.engine.settings import default_days, threshold_default
from csm_desk.engine.vocab import Component, in_sentence

TREND_DAYS = 30  # DOMAIN.md §3.4 names the figure "30-day trend": a definition, not a setting
DROP_DAYS = default_days("health_drop_days")
DROP_POINTS = threshold_default("health_drop_points")
# Scores are sums of weighted parts: a fall of exactly 10 may come out as 9.999999999999996,
# so a fall is compared rounded to this many decimals.
_DIGITS = 9
_COMPONENTS = {c.value: c for c in Component}


def signed_points(value: float) -> str:
    """A change in points with its sign, one decimal: +3.2, −12.3."""
    return f"{value:+.1f}".replace("-", "\u2212")


def short_day(day: dt.date, today: dt.date | None = None) -> str:
    """The day as "25 Oct", with the year when it is not ``today``'s year."""
    text = f"{day.day} {day:%b}"
    return text if today is None or today.year == day.year else f"{text} {day.year}"


@dataclass(frozen=True)
class InputMove:
    """One sub-input's score before and after (None where it did not exist)."""

    key: str
    before: float | None
    after: float | None

    @property
    def label(self) -> str:
        """The sub-input's name in words (its key when it has no label)."""
        return INPUT_LABELS.get(self.key, self.key)

    @property
    def delta(self) -> float:
        """How far the sub-input's score moved (a missing score counts as 0)."""
        return (self.after or 0.0) - (self.before or 0.0)


@dataclass(frozen=True)
class ComponentMove:
    """How much one component moved the score, in points of the total."""

    component: Component
    before: float | None
    after: float | None
    points: float  # change in contribution to the total score
    inputs: tuple[InputMove, ...]
    manual_before: bool
    manual_after: bool


@dataclass(frozen=True)
class HealthDiff:
    """Why the score changed between two snapshots, largest move first."""

    before: SnapshotFacts
    after: SnapshotFacts
    moves: tuple[ComponentMove, ...]

    @property
    def delta(self) -> float | None:
        """How far the score moved; None when either snapshot has no score."""
        if self.before.score is None or self.after.score is None:
            return None
        return self.after.score - self.before.score

    def causes(self, limit: int = 3) -> list[str]:
        """The components that drove the change, largest first, each with the inputs that
        moved it: "usage −9.3 (license utilisation 80 → 60)".
        """
        parts = []
        for move in self.moves[:limit]:
            if abs(move.points) < 0.05:
                continue
            causes = [_input_move(i) for i in move.inputs if abs(i.delta) >= 0.05]
            if move.manual_after and not move.manual_before:
                causes.insert(0, "set by hand")
            elif move.manual_before and not move.manual_after:
                causes.insert(0, "manual score removed")
            detail = f" ({'; '.join(causes[:2])})" if causes else ""
            parts.append(f"{move.component.phrase} {signed_points(move.points)}{detail}")
        return parts

    def summary(self, limit: int = 3) -> str:
        """One sentence: the change and the components that drove it, e.g.
        "Fell 12.3 points: engagement −8.0 (days since last contact 100 → 40); usage −4.3".
        """
        delta = self.delta
        if delta is None:
            if self.after.score is None:
                return "Became unscored: no health inputs remain"
            return f"First scored at {self.after.score:.1f}"
        if abs(delta) < 0.05:
            return "No change"
        verb = "Rose" if delta > 0 else "Fell"
        parts = self.causes(limit)
        return f"{verb} {abs(delta):.1f} points" + (": " + "; ".join(parts) if parts else "")


def _input_move(move: InputMove) -> str:
    """One sub-input's move in words: "license utilisation 80 → 60"; an input that was not
    measured before (or is no longer) says so instead of showing an empty value.
    """
    label = in_sentence(move.label)
    if move.before is None and move.after is not None:
        return f"{label} {move.after:.0f}, newly measured"
    if move.after is None and move.before is not None:
        return f"{label} no longer measured (was {move.before:.0f})"
    return f"{label} {move.before or 0:.0f} → {move.after or 0:.0f}"


def diff(before: SnapshotFacts, after: SnapshotFacts) -> HealthDiff:
    """Name what moved the score from ``before`` to ``after`` and by how many points.

    Each component's move is the change in its contribution to the total (so the moves add up to
    the score's change); within it, each sub-input's sub-score before and after.
    """
    moves: list[ComponentMove] = []
    for component in Component:
        key = component.value
        b_score = before.components.get(key)
        a_score = after.components.get(key)
        if b_score is None and a_score is None:
            continue
        points = after.contributions.get(key, 0.0) - before.contributions.get(key, 0.0)
        b_inputs = before.inputs.get(key, {})
        a_inputs = after.inputs.get(key, {})
        inputs = tuple(
            InputMove(k, b_inputs.get(k), a_inputs.get(k))
            for k in sorted(
                set(b_inputs) | set(a_inputs),
                key=lambda k: list(INPUT_LABELS).index(k) if k in INPUT_LABELS else 99,
            )
        )
        moves.append(
            ComponentMove(
                component,
                b_score,
                a_score,
                points,
                inputs,
                key in before.manual,
                key in after.manual,
            )
        )
    moves.sort(key=lambda m: -abs(m.points))
    return HealthDiff(before, after, tuple(moves))


def snapshot_on_or_before(snapshots: Sequence[SnapshotFacts], day: dt.date) -> SnapshotFacts | None:
    """The latest snapshot dated on or before ``day`` (snapshots sorted by date)."""
    found = None
    for snapshot in snapshots:
        if snapshot.date > day:
            break
        found = snapshot
    return found


def reweighted(snapshot: SnapshotFacts, weights: Mapping[Component, float]) -> SnapshotFacts:
    """A stored snapshot scored with ``weights``: its component scores re-applied, the weights
    of its present components scaled to 100 as when it was scored (DOMAIN.md §3.1, §3.4).

    A snapshot without stored components keeps its score. Example: components usage 80 and
    sentiment 50 under high-touch weights (30, 20) score (80 × 30 + 50 × 20) ÷ 50 = 68.0.
    """
    if not snapshot.components:
        return snapshot
    parts = [
        (key, score, weights.get(_COMPONENTS[key], 0.0))
        for key, score in snapshot.components.items()
        if key in _COMPONENTS
    ]
    total = sum(weight for _, _, weight in parts)
    if total <= 0:
        return snapshot._replace(score=None, band=band_for(None).value, contributions=_EMPTY)
    contributions = {key: score * weight / total for key, score, weight in parts}
    score = max(0.0, min(100.0, sum(contributions.values())))
    return snapshot._replace(
        score=score, band=band_for(score).value, contributions=MappingProxyType(contributions)
    )


_EMPTY: Mapping[str, float] = MappingProxyType({})


def health_history(
    snapshots: Sequence[SnapshotFacts], health: Health, weights: Mapping[Component, float]
) -> tuple[SnapshotFacts, ...]:
    """The account's health history as of ``health.as_of``, as every screen shows it: the
    snapshots dated before that day re-scored with ``weights`` (the account's weights now),
    then that day's own score. So a change of weights is never a move in health.
    """
    day = health.as_of
    past = tuple(reweighted(s, weights) for s in snapshots if s.date < day)
    return (*past, snapshot_of(health))


def _today(history: Sequence[SnapshotFacts], as_of: dt.date) -> float | None:
    last = history[-1] if history else None
    return last.score if last is not None and last.date == as_of else None


@dataclass(frozen=True)
class HealthTrend:
    """The 30-day trend: today's score against the latest snapshot on or before 30 days ago."""

    since: SnapshotFacts
    current: float

    @property
    def change(self) -> float:
        """Points gained (positive) or lost since the earlier snapshot."""
        return self.current - (self.since.score or 0.0)

    def words(self, today: dt.date | None = None) -> str:
        """The change and the day it is measured from: "−22.1 since 18 Oct"."""
        return f"{signed_points(self.change)} since {short_day(self.since.date, today)}"


def trend_30d(
    history: Sequence[SnapshotFacts], as_of: dt.date, days: int = TREND_DAYS
) -> HealthTrend | None:
    """Score as of ``as_of`` − the score of the latest snapshot dated on or before ``as_of``
    − 30 days (DOMAIN.md §3.4); None without such a snapshot or without a score either side.

    ``history`` is ``health_history``'s: sorted by date, ending with ``as_of``'s own score.
    Example: snapshots 76.25 on 18 Oct and 74.75 on 25 Oct, 54.17 on 22 Nov → −22.1 since
    18 Oct (25 Oct is 28 days back, too recent).
    """
    current = _today(history, as_of)
    if current is None:
        return None
    earlier = snapshot_on_or_before(history, as_of - dt.timedelta(days=days))
    if earlier is None or earlier.score is None:
        return None
    return HealthTrend(earlier, current)


@dataclass(frozen=True)
class HealthDrop:
    """How far the score fell from the highest snapshot of the drop window."""

    high: SnapshotFacts
    current: float

    @property
    def fall(self) -> float:
        """Points fallen from the window's highest score to the current one."""
        return (self.high.score or 0.0) - self.current

    def message(self, today: dt.date | None = None) -> str:
        """The alert's words: "Health fell 20.6 points from 74.8 on 25 Oct"."""
        return (
            f"Health fell {self.fall:.1f} points from {self.high.score or 0.0:.1f} "
            f"on {short_day(self.high.date, today)}"
        )


def health_drop(
    history: Sequence[SnapshotFacts], as_of: dt.date, days: int = DROP_DAYS
) -> HealthDrop | None:
    """The highest snapshot dated within the last ``days`` days (``as_of`` − days ≤ date ≤
    ``as_of``; the earliest of equal highs) against the score as of ``as_of``; None when
    nothing in the window was higher. Example: Northwind's 74.75 on 25 Oct against 54.17 today
    is a fall of 20.6.
    """
    current = _today(history, as_of)
    if current is None:
        return None
    start = as_of - dt.timedelta(days=days)
    high: SnapshotFacts | None = None
    for snapshot in history:
        if (
            start <= snapshot.date <= as_of
            and snapshot.score is not None
            and (high is None or snapshot.score > (high.score or 0.0))
        ):
            high = snapshot
    if high is None or (high.score or 0.0) <= current:
        return None
    return HealthDrop(high, current)


def drop_fires(drop: HealthDrop | None, points: float = DROP_POINTS) -> bool:
    """The ``health_drop`` alert fires on a fall of ``points`` (10) or more: 10.0 does,
    9.99 does not; a fall that misses 10 only by a rounding error of the sums does.

    >>> today = SnapshotFacts(dt.date(2026, 11, 22), 80.0, "stable", {}, {}, {})
    >>> [drop_fires(HealthDrop(today._replace(score=80.0 + f), 80.0)) for f in (9.99, 10.0)]
    [False, True]
    >>> drop_fires(HealthDrop(today._replace(score=9.999999999999996), 0.0))
    True
    """
    return drop is not None and round(drop.fall, _DIGITS) >= points


@dataclass(frozen=True)
class HealthMove:
    """One move between consecutive snapshots, as the chart annotates it."""

    change: HealthDiff
    today: dt.date | None = None

    @property
    def date(self) -> dt.date:
        """The day of the later snapshot, where the chart marks the move."""
        return self.change.after.date

    @property
    def delta(self) -> float:
        """How far the score moved (0 when either snapshot has no score)."""
        return self.change.delta or 0.0

    @property
    def cause(self) -> str:
        """What drove it: the component that moved most, with its inputs."""
        return "; ".join(self.change.causes(1)) or "no single input"

    @property
    def label(self) -> str:
        """The chart's words: "−12.3 on 22 Nov: usage −9.3 (license utilisation 80 → 60)"."""
        return f"{signed_points(self.delta)} on {short_day(self.date, self.today)}: {self.cause}"


def chart_moves(
    history: Sequence[SnapshotFacts], limit: int = 3, minimum: float = 5.0
) -> list[HealthMove]:
    """The ``limit`` largest single moves (≥ ``minimum`` points) between consecutive scored
    snapshots of a history, in date order, each with its date and cause.
    """
    scored = [s for s in history if s.score is not None]
    today = history[-1].date if history else None
    diffs = [diff(a, b) for a, b in itertools.pairwise(scored)]
    diffs = [d for d in diffs if d.delta is not None and abs(d.delta) >= minimum]
    diffs.sort(key=lambda d: -abs(d.delta or 0.0))
    return [HealthMove(d, today) for d in sorted(diffs[:limit], key=lambda d: d.after.date)]


def trend_diff(history: Sequence[SnapshotFacts], as_of: dt.date) -> HealthDiff | None:
    """Why the 30-day trend is what it is: ``diff`` from the snapshot it is measured from to
    the score as of ``as_of`` (None without a trend).
    """
    trend = trend_30d(history, as_of)
    if trend is None:
        return None
    return diff(trend.since, history[-1])
