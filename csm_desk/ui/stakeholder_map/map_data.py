"""What the map of one account shows, read from the account context: its people as engine facts
(with every contact date, meetings included), its lines, saved positions and coverage gaps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from csm_desk.engine.coverage import CoverageFinding, coverage_findings
from csm_desk.engine.facts import StakeholderFacts
from csm_desk.engine.maplayout import Point
from csm_desk.engine.vocab import Role
from csm_desk.models.validation import split_choices
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.stakeholder_map.lines import MapLink


@dataclass(frozen=True)
class MapData:
    """One account's map.

    Attributes:
        positions: each person's saved top-left corner, None when not saved.
        details: each person's row (for the card's tooltip and the edit dialog).
        quiet_days: people not contacted for longer than this get the mark.
    """

    people: tuple[StakeholderFacts, ...]
    links: tuple[MapLink, ...]
    positions: Mapping[int, Point | None]
    details: Mapping[int, Mapping[str, Any]]
    findings: tuple[CoverageFinding, ...]
    as_of: dt.date
    quiet_days: int


def person_from_row(
    row: Mapping[str, Any], contacts: tuple[dt.date, ...] | None
) -> StakeholderFacts:
    """A stakeholder row as engine facts; ``contacts`` are their contact dates as the engine
    knows them (None: only the row's last contact)."""
    roles = frozenset(Role(r) for r in split_choices(row.get("roles")) if r in Role.choices())
    if contacts is None:
        contacts = (row["last_contact"],) if row.get("last_contact") else ()
    return StakeholderFacts(
        id=int(row["id"]),
        name=str(row.get("name") or ""),
        title=row.get("title") or None,
        roles=roles,
        influence=row.get("influence"),
        relationship_strength=row.get("relationship_strength"),
        stance=row.get("stance") or None,
        departed=bool(row.get("departed")),
        departed_on=row.get("departed_on"),
        contact_dates=contacts,
    )


def map_data(ctx: AccountContext) -> MapData:
    """The map of ``ctx``'s account as it stands."""
    result = ctx.result
    known = {p.id: p for p in result.facts.stakeholders} if result is not None else {}
    rows = ctx.rows_of("stakeholder")
    people = tuple(
        person_from_row(row, known[row["id"]].contact_dates if row["id"] in known else None)
        for row in rows
    )
    positions: dict[int, Point | None] = {}
    for row in rows:
        x, y = row.get("canvas_x"), row.get("canvas_y")
        positions[int(row["id"])] = None if x is None or y is None else (float(x), float(y))
    links = tuple(
        MapLink(int(r["id"]), int(r["from_id"]), int(r["to_id"]), str(r["kind"]))
        for r in ctx.rows_of("stakeholder_link")
        if r.get("from_id") is not None and r.get("to_id") is not None
    )
    settings = ctx.session.settings
    findings: tuple[CoverageFinding, ...] = ()
    if result is not None and not result.churned:
        findings = tuple(
            coverage_findings(
                people,
                result.facts.risks,
                result.facts.renewal_plan,
                result.segment,
                ctx.as_of,
                settings,
            )
        )
    return MapData(
        people=people,
        links=links,
        positions=positions,
        details={int(r["id"]): r for r in rows},
        findings=findings,
        as_of=ctx.as_of,
        quiet_days=settings.days("not_contacted_days"),
    )
