"""My follow-ups: the rule on hand-made rows, and the list on the demo book against the due
items counted by hand from its rows (TODAY = 2026-11-22)."""

from __future__ import annotations

import datetime as dt

import pytest

from csm_desk.engine.followups import (
    FollowUpGroup,
    FollowUpKind,
    WorkRow,
    follow_ups,
    follow_ups_json,
    group_of,
)
from csm_desk.models.bookfile import BookFile
from csm_desk.models.followup_rows import read_work_rows

T = dt.date(2026, 11, 22)
K = FollowUpKind


def row(
    kind: FollowUpKind,
    due: int | None,
    *,
    row_id: int = 1,
    side: str | None = "vendor",
    status: str = "open",
    held: int | None = None,
    account: int = 1,
) -> WorkRow:
    day = None if due is None else T + dt.timedelta(days=due)
    held_on = None if held is None else T + dt.timedelta(days=held)
    return WorkRow(
        kind, row_id, account, f"Acct {account}", "text", "Alex", side, day, status, held_on
    )


def test_groups_at_their_edges() -> None:
    assert group_of(T - dt.timedelta(days=1), T) is FollowUpGroup.OVERDUE
    assert group_of(T, T) is FollowUpGroup.TODAY
    assert group_of(T + dt.timedelta(days=7), T) is FollowUpGroup.THIS_WEEK
    assert group_of(T + dt.timedelta(days=8), T) is FollowUpGroup.LATER


def test_closed_undated_and_distant_items_are_left_out() -> None:
    rows = [
        row(K.ACTION_ITEM, 1, row_id=1, status="done"),
        row(K.ACTION_ITEM, 1, row_id=2, status="cancelled"),
        row(K.MILESTONE, 1, row_id=3, status="complete"),
        row(K.RENEWAL_STEP, 1, row_id=4, status="skipped"),
        row(K.RISK_REASSESSMENT, 1, row_id=5, status="closed"),
        row(K.ACTION_ITEM, None, row_id=6),
        row(K.ACTION_ITEM, 31, row_id=7),
        row(K.ACTION_ITEM, 30, row_id=8),
        row(K.ACTION_ITEM, -400, row_id=9),
        row(K.RISK_REASSESSMENT, 2, row_id=10, status="mitigating"),
    ]
    result = follow_ups(rows, T, 30)
    assert [i.row_id for i in result.ours()] == [9, 10, 8]
    assert [i.row_id for i in follow_ups(rows, T, 0).ours()] == [9]


def test_customer_owned_items_wait_apart_and_unassigned_ones_are_ours() -> None:
    rows = [
        row(K.ACTION_ITEM, -2, row_id=1, side="customer"),
        row(K.MILESTONE, 3, row_id=2, side="customer"),
        row(K.ACTION_ITEM, 3, row_id=3, side=None),
    ]
    result = follow_ups(rows, T)
    assert [(i.kind, i.row_id) for i in result.waiting] == [(K.ACTION_ITEM, 1), (K.MILESTONE, 2)]
    assert [i.row_id for i in result.this_week] == [3]
    assert result.overdue == ()


def test_only_the_latest_meetings_next_meeting_counts() -> None:
    rows = [
        row(K.NEXT_MEETING, 5, row_id=1, held=-40),
        row(K.NEXT_MEETING, 6, row_id=2, held=-10),
        row(K.NEXT_MEETING, 9, row_id=3, held=-20, account=2),
    ]
    result = follow_ups(rows, T)
    assert [(i.account_id, i.row_id) for i in result.ours()] == [(1, 2), (2, 3)]


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="days"):
        follow_ups([], T, -1)


# The demo book's due items, counted from its rows by hand: (kind, account, row id).
DEMO_OVERDUE = {
    *((K.RENEWAL_STEP, "Meridian Retail Group", i) for i in range(55, 66)),
    (K.RENEWAL_STEP, "Pinecrest Credit Union", 35),
    (K.RENEWAL_STEP, "Pinecrest Credit Union", 36),
    (K.RENEWAL_STEP, "Northwind Payments", 4),
    (K.RENEWAL_STEP, "Brightline Logistics", 20),
    (K.RENEWAL_STEP, "Brightline Logistics", 21),
    (K.RENEWAL_STEP, "Cobalt Ridge Energy", 40),
    (K.RISK_REASSESSMENT, "Cobalt Ridge Energy", 8),
    (K.ACTION_ITEM, "Brightline Logistics", 20),
}
DEMO_TODAY = {
    (K.RENEWAL_STEP, "Northwind Payments", 5),
    (K.RENEWAL_STEP, "Cobalt Ridge Energy", 41),
}
DEMO_THIS_WEEK = {
    (K.ACTION_ITEM, "Northwind Payments", 14),
    (K.ACTION_ITEM, "Pinecrest Credit Union", 23),
    (K.ACTION_ITEM, "Northwind Payments", 15),
    (K.ACTION_ITEM, "Cobalt Ridge Energy", 25),
    (K.MILESTONE, "Juniper Robotics", 50),
    (K.MILESTONE, "Cobalt Ridge Energy", 32),
    (K.MILESTONE, "Northwind Payments", 8),
    (K.RENEWAL_STEP, "Brightline Logistics", 22),
    (K.RENEWAL_STEP, "Pinecrest Credit Union", 37),
    (K.RISK_REASSESSMENT, "Meridian Retail Group", 10),
    (K.RISK_REASSESSMENT, "Pinecrest Credit Union", 7),
    (K.RISK_REASSESSMENT, "Quillfeather Learning", 12),
    (K.CADENCE, "Northwind Payments", 1),
    (K.CADENCE, "Northwind Payments", 4),
    (K.NEXT_MEETING, "Northwind Payments", 10),
}
# Customer-owned, due by 2026-11-29: overdue action items and milestones, and Halcyon's addendum.
DEMO_WAITING_WEEK = {
    (K.ACTION_ITEM, "Northwind Payments", 6),
    (K.ACTION_ITEM, "Northwind Payments", 8),
    (K.ACTION_ITEM, "Quillfeather Learning", 30),
    (K.MILESTONE, "Quillfeather Learning", 47),
    (K.MILESTONE, "Quillfeather Learning", 48),
    (K.MILESTONE, "Northwind Payments", 7),
    (K.ACTION_ITEM, "Halcyon Health Systems", 19),
}


def keys(items: tuple[object, ...]) -> set[tuple[FollowUpKind, str, int]]:
    return {(i.kind, i.account_name, i.row_id) for i in items}  # type: ignore[attr-defined]


def test_the_demo_books_follow_ups_are_the_ones_counted_by_hand(
    demo_book: BookFile, today: dt.date
) -> None:
    with demo_book.read() as conn:
        rows = read_work_rows(conn)
    week = follow_ups(rows, today, 7)
    assert keys(week.overdue) == DEMO_OVERDUE
    assert keys(week.due_today) == DEMO_TODAY
    assert keys(week.this_week) == DEMO_THIS_WEEK
    assert week.later == ()
    assert keys(week.waiting) == DEMO_WAITING_WEEK
    month = follow_ups(rows, today, 30)
    assert month.overdue == week.overdue and month.this_week == week.this_week
    assert len(month.later) == 26
    assert all(8 <= (i.due - today).days <= 30 for i in month.later)
    # Overdue first, oldest first: Meridian's forecast step, 107 days late.
    first = week.overdue[0]
    assert (first.account_name, first.text, first.due) == (
        "Meridian Retail Group",
        "Set the renewal forecast",
        dt.date(2026, 8, 7),
    )


def test_json_names_every_group(demo_book: BookFile, today: dt.date) -> None:
    with demo_book.read() as conn:
        result = follow_ups(read_work_rows(conn), today, 7)
    data = follow_ups_json(result)
    assert list(data["groups"]) == ["overdue", "today", "this_week", "later"]  # type: ignore[arg-type]
    assert data["as_of"] == "2026-11-22"
