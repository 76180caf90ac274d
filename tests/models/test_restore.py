"""Restore: the backup's content back in place under the book's writer lock, the book as it was
kept first (whole, when it is damaged), stale journals cleared, and the book left exactly as it
was when anything fails."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from csm_desk.models import backups
from csm_desk.models import restore as restoring
from csm_desk.models.backups import Backup, list_backups, parse_name, take_backup
from csm_desk.models.bookfile import BookError, BookFile, BookLockedError
from csm_desk.models.journal import MARKER_KEY, Marker, shm_path, wal_path
from csm_desk.models.restore import restore
from tests import holding


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def owner(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT owner FROM book").fetchone()[0])
    finally:
        con.close()


def lineage_of(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        value = con.execute("SELECT value FROM book_meta WHERE key = ?", (MARKER_KEY,)).fetchone()[
            0
        ]
    finally:
        con.close()
    marker = Marker.parse(value)
    assert marker is not None
    return marker.lineage


@pytest.fixture
def backed_up(demo_path: Path) -> tuple[Path, Backup]:
    """The demo book with a backup, then changed (owner "After the backup")."""
    with BookFile.open(demo_path) as book:
        backup = take_backup(book, "manual")
        with book.write() as conn:
            conn.exec_driver_sql("UPDATE book SET owner = 'After the backup'")
    return demo_path, backup


def hidden_leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp"))


def test_restore_puts_the_backup_back_and_keeps_the_book_as_it_was(
    backed_up: tuple[Path, Backup],
) -> None:
    path, backup = backed_up
    backup_owner = owner(backup.path)
    kept = restore(path, backup.path)
    assert owner(path) == backup_owner != "After the backup"
    assert kept is not None and owner(kept) == "After the backup"
    assert kept.parent == backup.path.parent
    assert parse_name(kept) is not None and parse_name(kept)[1:] == ("before-restore", False)  # type: ignore[index]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "no journal, no temp"
    with BookFile.open(path) as book:
        assert book.check().ok
        assert book.book_row().owner == backup_owner


def test_the_restored_book_starts_a_lineage_of_its_own_and_keeps_its_backups(
    backed_up: tuple[Path, Backup],
) -> None:
    path, backup = backed_up
    before = lineage_of(path)
    kept = restore(path, backup.path)
    assert lineage_of(path) not in (before, lineage_of(backup.path))
    with BookFile.open(path) as book:
        later = take_backup(book, "manual")
    found = [b.path for b in list_backups(path)]
    assert found[:3] == [later.path, kept, backup.path]
    # …and the restore can be undone the same way.
    restore(path, kept)  # type: ignore[arg-type]
    assert owner(path) == "After the backup"


def test_a_crashed_writers_changes_are_kept_and_its_journal_cleared(
    backed_up: tuple[Path, Backup],
) -> None:
    path, backup = backed_up
    proc = holding.start(path, "crash")
    proc.wait(timeout=30)
    assert wal_path(path).exists(), "the crash left its journal"
    kept = restore(path, backup.path)
    assert not wal_path(path).exists() and not shm_path(path).exists()
    assert owner(path) == owner(backup.path)
    assert kept is not None and owner(kept) == "Written before the crash"


def test_a_journal_of_another_book_is_set_aside_never_restored_or_kept(
    backed_up: tuple[Path, Backup], tmp_path: Path
) -> None:
    path, backup = backed_up
    other = tmp_path / "other" / "Other.csmbook"
    other.parent.mkdir()
    other.write_bytes(path.read_bytes())
    con = sqlite3.connect(other)  # another book: a lineage of its own
    con.execute(
        "UPDATE book_meta SET value = ? WHERE key = ?", (Marker.new_lineage().text(), MARKER_KEY)
    )
    con.commit()
    con.close()
    holding.start(other, "crash").wait(timeout=30)
    os.replace(wal_path(other), wal_path(path))
    kept = restore(path, backup.path)
    assert kept is not None and owner(kept) == "After the backup"
    assert owner(path) == owner(backup.path)
    names = [p.name for p in path.parent.iterdir()]
    assert any(n.startswith(f"{path.name}-wal.set-aside-") for n in names), names
    assert not wal_path(path).exists()


def test_restore_is_refused_while_another_program_has_the_book(
    backed_up: tuple[Path, Backup],
) -> None:
    path, backup = backed_up
    before = digest(path)
    count = len(list_backups(path))
    proc = holding.start(path)
    try:
        with pytest.raises(BookLockedError) as caught:
            restore(path, backup.path)
    finally:
        holding.release(proc)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path.name} is open in CSM Desk test window of ")
    assert digest(path) == before
    assert len(list_backups(path)) == count, "nothing was done"


def test_restore_is_refused_while_this_process_has_the_book_open(
    backed_up: tuple[Path, Backup],
) -> None:
    path, backup = backed_up
    with BookFile.open(path, access="read"), pytest.raises(BookError, match="close it first"):
        restore(path, backup.path)
    assert owner(path) == "After the backup"


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _overwrite_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100
    path.write_bytes(bytes(data))


def _corrupt_an_index(path: Path) -> None:
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


@pytest.mark.parametrize(
    "damage", [_truncate, _overwrite_header, _corrupt_an_index], ids=lambda f: f.__name__
)
def test_restore_onto_a_damaged_book_keeps_the_damaged_file_whole(
    backed_up: tuple[Path, Backup], damage: object
) -> None:
    path, backup = backed_up
    damage(path)  # type: ignore[operator]
    damaged = path.read_bytes()
    kept = restore(path, backup.path)
    assert kept is not None and kept.name.endswith(" before-restore damaged.csmbook")
    assert kept.read_bytes() == damaged
    with BookFile.open(path) as book:
        assert book.check().ok
    assert owner(path) == owner(backup.path)
    assert kept in [b.path for b in list_backups(path)]


def test_restore_of_a_book_that_is_gone_writes_it_again(
    backed_up: tuple[Path, Backup],
) -> None:
    path, backup = backed_up
    path.unlink()
    assert restore(path, backup.path) is None
    assert owner(path) == owner(backup.path)


def _fail_keeping(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_pages", full)


def _fail_after_writing_the_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    real = restoring._prepare

    def prepare_then_fail(backup: Path, partial: Path, book_id: str | None) -> None:
        real(backup, partial, book_id)
        assert partial.exists()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(restoring, "_prepare", prepare_then_fail)


def _fail_clearing_journals(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_path: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(restoring, "_clear_journals", refused)


def _fail_replacing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_source: object, _target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(restoring.os, "replace", refused)


def _fail_taking_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(restoring.BookLock, "take_writer", lambda *_a, **_k: False)


@pytest.mark.parametrize(
    ("step", "words"),
    [
        (_fail_taking_the_lock, "is open in"),
        (_fail_keeping, "the disk is full"),
        (_fail_after_writing_the_copy, "the disk is full"),
        (_fail_clearing_journals, "permission denied"),
        (_fail_replacing, "Invalid cross-device link"),
    ],
    ids=lambda v: v.__name__.removeprefix("_fail_") if callable(v) else "",
)
def test_a_failure_at_any_step_leaves_the_book_as_it_was(
    backed_up: tuple[Path, Backup],
    monkeypatch: pytest.MonkeyPatch,
    step: object,
    words: str,
) -> None:
    path, backup = backed_up
    before = digest(path)
    step(monkeypatch)  # type: ignore[operator]
    with pytest.raises(BookError) as caught:
        restore(path, backup.path)
    monkeypatch.undo()
    message = str(caught.value)
    assert "\n" not in message and words in message, message
    assert digest(path) == before
    assert hidden_leftovers(path) == []
    with BookFile.open(path) as book:  # the lock was let go
        assert book.book_row().owner == "After the backup"


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "notes.csmbook"
    path.write_text("not a book")
    return path


def test_a_backup_that_is_not_a_whole_book_is_refused(
    backed_up: tuple[Path, Backup], foreign: Path, tmp_path: Path
) -> None:
    path, backup = backed_up
    before = digest(path)
    with pytest.raises(BookError, match="is a text file, not a CSM Desk book"):
        restore(path, foreign)
    broken = tmp_path / "broken.csmbook"
    broken.write_bytes(backup.path.read_bytes())
    _corrupt_an_index(broken)
    # A damaged index is found by the integrity check, or earlier by SQLite itself as a
    # malformed page, depending on which page the corruption lands on: both refuse it.
    with pytest.raises(
        BookError, match=r"failed its integrity check|malformed|is damaged"
    ) as caught:
        restore(path, broken)
    assert "\n" not in str(caught.value)
    with pytest.raises(BookError, match="is the book itself"):
        restore(path, path)
    assert digest(path) == before


def test_a_file_that_is_not_a_book_is_never_restored_over(
    backed_up: tuple[Path, Backup], tmp_path: Path
) -> None:
    _path, backup = backed_up
    report = tmp_path / "report.docx"
    report.write_bytes(b"PK\x03\x04 a Word document")
    with pytest.raises(BookError, match="is not a CSM Desk book"):
        restore(report, backup.path)
    assert report.read_bytes() == b"PK\x03\x04 a Word document"
