"""The scored book from the book's stored results where they hold, scoring afresh only the
accounts whose results are out of date (``models.results``), and keeping fresh results.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from csm_desk.engine.batch import collection_paused
from csm_desk.engine.book import AccountResult, BookResult, score_account, score_book
from csm_desk.engine.health import Health
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.summary import AccountSummary, BookSummary, summary_of
from csm_desk.engine.totals import Tally
from csm_desk.models import clock
from csm_desk.models.bookfile import BookError, BookFile
from csm_desk.models.load import load_book
from csm_desk.models.load_rows import read_settings
from csm_desk.models.results import (
    ORDERED_IDS,
    Counted,
    Stored,
    counted,
    read_results,
    store_results,
)

log = logging.getLogger(__name__)


SLICE = 250  # accounts read and scored at a time: memory stays that of a slice


@dataclass(frozen=True)
class Loaded:
    """A book scored as of a day.

    Attributes:
        book: every account's summary, in the book's order, and the totals.
        settings: the book's settings (scoring reads them).
        scored: how many accounts were scored afresh (the others' stored results held).
        tally: the totals' tally the book's totals came from, to be kept up to date by edits.
    """

    book: BookSummary
    settings: BookSettings
    scored: int
    tally: Tally


def load_scored(
    book: BookFile,
    as_of: dt.date,
    progress: Callable[[float, str], None] | None = None,
    *,
    scored: Mapping[int, Health] | None = None,
    rescore: bool = False,
    keep: bool = False,
    known: Stored | None = None,
) -> Loaded:
    """The book as of ``as_of`` from its stored results where they hold, the other accounts
    (every one with ``rescore``) read and scored afresh a slice at a time, so memory never
    holds every account's rows at once. Safe off the GUI thread; ``progress`` is told each
    step. ``scored`` is health an edit already scored (not scored again); ``keep`` stores the
    fresh results in the book (``keep_summaries``), otherwise nothing is written. ``known``:
    the stored results as read before (``read_results``).
    """
    tell = progress or (lambda _fraction, _words: None)
    tell(0.02, "Reading the book…")
    with book.read() as conn:
        conn.exec_driver_sql("BEGIN")  # one snapshot: the results and what they are judged by
        try:
            owner, currency, settings = read_settings(conn)
            before = counted(conn) if keep else Counted({}, "")  # before the facts
            stored = read_results(conn, as_of, known=known)
        finally:
            conn.exec_driver_sql("ROLLBACK")
    stale = stored.order if rescore else stored.stale
    summaries: dict[int, AccountSummary | None] = dict(stored.summaries)
    health = scored or {}
    for start in range(0, len(stale), SLICE):
        part = stale[start : start + SLICE]
        tell(0.05 + 0.9 * start / len(stale), f"Scoring {len(stale):,} accounts…")
        fresh: dict[int, AccountSummary | None] = dict.fromkeys(part)
        for account in load_book(book, part, as_of=as_of).accounts:
            result = score_account(account, settings, as_of, health=health.get(account.id))
            fresh[account.id] = summary_of(result)
        summaries.update(fresh)
        keep_summaries(book, as_of, before, fresh)
    accounts = tuple(s for i in stored.order if (s := summaries.get(i)) is not None)
    with collection_paused():
        tally = Tally(accounts, as_of)
        shown = BookSummary(as_of, owner, currency, accounts, tally.totals())
    return Loaded(shown, settings, len(stale), tally)


def scored_in_slices(book: BookFile, as_of: dt.date) -> Iterator[BookResult]:
    """Every account scored in full as of ``as_of``, facts and all, a slice of accounts at a
    time in the book's order (each slice a ``BookResult`` of its own), for the few commands
    that need accounts' rows (the calendar); memory holds one slice at a time.
    """
    with book.read() as conn:
        ids = [int(r[0]) for r in conn.exec_driver_sql(ORDERED_IDS)]
    for start in range(0, len(ids), SLICE):
        yield score_book(load_book(book, ids[start : start + SLICE], as_of=as_of), as_of)


def keep_results(
    book: BookFile,
    as_of: dt.date,
    before: Counted,
    results: Iterable[AccountResult],
    cover: Iterable[int],
) -> int:
    """Store the summaries of ``results``, scored from facts read after ``before``; an account
    of ``cover`` without a result is stored as not part of the book that day. Only for the real
    today and a book open for changes; a failure to store costs speed later, never the
    person's work, so it is logged and passed over. Returns how many were stored.
    """
    summaries: dict[int, AccountSummary | None] = {r.id: summary_of(r) for r in results}
    for account_id in cover:
        summaries.setdefault(account_id, None)
    return keep_summaries(book, as_of, before, summaries)


def keep_summaries(
    book: BookFile,
    as_of: dt.date,
    before: Counted,
    summaries: Mapping[int, AccountSummary | None],
) -> int:
    """Store ``summaries`` (None: not part of the book that day), scored from facts read after
    ``before``, as ``keep_results`` does. Returns how many were stored.
    """
    if book.read_only or as_of != clock.today() or not before.stamps or not summaries:
        return 0
    try:
        with book.write() as conn:
            return store_results(conn, as_of, before, summaries)
    except (BookError, SQLAlchemyError, sqlite3.Error) as exc:
        log.warning("The scored results of %s were not stored: %s", book.path, exc)
        return 0


__all__ = [
    "SLICE",
    "Loaded",
    "keep_results",
    "keep_summaries",
    "load_scored",
    "scored_in_slices",
]
