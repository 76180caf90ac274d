"""Automatic backups of a book: taken with SQLite's backup API, verified, named, rotated, listed.

Every book has a folder of its own under ``paths.backup_dir()``, named ``<book name> (<id>)``
after the first eight characters of the book's lineage (see ``journal``), so two books that
happen to share a name never mix their backups. A backup is a self-contained rollback-journal
book named ``<book name> <YYYY-MM-DD HH.MM.SS> <reason>.csmbook``. It is written under a hidden
name, checked with ``PRAGMA integrity_check`` and only then moved into place, so a file that
looks like a backup is always a whole, verified one.

Backups are taken the first time the window opens the book each day (``take_daily_backup``),
and before a migration, an import, a hand-over and a restore. After each one the folder is
rotated (grandfather-father-son): the newest backup of each of the last ``backup_keep_daily``
days, of each of the last ``backup_keep_weekly`` ISO weeks and of each of the last
``backup_keep_monthly`` months is kept, with the few newest of any reason; the rest are deleted
(``backup_rotation``).

Putting a backup back in place is ``csm_desk.models.restore``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import glob
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from csm_desk import paths
from csm_desk.engine.settings import BookSettings
from csm_desk.models import clock
from csm_desk.models.backup_rotation import Keep, to_keep
from csm_desk.models.bookfile import (
    BookError,
    BookFile,
    _remove_file_set,
    connect_read_only,
    first_problem,
    place_without_overwrite,
    temporary_sibling,
)
from csm_desk.models.booklock import lock_path
from csm_desk.models.journal import MARKER_KEY, Marker, wal_path

DAILY = "daily"
BEFORE_MIGRATION = "before-migration"
BEFORE_IMPORT = "before-import"
BEFORE_HANDOVER = "before-handover"
BEFORE_RESTORE = "before-restore"
MANUAL = "manual"
REASONS = (DAILY, BEFORE_MIGRATION, BEFORE_IMPORT, BEFORE_HANDOVER, BEFORE_RESTORE, MANUAL)

# book_meta: "<lineage>:<folder id>", written by a restore: the restored book starts a lineage
# of its own (so no journal of the book it replaced can ever be replayed into it) but keeps
# the backup folder it had. Valid only while the book's lineage is the one named.
FOLDER_KEY = "backup_folder"
DAMAGED_TAG = "damaged"  # the name of a damaged book set aside whole by a restore

_STAMP = "%Y-%m-%d %H.%M.%S"
_NAME = re.compile(
    r"^(?P<stem>.+) (?P<stamp>\d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}) "
    r"(?P<reason>[a-z]+(?:-[a-z]+)*)(?P<damaged> " + DAMAGED_TAG + r")?"
    r"(?: \((?P<n>\d+)\))?" + re.escape(paths.BOOK_SUFFIX) + "$"
)
_FOLDER_ID = re.compile(r"[0-9a-f]{32}")
_FOLDER_SUFFIX = re.compile(r" \([0-9a-f]{8}\)$")


class UnverifiedCopyError(BookError):
    """The copy could not be read back whole: the book it was taken from may be damaged."""


@dataclass(frozen=True)
class Backup:
    """One backup of a book.

    Attributes:
        path: the backup file.
        taken_at: when it was taken (from its name).
        reason: why (one of ``REASONS``).
        size: its size in bytes.
        accounts: how many accounts it holds; None when it was not read or cannot be.
        damaged: a damaged book set aside whole by a restore, not a verified copy.
    """

    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    accounts: int | None = None
    damaged: bool = False

    def when(self) -> str:
        """``2026-11-26 08:30:12``: the moment it was taken, for a person."""
        return self.taken_at.isoformat(" ")

    def describe(self) -> str:
        """``the backup of 2026-11-26 08:30:12 (daily, 12 accounts)``."""
        what = [self.reason + (f" ({DAMAGED_TAG})" if self.damaged else "")]
        if self.accounts is not None:
            what.append(f"{self.accounts} account{'s' if self.accounts != 1 else ''}")
        return f"the backup of {self.when()} ({', '.join(what)})"


# -- where backups go -------------------------------------------------------------------------


def folder_id(marker: str | None, binding: str | None) -> str | None:
    """The id of a book's backup folder, from its journal marker and ``FOLDER_KEY`` value:
    the folder a restore bound to this lineage, else the lineage itself (None when the book
    has never been marked).
    """
    current = Marker.parse(marker)
    if current is None:
        return None
    lineage, _, bound = (binding or "").partition(":")
    if lineage == current.lineage and _FOLDER_ID.fullmatch(bound):
        return bound
    return current.lineage


def folder_for(book_path: Path, book_id: str | None) -> Path:
    """The backup folder of the book at ``book_path`` whose folder id is ``book_id``."""
    stem = Path(book_path).stem
    name = f"{stem} ({book_id[:8]})" if book_id else stem
    return paths.backup_dir() / name


def _meta(read: Callable[[str], object]) -> str | None:
    """The folder id, given a way to read one ``book_meta`` value."""
    marker, binding = read(MARKER_KEY), read(FOLDER_KEY)
    return folder_id(
        None if marker is None else str(marker), None if binding is None else str(binding)
    )


def connection_folder_id(con: sqlite3.Connection) -> str | None:
    """The folder id of the book (or copy) open on ``con``."""

    def read(key: str) -> object:
        row = con.execute("SELECT value FROM book_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    return _meta(read)


def book_folder_id(book: BookFile, *, mark: bool = False) -> str | None:
    """The folder id of an open book. With ``mark``, a writable book that has never been
    marked is given its lineage now, so its backups keep one folder from the first on.
    """

    def read(key: str) -> object:
        with book.read() as conn:
            return conn.exec_driver_sql(
                "SELECT value FROM book_meta WHERE key = ?", (key,)
            ).scalar()

    found = _meta(read)
    if found is None and mark and not book.read_only:
        with book.write() as conn:
            # Any change moves the marker on, and an unmarked book gets its lineage then.
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO book_meta(key, value) VALUES (?, ?)",
                (MARKER_KEY, Marker.new_lineage().text()),
            )
        found = _meta(read)
    return found


# -- taking one -------------------------------------------------------------------------------


def reason_of(exc: BaseException) -> str:
    """A few words for why a file could not be written."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return f"the disk is full{where}"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"permission denied{where}"
        if exc.errno == errno.EROFS:
            return f"the disk is read-only{where}"
        return f"{exc.strerror or exc}{where}"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    lowered = text.lower()
    if "disk is full" in lowered:
        return "the disk is full"
    if "readonly" in lowered or "read-only" in lowered:
        return "the backup folder is read-only"
    return text


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed because the database it read is damaged or not a database."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def backup_name(stem: str, when: dt.datetime, reason: str, *, damaged: bool = False) -> str:
    tag = f" {DAMAGED_TAG}" if damaged else ""
    return f"{stem} {when.strftime(_STAMP)} {reason}{tag}{paths.BOOK_SUFFIX}"


def free_name(
    folder: Path, stem: str, when: dt.datetime, reason: str, *, damaged: bool = False
) -> Path:
    """A name for a backup taken at ``when`` that no file in ``folder`` has yet."""
    base = backup_name(stem, when, reason, damaged=damaged).removesuffix(paths.BOOK_SUFFIX)
    target = folder / f"{base}{paths.BOOK_SUFFIX}"
    n = 2
    while target.exists() or wal_path(target).exists():
        target = folder / f"{base} ({n}){paths.BOOK_SUFFIX}"
        n += 1
    return target


def copy_verified(
    source: sqlite3.Connection,
    folder: Path,
    stem: str,
    reason: str,
    when: dt.datetime,
    *,
    what: str,
) -> Backup:
    """Copy the database open on ``source`` into ``folder`` as a verified backup.

    The copy is written under a hidden name, made a single rollback-journal file, checked with
    ``integrity_check`` and only then given its backup name. ``what`` names the book in
    messages. Raises ``UnverifiedCopyError`` when the copy cannot be read back whole (the
    book itself may be damaged) and ``BookError`` when it cannot be written (a full disk, a
    read-only folder); either way nothing is left in ``folder`` and the book is not touched.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")

    def unwritten(exc: BaseException) -> BookError:
        return BookError(f"could not back up {what}: {reason_of(exc)}; the book is unchanged")

    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder, stem, when, reason)
    except OSError as exc:
        raise unwritten(exc) from None
    partial = temporary_sibling(target, "backup")
    _remove_file_set(partial)
    try:
        accounts = _copy_pages(source, partial, what)
        place_without_overwrite(partial, target)
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise UnverifiedCopyError(
                f"could not back up {what}: SQLite cannot read it ({reason_of(exc)}); the book "
                "itself may be damaged (csm-desk check)"
            ) from None
        raise unwritten(exc) from None
    except OSError as exc:
        raise unwritten(exc) from None
    finally:
        _remove_file_set(partial)
    return Backup(target, when.replace(microsecond=0), reason, target.stat().st_size, accounts)


def _copy_pages(source: sqlite3.Connection, partial: Path, what: str) -> int:
    """Write the copy at ``partial`` and verify it; returns its number of accounts."""
    copy = sqlite3.connect(str(partial))
    try:
        source.backup(copy)
        mode = copy.execute("PRAGMA journal_mode = DELETE").fetchone()
        rows = [str(r[0]) for r in copy.execute("PRAGMA integrity_check")]
        if rows != ["ok"] or (mode and str(mode[0]).lower() != "delete"):
            problem = first_problem(rows) if rows != ["ok"] else f"journal mode {mode}"
            raise UnverifiedCopyError(
                f"the backup of {what} failed its integrity check ({problem}); the book "
                "itself may be damaged (csm-desk check)"
            )
        accounts = int(copy.execute("SELECT count(*) FROM account").fetchone()[0])
    finally:
        copy.close()
    for suffix in ("-wal", "-shm", "-journal"):
        if Path(f"{partial}{suffix}").exists():
            raise BookError(f"the backup of {what} is not a single self-contained file")
    return accounts


def take_backup(book: BookFile, reason: str, *, now: dt.datetime | None = None) -> Backup:
    """Copy the open ``book`` into its backup folder (verified), then rotate the folder.

    Works on a book open to read as well as to write, beside whoever is writing it; the book
    is only read. Raises a one-line ``BookError`` when the copy cannot be written or verified.
    """
    when = now or clock.now()
    folder = folder_for(book.path, book_folder_id(book, mark=True))
    with book.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        taken = copy_verified(raw, folder, book.path.stem, reason, when, what=book.path.name)
    rotate(folder, _keep_of(book), when.date())
    return taken


def stored_keep(con: sqlite3.Connection) -> Keep:
    """The rotation settings of the book open on a plain connection (defaults when unread)."""
    with contextlib.suppress(sqlite3.Error, TypeError, ValueError):
        row = con.execute("SELECT settings_json FROM book ORDER BY id LIMIT 1").fetchone()
        return Keep.from_settings(BookSettings.from_json(json.loads(row[0] or "{}")))
    return Keep()


def _keep_of(book: BookFile) -> Keep:
    try:
        return Keep.from_settings(book.settings())
    except (BookError, ValueError, TypeError):
        return Keep()


def backup_due(book: BookFile, today: dt.date | None = None) -> bool:
    """Whether the book has no backup taken ``today`` (or later) yet."""
    day = today or clock.today()
    found = scan(folder_for(book.path, book_folder_id(book)))
    return not found or max(b.taken_at for b in found).date() < day


def take_daily_backup(book: BookFile, *, now: dt.datetime | None = None) -> Backup | None:
    """The first backup of the day of a book open for writing; None when it already has one
    (or cannot be written, so nothing changes in it today).
    """
    when = now or clock.now()
    if book.read_only or not backup_due(book, when.date()):
        return None
    return take_backup(book, DAILY, now=when)


def before_migration(path: Path) -> Path:
    """Back up the book at ``path`` before it is migrated, while its opener holds the writer
    lock and no connection of this process has it open. Returns the backup's path.
    """
    con = sqlite3.connect(str(path), timeout=5.0)
    try:
        book_id = connection_folder_id(con)
        fresh = None
        if book_id is None:
            # A book not yet marked is given its lineage once the copy is safe, so its folder
            # is the one the migration (which moves the marker on) and every later backup use.
            fresh = Marker.new_lineage()
            book_id = fresh.lineage
        folder = folder_for(path, book_id)
        keep = stored_keep(con)
        when = clock.now()
        taken = copy_verified(con, folder, path.stem, BEFORE_MIGRATION, when, what=path.name)
        if fresh is not None:
            con.execute(
                "INSERT OR REPLACE INTO book_meta(key, value) VALUES (?, ?)",
                (MARKER_KEY, fresh.text()),
            )
            con.commit()
    finally:
        con.close()
    rotate(folder, keep, when.date())
    return taken.path


# -- listing ----------------------------------------------------------------------------------


def parse_name(path: Path) -> tuple[dt.datetime, str, bool] | None:
    """When, why and whether damaged, from a backup's name; None for any other file."""
    match = _NAME.match(path.name)
    if match is None or match.group("reason") not in REASONS:
        return None
    try:
        when = dt.datetime.strptime(match.group("stamp"), _STAMP)
    except ValueError:
        return None
    return when, match.group("reason"), match.group("damaged") is not None


def scan(folder: Path, *, count: bool = False) -> list[Backup]:
    """The backups in ``folder``, newest first; with ``count``, each one's accounts are read
    (from the copy itself, never from a book).
    """
    try:
        entries = [p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []
    found: list[tuple[Backup, int]] = []
    for path in entries:
        parsed = parse_name(path)
        if parsed is None:
            continue
        when, reason, damaged = parsed
        try:
            stat = path.stat()
        except OSError:
            continue
        accounts = _count_accounts(path) if count and not damaged else None
        found.append(
            (Backup(path, when, reason, stat.st_size, accounts, damaged), stat.st_mtime_ns)
        )
    # Taken in the same second: the one written last first.
    found.sort(key=lambda pair: (pair[0].taken_at, pair[1]), reverse=True)
    return [backup for backup, _mtime in found]


def _count_accounts(path: Path) -> int | None:
    """Accounts in a backup copy, through a read-only connection to that copy."""
    try:
        con = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return int(con.execute("SELECT count(*) FROM account").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        con.close()


def book_folders(book_path: Path) -> list[Path]:
    """The backup folders of the book at ``book_path``: its own, found from the book; when the
    book cannot be read (damaged, missing), every folder of a book of that name.
    """
    book_path = Path(book_path).expanduser().absolute()
    own = None
    if book_path.exists():
        try:
            book = BookFile.open(book_path, access="read")
        except BookError:
            book = None
        if book is not None:
            try:
                own = book_folder_id(book)
            except (BookError, SQLAlchemyError):
                own = None  # a book that cannot be read: look by name
            finally:
                book.close()
    plain = folder_for(book_path, None)
    if own is not None:
        return [folder_for(book_path, own), plain]
    pattern = glob.escape(book_path.stem) + " (*)"
    named = sorted(p for p in plain.parent.glob(pattern) if _FOLDER_SUFFIX.search(p.name))
    return [*named, plain]


def list_backups(book_path: Path) -> list[Backup]:
    """Every backup of the book at ``book_path``, newest first, each with its accounts."""
    found: list[Backup] = []
    for folder in book_folders(book_path):
        found.extend(scan(folder, count=True))
    found.sort(key=lambda b: b.taken_at, reverse=True)  # stable: each folder's order stays
    return found


# -- rotation ---------------------------------------------------------------------------------


def rotate(folder: Path, keep: Keep, today: dt.date) -> list[Path]:
    """Delete the backups in ``folder`` that ``to_keep`` does not keep; returns them.

    A backup someone has open (a lock or a journal beside it) is left alone, and a file that
    cannot be deleted is skipped: rotation never makes a backup fail.
    """
    found = scan(folder)
    kept = to_keep(found, keep, today)
    removed = []
    for backup in found:
        path = backup.path
        if path in kept or lock_path(path).exists() or wal_path(path).exists():
            continue
        try:
            path.unlink()
        except OSError:
            continue
        Path(f"{path}-journal").unlink(missing_ok=True)
        removed.append(path)
    return removed


__all__ = [
    "REASONS",
    "Backup",
    "Keep",
    "backup_due",
    "list_backups",
    "rotate",
    "take_backup",
    "take_daily_backup",
    "to_keep",
]
