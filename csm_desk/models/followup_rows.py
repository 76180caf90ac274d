"""Reading the rows behind "My follow-ups", and the ops that work them in place.

``read_work_rows`` gives the engine (``engine.followups``) every dated row that may be a
follow-up, one query per table. ``mark_done``, ``set_due`` and ``snooze`` build the one op each
edit is: a ``SetFields`` on the row the follow-up comes from, so it runs through the writer and
is one undo step like any other edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Connection

from csm_desk.engine.followups import FollowUp, FollowUpKind, WorkRow
from csm_desk.engine.vocab import Area
from csm_desk.models import rowdata
from csm_desk.models.ops import SetFields


class Source(NamedTuple):
    """Where a kind of follow-up lives: its table, text, owner, side, date and status columns,
    the values that mark it done (None: it cannot be marked done here) and the account area
    that shows it.
    """

    table: str
    text: str
    owner: str | None
    side: str | None
    due: str
    status: str | None
    done: dict[str, Any] | None
    area: Area


SOURCES: dict[FollowUpKind, Source] = {
    FollowUpKind.ACTION_ITEM: Source(
        "action_item",
        "text",
        "owner",
        "side",
        "due",
        "status",
        {"status": "done", "completed_on": None},
        Area.MEETINGS,
    ),
    FollowUpKind.MILESTONE: Source(
        "milestone",
        "title",
        "owner_name",
        "owner_side",
        "due",
        "status",
        {"status": "complete", "completed_on": None},
        Area.SUCCESS_PLAN,
    ),
    FollowUpKind.RENEWAL_STEP: Source(
        "renewal_step", "action", "owner", None, "due", "status", {"status": "done"}, Area.RENEWAL
    ),
    FollowUpKind.RISK_REASSESSMENT: Source(
        "risk", "statement", "owner", None, "reassess_on", "status", None, Area.RISKS
    ),
    FollowUpKind.CADENCE: Source(
        "cadence_item", "touchpoint", "owner", None, "next_date", None, None, Area.CADENCE
    ),
    FollowUpKind.NEXT_MEETING: Source(
        "meeting", "title", None, None, "next_meeting", None, None, Area.MEETINGS
    ),
}

# Onboarding milestones live on the onboarding tab, the others on the success plan.
_ONBOARDING = "onboarding"


def area_of(item: FollowUp, phase: str | None = None) -> Area:
    """The account area that shows ``item``'s row."""
    if item.kind is FollowUpKind.MILESTONE and phase == _ONBOARDING:
        return Area.ONBOARDING
    return SOURCES[item.kind].area


def _churned(conn: Connection) -> set[int]:
    """Accounts whose latest closed renewal was a churn: nothing is followed up on them."""
    cycle = rowdata.table("renewal_cycle")
    latest: dict[int, tuple[Any, int, str]] = {}
    for account_id, day, row_id, outcome in conn.execute(
        select(cycle.c.account_id, cycle.c.renewal_date, cycle.c.id, cycle.c.outcome)
    ):
        key = (str(day), int(row_id), str(outcome))
        if account_id is not None and (account_id not in latest or key > latest[account_id]):
            latest[account_id] = key
    return {a for a, (_, _, outcome) in latest.items() if outcome == "churned"}


def read_work_rows(conn: Connection) -> list[WorkRow]:
    """Every row of the book that may be a follow-up (open or not; the engine decides)."""
    account = rowdata.table("account")
    names = {int(i): str(n) for i, n in conn.execute(select(account.c.id, account.c.name))}
    skip = _churned(conn)
    return [r for r in _rows(conn, names) if r.account_id not in skip]


def _rows(conn: Connection, names: dict[int, str]) -> Iterator[WorkRow]:
    for kind, source in SOURCES.items():
        tbl = rowdata.table(source.table)
        names_read = ["id", "account_id", source.text, source.due]
        names_read += [c for c in (source.owner, source.side, source.status) if c]
        if kind is FollowUpKind.NEXT_MEETING:
            names_read += ["date", "type"]
        chosen = [tbl.c[c] for c in names_read]
        for found in conn.execute(select(*chosen).where(tbl.c[source.due].is_not(None))):
            values = iter(found)
            row_id, account_id, text, due = (next(values) for _ in range(4))
            owner = next(values) if source.owner else None
            side = next(values) if source.side else None
            status = next(values) if source.status else "open"
            held_on = next(values) if kind is FollowUpKind.NEXT_MEETING else None
            if kind is FollowUpKind.NEXT_MEETING:
                meeting_type = str(next(values)).replace("_", " ")
                text = f"Next meeting after the {text or meeting_type} of {held_on}"
            if account_id is None or account_id not in names:
                continue
            yield WorkRow(
                kind,
                int(row_id),
                int(account_id),
                names[account_id],
                str(text or ""),
                owner,
                side,
                _date(due),
                str(status),
                _date(held_on),
            )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def can_mark_done(item: FollowUp) -> bool:
    """Whether the follow-up closes by being marked done (a risk is reassessed, and a meeting
    held, in the account itself).
    """
    return SOURCES[item.kind].done is not None


def mark_done(item: FollowUp, today: dt.date) -> SetFields:
    """The op that marks ``item`` done today."""
    source = SOURCES[item.kind]
    if source.done is None:
        raise ValueError(f"a {item.kind.label.lower()} is not marked done from the list")
    values = {k: (today if k == "completed_on" else v) for k, v in source.done.items()}
    return SetFields(source.table, {"id": item.row_id}, values, f"Mark done: {_short(item)}")


def set_due(item: FollowUp, due: dt.date) -> SetFields:
    """The op that moves ``item``'s date to ``due``."""
    source = SOURCES[item.kind]
    return SetFields(
        source.table, {"id": item.row_id}, {source.due: due}, f"Change date: {_short(item)}"
    )


def snooze(item: FollowUp, today: dt.date, days: int = 7) -> SetFields:
    """The op that puts ``item`` off until ``days`` after today (or after its date, when that is
    later: snoozing never brings a date closer).
    """
    until = max(today, item.due) + dt.timedelta(days=days)
    op = set_due(item, until)
    op.label = f"Snooze: {_short(item)}"
    return op


def _short(item: FollowUp) -> str:
    text = item.text if len(item.text) <= 40 else item.text[:39] + "…"
    return f"{item.account_name} — {text}"
