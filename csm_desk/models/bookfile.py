"""The book file: open, create, refuse, migrate, back up, copy for a successor, and check.

A book is one SQLite file marked with ``PRAGMA application_id``. Before a single byte is written,
the file's header is read directly and anything that is not a CSM Desk book this version can
read (another database, a text file, a truncated book, a book from a newer version) is refused
with a one-line ``BookError`` and left untouched. While open the book runs in WAL mode with
foreign keys on for every connection; closing checkpoints it back into a single file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import Connection, Engine, create_engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from csm_desk import __version__
from csm_desk.engine.settings import BookSettings
from csm_desk.models import seal, search
from csm_desk.models.bookformat import (
    APPLICATION_ID,
    HEAD_REVISION,
    SCHEMA_VERSION,
    BookError,
    raw_connection,
)
from csm_desk.models.booklock import BookLock, Holder
from csm_desk.models.journal import (
    MARKER_KEY,
    Marker,
    immutable_uri,
    judge_wal,
    read_wal,
    shm_path,
    wal_path,
)
from csm_desk.models.tables import ALL_TABLES, Book, HandoverLog

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEADER_SIZE = 100


class MissingBookError(BookError):
    """There is no book file at the path given."""


class NotABookError(BookError):
    """The file exists but is not a CSM Desk book (not SQLite, or no book tables)."""


class NewerBookError(BookError):
    """The book was saved by a newer version of CSM Desk; this one refuses to open it."""


class DamagedBookError(BookError):
    """SQLite cannot read the book (damaged pages), or it holds values that cannot be read."""


class TruncatedBookError(DamagedBookError, NotABookError):
    """A CSM Desk book that lost its end: damaged (a backup restores it), and not usable."""


def _describe_foreign(path: Path, head: bytes) -> str:
    """Words for what a file that is not an SQLite database looks like."""
    if not head:
        return "is empty"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "is a text file"
    if head.startswith(b"PK\x03\x04"):
        return "is a ZIP archive (a Word or Excel document?)"
    if head.startswith(b"%PDF"):
        return "is a PDF document"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "is not an SQLite database"
    return "is a text file" if b"\x00" not in head else "is not an SQLite database"


def inspect_header(path: Path) -> None:
    """Refuse, with a one-line reason, any existing file that is not a readable CSM Desk book.

    Reads the file's bytes only; never opens it with SQLite, so nothing about it can change.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_SIZE)
            size = path.stat().st_size
    except IsADirectoryError:
        raise NotABookError(f"{path} is a folder, not a CSM Desk book") from None
    except PermissionError:
        raise BookError(f"{path} cannot be read: permission denied") from None
    except OSError as exc:
        raise BookError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if not head.startswith(SQLITE_MAGIC):
        raise NotABookError(f"{path} {_describe_foreign(path, head)}, not a CSM Desk book")
    if len(head) < HEADER_SIZE:
        raise NotABookError(f"{path} is a truncated SQLite file ({size} bytes), not a usable book")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        kind = "an SQLite database of another program" if app_id else "an SQLite database"
        raise NotABookError(f"{path} is {kind}, not a CSM Desk book")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(head[28:32], "big")
    counter_valid = head[24:28] == head[92:96]
    expected = page_size * page_count
    # A checkpoint interrupted after it wrote page 1 (the header) and before it wrote the pages
    # past the old end leaves the header ahead of the file; the log beside it completes it.
    if counter_valid and page_count and size < expected and read_wal(wal_path(path)) is None:
        raise TruncatedBookError(
            f"{path} is a truncated CSM Desk book ({size} of {expected} bytes); restore a "
            "backup (csm-desk backups) or open the original copy instead"
        )
    user_version = int.from_bytes(head[60:64], "big")
    if user_version > SCHEMA_VERSION:
        needed = _read_meta(path, "min_app_version") or "a newer version"
        raise NewerBookError(
            f"{path} was written by a newer CSM Desk (book format {user_version}); "
            f"it needs CSM Desk {needed} or later, this is {__version__}"
        )


def _read_meta(path: Path, key: str) -> str | None:
    """Read one ``book_meta`` value from the file's own pages (never writes, takes no lock)."""
    try:
        con = sqlite3.connect(immutable_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM book_meta WHERE key = ?", (key,)).fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        con.close()
    return str(row[0]) if row else None


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A plain read-only SQLite connection to the book at ``path``, opened by path (never a
    URL built from it), for salvage and inspection; it can never write.
    """
    con = sqlite3.connect(str(Path(path).resolve()), check_same_thread=False)
    con.execute("PRAGMA query_only = ON")
    return con


def _connect(path: Path, *, query_only: bool) -> sqlite3.Connection:
    """One connection to the book, opened by its path: SQLite sees the name as it is, so a
    ``%20``, ``?`` or ``#`` in it is part of the name, never an escape or a parameter.
    """
    con = sqlite3.connect(str(path), check_same_thread=False, timeout=5.0)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA busy_timeout = 5000")
    con.execute("PRAGMA synchronous = NORMAL")
    # A modest cache of SQLite's own (8 MiB) and no memory-mapped reads: a whole-book read
    # (the check on opening, a full scoring) is no faster with either larger, and each would
    # keep up to the whole file in the program's memory.
    con.execute("PRAGMA cache_size = -8192")
    if query_only:
        con.execute("PRAGMA query_only = ON")
    return con


def _make_engine(path: Path, *, query_only: bool = False) -> Engine:
    return create_engine(
        "sqlite://",
        creator=lambda: _connect(path, query_only=query_only),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
    )


# Room SQLite needs beside a book to open it at all: its shared-memory index and a few log pages.
_ROOM_TO_OPEN = 64 * 1024


def _disk_full(path: Path) -> bool:
    """Whether the file system holding ``path`` has too little room left to open a book."""
    try:
        return shutil.disk_usage(path.parent).free < _ROOM_TO_OPEN
    except OSError:
        return False


def damaged(path: Path, exc: BaseException) -> BookError:
    """The one line for a book SQLite cannot read.

    An I/O error on a disk with no room left is the disk's, not the book's (SQLite cannot make
    the index it reads a WAL book through): that is said, so nobody restores a backup over a
    good book.
    """
    reason = getattr(exc, "orig", None) or exc
    first = _words_of(reason)
    if isinstance(reason, UnicodeDecodeError):
        first = "its pages hold bytes that should be text and are not"
    if "disk i/o error" in first.lower() and _disk_full(path):
        return BookError(
            f"the disk holding {path} is full ({first}); nothing was changed: free some space "
            "and try again"
        )
    return DamagedBookError(
        f"{path} is damaged ({first}); restore a backup "
        "(csm-desk backups) or salvage what is readable (csm-desk check --repair -o OUT.csmbook)"
    )


_DAMAGE_WORDS = ("malformed", "not a database", "disk i/o error", "corrupt", "could not decode")
# Python's message for a stored value that is not text quotes the value, bytes and line breaks.
_QUOTED_TEXT = re.compile(r" with text '.*", re.DOTALL)


def _words_of(exc: BaseException) -> str:
    """SQLite's (or Python's) words about ``exc`` as one line, without any stored text they
    quote.
    """
    lines = _QUOTED_TEXT.sub("", str(exc)).splitlines()
    return lines[0] if lines and lines[0].strip() else type(exc).__name__


def describe_failure(exc: BaseException, book: Path | None = None) -> str | None:
    """One line for a failure of the disk, the file system or SQLite, or None when ``exc`` is
    none of those (a program error, which deserves its traceback in the log).
    """
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error | OSError):
        exc = orig
    if isinstance(exc, sqlite3.Error):
        text = _words_of(exc)
        lowered = text.lower()
        if "disk is full" in lowered:
            return "the disk is full; nothing was changed"
        if "readonly" in lowered or "read-only" in lowered:
            where = f"{book} is read-only" if book else "the book is read-only"
            return f"{where}; nothing was changed"
        if any(word in lowered for word in _DAMAGE_WORDS) and book is not None:
            return str(damaged(book, exc))
        if "unable to open" in lowered:
            return f"cannot open {book or 'the book'}: {text}"
        return f"the book could not be read or written ({text}); nothing was changed"
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return f"the disk is full{where}; nothing was written"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"permission denied{where}; nothing was written"
        if exc.errno == errno.EROFS:
            return f"the disk is read-only{where}; nothing was written"
        if exc.errno == errno.ENOENT:
            return f"no such file or folder{where}"
        return f"{exc.strerror or exc}{where}"
    return None


def _unwritable(path: Path) -> str | None:
    """Why the book at ``path`` cannot be changed, or None when it can."""
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder is read-only"
    return None


def _revision(path: Path) -> str | None:
    """The book's schema revision, read through SQLite by path (after its journal was judged,
    so what SQLite replays is this book's own).
    """
    try:
        con = sqlite3.connect(str(path))
    except sqlite3.Error as exc:
        raise damaged(path, exc) from None
    try:
        con.execute("PRAGMA query_only = ON")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        con.execute("SELECT count(*) FROM book").fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # A damaged schema can name things in bytes that are not text: SQLite's message then
        # cannot be decoded, and Python raises that instead of the DatabaseError.
        if "no such table" in str(exc):
            raise NotABookError(
                f"{path} is marked as a CSM Desk book but has no book tables"
            ) from None
        raise damaged(path, exc) from None
    finally:
        con.close()
    if row is None:
        raise NotABookError(f"{path} has no schema version; it is not a usable CSM Desk book")
    return str(row[0])


def _settle_journal(path: Path) -> list[str]:
    """Judge a journal left beside the book (by a crash, or copied in) before SQLite sees it:
    one that belongs is left for SQLite to replay; one that does not is moved aside, with a
    notice saying where. Called only while no process has the book open for writing.
    """
    verdict = judge_wal(path)
    if verdict is None or verdict.belongs:
        return []
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}-wal.set-aside-{stamp}")
    try:
        os.replace(wal_path(path), aside)
        shm_path(path).unlink(missing_ok=True)
    except OSError as exc:
        raise BookError(
            f"{path} has a journal beside it that does not belong to it ({verdict.reason}) "
            f"and it cannot be moved aside: {exc.strerror or exc}"
        ) from None
    return [
        f"A journal beside {path.name} did not belong to it ({verdict.reason}); "
        f"it was set aside as {aside.name} and not applied"
    ]


class _UpgradeElsewhere(Exception):
    """The book is older than this version and cannot be upgraded where it is."""


def first_problem(rows: list[str]) -> str:
    """The first thing ``PRAGMA integrity_check`` found, in one line."""
    lines = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
    return lines[0] if lines else "no result"


def _refuse_damaged_values(path: Path, connection: Connection) -> None:
    """Refuse, in one line, a book whose structure SQLite finds damaged (an index that lost
    rows answers queries wrongly without an error) or holding a value the program cannot read.
    """
    from csm_desk.models.damage import find_damage

    rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check(1)")]
    if rows != ["ok"]:
        raise DamagedBookError(
            f"{path} is damaged ({first_problem(rows)}); restore a backup (csm-desk backups) "
            "or salvage what is readable (csm-desk check --repair -o OUT.csmbook)"
        )
    found = find_damage(connection, limit=1)
    if found:
        raise DamagedBookError(
            f"{path.name} holds a value that cannot be read: {found[0]}; "
            "`csm-desk check` lists every one; restore a backup (csm-desk backups) or salvage "
            "the rest (csm-desk check --repair -o OUT.csmbook)"
        )


def _remove_file_set(path: Path) -> None:
    """Remove a closed, unfinished book file and any journal SQLite left beside it."""
    for leftover in (path, wal_path(path), shm_path(path), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def temporary_sibling(path: Path, purpose: str) -> Path:
    """A hidden name beside ``path`` for a file being written, that no one (and no file
    dialog filtering on ``.csmbook``) takes for a book.
    """
    return path.with_name(f".{path.name}.{purpose}-{os.getpid()}.tmp")


def _migrate(path: Path) -> None:
    """Run every pending Alembic migration (foreign keys off), then verify the foreign keys."""
    from alembic import command
    from alembic.config import Config

    engine = _make_engine(path)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            search.ensure(connection)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise BookError(f"{path}: migration left {len(problems)} broken references")
            connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.exec_driver_sql(
                "INSERT OR REPLACE INTO book_meta(key, value) VALUES ('min_app_version', ?)",
                (__version__,),
            )
            _bump_marker(connection, _read_marker(connection))
    finally:
        engine.dispose()


def _ensure_search_index(engine: Engine) -> None:
    """Rebuild the book's search index when it is missing, damaged or follows other fields
    (a write of derived rows only, marked like any other write).
    """
    with engine.connect() as connection:
        if search.index_problem(connection) is None:
            return
    try:
        with engine.begin() as connection:
            search.rebuild(connection)
            _bump_marker(connection, _read_marker(connection))
    except DatabaseError:
        # The book's own rows are what matter: it opens, unchanged, and search finds nothing.
        logging.getLogger(__name__).exception("the search index could not be rebuilt")


def _read_marker(connection: Connection) -> Marker | None:
    value = connection.exec_driver_sql(
        "SELECT value FROM book_meta WHERE key = ?", (MARKER_KEY,)
    ).scalar()
    return Marker.parse(value)


def _bump_marker(connection: Connection, marker: Marker | None) -> Marker:
    """Rewrite the book's journal marker inside the transaction (see ``journal``)."""
    bumped = (marker or Marker.new_lineage()).next()
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO book_meta(key, value) VALUES (?, ?)", (MARKER_KEY, bumped.text())
    )
    return bumped


@dataclass
class CheckReport:
    """What ``csm-desk check`` found."""

    path: Path
    integrity: str
    schema_version: int
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    foreign_key_problems: int = 0

    @property
    def ok(self) -> bool:
        """Whether SQLite found the book sound, every reference resolves, the schema is current."""
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.revision == HEAD_REVISION
        )


Access = Literal["write", "read"]


class BookLockedError(BookError):
    """Another process has the book open for writing.

    Attributes:
        holder: who has it, when the lock file says.
    """

    def __init__(self, message: str, holder: Holder | None) -> None:
        super().__init__(message)
        self.holder = holder


class ReadOnlyBookError(BookError):
    """The book can be read but not changed (read-only file or folder, or opened to read)."""


# Every book open in this process, by its real path: a second open of the same book shares it,
# so no part of the program ever holds a second descriptor on a live book.
_OPEN: dict[str, BookFile] = {}
_OPEN_LOCK = threading.RLock()


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def open_here(path: Path | str) -> BookFile | None:
    """The book at ``path`` when this process has it open, else None."""
    with _OPEN_LOCK:
        return _OPEN.get(_key(Path(path).expanduser().absolute()))


class BookFile:
    """An open book, shared by every part of this process that uses it.

    Attributes:
        path: the book file.
        engine: the one SQLAlchemy engine for this file.
        read_only: no change can be written (``read_only_reason`` says why).
        notices: one-line things the person should know about this open (a journal that did
            not belong to the book was set aside, the book is read-only…).
        backup_path: where the pre-migration backup went, when opening migrated the book.
    """

    def __init__(
        self,
        path: Path,
        engine: Engine,
        backup_path: Path | None = None,
        *,
        lock: BookLock | None = None,
        read_only_reason: str | None = None,
        marker: Marker | None = None,
        snapshot: Path | None = None,
        notices: list[str] | None = None,
        sound: bool = False,
    ) -> None:
        self.path = path
        self.engine = engine
        self.backup_path = backup_path
        self.read_only_reason = read_only_reason
        self.notices = list(notices or ())
        self._lock = lock
        self._marker = marker
        self._snapshot = snapshot
        self._refs = 1
        self._closed = False
        # Found sound when opened (checked, or sealed as checked): closing it after writing
        # through SQLite alone seals it again.
        self._sound = sound
        self._write_lock = threading.Lock()

    @property
    def read_only(self) -> bool:
        """Whether the book is open for reading only (``read_only_reason`` says why)."""
        return self.read_only_reason is not None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = False,
        owner: str = "",
        access: Access = "write",
        wait: float = 0.0,
        program: str = "CSM Desk",
        allow_read_only: bool = False,
        verify: bool = True,
    ) -> BookFile:
        """Open the book at ``path``; with ``create``, make a new book when none exists yet.

        ``access="write"`` makes this process the book's one writer: if another process is,
        ``BookLockedError`` names it (after waiting up to ``wait`` seconds); a book that cannot
        be written raises ``ReadOnlyBookError`` unless ``allow_read_only``, which opens it
        read-only instead. ``access="read"`` never writes and works beside a writer, seeing
        what it has committed. Opening a book this process already has open shares that one.
        A book holding a value the program cannot read is refused (``DamagedBookError`` names
        the first; ``check`` lists them all) unless ``verify`` is False (restore and salvage).

        Raises ``BookError`` (one line, fit to show) and leaves the file unchanged when it is
        not a book this version can read.
        """
        path = Path(path).expanduser().absolute()
        with _OPEN_LOCK:
            shared = _OPEN.get(_key(path))
            if shared is not None:
                if access == "write" and shared.read_only and not allow_read_only:
                    raise ReadOnlyBookError(
                        f"{path} is open read-only here ({shared.read_only_reason})"
                    )
                shared._refs += 1
                return shared
            if not path.exists():
                if not create:
                    raise MissingBookError(f"no book at {path}")
                return cls.create(path, owner=owner)
            book = cls._open_file(path, access, wait, program, allow_read_only, verify)
            _OPEN[_key(path)] = book
            return book

    @classmethod
    def _open_file(
        cls,
        path: Path,
        access: Access,
        wait: float,
        program: str,
        allow_read_only: bool,
        verify: bool,
    ) -> BookFile:
        # No SQLite connection of this process has the file open yet (the registry above), so
        # reading its header and journal directly cannot drop anybody's locks.
        inspect_header(path)
        try:
            lock: BookLock | None = BookLock(path)
        except OSError:
            lock = None  # a read-only folder or medium: nobody can be writing here
        if lock is None:
            return cls._open_snapshot(path, access, allow_read_only, verify)
        try:
            if not lock.enter_gate():
                raise BookError(f"{path} is being opened by another program; try again")
            reason = _unwritable(path)
            if access == "write" and reason is None and not lock.take_writer(program, wait):
                holder = lock.holder()
                who = holder.describe() if holder else "another program"
                raise BookLockedError(f"{path.name} is open in {who}", holder)
            if access == "write" and reason is not None and not allow_read_only:
                raise ReadOnlyBookError(f"{path} cannot be changed: {reason}")
            notices = [] if lock.writer_elsewhere() else _settle_journal(path)
            if access == "read" and reason is None:
                reason = "opened to read"
            elif reason is not None:
                notices.append(f"{path.name} is read-only: {reason}")
            book = cls._connect_book(path, lock, reason, notices, verify)
            lock.leave_gate()
            return book
        except _UpgradeElsewhere:
            lock.close()
            return cls._open_snapshot(path, access, allow_read_only, verify)
        except BaseException:
            lock.close()
            raise

    @classmethod
    def _connect_book(
        cls, path: Path, lock: BookLock, reason: str | None, notices: list[str], verify: bool
    ) -> BookFile:
        backup_path = None
        revision = _revision(path)
        if revision != HEAD_REVISION:
            if revision not in _known_revisions():
                raise NewerBookError(
                    f"{path} was written by a newer CSM Desk (schema {revision}); "
                    f"update CSM Desk to open it (this is {__version__})"
                )
            if _unwritable(path) is not None:
                raise _UpgradeElsewhere
            # Upgrading is a write: a reader does it too when no one else has the book open
            # for writing, then goes on as a reader.
            upgrader = lock.writer or lock.take_writer("CSM Desk (upgrading the book)")
            if not upgrader:
                holder = lock.holder()
                raise BookLockedError(
                    f"{path.name} must be upgraded to this version's format first, and it is "
                    f"open in {holder.describe() if holder else 'another program'}",
                    holder,
                )
            from csm_desk.models.backups import before_migration

            backup_path = before_migration(path)
            _migrate(path)
            if reason is not None:
                lock.release_writer()
        engine = _make_engine(path, query_only=reason is not None)
        try:
            # A book unchanged since it was last found sound is not checked again (``seal``).
            sealed = verify and seal.is_sealed(path)
            if verify and not sealed:
                # Before anything is written: a damaged book is refused as it is.
                with engine.connect() as connection:
                    _refuse_damaged_values(path, connection)
            if reason is None and not sealed:
                _ensure_search_index(engine)
            with engine.connect() as connection:
                marker = _read_marker(connection)
                # WAL is persistent in the file: switched on by the first writer, after which
                # opening and reading a book never changes its bytes.
                if (
                    reason is None
                    and connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal"
                ):
                    connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        except DatabaseError as exc:
            engine.dispose()
            raise damaged(path, exc) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(
            path,
            engine,
            backup_path,
            lock=lock,
            read_only_reason=reason,
            marker=marker,
            notices=notices,
            sound=verify,
        )

    @classmethod
    def _open_snapshot(
        cls, path: Path, access: Access, allow_read_only: bool, verify: bool
    ) -> BookFile:
        """A book in a place nothing can be written (a read-only folder or medium): read a
        private copy of it, with its journal when that belongs to it, upgraded to this
        version's format when it is older.
        """
        reason = _unwritable(path) or "its folder cannot be written"
        if access == "write" and not allow_read_only:
            raise ReadOnlyBookError(f"{path} cannot be changed: {reason}")
        folder = Path(tempfile.mkdtemp(prefix="csm-desk-read-only-"))
        copy = folder / "book.csmbook"
        notices = [f"{path.name} is read-only: {reason}"]
        try:
            shutil.copyfile(path, copy)
            verdict = judge_wal(path)
            if verdict is not None and verdict.belongs:
                shutil.copyfile(wal_path(path), wal_path(copy))
            elif verdict is not None:
                notices.append(f"a journal beside it was not read: {verdict.reason}")
            revision = _revision(copy)
            if revision != HEAD_REVISION:
                if revision not in _known_revisions():
                    raise NewerBookError(
                        f"{path} was written by a newer CSM Desk (schema {revision}); "
                        f"update CSM Desk to open it (this is {__version__})"
                    )
                _migrate(copy)
            engine = _make_engine(copy, query_only=True)
            if verify:
                with engine.connect() as connection:
                    _refuse_damaged_values(path, connection)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise BookError(f"{path} cannot be read: {exc.strerror or exc}") from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return cls(path, engine, read_only_reason=reason, snapshot=folder, notices=notices)

    @classmethod
    def create(cls, path: Path | str, *, owner: str = "", currency: str = "USD") -> BookFile:
        """Create a new, empty book at ``path`` (which must not exist)."""
        path = Path(path).expanduser().absolute()
        if path.exists():
            raise BookError(f"{path} already exists; choose another name")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BookError(f"cannot make the folder {path.parent}: {exc.strerror}") from None
        partial = temporary_sibling(path, "new")
        try:
            _migrate(partial)
            con = sqlite3.connect(str(partial))
            try:
                con.execute(
                    "INSERT INTO book(owner, currency, created_at, settings_json) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        owner,
                        currency,
                        dt.datetime.now().replace(microsecond=0).isoformat(" "),
                        json.dumps(BookSettings().to_json()),
                    ),
                )
                con.commit()
                con.execute("PRAGMA journal_mode = DELETE")
            finally:
                con.close()
            place_without_overwrite(partial, path)
        except sqlite3.Error as exc:
            raise BookError(f"cannot create {path}: {exc}") from None
        except OSError as exc:
            raise BookError(f"cannot create {path}: {exc.strerror or exc}") from None
        finally:
            _remove_file_set(partial)
        return cls.open(path)

    # -- using -------------------------------------------------------------------------------

    def session(self) -> Session:
        """A short-lived session for one user action."""
        return Session(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        Every change to the book goes through here; each also moves the book's journal marker
        on, in the same transaction (see ``journal``).
        """
        if self.read_only_reason is not None:
            raise ReadOnlyBookError(
                f"{self.path.name} is read-only ({self.read_only_reason}); nothing was changed"
            )
        with self._write_lock, self.engine.begin() as connection:
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            changes = raw.total_changes
            yield connection
            if raw.total_changes == changes:
                return  # nothing changed: nothing is written
            marker = _bump_marker(connection, self._marker)
        self._marker = marker

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.engine.connect() as connection:
            yield connection

    def book_row(self) -> Book:
        """The book's own row (owner, currency, settings).

        Raises:
            BookError: the file has no book row.
        """
        with self.session() as session:
            row = session.get(Book, 1) or session.exec(_select_book()).first()
            if row is None:
                raise BookError(f"{self.path} has no book row")
            return row

    def settings(self) -> BookSettings:
        """The book's settings as stored, with defaults for anything not set."""
        return BookSettings.from_json(json.loads(self.book_row().settings_json or "{}"))

    @property
    def lineage(self) -> str:
        """The book's lineage: a random id given when the book was made, kept by every copy of
        it (backups, hand-overs) and by nothing else.
        """
        with self.read() as connection:
            marker = _read_marker(connection)
        return marker.lineage if marker is not None else ""

    @property
    def name(self) -> str:
        """The book's name as shown in a title bar: the file name without its suffix."""
        return self.path.stem

    def close(self) -> None:
        """Let go of the book. The last user in this process closes it: a writer checkpoints
        the journal into the file so it stands alone; a reader or a read-only book writes
        nothing.
        """
        with _OPEN_LOCK:
            if self._closed:
                return
            self._refs -= 1
            if self._refs > 0:
                return
            self._closed = True
            if _OPEN.get(_key(self.path)) is self:
                del _OPEN[_key(self.path)]
        lock = self._lock
        if lock is not None and lock.writer and self.read_only_reason is None:
            with contextlib.suppress(DatabaseError), self.engine.connect() as connection:
                # A reader elsewhere may hold the journal; then it is left for the last one
                # out (SQLite checkpoints on the last close) rather than waiting on it.
                connection.exec_driver_sql("PRAGMA busy_timeout = 200")
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()
        if lock is not None and lock.writer and self._sound and self.read_only_reason is None:
            seal.seal(self.path)  # while it is still ours: nobody else has written since
        if lock is not None:
            lock.close()
        if self._snapshot is not None:
            shutil.rmtree(self._snapshot, ignore_errors=True)

    def __enter__(self) -> BookFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- checking and copying ---------------------------------------------------------------

    def check(self) -> CheckReport:
        """Integrity, schema version and the number of rows in every table.

        Damage is reported, not raised: a table that cannot be read counts -1.
        """
        with self.engine.connect() as connection:
            try:
                integrity = "; ".join(
                    str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")
                )
                fk = len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
            except DatabaseError as exc:
                integrity, fk = f"damaged: {exc.orig}", 0
            version = connection.exec_driver_sql("PRAGMA user_version").scalar_one()
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
            counts = {}
            for model in ALL_TABLES:
                name = str(model.__tablename__)
                query = f'SELECT count(*) FROM "{name}"'
                try:
                    counts[name] = int(connection.exec_driver_sql(query).scalar_one())
                except DatabaseError:
                    counts[name] = -1
        return CheckReport(self.path, integrity, int(version), revision, counts, fk)

    def handover_copy(self, out: Path | str, *, to_owner: str, note: str | None = None) -> Path:
        """Write a verified single-file copy for a successor, logged as handed to ``to_owner``.

        The copy's owner becomes ``to_owner``, its hand-over log gains an entry and it starts
        a lineage of its own; this book is unchanged. The copy is written under a hidden name
        and is not marked as a book until it is verified, so an interrupted hand-over never
        leaves anything that could be taken for one. Refuses to overwrite ``out``.
        """
        out = Path(out).expanduser().absolute()
        if out.exists():
            raise BookError(f"{out} already exists; choose another name")
        if not out.parent.is_dir():
            raise BookError(f"{out.parent} is not a folder")
        partial = temporary_sibling(out, "handover")
        from_owner = self.book_row().owner
        try:
            copy = sqlite3.connect(str(partial))
            try:
                with self.engine.connect() as connection:
                    source = connection.connection.driver_connection
                    assert isinstance(source, sqlite3.Connection)
                    source.backup(copy)
                copy.execute("PRAGMA application_id = 0")
                copy.execute("PRAGMA journal_mode = DELETE")
                copy.execute("PRAGMA foreign_keys = ON")
                copy.execute(
                    "INSERT INTO handover_log(from_owner, to_owner, handed_over_at, note) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        from_owner,
                        to_owner,
                        dt.datetime.now().replace(microsecond=0).isoformat(" "),
                        note,
                    ),
                )
                if to_owner:
                    copy.execute("UPDATE book SET owner = ?", (to_owner,))
                copy.execute(
                    "INSERT OR REPLACE INTO book_meta(key, value) VALUES (?, ?)",
                    (MARKER_KEY, Marker.new_lineage().text()),
                )
                copy.commit()
                result = copy.execute("PRAGMA integrity_check").fetchone()
                if not result or result[0] != "ok":
                    raise BookError(f"the copy failed its integrity check: {result}")
                if copy.execute("PRAGMA foreign_key_check").fetchall():
                    raise BookError("the copy has broken references")
                copy.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                copy.commit()
            finally:
                copy.close()
            for suffix in ("-wal", "-shm", "-journal"):
                if Path(str(partial) + suffix).exists():
                    raise BookError("the copy is not self-contained")
            place_without_overwrite(partial, out)
        except sqlite3.Error as exc:
            raise BookError(f"could not write {out}: {exc}; nothing was written") from None
        except OSError as exc:
            raise BookError(
                f"could not write {out}: {exc.strerror or exc}; nothing was written"
            ) from None
        finally:
            _remove_file_set(partial)
        return out


def _select_book() -> Any:
    from sqlmodel import select

    return select(Book).order_by(Book.id)  # type: ignore[arg-type]


def _known_revisions(script_location: Path = MIGRATIONS) -> set[str]:
    """Every revision this version ships (a migration file is named ``<revision>_<slug>.py``)."""
    return {script.name.split("_", 1)[0] for script in (script_location / "versions").glob("*.py")}


def place_without_overwrite(source: Path, target: Path) -> None:
    """Move a finished file into place, failing rather than replacing an existing file."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise BookError(f"{target} already exists; choose another name") from None
    except OSError:
        if target.exists():
            raise BookError(f"{target} already exists; choose another name") from None
        # No hard links here (another file system, FAT): copy, never leaving half a file.
        try:
            with source.open("rb") as reading, target.open("xb") as writing:
                shutil.copyfileobj(reading, writing)
                writing.flush()
                os.fsync(writing.fileno())
        except FileExistsError:
            raise BookError(f"{target} already exists; choose another name") from None
        except OSError:
            target.unlink(missing_ok=True)
            raise
    source.unlink(missing_ok=True)


__all__ = [
    "APPLICATION_ID",
    "HEAD_REVISION",
    "SCHEMA_VERSION",
    "BookError",
    "BookFile",
    "BookLockedError",
    "CheckReport",
    "DamagedBookError",
    "HandoverLog",
    "MissingBookError",
    "NewerBookError",
    "NotABookError",
    "ReadOnlyBookError",
    "TruncatedBookError",
    "describe_failure",
    "inspect_header",
    "raw_connection",
]
