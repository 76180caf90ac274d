"""The hand-over brief: the whole book for a successor, one page per account.

It opens with the owner's notes and the book's totals, then gives every active account a page:
its state, its health and why, the next renewal, open risks and actions, the artifacts to fix,
and where to start. Built from the engine's scoring of the whole book in one pass, so a book of
2,000 accounts is written in seconds; ``progress`` is told after every account. Each part is a
section of ``handover_sections``, listed here in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from csm_desk.engine.book import AccountResult, BookResult, score_account, summarise
from csm_desk.engine.facts import AccountFacts, BookFacts
from csm_desk.export import handover_sections as part
from csm_desk.export.compose import Composer
from csm_desk.export.compose import check_target as _check_target
from csm_desk.export.handover_sections import (
    AccountSection,
    Opening,
    OpeningSection,
    health_in_words,
)
from csm_desk.export.text import day, long_day, one_line, stored_day
from csm_desk.models.bookfile import BookFile
from csm_desk.models.load import load_book

Progress = Callable[[int, int], None]

CHUNK = 250  # accounts read and scored at a time

OPENING: tuple[OpeningSection, ...] = (
    part.cover,
    part.owner_notes,
    part.at_a_glance,
    part.health_by_band,
    part.renewal_windows,
    part.handover_history,
    part.book_priorities,
    part.account_list,
)
ACCOUNT_PAGE: tuple[AccountSection, ...] = (
    part.particulars,
    part.health_and_why,
    part.next_renewal,
    part.open_risks,
    part.open_actions,
    part.artifacts_to_fix,
    part.account_priorities,
)


def _book_extras(book: BookFile) -> tuple[str | None, list[tuple[str, str, str, str | None]]]:
    """The owner's notes for a successor and the hand-over history (internal fields)."""
    with book.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT notes FROM book ORDER BY id LIMIT 1").first()
        history = conn.exec_driver_sql(
            "SELECT handed_over_at, from_owner, to_owner, note FROM handover_log "
            "ORDER BY handed_over_at, id"
        ).fetchall()
    notes = row[0] if row else None
    return notes, [(stored_day(h[0]), h[1], h[2], h[3]) for h in history]


def score_in_chunks(book: BookFile, as_of: dt.date, told: Callable[[int, int], None]) -> BookResult:
    """Load and score the whole book ``CHUNK`` accounts at a time, telling ``told(done, of)``
    after each chunk, so a big book shows progress while it is being read.
    """
    with book.engine.connect() as conn:
        ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM account ORDER BY id")]
    facts = load_book(book, [], as_of=as_of)  # owner, currency and settings
    accounts: list[AccountFacts] = []
    results: list[AccountResult] = []
    for start in range(0, len(ids), CHUNK):
        chunk = load_book(book, ids[start : start + CHUNK], as_of=as_of, full_history=True)
        accounts.extend(chunk.accounts)
        results.extend(score_account(a, facts.settings, as_of) for a in chunk.accounts)
        told(min(start + CHUNK, len(ids)), len(ids))
    whole = BookFacts(facts.owner, facts.currency, facts.settings, tuple(accounts))
    return summarise(whole, results, as_of)


def with_this_handover(
    history: list[tuple[str, str, str, str | None]],
    owner: str,
    successor: str,
    note: str | None,
    as_of: dt.date,
) -> list[tuple[str, str, str, str | None]]:
    """The hand-over history with the hand-over this brief is written for as its last entry
    (unless the log already holds it: the same day, from the same owner to the successor).
    """
    when = day(as_of)
    if any(
        h[0] == when and one_line(h[1]) == owner and one_line(h[2]) == successor for h in history
    ):
        return history
    return [*history, (when, owner, successor, note)]


def write_handover_brief(
    book: BookFile,
    out: Path,
    as_of: dt.date,
    *,
    progress: Progress | None = None,
    successor: str = "",
    note: str | None = None,
) -> Path:
    """Write the hand-over brief of the whole book to ``out`` (a new .docx file).

    ``successor`` names the person the book is handed to: the brief is addressed to them, and
    this hand-over (with ``note``) ends its hand-over history.

    ``progress(done, total)`` is told throughout: the first half of the steps is reading and
    scoring the accounts, the second half writing their pages, the last saving the file.
    """
    out = Path(out)
    _check_target(out)
    report = progress or (lambda _done, _total: None)
    with book.engine.connect() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM account").scalar_one())
    total = 2 * count + 2
    report(0, total)
    result = score_in_chunks(book, as_of, lambda done, _of: report(done, total))
    active = sorted(result.active, key=lambda a: (a.name.casefold(), a.id))
    notes, history = _book_extras(book)
    owner = one_line(result.owner)
    successor = one_line(successor)
    if successor:
        history = with_this_handover(history, owner, successor, note, as_of)
    to_whom = f" for {successor}" if successor else ""
    doc = Composer(
        header_text=f"Hand-over brief{to_whom}",
        footer_text=f"Hand-over brief · {owner}'s book{to_whom} · {long_day(as_of)}"
        if owner
        else f"Hand-over brief{to_whom} · {long_day(as_of)}",
        internal=True,
        letter=result.currency.upper() in ("USD", "CAD"),
    )
    opening = Opening(result, notes, history, len(active), successor)
    for write_opening in OPENING:
        write_opening(doc, opening)
    report(count + 1, total)
    written = count + 1
    for account in active:
        doc.page_break()
        account_page(doc, account, result.currency)
        written += 1
        report(written, total)
    doc.set_properties(
        title=f"Hand-over brief — {owner}'s book" if owner else "Hand-over brief", owner=owner
    )
    report(total - 1, total)
    doc.save(out)
    report(total, total)
    return out


def account_page(doc: Composer, account: AccountResult, currency: str) -> None:
    """One account's page: state, health and why, renewal, risks, actions, artifacts, start."""
    for write in ACCOUNT_PAGE:
        write(doc, account, currency)


__all__ = [
    "account_page",
    "health_in_words",
    "score_in_chunks",
    "with_this_handover",
    "write_handover_brief",
]
