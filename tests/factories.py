"""Small builders of engine facts for tests (plain values, no book file)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Any

from csm_desk.engine.facts import (
    AccountFacts,
    MilestoneFacts,
    Reading,
    SnapshotFacts,
    StakeholderFacts,
)
from csm_desk.engine.vocab import Role, SignalKey

AS_OF = dt.date(2026, 11, 22)


def days_ago(n: int, as_of: dt.date = AS_OF) -> dt.date:
    return as_of - dt.timedelta(days=n)


def signals(as_of: dt.date = AS_OF, **series: Any) -> MappingProxyType:
    """``signals(nps=9, active_users=[(100, 40), (0, 50)])``: a value means a reading today;
    a list holds (days ago, value) pairs."""
    out: dict[SignalKey, tuple[Reading, ...]] = {}
    for key, value in series.items():
        pairs = value if isinstance(value, list) else [(0, value)]
        out[SignalKey(key)] = tuple(
            sorted((Reading(days_ago(d, as_of), float(v)) for d, v in pairs), key=lambda r: r.date)
        )
    return MappingProxyType(out)


def person(
    pid: int,
    *roles: str,
    contact: int | None = 5,
    departed: int | None = None,
    name: str | None = None,
    influence: int | None = 3,
    strength: int | None = 3,
    as_of: dt.date = AS_OF,
) -> StakeholderFacts:
    """A stakeholder last contacted ``contact`` days ago (None: never), optionally departed."""
    return StakeholderFacts(
        id=pid,
        name=name or f"Person {pid}",
        title=None,
        roles=frozenset(Role(r) for r in roles),
        influence=influence,
        relationship_strength=strength,
        stance="supporter",
        departed=departed is not None,
        departed_on=None if departed is None else days_ago(departed, as_of),
        contact_dates=() if contact is None else (days_ago(contact, as_of),),
    )


def milestone(
    mid: int,
    *,
    due: int | None = -10,
    status: str = "not_started",
    phase: str = "onboarding",
    side: str | None = "vendor",
    first_value: bool = False,
    go_live: bool = False,
    completed: int | None = None,
    as_of: dt.date = AS_OF,
) -> MilestoneFacts:
    """A milestone due ``due`` days from now (negative: in the past)."""
    return MilestoneFacts(
        mid,
        phase,
        f"Milestone {mid}",
        side,
        "Owner",
        None if due is None else as_of + dt.timedelta(days=due),
        status,
        first_value,
        go_live,
        None if completed is None else days_ago(completed, as_of),
    )


def snapshot(
    days: int, score: float | None, as_of: dt.date = AS_OF, **components: float
) -> SnapshotFacts:
    return SnapshotFacts(
        days_ago(days, as_of),
        score,
        "stable",
        MappingProxyType(dict(components)),
        MappingProxyType(dict(components)),
        MappingProxyType({}),
    )


def account(**values: Any) -> AccountFacts:
    values.setdefault("id", 1)
    values.setdefault("name", "Acme")
    return AccountFacts(**values)
