"""Automatic backups: verified copies in the book's own folder, once a day, rotated, listed, and
never a traceback or a changed book when the disk is full."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from csm_desk import paths
from csm_desk.models import backups
from csm_desk.models.backup_rotation import Keep, to_keep
from csm_desk.models.backups import Backup, list_backups, rotate, take_backup, take_daily_backup
from csm_desk.models.bookfile import APPLICATION_ID, BookError, BookFile
from csm_desk.models.journal import MARKER_KEY, Marker

FIXTURE = Path(__file__).parent.parent / "data" / "first-schema.csmbook"
MORNING = dt.datetime(2026, 11, 22, 8, 30, 12)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lineage(book: BookFile) -> str:
    with book.read() as conn:
        value = conn.exec_driver_sql(
            "SELECT value FROM book_meta WHERE key = ?", (MARKER_KEY,)
        ).scalar()
    marker = Marker.parse(value)
    assert marker is not None
    return marker.lineage


def accounts_in(book: BookFile) -> int:
    with book.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM account").scalar_one())


def test_a_backup_is_a_verified_self_contained_book(demo_book: BookFile) -> None:
    taken = take_backup(demo_book, "manual", now=MORNING)
    folder = paths.backup_dir() / f"Demo ({lineage(demo_book)[:8]})"
    assert taken.path == folder / "Demo 2026-11-22 08.30.12 manual.csmbook"
    assert (taken.taken_at, taken.reason) == (MORNING, "manual")
    assert taken.accounts == accounts_in(demo_book) > 0
    assert taken.size == taken.path.stat().st_size
    assert sorted(p.name for p in folder.iterdir()) == [taken.path.name], "no temp file left"
    con = sqlite3.connect(taken.path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()
    with BookFile.open(taken.path, access="read") as copy:
        assert copy.check().ok
        assert copy.book_row().owner == demo_book.book_row().owner


def test_backups_taken_in_the_same_second_never_overwrite_each_other(
    demo_book: BookFile,
) -> None:
    first = take_backup(demo_book, "manual", now=MORNING)
    second = take_backup(demo_book, "manual", now=MORNING)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert second.path.name == "Demo 2026-11-22 08.30.12 manual (2).csmbook"
    assert [b.path for b in list_backups(demo_book.path)] == [second.path, first.path]


def test_books_with_the_same_name_keep_separate_folders(tmp_path: Path) -> None:
    with BookFile.create(tmp_path / "a" / "Book.csmbook") as one:
        take_backup(one, "manual")
    with BookFile.create(tmp_path / "b" / "Book.csmbook") as two:
        take_backup(two, "manual")
        take_backup(two, "manual")
    assert len(list_backups(tmp_path / "a" / "Book.csmbook")) == 1
    assert len(list_backups(tmp_path / "b" / "Book.csmbook")) == 2
    assert len({p.name for p in paths.backup_dir().iterdir()}) == 2


def test_the_daily_backup_is_taken_once_a_day(
    demo_book: BookFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = take_daily_backup(demo_book)
    assert first is not None and first.reason == "daily"
    assert first.taken_at.date() == dt.date(2026, 11, 22)  # CSM_DESK_TODAY
    assert take_daily_backup(demo_book) is None
    monkeypatch.setenv("CSM_DESK_TODAY", "2026-11-23")
    second = take_daily_backup(demo_book)
    assert second is not None and second.taken_at.date() == dt.date(2026, 11, 23)
    assert take_daily_backup(demo_book) is None
    assert [b.reason for b in list_backups(demo_book.path)] == ["daily", "daily"]


def test_any_backup_taken_today_counts_as_the_daily_one(demo_book: BookFile) -> None:
    take_backup(demo_book, "before-import")
    assert take_daily_backup(demo_book) is None


def test_a_book_open_to_read_takes_no_daily_backup(demo_path: Path) -> None:
    with BookFile.open(demo_path, access="read") as book:
        assert take_daily_backup(book) is None
        # …but can be backed up when asked (beside a window that is writing it).
        assert take_backup(book, "manual").accounts == accounts_in(book)


def test_a_book_not_yet_marked_gets_one_folder_for_all_its_backups(tmp_path: Path) -> None:
    """A book written before journal markers existed has no lineage: the first backup gives
    it one, so that backup and every later one share a folder."""
    path = tmp_path / "Old.csmbook"
    BookFile.create(path).close()
    con = sqlite3.connect(path)
    con.execute("DELETE FROM book_meta WHERE key = ?", (MARKER_KEY,))
    con.commit()
    con.close()
    with BookFile.open(path) as book:
        assert take_daily_backup(book) is not None
        with book.write() as conn:
            conn.exec_driver_sql("UPDATE book SET owner = 'Changed'")
        take_backup(book, "manual")
    found = list_backups(path)
    assert [b.reason for b in found] == ["manual", "daily"]
    assert len({b.path.parent for b in found}) == 1
    assert found[0].path.parent.name.startswith("Old (")


def test_the_migration_backup_is_listed_with_the_book(tmp_path: Path) -> None:
    """The fixture is a book of the first format with no journal marker yet."""
    path = tmp_path / "Old.csmbook"
    shutil.copyfile(FIXTURE, path)
    before = digest(path)
    kept = backups.before_migration(path)
    assert kept.name.endswith(" before-migration.csmbook")
    assert digest(path) != before  # given its lineage once the copy was safe
    with BookFile.open(path) as book:
        take_backup(book, "manual")
    found = list_backups(path)
    assert found[0].reason == "manual" and kept in [b.path for b in found]
    assert {b.path.parent for b in found} == {kept.parent}
    assert all(b.accounts == 1 for b in found)


def test_backups_of_a_missing_or_unreadable_book_are_found_by_its_name(
    demo_book: BookFile, tmp_path: Path
) -> None:
    taken = take_backup(demo_book, "manual")
    demo_book.close()
    damaged = tmp_path / "Demo.csmbook"
    damaged.write_bytes(b"not a book any more")
    assert [b.path for b in list_backups(damaged)] == [taken.path]
    damaged.unlink()
    assert [b.path for b in list_backups(damaged)] == [taken.path]


# -- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
        PermissionError(errno.EACCES, "Permission denied"),
    ],
    ids=["sqlite-full", "enospc", "eacces"],
)
def test_a_backup_that_cannot_be_written_is_one_line_and_leaves_the_book(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    before = digest(demo_path)
    real_copy = backups._copy_pages

    def copy_then_fail(source: sqlite3.Connection, partial: Path, what: str) -> int:
        real_copy(source, partial, what)  # a half-written copy is there when it fails
        raise failure

    monkeypatch.setattr(backups, "_copy_pages", copy_then_fail)
    with BookFile.open(demo_path) as book:
        with pytest.raises(BookError) as caught:
            take_backup(book, "daily")
        folder = backups.folder_for(book.path, lineage(book))
    message = str(caught.value)
    assert "\n" not in message and message.startswith("could not back up Demo.csmbook: ")
    expected = "permission denied" if isinstance(failure, PermissionError) else "disk is full"
    assert expected in message and message.endswith("; the book is unchanged")
    assert list(folder.iterdir()) == [], "nothing half-written is left"
    assert digest(demo_path) == before


def _corrupt_an_index(path: Path) -> None:
    """Overwrite one index page of a closed book: its copy fails the check."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'account' "
        "ORDER BY rootpage DESC LIMIT 1"
    ).fetchone()[0]
    con.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)


def test_a_copy_that_fails_its_check_is_removed_and_says_the_book_may_be_damaged(
    demo_path: Path,
) -> None:
    _corrupt_an_index(demo_path)
    # Opening would refuse it; a book damaged after it was opened is found by its copy.
    with BookFile.open(demo_path, verify=False) as book:
        with pytest.raises(backups.UnverifiedCopyError) as caught:
            take_backup(book, "daily")
        folder = backups.folder_for(book.path, lineage(book))
    assert "the book itself may be damaged" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert list(folder.iterdir()) == []


@pytest.fixture
def small_disk(isolated_home: Path) -> Iterator[Path]:
    """A 1 MB file system mounted where the backups go (skipped where mounting is not
    allowed)."""
    target = paths.backup_dir()
    target.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(target)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=False)


def test_a_full_disk_stops_the_backup_in_one_line_and_leaves_the_book(
    small_disk: Path, tmp_path: Path
) -> None:
    path = tmp_path / "Big.csmbook"
    with BookFile.create(path) as book, book.write() as conn:
        conn.exec_driver_sql("UPDATE book SET notes = ?", ("x" * 3_000_000,))
    before = digest(path)
    with BookFile.open(path) as book, pytest.raises(BookError) as caught:
        take_backup(book, "daily")
    message = str(caught.value)
    assert "\n" not in message and "the disk is full" in message, message
    assert digest(path) == before
    assert [p for p in small_disk.rglob("*") if p.is_file()] == []


# -- rotation ----------------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 22)  # a Sunday, ISO week 47


def _backup(stamp: str, reason: str = "daily", *, damaged: bool = False) -> Backup:
    when = dt.datetime.fromisoformat(stamp)
    name = backups.backup_name("Book", when, reason, damaged=damaged)
    return Backup(Path(name), when, reason, 1, None, damaged)


def _daily(first: dt.date, last: dt.date, hour: int = 8) -> list[Backup]:
    days = (last - first).days + 1
    return [_backup(f"{first + dt.timedelta(days=i)} {hour:02d}:00:00") for i in range(days)]


def _days(*stamps: str) -> set[str]:
    return set(stamps)


ROTATION_CASES = [
    pytest.param(
        _daily(dt.date(2026, 9, 24), TODAY),
        Keep(),
        TODAY,
        # 7 days, the Sundays of the 3 weeks before this one, the ends of October and
        # September (the rest of November is covered); the 5 newest are among the days.
        _days(
            *(f"2026-11-{d} 08:00:00" for d in range(16, 23)),
            "2026-11-15 08:00:00",
            "2026-11-08 08:00:00",
            "2026-11-01 08:00:00",
            "2026-10-31 08:00:00",
            "2026-09-30 08:00:00",
        ),
        id="sixty-days-of-dailies",
    ),
    pytest.param(
        [_backup(f"2026-11-22 {h:02d}:00:00", "before-import") for h in range(9, 17)]
        + [_backup("2026-11-21 08:00:00")],
        Keep(),
        TODAY,
        _days(*(f"2026-11-22 {h:02d}:00:00" for h in range(12, 17)), "2026-11-21 08:00:00"),
        id="many-today-only-the-newest-five-and-yesterday",
    ),
    pytest.param(
        _daily(dt.date(2026, 11, 1), TODAY),
        Keep(daily=0, weekly=0, monthly=0),
        TODAY,
        _days(*(f"2026-11-{d} 08:00:00" for d in range(18, 23))),
        id="settings-zero-keeps-the-newest-five",
    ),
    pytest.param(
        _daily(dt.date(2026, 11, 1), TODAY),
        Keep(daily=2, weekly=0, monthly=0, newest=0),
        TODAY,
        _days("2026-11-21 08:00:00", "2026-11-22 08:00:00"),
        id="two-days",
    ),
    pytest.param(
        [
            _backup("2027-01-05 08:00:00"),  # after "today": a clock set wrong
            _backup("2025-01-01 08:00:00", "before-restore", damaged=True),
            *_daily(dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ],
        Keep(daily=7, weekly=4, monthly=12, newest=0),
        TODAY,
        _days("2027-01-05 08:00:00", "2025-01-01 08:00:00", "2026-10-31 08:00:00"),
        id="future-and-damaged-always-kept",
    ),
    pytest.param(
        _daily(dt.date(2026, 12, 1), dt.date(2027, 1, 3)),
        Keep(daily=3, weekly=2, monthly=2, newest=0),
        dt.date(2027, 1, 3),  # a Sunday of ISO week 53 of 2026
        _days(
            "2027-01-01 08:00:00",
            "2027-01-02 08:00:00",
            "2027-01-03 08:00:00",
            "2026-12-27 08:00:00",  # the Sunday ending ISO week 52
            "2026-12-31 08:00:00",  # December's last
        ),
        id="across-the-new-year",
    ),
    pytest.param(
        [_backup("2025-06-15 08:00:00"), _backup("2026-03-31 08:00:00")],
        Keep(daily=7, weekly=4, monthly=12, newest=0),
        TODAY,
        _days("2026-03-31 08:00:00"),
        id="older-than-twelve-months-goes",
    ),
]


@pytest.mark.parametrize(("found", "keep", "today", "expected"), ROTATION_CASES)
def test_rotation_keeps_exactly(
    found: list[Backup], keep: Keep, today: dt.date, expected: set[str]
) -> None:
    kept = to_keep(found, keep, today)
    stamps = {b.taken_at.isoformat(" ") for b in found if b.path in kept}
    assert stamps == expected


def test_rotate_deletes_only_the_backups_it_does_not_keep(tmp_path: Path) -> None:
    folder = tmp_path / "Book (01234567)"
    folder.mkdir()
    for backup in _daily(dt.date(2026, 11, 1), TODAY):
        (folder / backup.path).write_bytes(b"")
    (folder / "notes.txt").write_text("mine")
    (folder / ".Book 2026-11-02 08.00.00 daily.csmbook.backup-1.tmp").write_bytes(b"")
    open_one = folder / "Book 2026-11-03 08.00.00 daily.csmbook"
    (folder / (open_one.name + "-lock")).write_bytes(b"")
    removed = rotate(folder, Keep(daily=3, weekly=0, monthly=0, newest=0), TODAY)
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(
        [
            "Book 2026-11-20 08.00.00 daily.csmbook",
            "Book 2026-11-21 08.00.00 daily.csmbook",
            "Book 2026-11-22 08.00.00 daily.csmbook",
            open_one.name,  # someone has it open
            open_one.name + "-lock",
            "notes.txt",
            ".Book 2026-11-02 08.00.00 daily.csmbook.backup-1.tmp",
        ]
    )
    assert len(removed) == 22 - 3 - 1


def test_rotation_follows_the_book_settings(demo_book: BookFile) -> None:
    with demo_book.write() as conn:
        settings = demo_book.settings().to_json()
        settings["thresholds"].update(
            backup_keep_daily=2, backup_keep_weekly=0, backup_keep_monthly=0
        )
        conn.exec_driver_sql("UPDATE book SET settings_json = ?", (json.dumps(settings),))
    for day in range(1, 12):
        take_backup(demo_book, "daily", now=dt.datetime(2026, 11, day, 9, 0, 0))
    # The five newest, whatever the days kept.
    assert [b.taken_at.day for b in list_backups(demo_book.path)] == [11, 10, 9, 8, 7]
    assert Keep.from_settings(demo_book.settings()) == Keep(daily=2, weekly=0, monthly=0)
