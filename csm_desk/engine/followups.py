"""My follow-ups: every dated thing the CSM's side owes across the book, grouped by when it is due.

The rule (issue 15): open action items owned by our side, open milestones owned by our side,
open renewal checklist steps, reassessments of open risks, the next meeting of each cadence
touchpoint and the next meeting agreed at each account's latest meeting. Each is grouped by its
due date against today: **Overdue** (before today), **Today**, **This week** (the next 7 days)
and **Later** (up to ``days`` ahead). Items owned by the customer (an action item or milestone
whose side is the customer's) are listed apart, as "waiting on the customer", in date order.
Undated items are not listed: a follow-up without a date cannot fall due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

# How far ahead the Later group reaches by default.
DEFAULT_DAYS = 30
# The This week group: due in the next this many days.
WEEK_DAYS = 7


class FollowUpKind(StrEnum):
    """Which artifact a follow-up comes from."""

    ACTION_ITEM = "action_item"
    MILESTONE = "milestone"
    RENEWAL_STEP = "renewal_step"
    RISK_REASSESSMENT = "risk_reassessment"
    CADENCE = "cadence"
    NEXT_MEETING = "next_meeting"

    @property
    def label(self) -> str:
        """The kind in words, as the follow-up list shows it."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    FollowUpKind.ACTION_ITEM: "Action item",
    FollowUpKind.MILESTONE: "Milestone",
    FollowUpKind.RENEWAL_STEP: "Renewal step",
    FollowUpKind.RISK_REASSESSMENT: "Risk reassessment",
    FollowUpKind.CADENCE: "Cadence meeting",
    FollowUpKind.NEXT_MEETING: "Next meeting",
}

# The statuses in which an item of each kind is closed (nothing more to follow up).
_CLOSED: dict[FollowUpKind, frozenset[str]] = {
    FollowUpKind.ACTION_ITEM: frozenset({"done", "cancelled"}),
    FollowUpKind.MILESTONE: frozenset({"complete"}),
    FollowUpKind.RENEWAL_STEP: frozenset({"done", "skipped"}),
    FollowUpKind.RISK_REASSESSMENT: frozenset({"closed"}),
    FollowUpKind.CADENCE: frozenset(),
    FollowUpKind.NEXT_MEETING: frozenset(),
}


class FollowUpGroup(StrEnum):
    """When a follow-up falls due, relative to today."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"

    @property
    def label(self) -> str:
        """The group's heading (Overdue, Today, This week, Later)."""
        return {"overdue": "Overdue", "today": "Today", "this_week": "This week"}.get(
            self.value, "Later"
        )


class WorkRow(NamedTuple):
    """One dated row of the book that may be a follow-up, as read from the file.

    ``side`` is "vendor", "customer" or None (unassigned counts as ours); ``held_on`` is, for a
    next meeting, the date of the meeting that agreed it (only the account's latest counts).
    """

    kind: FollowUpKind
    row_id: int
    account_id: int
    account_name: str
    text: str
    owner: str | None
    side: str | None
    due: dt.date | None
    status: str
    held_on: dt.date | None = None


class FollowUp(NamedTuple):
    """One follow-up: the artifact it comes from, the account, what to do, by when."""

    kind: FollowUpKind
    row_id: int
    account_id: int
    account_name: str
    text: str
    owner: str | None
    due: dt.date
    group: FollowUpGroup
    customer_owned: bool


@dataclass(frozen=True)
class FollowUps:
    """The follow-up list as of ``today``: ours by group, then the customer's."""

    today: dt.date
    days: int
    overdue: tuple[FollowUp, ...] = ()
    due_today: tuple[FollowUp, ...] = ()
    this_week: tuple[FollowUp, ...] = ()
    later: tuple[FollowUp, ...] = ()
    waiting: tuple[FollowUp, ...] = ()

    def groups(self) -> tuple[tuple[FollowUpGroup, tuple[FollowUp, ...]], ...]:
        """Our follow-ups, group by group, in the order they are worked."""
        return (
            (FollowUpGroup.OVERDUE, self.overdue),
            (FollowUpGroup.TODAY, self.due_today),
            (FollowUpGroup.THIS_WEEK, self.this_week),
            (FollowUpGroup.LATER, self.later),
        )

    def ours(self) -> tuple[FollowUp, ...]:
        """Every follow-up, overdue first, then today's, this week's and later ones."""
        return self.overdue + self.due_today + self.this_week + self.later


def group_of(due: dt.date, today: dt.date) -> FollowUpGroup:
    """Overdue before today; Today; This week for the next 7 days; Later after that.

    >>> t = dt.date(2026, 11, 22)
    >>> [group_of(t + dt.timedelta(days=d), t).value for d in (-1, 0, 1, 7, 8)]
    ['overdue', 'today', 'this_week', 'this_week', 'later']
    """
    days = (due - today).days
    if days < 0:
        return FollowUpGroup.OVERDUE
    if days == 0:
        return FollowUpGroup.TODAY
    if days <= WEEK_DAYS:
        return FollowUpGroup.THIS_WEEK
    return FollowUpGroup.LATER


def is_open(row: WorkRow) -> bool:
    """Whether the row still asks for something (not done, complete, skipped or closed)."""
    return row.status not in _CLOSED[row.kind]


def latest_next_meetings(rows: Iterable[WorkRow]) -> set[tuple[int, int]]:
    """The (account, meeting) of each account's latest meeting, the only one whose agreed next
    meeting is still to come (a later meeting replaces what an earlier one agreed).
    """
    latest: dict[int, WorkRow] = {}
    for row in rows:
        if row.kind is not FollowUpKind.NEXT_MEETING or row.held_on is None:
            continue
        held = latest.get(row.account_id)
        if held is None or (row.held_on, row.row_id) > (held.held_on or row.held_on, held.row_id):
            latest[row.account_id] = row
    return {(r.account_id, r.row_id) for r in latest.values()}


def follow_ups(rows: Iterable[WorkRow], today: dt.date, days: int = DEFAULT_DAYS) -> FollowUps:
    """The follow-ups among ``rows`` as of ``today``, looking ``days`` ahead.

    Every overdue item is listed however old; items due later than ``today + days`` are not.
    Within a group, items are in date order, then by account and artifact.
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    rows = list(rows)
    latest = latest_next_meetings(rows)
    horizon = today + dt.timedelta(days=days)
    ours: dict[FollowUpGroup, list[FollowUp]] = {g: [] for g in FollowUpGroup}
    waiting: list[FollowUp] = []
    for row in rows:
        if row.due is None or row.due > horizon or not is_open(row):
            continue
        if row.kind is FollowUpKind.NEXT_MEETING and (row.account_id, row.row_id) not in latest:
            continue
        customer = row.side == "customer"
        item = FollowUp(
            row.kind,
            row.row_id,
            row.account_id,
            row.account_name,
            row.text,
            row.owner,
            row.due,
            group_of(row.due, today),
            customer,
        )
        (waiting if customer else ours[item.group]).append(item)
    ordered = {g: tuple(sorted(items, key=_order)) for g, items in ours.items()}
    return FollowUps(
        today,
        days,
        ordered[FollowUpGroup.OVERDUE],
        ordered[FollowUpGroup.TODAY],
        ordered[FollowUpGroup.THIS_WEEK],
        ordered[FollowUpGroup.LATER],
        tuple(sorted(waiting, key=_order)),
    )


def _order(item: FollowUp) -> tuple[dt.date, str, int, int]:
    kinds = list(FollowUpKind)
    return (item.due, item.account_name.casefold(), kinds.index(item.kind), item.row_id)


def follow_ups_json(result: FollowUps) -> dict[str, object]:
    """The list as plain JSON values (``csm-desk todo --json``)."""

    def one(item: FollowUp) -> dict[str, object]:
        return {
            "kind": item.kind.value,
            "id": item.row_id,
            "account_id": item.account_id,
            "account": item.account_name,
            "text": item.text,
            "owner": item.owner,
            "due": item.due.isoformat(),
            "days_from_today": (item.due - result.today).days,
        }

    return {
        "as_of": result.today.isoformat(),
        "days": result.days,
        "groups": {group.value: [one(i) for i in items] for group, items in result.groups()},
        "waiting_on_customer": [one(i) for i in result.waiting],
    }
