"""The account dossier: every field of an account plus the engine's verdict, for internal documents.

Internal documents may show everything (DOMAIN.md §8 allows it), so the dossier reads whole rows.
The engine's ``AccountResult`` (health with its explanation, renewal, alerts, artifact states)
comes from ``load_book`` + ``score_account`` for the one account, with its full health history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from csm_desk.engine.book import AccountResult, score_account
from csm_desk.engine.history import HealthDiff, trend_diff
from csm_desk.engine.timeline import TimelineEntry, brief_timeline
from csm_desk.export.text import day
from csm_desk.models import rowdata
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_facts
from csm_desk.models.tables import ACCOUNT_PARENTS
from csm_desk.models.timeline import timeline_facts
from csm_desk.models.validation import split_choices

Row = Mapping[str, Any]


@dataclass(frozen=True)
class AccountDossier:
    """One account, whole: its rows by table and what the engine made of them.

    Attributes:
        result: the engine's scoring of the account as of ``as_of``.
        rows: every row of the account, by table name (in a sensible reading order).
        approver_ids: the stakeholders whose approval the renewal needs.
        attendees: meeting id → stakeholder ids who attended.
        timeline: the last ``engine.timeline.BRIEF_DAYS`` days of the account's timeline,
            newest first.
    """

    as_of: dt.date
    owner: str
    currency: str
    account: Row
    result: AccountResult
    rows: Mapping[str, tuple[Row, ...]]
    approver_ids: tuple[int, ...]
    attendees: Mapping[int, tuple[int, ...]]
    timeline: tuple[TimelineEntry, ...] = ()

    def table(self, name: str) -> tuple[Row, ...]:
        """The account's rows of table ``name`` (none if it has none)."""
        return self.rows.get(name, ())

    def first(self, name: str) -> Row | None:
        """The account's first row of table ``name``, or None."""
        found = self.table(name)
        return found[0] if found else None

    @property
    def name(self) -> str:
        """The account's name."""
        return str(self.account["name"])

    def person(self, stakeholder_id: int | None) -> Row | None:
        """The stakeholder with ``stakeholder_id``, or None."""
        return next((p for p in self.table("stakeholder") if p["id"] == stakeholder_id), None)

    def roles(self, person: Row) -> list[str]:
        """The role values recorded for stakeholder ``person``."""
        return split_choices(person.get("roles"))


def why_changed(result: AccountResult) -> HealthDiff | None:
    """What made the 30-day trend (``engine.history.trend_diff``): from the snapshot the trend
    is measured from to the score as of the date, on the history as shown.
    """
    return trend_diff(result.history, result.as_of)


# Reading order of each table's rows in the dossier.
_ORDER: Mapping[str, tuple[str, ...]] = {
    "stakeholder": ("id",),
    "stakeholder_link": ("id",),
    "objective": ("position", "id"),
    "kpi": ("id",),
    "use_case": ("id",),
    "milestone": ("due", "id"),
    "commitment": ("side", "id"),
    "cadence_item": ("id",),
    "plan_item": ("horizon", "due", "id"),
    "meeting": ("date", "id"),
    "action_item": ("due", "id"),
    "risk": ("id",),
    "review": ("date", "id"),
    "renewal_plan": ("id",),
    "renewal_step": ("due", "id"),
    "renewal_cycle": ("renewal_date", "id"),
    "renewal_cycle_step": ("due", "id"),
    "arr_event": ("date", "id"),
    "value_item": ("date", "id"),
    "expansion": ("id",),
    "feedback": ("date", "id"),
    "signal_reading": ("key", "date", "id"),
    "health_override": ("date", "id"),
    "handoff": ("id",),
    "link": ("id",),
}


def _rows(conn: Connection, name: str, account_id: int) -> tuple[Row, ...]:
    tbl = rowdata.table(name)
    query = select(tbl).where(tbl.c.account_id == account_id)
    query = query.order_by(*(tbl.c[c] for c in _ORDER.get(name, ("id",))))
    return tuple(dict(r) for r in conn.execute(query).mappings())


def _children(conn: Connection, name: str, column: str, ids: Sequence[int]) -> tuple[Row, ...]:
    if not ids:
        return ()
    tbl = rowdata.table(name)
    query = select(tbl).where(tbl.c[column].in_(list(ids)))
    order = [c for c in ("due", "date", "id") if c in tbl.c]
    query = query.order_by(*(tbl.c[c] for c in order))
    return tuple(dict(r) for r in conn.execute(query).mappings())


def load_dossier(book: BookFile, account_id: int, as_of: dt.date) -> AccountDossier:
    """Read one account whole and score it as of ``as_of`` (as it was that day)."""
    with book.engine.connect() as conn:
        account_rows = _rows_by_id(conn, account_id)
        facts = load_facts(conn, [account_id], as_of=as_of, full_history=True)
        if not facts.accounts:
            raise LookupError(
                f"{account_rows['name']} had not started its contract by {day(as_of)}"
            )
        result = score_account(facts.accounts[0], facts.settings, as_of)
        rows = {name: _rows(conn, name, account_id) for name in _ORDER}
        # The rows that hang off another of the account's rows (a KPI's readings, a meeting's
        # attendees…), found through the parent each table's foreign keys name.
        children = {
            name: _children(conn, name, column, [int(r["id"]) for r in rows[parent]])
            for name, (parent, column) in ACCOUNT_PARENTS.items()
        }
        rows["renewal_next_step"] = children["renewal_next_step"]
        rows["kpi_reading"] = children["kpi_reading"]
        approvers = tuple(int(r["stakeholder_id"]) for r in children["renewal_approver"])
        attendees: dict[int, list[int]] = {}
        for r in children["meeting_attendee"]:
            attendees.setdefault(int(r["meeting_id"]), []).append(int(r["stakeholder_id"]))
        timeline = brief_timeline(timeline_facts(conn, account_id), as_of)
    return AccountDossier(
        as_of=as_of,
        owner=facts.owner,
        currency=facts.currency,
        account=account_rows,
        result=result,
        rows=rows,
        approver_ids=approvers,
        attendees={k: tuple(v) for k, v in attendees.items()},
        timeline=timeline,
    )


def _rows_by_id(conn: Connection, account_id: int) -> Row:
    found = rowdata.get_row(conn, "account", {"id": account_id})
    if found is None:
        raise LookupError(f"no account with id {account_id}")
    return found
