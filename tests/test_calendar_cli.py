"""``csm-desk calendar``: the demo book's dates as an RFC 5545 file, read back with icalendar;
the same UIDs on every export; one-line failures that leave no file behind."""

from __future__ import annotations

import datetime as dt
import errno
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar

from csm_desk.__main__ import main
from tests.bookprocs import run_cli

DEMO_ACCOUNTS = {
    "Northwind Payments",
    "Halcyon Health Systems",
    "Brightline Logistics",
    "Pinecrest Credit Union",
    "Cobalt Ridge Energy",
    "Meridian Retail Group",
    "Sparrow & Finch Studio",
    "Orchard Lane Foods",
    "Atlas Field Services",
    "Quillfeather Learning",
    "Tidewater Marine Supply",
    "Juniper Robotics",
}


BOOK_UID = re.compile(r"@([0-9a-f]{12})\.csm-desk$")


def book_keys(path: Path) -> set[str]:
    """The book names in the calendar's UIDs (one per book)."""
    cal = Calendar.from_ical(path.read_bytes())
    found = set()
    for event in cal.walk("VEVENT"):
        match = BOOK_UID.search(str(event["UID"]))
        assert match, str(event["UID"])
        found.add(match.group(1))
    return found


def events(path: Path) -> dict[str, tuple[dt.date, str]]:
    """The calendar's events by UID (the book's part of it written as plain ``@csm-desk``)."""
    cal = Calendar.from_ical(path.read_bytes())
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    found: dict[str, tuple[dt.date, str]] = {}
    for event in cal.walk("VEVENT"):
        uid = BOOK_UID.sub("@csm-desk", str(event["UID"]))
        assert uid not in found, f"{uid} twice"
        assert event["DTSTAMP"].dt.tzinfo is not None
        start = event["DTSTART"].dt
        assert type(start) is dt.date
        assert event["DTEND"].dt == start + dt.timedelta(days=1)
        found[uid] = (start, str(event["SUMMARY"]))
    return found


def test_the_demo_books_calendar(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.ics"
    done = run_cli("calendar", "-o", str(out), "--book", str(demo_path))
    assert done.problems(expect_ok=True) == []
    found = events(out)
    assert done.out.strip() == f"Wrote {len(found)} events for the next 120 days to {out}"
    today, last = dt.date(2026, 11, 22), dt.date(2027, 3, 22)
    assert all(today <= day <= last for day, _ in found.values())
    # Every summary names its account.
    assert all(summary.split(":")[0] in DEMO_ACCOUNTS for _, summary in found.values())
    # Renewal dates and the checkpoints before them (Cobalt Ridge renews on 7 Mar 2027).
    assert found["renewal-5-2027-03-07@csm-desk"] == (
        dt.date(2027, 3, 7),
        "Cobalt Ridge Energy: Renewal date",
    )
    assert found["renewal-5-2027-03-07-t90@csm-desk"][0] == dt.date(2026, 12, 7)
    assert found["renewal-5-2027-03-07-t30@csm-desk"][0] == dt.date(2027, 2, 5)
    assert "renewal-5-2027-03-07-t120@csm-desk" not in found  # 7 Nov, already past
    assert found["renewal-1-2027-02-05@csm-desk"][1] == "Northwind Payments: Renewal date"
    # Northwind's planned QBR on its own date; Cobalt Ridge's is overdue, so it is today.
    assert found["review-2@csm-desk"] == (dt.date(2026, 12, 2), "Northwind Payments: QBR")
    assert found["review-due-5@csm-desk"] == (today, "Cobalt Ridge Energy: QBR/EBR overdue")
    # Open action items and milestones due, either side's; the cadence's next meetings.
    assert found["action-item-14@csm-desk"][0] == dt.date(2026, 11, 24)
    assert found["action-item-19@csm-desk"][1].startswith("Halcyon Health Systems: Action item")
    assert found["milestone-50@csm-desk"] == (
        dt.date(2026, 11, 26),
        "Juniper Robotics: Milestone — Kickoff held",
    )
    assert found["cadence-1@csm-desk"] == (
        dt.date(2026, 11, 25),
        "Northwind Payments: Meeting — Weekly recovery check-in",
    )
    assert found["next-meeting-10@csm-desk"][0] == dt.date(2026, 11, 28)
    # Overdue items and renewal steps are not calendar events.
    assert "action-item-20@csm-desk" not in found
    assert not any(uid.startswith("renewal-step") for uid in found)


def test_exporting_again_gives_the_same_uids_and_moves_changed_dates(
    demo_path: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli("calendar", "-o", str(first), "--book", str(demo_path)).code == 0
    with sqlite3.connect(demo_path) as conn:
        conn.execute("update action_item set due = '2026-12-03' where id = 14")
    conn.close()
    assert run_cli("calendar", "-o", str(second), "--book", str(demo_path)).code == 0
    before, after = events(first), events(second)
    assert set(before) == set(after)
    assert after["action-item-14@csm-desk"][0] == dt.date(2026, 12, 3)
    assert {u: v for u, v in before.items() if u != "action-item-14@csm-desk"} == {
        u: v for u, v in after.items() if u != "action-item-14@csm-desk"
    }


def test_days_limits_the_calendar(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "week.ics"
    assert run_cli("calendar", "-o", str(out), "--days", "7", "--book", str(demo_path)).code == 0
    assert all(day <= dt.date(2026, 11, 29) for day, _ in events(out).values())


def test_bad_targets_fail_in_one_line_and_write_nothing(demo_path: Path, tmp_path: Path) -> None:
    for target, words in (
        (tmp_path / "missing" / "book.ics", "is not a folder"),
        (tmp_path / "book.txt", "must end in .ics"),
    ):
        done = run_cli("calendar", "-o", str(target), "--book", str(demo_path))
        assert done.code == 1 and done.problems() == []
        assert done.err.startswith("csm-desk: ") and words in done.err
        assert not target.exists()


def test_a_full_disk_leaves_the_earlier_calendar_and_no_partial_file(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "book.ics"
    out.write_bytes(b"earlier")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("csm_desk.ics.os.fsync", full)
    code = main(["calendar", "-o", str(out), "--book", str(demo_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "No space left on device" in err
    assert out.read_bytes() == b"earlier"
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


def test_two_books_never_share_a_uid_and_a_copy_keeps_its_books(
    demo_path: Path, tmp_path: Path
) -> None:
    """Two demo books made apart have events with the same rows, yet their UIDs differ (both
    calendars can be imported into one); a copy of a book (a backup, a hand-over) keeps them."""
    other = tmp_path / "other" / "Demo.csmbook"
    assert main(["demo", "--book", str(other)]) == 0
    copy = tmp_path / "copy" / "Demo.csmbook"
    copy.parent.mkdir()
    shutil.copyfile(demo_path, copy)
    written = {}
    for name, book in {"demo": demo_path, "other": other, "copy": copy}.items():
        out = tmp_path / f"{name}.ics"
        assert (
            run_cli("calendar", "-o", str(out), "--book", str(book)).problems(expect_ok=True) == []
        )
        written[name] = out
    keys = {name: book_keys(out) for name, out in written.items()}
    assert all(len(k) == 1 for k in keys.values())
    assert keys["demo"] != keys["other"]
    assert keys["demo"] == keys["copy"]
    uids = {
        name: {str(e["UID"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
        for name, out in written.items()
    }
    assert uids["demo"].isdisjoint(uids["other"]) and uids["demo"] == uids["copy"]


def test_a_book_read_a_few_accounts_at_a_time_gives_the_same_calendar(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The calendar reads and scores accounts a slice at a time; the events are exactly those
    of the whole book read at once, in the same order."""
    from csm_desk.models import clock, scored
    from csm_desk.models.bookfile import BookFile
    from csm_desk.workday_cli import book_calendar
    from tests.conftest import TODAY

    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
    with BookFile.open(demo_path, access="read") as book:
        whole, count = book_calendar(book, TODAY, 120)
        monkeypatch.setattr(scored, "SLICE", 2)
        sliced, sliced_count = book_calendar(book, TODAY, 120)
    assert count > 20 and sliced_count == count
    assert sliced == whole
    names = {e.split(":")[0] for e in re.findall(r"SUMMARY:([^\r\n]+)", whole.decode())}
    assert len(names) > 4  # events of several slices, interleaved by date
