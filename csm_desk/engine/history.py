"""Health over time (DOMAIN.md §3.4): what moved the score between two snapshots, and trends."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.health import INPUT_LABELS
from csm_desk.engine.vocab import Component, in_sentence


@dataclass(frozen=True)
class InputMove:
    """One sub-input's score before and after (None where it did not exist)."""

    key: str
    before: float | None
    after: float | None

    @property
    def label(self) -> str:
        return INPUT_LABELS.get(self.key, self.key)

    @property
    def delta(self) -> float:
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
        if self.before.score is None or self.after.score is None:
            return None
        return self.after.score - self.before.score

    def summary(self, limit: int = 3) -> str:
        """One sentence: the change and the components that drove it, e.g.
        "Fell 12.3 points: engagement −8.0 (days since last contact 100 → 40); usage −4.3"."""
        delta = self.delta
        if delta is None:
            if self.after.score is None:
                return "Became unscored: no health inputs remain"
            return f"First scored at {self.after.score:.1f}"
        if abs(delta) < 0.05:
            return "No change"
        verb = "Rose" if delta > 0 else "Fell"
        parts = []
        for move in self.moves[:limit]:
            if abs(move.points) < 0.05:
                continue
            causes = [
                f"{in_sentence(i.label)} {_show(i.before)} → {_show(i.after)}"
                for i in move.inputs
                if abs(i.delta) >= 0.05
            ]
            if move.manual_after and not move.manual_before:
                causes.insert(0, "set by hand")
            elif move.manual_before and not move.manual_after:
                causes.insert(0, "manual score removed")
            detail = f" ({'; '.join(causes[:2])})" if causes else ""
            parts.append(f"{move.component.phrase} {move.points:+.1f}{detail}")
        return f"{verb} {abs(delta):.1f} points" + (": " + "; ".join(parts) if parts else "")


def _show(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


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


def trend(
    snapshots: Sequence[SnapshotFacts], current: float | None, as_of: dt.date, days: int = 30
) -> float | None:
    """Score now minus the score ``days`` ago (the latest snapshot on or before then)."""
    if current is None:
        return None
    earlier = snapshot_on_or_before(snapshots, as_of - dt.timedelta(days=days))
    if earlier is None or earlier.score is None:
        return None
    return current - earlier.score


def largest_drop(
    snapshots: Sequence[SnapshotFacts], current: float | None, as_of: dt.date, days: int
) -> tuple[float, SnapshotFacts] | None:
    """The biggest fall from any score within the last ``days`` days to ``current``.

    Returns ``(points fallen, the snapshot it fell from)``, or None when nothing was higher.
    """
    if current is None:
        return None
    start = as_of - dt.timedelta(days=days)
    best: tuple[float, SnapshotFacts] | None = None
    for snapshot in snapshots:
        if snapshot.date < start or snapshot.date > as_of or snapshot.score is None:
            continue
        fall = snapshot.score - current
        if fall > 0 and (best is None or fall > best[0]):
            best = (fall, snapshot)
    return best


def largest_moves(
    snapshots: Sequence[SnapshotFacts], limit: int = 3, minimum: float = 5.0
) -> list[HealthDiff]:
    """The biggest day-to-day changes in a history, each explained (for chart annotations)."""
    scored = [s for s in snapshots if s.score is not None]
    diffs = [diff(a, b) for a, b in itertools.pairwise(scored)]
    diffs = [d for d in diffs if d.delta is not None and abs(d.delta) >= minimum]
    diffs.sort(key=lambda d: -abs(d.delta or 0.0))
    return sorted(diffs[:limit], key=lambda d: d.after.date)
