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
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, create_engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from csm_desk import __version__
from csm_desk.engine.settings import BookSettings
from csm_desk.models.tables import ALL_TABLES, Book, HandoverLog

APPLICATION_ID = 0x43534D44  # "CSMD"
SCHEMA_VERSION = 1  # PRAGMA user_version: bumped by every migration
HEAD_REVISION = "0001"  # the newest Alembic revision shipped in models/migrations
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEADER_SIZE = 100


class BookError(Exception):
    """A book cannot be used; ``str()`` is one line fit to show a person."""


class MissingBookError(BookError):
    pass


class NotABookError(BookError):
    pass


class NewerBookError(BookError):
    pass


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
    if counter_valid and page_count and size < expected:
        raise NotABookError(
            f"{path} is a truncated CSM Desk book ({size} of {expected} bytes); "
            "open a backup or the original copy instead"
        )
    user_version = int.from_bytes(head[60:64], "big")
    if user_version > SCHEMA_VERSION:
        needed = _read_meta(path, "min_app_version") or "a newer version"
        raise NewerBookError(
            f"{path} was written by a newer CSM Desk (book format {user_version}); "
            f"it needs CSM Desk {needed} or later, this is {__version__}"
        )


def _read_meta(path: Path, key: str) -> str | None:
    """Read one ``book_meta`` value through a read-only connection (never writes)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM book_meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return str(row[0]) if row else None


def _read_revision(path: Path) -> str | None:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        con.execute("SELECT count(*) FROM book").fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            raise NotABookError(
                f"{path} is marked as a CSM Desk book but has no book tables"
            ) from None
        raise NotABookError(f"{path} is damaged and cannot be read: {exc}") from None
    finally:
        con.close()
    return str(row[0]) if row else None


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A plain read-only SQLite connection to the book at ``path``, opened by path (never a
    URL built from it), for salvage and inspection; it can never write."""
    con = sqlite3.connect(str(Path(path).resolve()), check_same_thread=False)
    con.execute("PRAGMA query_only = ON")
    return con


def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Whole-book reads touch every page: read them through the OS's page cache directly and
    # keep more of them in SQLite's own cache.
    cursor.execute("PRAGMA mmap_size = 1073741824")
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def backup_path_for(path: Path, when: dt.datetime | None = None) -> Path:
    """Where the automatic backup of ``path`` taken at ``when`` goes."""
    from csm_desk import paths

    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return paths.backup_dir() / f"{path.stem}-{stamp}{path.suffix or paths.BOOK_SUFFIX}"


def backup(path: Path) -> Path:
    """Copy the book to the backup folder with SQLite's backup API; returns the copy's path."""
    target = backup_path_for(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while target.exists():
        target = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
        source.close()
    return target


def _migrate(path: Path) -> None:
    """Run every pending Alembic migration (foreign keys off), then verify the foreign keys."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise BookError(f"{path}: migration left {len(problems)} broken references")
            connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.exec_driver_sql(
                "INSERT OR REPLACE INTO book_meta(key, value) VALUES ('min_app_version', ?)",
                (__version__,),
            )
    finally:
        engine.dispose()


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
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.revision == HEAD_REVISION
        )


class BookFile:
    """An open book.

    Attributes:
        path: the book file.
        engine: the one SQLAlchemy engine for this file.
        backup_path: where the pre-migration backup went, when opening migrated the book.
    """

    def __init__(self, path: Path, engine: Engine, backup_path: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        self.backup_path = backup_path
        self._closed = False

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, owner: str = "") -> BookFile:
        """Open the book at ``path``; with ``create``, make a new book when none exists yet.

        Raises ``BookError`` (one line, fit to show) and leaves the file unchanged when it is
        not a book this version can read.
        """
        path = Path(path).expanduser()
        if not path.exists():
            if not create:
                raise MissingBookError(f"no book at {path}")
            return cls.create(path, owner=owner)
        inspect_header(path)
        revision = _read_revision(path)
        backup_path = None
        if revision is None:
            raise NotABookError(f"{path} has no schema version; it is not a usable CSM Desk book")
        if revision != HEAD_REVISION:
            known = _known_revisions()
            if revision not in known:
                raise NewerBookError(
                    f"{path} was written by a newer CSM Desk (schema {revision}); "
                    f"update CSM Desk to open it (this is {__version__})"
                )
            backup_path = backup(path)
            _migrate(path)
        engine = _make_engine(path)
        with engine.connect() as connection:
            # WAL is persistent in the file: switched on once (the first open), after which
            # opening and reading a book never changes its bytes.
            if connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal":
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        return cls(path, engine, backup_path)

    @classmethod
    def create(cls, path: Path | str, *, owner: str = "", currency: str = "USD") -> BookFile:
        """Create a new, empty book at ``path`` (which must not exist)."""
        path = Path(path).expanduser()
        if path.exists():
            raise BookError(f"{path} already exists; choose another name")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            _migrate(partial)
            con = sqlite3.connect(partial)
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
        finally:
            partial.unlink(missing_ok=True)
        return cls.open(path)

    # -- using -------------------------------------------------------------------------------

    def session(self) -> Session:
        """A short-lived session for one user action."""
        return Session(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        Every change to the book goes through here."""
        with self.engine.begin() as connection:
            yield connection

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.engine.connect() as connection:
            yield connection

    def book_row(self) -> Book:
        with self.session() as session:
            row = session.get(Book, 1) or session.exec(_select_book()).first()
            if row is None:
                raise BookError(f"{self.path} has no book row")
            return row

    def settings(self) -> BookSettings:
        return BookSettings.from_json(json.loads(self.book_row().settings_json or "{}"))

    @property
    def name(self) -> str:
        """The book's name as shown in a title bar: the file name without its suffix."""
        return self.path.stem

    def close(self) -> None:
        """Checkpoint the WAL into the file so it stands alone (SQLite removes the WAL files
        when the last connection closes). A book that was only read is left byte-for-byte as
        it was."""
        if self._closed:
            return
        self._closed = True
        self.engine.dispose()
        con = sqlite3.connect(self.path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()

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

        The copy's owner becomes ``to_owner`` and its hand-over log gains an entry; this book is
        unchanged. Refuses to overwrite ``out``.
        """
        out = Path(out).expanduser()
        if out.exists():
            raise BookError(f"{out} already exists; choose another name")
        if not out.parent.is_dir():
            raise BookError(f"{out.parent} is not a folder")
        partial = out.with_name(out.name + ".partial")
        partial.unlink(missing_ok=True)
        from_owner = self.book_row().owner
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("VACUUM INTO ?", (str(partial),))
            con = sqlite3.connect(partial)
            try:
                con.execute("PRAGMA journal_mode = DELETE")
                con.execute("PRAGMA foreign_keys = ON")
                con.execute(
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
                    con.execute("UPDATE book SET owner = ?", (to_owner,))
                con.commit()
                result = con.execute("PRAGMA integrity_check").fetchone()
                if not result or result[0] != "ok":
                    raise BookError(f"the copy failed its integrity check: {result}")
                if con.execute("PRAGMA foreign_key_check").fetchall():
                    raise BookError("the copy has broken references")
            finally:
                con.close()
            for suffix in ("-wal", "-shm", "-journal"):
                if Path(str(partial) + suffix).exists():
                    raise BookError("the copy is not self-contained")
            place_without_overwrite(partial, out)
        finally:
            partial.unlink(missing_ok=True)
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
        shutil.copyfile(source, target)
    source.unlink(missing_ok=True)


__all__ = [
    "APPLICATION_ID",
    "HEAD_REVISION",
    "SCHEMA_VERSION",
    "BookError",
    "BookFile",
    "CheckReport",
    "HandoverLog",
    "MissingBookError",
    "NewerBookError",
    "NotABookError",
    "inspect_header",
]
