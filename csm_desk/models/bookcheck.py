"""What ``csm-desk check`` finds in a book: integrity, schema, row counts and every damaged value.

A book that cannot be opened (its pages are damaged, or opening refuses a value in it) is still
checked, through a read-only connection, so the check says what it can instead of stopping at
the first problem.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError

from csm_desk.models.bookfile import (
    BookError,
    BookFile,
    CheckReport,
    DamagedBookError,
    MissingBookError,
    NewerBookError,
    connect_read_only,
    inspect_header,
)
from csm_desk.models.damage import BadValue, find_damage
from csm_desk.models.tables import ALL_TABLES


@dataclass(frozen=True)
class BookCheck:
    """Everything ``check`` found.

    Attributes:
        report: integrity, schema version and revision, row counts.
        damage: every damaged value (empty when the values could not all be read).
        unreadable: why the values could not all be read (pages SQLite cannot read).
        refused: why opening the book refused it, when it did.
        notices: what opening the book had to say (a journal set aside, read-only…).
    """

    report: CheckReport
    damage: list[BadValue] = field(default_factory=list)
    unreadable: str | None = None
    refused: str | None = None
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the book passed: a clean report, no damage, nothing unreadable or refused."""
        return self.report.ok and not self.damage and not self.unreadable and not self.refused

    def lines(self) -> Iterator[str]:
        """The check's findings as lines of text, as ``check`` prints them."""
        report = self.report
        yield f"Book: {report.path}"
        if self.refused:
            yield f"Opening: refused: {self.refused}"
        yield from (f"Note: {notice}" for notice in self.notices)
        yield f"Integrity: {report.integrity}"
        yield f"Schema: version {report.schema_version}, revision {report.revision}"
        if report.foreign_key_problems:
            yield f"Broken references: {report.foreign_key_problems}"
        width = max(len(name) for name in report.counts)
        for name, count in report.counts.items():
            shown = f"{count:>8,}" if count >= 0 else "unreadable"
            yield f"  {name.ljust(width)}  {shown}"
        if self.unreadable:
            yield "Damaged values: not all can be read"
            yield f"  {self.unreadable}"
        else:
            yield f"Damaged values: {len(self.damage)}"
            yield from (f"  {bad}" for bad in self.damage)


def _scalar(con: sqlite3.Connection, sql: str) -> object:
    try:
        row = con.execute(sql).fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return None
    return row[0] if row else None


def _report(con: sqlite3.Connection, path: Path) -> CheckReport:
    """``BookFile.check`` for a book that does not open (or whose schema tables are damaged):
    whatever can be read.
    """
    try:
        integrity = "; ".join(str(r[0]) for r in con.execute("PRAGMA integrity_check"))
        broken = len(con.execute("PRAGMA foreign_key_check").fetchall())
    except sqlite3.DatabaseError as exc:
        integrity, broken = f"damaged: {exc}", 0
    except UnicodeDecodeError:
        # A schema damaged into bytes that are not text: SQLite's words about it cannot be read.
        integrity, broken = "damaged: the schema holds bytes that should be text and are not", 0
    counts: dict[str, int] = {}
    for model in ALL_TABLES:
        found = _scalar(con, f'SELECT count(*) FROM "{model.__tablename__}"')
        counts[str(model.__tablename__)] = found if isinstance(found, int) else -1
    version = _scalar(con, "PRAGMA user_version")
    revision = _scalar(con, "SELECT version_num FROM alembic_version")
    return CheckReport(
        path,
        integrity,
        version if isinstance(version, int) else 0,
        None if revision is None else str(revision),
        counts,
        broken,
    )


def _with_damage(
    con: sqlite3.Connection | Connection, report: CheckReport, **more: Any
) -> BookCheck:
    try:
        return BookCheck(report, find_damage(con), **more)
    except DamagedBookError as exc:
        return BookCheck(report, unreadable=str(exc), **more)
    except UnicodeDecodeError:
        # SQLite's words about a schema damaged into bytes that are not text cannot be read.
        return BookCheck(
            report, unreadable="the schema holds bytes that should be text and are not", **more
        )


def check_book(path: Path) -> BookCheck:
    """Check the book at ``path``, opened to read (beside whoever has it open); a book that
    does not open is checked through a read-only connection. ``BookError`` when it is missing
    or not a book at all.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise MissingBookError(f"no book at {path}")
    inspect_header(path)
    try:
        book = BookFile.open(path, access="read")
    except NewerBookError:
        raise
    except BookError as exc:
        con = connect_read_only(path)
        try:
            return _with_damage(con, _report(con, path), refused=str(exc))
        finally:
            con.close()
    notices = tuple(book.notices)
    with book, book.read() as connection:
        try:
            report = book.check()
        except DatabaseError:
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            report = _report(raw, book.path)
        return _with_damage(connection, report, notices=notices)


__all__ = ["BookCheck", "check_book"]
