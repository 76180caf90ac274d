"""The scored book from the book's stored results where they hold, scoring afresh only the
accounts whose results are out of date (``models.results``), and keeping fresh results.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterable

from sqlalchemy.exc import SQLAlchemyError

from csm_desk.engine.book import AccountResult, score_book
from csm_desk.engine.summary import AccountSummary, BookSummary, book_summary, summary_of
from csm_desk.models import clock
from csm_desk.models.bookfile import BookError, BookFile
from csm_desk.models.load import load_book
from csm_desk.models.load_rows import read_settings
from csm_desk.models.results import Counted, read_results, store_results

log = logging.getLogger(__name__)


def scored_summary(
    book: BookFile, as_of: dt.date, *, rescore: bool = False
) -> tuple[BookSummary, int]:
    """The book as of ``as_of`` from its stored results, scoring the out-of-date accounts
    afresh (every account with ``rescore``); also how many were scored. Nothing is written.
    """
    with book.read() as conn:
        conn.exec_driver_sql("BEGIN")  # one snapshot: the results and what they are judged by
        try:
            owner, currency, _settings = read_settings(conn)
            stored = read_results(conn, as_of)
        finally:
            conn.exec_driver_sql("ROLLBACK")
    stale = stored.order if rescore else stored.stale
    summaries: dict[int, AccountSummary | None] = {
        i: s for i, s in stored.summaries.items() if i not in stale
    }
    if stale:
        facts = load_book(book, stale, as_of=as_of)
        fresh = {r.id: summary_of(r) for r in score_book(facts, as_of).accounts}
        summaries.update({i: fresh.get(i) for i in stale})
    accounts = [s for i in stored.order if (s := summaries.get(i)) is not None]
    return book_summary(as_of, owner, currency, accounts), len(stale)


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
    if book.read_only or as_of != clock.today() or not before.stamps:
        return 0
    summaries: dict[int, AccountSummary | None] = {r.id: summary_of(r) for r in results}
    for account_id in cover:
        summaries.setdefault(account_id, None)
    try:
        with book.write() as conn:
            return store_results(conn, as_of, before, summaries)
    except (BookError, SQLAlchemyError, sqlite3.Error) as exc:
        log.warning("The scored results of %s were not stored: %s", book.path, exc)
        return 0


__all__ = ["keep_results", "scored_summary"]
