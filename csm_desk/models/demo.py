"""The demo book: a deterministic book of accounts that exercises every feature.

``write_demo(path, as_of)`` writes a new book whose every date derives from ``as_of``: the same
date always gives the same table contents, a later date shifts everything with it. The content is
in ``demo_northwind*`` and ``demo_accounts_*``; this module turns it into rows, writes them in one
transaction, stamps when each artifact was last edited, and records the health history by scoring
every account as of each week of the last six months.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csm_desk.models.bookfile import BookError, BookFile, place_without_overwrite
from csm_desk.models.demo_accounts_high import high_touch_accounts
from csm_desk.models.demo_accounts_low import other_accounts
from csm_desk.models.demo_accounts_trouble import accounts_in_trouble
from csm_desk.models.demo_data import (
    CURRENCY,
    HANDED_OVER,
    OWNER,
    PREVIOUS_OWNER,
    AccountSpec,
    Clock,
    Day,
)
from csm_desk.models.demo_northwind import northwind
from csm_desk.models.demo_rows import AccountRows, Rows
from csm_desk.models.history import snapshot_days

FEATURED = "Northwind Payments"
HISTORY_WEEKS = 26  # health snapshots: weekly over the last six months, and as-of itself


def demo_accounts(clock: Clock) -> list[AccountSpec]:
    """Every account of the demo book, the fully worked one first."""
    return [
        northwind(clock),
        *high_touch_accounts(clock),
        *accounts_in_trouble(clock),
        *other_accounts(clock),
    ]


def _book_rows(rows: Rows, clock: Clock) -> None:
    rows.add(
        "handover_log",
        from_owner=PREVIOUS_OWNER,
        to_owner=OWNER,
        handed_over_at=dt.datetime.combine(clock.day(HANDED_OVER), dt.time(17, 30)),
        note=(
            "Jordan moved to the enterprise team. Handed over in person with a walkthrough of "
            "every account; Cobalt Ridge and Brightline were flagged as the two to watch."
        ),
    )
    rows.add("book_meta", key="demo_as_of", value=clock.as_of.isoformat())


BOOK_NOTES = (
    "Start with Northwind Payments: the champion left a few weeks ago and usage is sliding; the "
    "recovery plan is in the risk register and the 30/60/90 plan. Cobalt Ridge is the largest "
    "account and in the worst shape: no champion since the settlement lead left, Sev-1 tickets "
    "open, and the renewal plan not started. Meridian Retail's renewal date has passed without "
    "a signature. Halcyon and Atlas are the reference accounts."
)


def write_demo(path: Path | str, as_of: dt.date) -> str:
    """Write the demo book to ``path`` (which must not exist), dated relative to ``as_of``.

    Returns a one-line summary. Raises ``BookError`` when ``path`` exists; a failure leaves no
    file behind.
    """
    path = Path(path).expanduser()
    if path.exists():
        raise BookError(f"{path} already exists; choose another name")
    clock = Clock(as_of)
    specs = demo_accounts(clock)
    rows = Rows()
    _book_rows(rows, clock)
    lifetimes = {AccountRows(rows, clock, spec).write(): _lifetime(spec) for spec in specs}
    partial = path.with_name(path.name + ".demo-partial")
    partial.unlink(missing_ok=True)
    try:
        book = BookFile.create(partial, owner=OWNER, currency=CURRENCY)
        try:
            with book.write() as conn:
                rows.write(conn)
                conn.exec_driver_sql(
                    "UPDATE book SET created_at = ?, notes = ?",
                    (
                        dt.datetime.combine(clock.day(-1130), dt.time(9, 0)).isoformat(" "),
                        BOOK_NOTES,
                    ),
                )
                snapshot_days(
                    conn,
                    [
                        (
                            clock.day(offset),
                            [i for i, (s, e) in lifetimes.items() if s <= offset < e],
                        )
                        for offset in history_days()
                    ],
                )
        finally:
            book.close()
        place_without_overwrite(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    active = sum(1 for s in specs if s.arr > 0)
    churned = len(specs) - active
    return (
        f"{active} accounts (and {churned} churned, kept for history), 1 fully worked ({FEATURED})"
    )


def history_days() -> list[Day]:
    """The days the demo records health snapshots for: weekly back six months, then as-of."""
    return [-7 * weeks for weeks in range(HISTORY_WEEKS, -1, -1)]


def _lifetime(spec: AccountSpec) -> tuple[Day, Day]:
    """The days an account has health history for: from contract start until it churned."""
    churned = [e.day for e in spec.arr_events if e.kind == "churn"]
    return spec.contract_start, (min(churned) if churned else 1)
