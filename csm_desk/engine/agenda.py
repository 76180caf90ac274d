"""The book's dates for the CSM's own calendar: renewals and their checkpoints, business reviews,
action items and milestones falling due, and the next meetings of the cadence.

Each entry carries a UID made only from what it is (its kind, account and row, and for a renewal
the renewal date it belongs to), never from when it was exported, so exporting again gives the
same UIDs and a calendar that imports the file again updates its events instead of adding copies.
A follow-up whose date moves keeps its UID; a renewal that rolls forward is a new renewal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from csm_desk.engine.book import BookResult
from csm_desk.engine.discipline import qbr_cadence_days
from csm_desk.engine.followups import FollowUpKind, WorkRow, follow_ups
from csm_desk.engine.vocab import Artifact

# How far ahead the calendar reaches by default.
DEFAULT_DAYS = 120
# The renewal checkpoints, in days before the renewal date (DOMAIN.md §4's phase edges).
CHECKPOINTS = (120, 90, 60, 30)
UID_DOMAIN = "csm-desk"

# The follow-ups that belong in a calendar: what was agreed with the customer and when we meet.
_CALENDAR_KINDS = {
    FollowUpKind.ACTION_ITEM: "Action item",
    FollowUpKind.MILESTONE: "Milestone",
    FollowUpKind.CADENCE: "Meeting",
    FollowUpKind.NEXT_MEETING: "Meeting",
}


class CalendarEntry(NamedTuple):
    """One all-day event: ``summary`` starts with the account's name."""

    uid: str
    day: dt.date
    summary: str
    description: str
    account_id: int
    category: str


def _uid(book_key: str, *parts: object) -> str:
    """A UID naming the entry's kind and rows and the book it comes from (``book_key``), so
    the same entry keeps its UID from one export to the next and two books never share one.
    """
    where = f"{book_key}.{UID_DOMAIN}" if book_key else UID_DOMAIN
    return "-".join(str(p) for p in parts) + f"@{where}"


def calendar_entries(
    book: BookResult, rows: Iterable[WorkRow], days: int = DEFAULT_DAYS, *, book_key: str = ""
) -> list[CalendarEntry]:
    """Every entry dated from ``book.as_of`` to ``days`` after it, in date order.

    Per active account: its renewal date and the T-120/90/60/30 checkpoints before it; the next
    business review (a planned review's own date, else the last delivered review — or the
    contract start — plus the segment's review cadence, when the segment requires reviews);
    and from ``rows`` the open action items and milestones due (either side's) and the next
    meetings of the cadence and the one agreed at the latest meeting. ``book_key`` names the
    book in every UID (``BookFile.lineage``).
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    today = book.as_of
    last = today + dt.timedelta(days=days)
    entries: list[CalendarEntry] = []
    active = {a.facts.id: a for a in book.accounts if not a.churned}
    for account in active.values():
        facts = account.facts
        name = facts.name
        renewal = facts.renewal_date
        if renewal is not None:
            entries.append(
                CalendarEntry(
                    _uid(book_key, "renewal", facts.id, renewal.isoformat()),
                    renewal,
                    f"{name}: Renewal date",
                    f"{name} renews today (ARR {facts.arr:,.0f} {book.currency}).",
                    facts.id,
                    "Renewal",
                )
            )
            for before in CHECKPOINTS:
                entries.append(
                    CalendarEntry(
                        _uid(book_key, "renewal", facts.id, renewal.isoformat(), f"t{before}"),
                        renewal - dt.timedelta(days=before),
                        f"{name}: Renewal T-{before}",
                        f"{before} days to {name}'s renewal on {renewal.isoformat()}.",
                        facts.id,
                        "Renewal",
                    )
                )
        planned = sorted(
            (r for r in facts.reviews if r.status != "delivered" and r.date >= today),
            key=lambda r: (r.date, r.id),
        )
        for review in planned:
            label = review.kind.upper()
            entries.append(
                CalendarEntry(
                    _uid(book_key, "review", review.id),
                    review.date,
                    f"{name}: {label}",
                    f"The {label} planned with {name}.",
                    facts.id,
                    "Business review",
                )
            )
        if not planned and account.artifacts[Artifact.QBR].mandatory:
            cadence = qbr_cadence_days(account.segment, book.settings)
            delivered = [r.date for r in facts.reviews if r.status == "delivered"]
            since = max(delivered) if delivered else facts.contract_start
            if since is not None:
                due = since + dt.timedelta(days=cadence)
                entries.append(
                    CalendarEntry(
                        _uid(book_key, "review-due", facts.id),
                        max(due, today),
                        f"{name}: QBR/EBR " + ("overdue" if due < today else "due"),
                        f"A business review is due every {cadence} days "
                        f"(last {since.isoformat()}).",
                        facts.id,
                        "Business review",
                    )
                )
    listed = follow_ups(rows, today, days)
    for item in listed.ours() + listed.waiting:
        kind_label = _CALENDAR_KINDS.get(item.kind)
        if kind_label is None or item.account_id not in active or item.due < today:
            continue
        owner = f" ({item.owner})" if item.owner else ""
        waiting = " Waiting on the customer." if item.customer_owned else ""
        entries.append(
            CalendarEntry(
                _uid(book_key, item.kind.value.replace("_", "-"), item.row_id),
                item.due,
                f"{item.account_name}: {kind_label} — {item.text}",
                f"{item.kind.label}{owner}.{waiting}",
                item.account_id,
                kind_label,
            )
        )
    shown = [e for e in entries if today <= e.day <= last]
    return sorted(shown, key=entry_order)


def entry_order(entry: CalendarEntry) -> tuple[dt.date, str, str]:
    """Where an entry comes in a calendar: by day, then summary, then its unique id."""
    return (entry.day, entry.summary.casefold(), entry.uid)
