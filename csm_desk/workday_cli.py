"""``csm-desk todo [--json] [--days N]``: my follow-ups across the book, grouped by when they are
due, with what waits on the customer listed apart; ``csm-desk calendar -o FILE.ics [--days N]``:
the book's dates as a calendar file; ``csm-desk recap-mail ACCOUNT [--meeting ID] -o FILE.eml``:
a meeting's recap as an e-mail draft."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable

from csm_desk.engine.followups import FollowUp, FollowUps, WorkRow, follow_ups, follow_ups_json
from csm_desk.models.bookfile import BookFile
from csm_desk.models.followup_rows import read_work_rows

EXIT_OK = 0


def book_follow_ups(book: BookFile, today: dt.date, days: int) -> FollowUps:
    """The book's follow-ups as of ``today``, ``days`` ahead."""
    with book.read() as conn:
        rows = read_work_rows(conn)
    return follow_ups(rows, today, days)


def _line(item: FollowUp, today: dt.date) -> str:
    days = (item.due - today).days
    when = "today" if days == 0 else (f"{-days}d late" if days < 0 else f"in {days}d")
    owner = f" ({item.owner})" if item.owner else ""
    return (
        f"  {item.due.isoformat()}  {when:>9}  {item.account_name} · {item.kind.label}: "
        f"{item.text}{owner}"
    )


def todo_text(result: FollowUps) -> str:
    """The list for a person: each group with its count, then what waits on the customer."""
    lines = [f"My follow-ups as of {result.today.isoformat()} (next {result.days} days)"]
    for group, items in result.groups():
        lines.append("")
        lines.append(f"{group.label} ({len(items)})")
        lines.extend(_line(i, result.today) for i in items)
        if not items:
            lines.append("  nothing")
    lines.append("")
    lines.append(f"Waiting on the customer ({len(result.waiting)})")
    lines.extend(_line(i, result.today) for i in result.waiting)
    if not result.waiting:
        lines.append("  nothing")
    return "\n".join(lines)


def run_todo(args: argparse.Namespace, open_book: Callable[[], BookFile], today: dt.date) -> int:
    with open_book() as book:
        result = book_follow_ups(book, today, args.days)
    if args.json:
        json.dump(follow_ups_json(result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(todo_text(result))
    return EXIT_OK


def book_calendar(book: BookFile, today: dt.date, days: int) -> tuple[bytes, int]:
    """The book's calendar as of ``today``, ``days`` ahead, and how many events it holds; the
    accounts are read and scored a slice at a time (``scored_in_slices``), and the events are
    the same as from the whole book at once.
    """
    from csm_desk.engine.agenda import calendar_entries, entry_order
    from csm_desk.ics import build_calendar
    from csm_desk.models import clock
    from csm_desk.models.load_rows import read_settings
    from csm_desk.models.scored import scored_in_slices

    with book.read() as conn:
        owner, _currency, _settings = read_settings(conn)
        rows = read_work_rows(conn)
    by_account: dict[int, list[WorkRow]] = {}
    for row in rows:
        by_account.setdefault(row.account_id, []).append(row)
    entries = []
    for part in scored_in_slices(book, today):
        mine = [r for a in part.accounts for r in by_account.get(a.id, ())]
        entries.extend(calendar_entries(part, mine, days, book_key=book.lineage[:12]))
    entries.sort(key=entry_order)
    return build_calendar(entries, clock.now(), owner), len(entries)


def run_calendar(
    args: argparse.Namespace, open_book: Callable[[], BookFile], today: dt.date
) -> int:
    from csm_desk.cli import CommandError
    from csm_desk.ics import CalendarError, write_calendar

    with open_book() as book:
        data, count = book_calendar(book, today, args.days)
    try:
        out = write_calendar(data, args.output)
    except CalendarError as exc:
        raise CommandError(str(exc)) from None
    print(f"Wrote {count} events for the next {args.days} days to {out}")
    return EXIT_OK


def run_recap_mail(
    args: argparse.Namespace, open_book: Callable[[], BookFile], today: dt.date
) -> int:
    from csm_desk.cli import CommandError
    from csm_desk.export.cli import find_account
    from csm_desk.export.errors import ExportError
    from csm_desk.models import clock
    from csm_desk.recap_mail import RecapMailError, write_draft

    out = args.output.expanduser()
    try:
        with open_book() as book:
            account_id, _name = find_account(book, args.account)
            written, recap = write_draft(
                book, account_id, out, as_of=today, meeting_id=args.meeting, now=clock.now()
            )
    except (ExportError, RecapMailError) as exc:
        raise CommandError(str(exc)) from None
    print(f"Wrote the recap draft of {recap.subject!r} for {recap.account} to {written}")
    if recap.unaddressed:
        names = ", ".join(recap.unaddressed)
        print(f"Add the addresses of {names} in the draft to copy them in.")
    return EXIT_OK
