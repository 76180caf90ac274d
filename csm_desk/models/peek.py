"""A first look at a book from its stored results, before the book is opened.

The window paints the portfolio from what the book last stored (``models.results``) while the
book is opened, checked, read and scored off the GUI thread; the look needs nothing but
``sqlite3`` (no SQLAlchemy, no table classes) so it comes before they are even imported.

A look never changes the file and never stands in for opening it: it reads the file's own pages
as they are (no lock, no journal, nothing created beside it), and only when nothing is being
written to the book at that moment (no log beside it). Whatever it cannot read plainly, it
leaves alone (``peek`` returns None): the open that follows judges the book and explains.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from csm_desk.engine.batch import collection_paused
from csm_desk.engine.summary import AccountSummary, BookSummary, book_summary
from csm_desk.models.bookformat import APPLICATION_ID, SCHEMA_VERSION
from csm_desk.models.journal import immutable_uri, wal_path
from csm_desk.models.results import Stored, read_results
from csm_desk.models.seal import identity, is_sealed


@dataclass(frozen=True)
class Peek:
    """What a book's stored results show of it.

    Attributes:
        book: the book as its stored results give it (accounts in the book's order).
        updating: ids of accounts shown with their last stored values, to be scored afresh.
        unseen: how many accounts have no stored values at all (shown once scored).
        stored: the stored results as read (the open that follows need not parse them again:
            ``read_results``' ``known``).
    """

    book: BookSummary
    updating: frozenset[int]
    unseen: int
    stored: Stored | None = None

    @property
    def current(self) -> bool:
        """Every account's values hold for the day."""
        return not self.updating and not self.unseen


def _being_written(path: Path) -> bool:
    """Whether a log beside the book holds writes not yet in the file (a program has it open
    for changes, or one stopped before putting them back).
    """
    for side in (wal_path(path), path.with_name(path.name + "-journal")):
        try:
            if side.stat().st_size > 0:
                return True
        except FileNotFoundError:
            continue
    return False


def peek(path: Path, as_of: dt.date) -> Peek | None:
    """The book at ``path`` as its stored results show it as of ``as_of``; None when there is
    nothing to show that way (no such file, not a book of this format, being written, no
    stored results, or anything unreadable).
    """
    try:
        if not path.is_file() or _being_written(path):
            return None
        con = sqlite3.connect(immutable_uri(path), uri=True)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        if con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        row = con.execute("SELECT owner, currency FROM book ORDER BY id LIMIT 1").fetchone()
        stored = read_results(con, as_of)
    except (sqlite3.Error, ValueError, UnicodeDecodeError):
        return None
    finally:
        con.close()
    if row is None:
        return None
    shown: list[AccountSummary] = []
    unseen = 0
    for account_id in stored.order:
        summary = stored.summaries.get(account_id) or stored.last.get(account_id)
        if summary is not None:
            shown.append(summary)
        elif account_id not in stored.summaries:
            unseen += 1
    if not shown:
        return None
    owner, currency = str(row[0] or ""), str(row[1] or "USD")
    with collection_paused():
        book = book_summary(as_of, owner, currency, shown)
    return Peek(book, frozenset(stored.last), unseen, stored)


def sealed_look(path: Path, as_of: dt.date) -> Peek | None:
    """The book's stored results when they can stand for opening it: every account's values
    current for the day, and the file sealed (``models.seal``: unchanged since its writer closed
    it sound) from before the look until after it, so nothing was written while it was read.
    None otherwise: the book is then opened and checked as usual.
    """
    before = identity(path)
    if before is None or not is_sealed(path):
        return None
    look = peek(path, as_of)
    if look is None or not look.current or identity(path) != before:
        return None
    return look


__all__ = ["Peek", "peek", "sealed_look"]
