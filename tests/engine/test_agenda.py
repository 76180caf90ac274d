"""The calendar's entries on hand-made accounts: renewal checkpoints inside the window, the next
business review, follow-ups, churned accounts left out, UIDs that do not depend on the day."""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.agenda import calendar_entries
from csm_desk.engine.book import score_book
from csm_desk.engine.facts import ArrEventFacts, BookFacts, ReviewFacts
from csm_desk.engine.followups import FollowUpKind, WorkRow
from tests.factories import account

T = dt.date(2026, 11, 22)


def _book(*accounts: object) -> BookFacts:
    return BookFacts(owner="Alex", accounts=tuple(accounts))  # type: ignore[arg-type]


def test_renewal_checkpoints_reviews_and_follow_ups() -> None:
    renewal = T + dt.timedelta(days=100)
    acme = account(
        id=1,
        name="Acme",
        arr=300_000.0,
        segment="high_touch",
        segment_pinned=True,
        contract_start=dt.date(2025, 1, 1),
        renewal_date=renewal,
        reviews=(ReviewFacts(4, "qbr", dt.date(2026, 9, 1), "delivered", True, True, True, True),),
    )
    gone = account(
        id=2,
        name="Gone",
        arr=0.0,
        contract_start=dt.date(2025, 1, 1),
        renewal_date=T + dt.timedelta(days=10),
        arr_events=(
            ArrEventFacts(dt.date(2025, 1, 1), "new", 10_000.0),
            ArrEventFacts(dt.date(2026, 1, 1), "churn", -10_000.0),
        ),
    )
    rows = [
        WorkRow(FollowUpKind.ACTION_ITEM, 7, 1, "Acme", "Send deck", "Alex", "vendor",
                T + dt.timedelta(days=3), "open"),
        WorkRow(FollowUpKind.ACTION_ITEM, 8, 1, "Acme", "Late one", "Alex", "vendor",
                T - dt.timedelta(days=3), "open"),
        WorkRow(FollowUpKind.RENEWAL_STEP, 9, 1, "Acme", "Negotiate", "Alex", None,
                T + dt.timedelta(days=3), "open"),
        WorkRow(FollowUpKind.ACTION_ITEM, 10, 2, "Gone", "Never", "Alex", "vendor",
                T + dt.timedelta(days=3), "open"),
    ]  # fmt: skip
    result = score_book(_book(acme, gone), T)
    found = {e.uid: (e.day, e.summary) for e in calendar_entries(result, rows, 120)}
    key = renewal.isoformat()
    assert found == {
        f"renewal-1-{key}@csm-desk": (renewal, "Acme: Renewal date"),
        f"renewal-1-{key}-t90@csm-desk": (renewal - dt.timedelta(days=90), "Acme: Renewal T-90"),
        f"renewal-1-{key}-t60@csm-desk": (renewal - dt.timedelta(days=60), "Acme: Renewal T-60"),
        f"renewal-1-{key}-t30@csm-desk": (renewal - dt.timedelta(days=30), "Acme: Renewal T-30"),
        # High touch: a review every 92 days after the last one delivered on 1 Sep.
        "review-due-1@csm-desk": (dt.date(2026, 12, 2), "Acme: QBR/EBR due"),
        "action-item-7@csm-desk": (T + dt.timedelta(days=3), "Acme: Action item — Send deck"),
    }
    # Another day's export names the same events the same way.
    later = score_book(_book(acme, gone), T + dt.timedelta(days=1))
    again = {e.uid for e in calendar_entries(later, rows, 120)}
    assert again == set(found)
    # The window: only what falls in the next 10 days, its last day included, in date order.
    soon = calendar_entries(result, rows, 10)
    assert [e.uid for e in soon] == [
        "action-item-7@csm-desk",
        "review-due-1@csm-desk",  # 2 Dec, the same day as T-90: by summary
        f"renewal-1-{key}-t90@csm-desk",
    ]
