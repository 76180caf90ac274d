"""The open book as the window sees it: scored results, the writer and the undo stack.

``BookSession`` is the one place the window writes through. Each edit is an ``Op`` run at once
in its own transaction, pushed on the undo stack, and followed by a re-score of only the
accounts it changed (the other accounts' facts are kept), so the portfolio, the health view
and the alerts are current after every keystroke that commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from csm_desk.engine.book import AccountResult, BookResult, score_account, score_book, summarise
from csm_desk.engine.facts import AccountFacts, BookFacts
from csm_desk.engine.health import Health
from csm_desk.engine.totals import Tally
from csm_desk.models import clock
from csm_desk.models.bookfile import BookError, BookFile, describe_failure
from csm_desk.models.load import load_book
from csm_desk.models.ops import Changed, Op
from csm_desk.models.results import counted
from csm_desk.models.scored import keep_results
from csm_desk.models.validation import ValidationError
from csm_desk.models.writer import Writer
from csm_desk.ui.undo import OpCommand


def load_scored(
    book: BookFile,
    as_of: dt.date,
    progress: Callable[[float, str], None] | None = None,
    *,
    scored: Mapping[int, Health] | None = None,
) -> tuple[BookFacts, BookResult]:
    """Load and score the whole book (safe to run off the GUI thread), telling ``progress``
    each step; ``scored`` is health an edit already scored (not scored again)."""
    tell = progress or (lambda _fraction, _words: None)
    tell(0.02, "Reading the book…")
    with book.read() as conn:
        before = counted(conn)  # before the facts: see models.results
    facts = load_book(book, as_of=as_of)
    tell(0.6, f"Scoring {len(facts.accounts):,} accounts…")
    result = score_book(facts, as_of, scored=scored)
    tell(0.95, "Keeping the results…")
    keep_results(book, as_of, before, result.accounts, before.stamps)
    return facts, result


class BookSession(QObject):
    """One open book, scored as of a date.

    Attributes:
        book: the open book file.
        writer: runs every write.
        undo_stack: the window's single undo stack.
        as_of: the date the book is looked at (today unless the person chose another day).
        result: the scored book.

    Signals:
        rescored(object): results changed; the payload is the frozenset of account ids
            re-scored, or None when the whole book was.
        written(object): an edit, undo or redo was written; the payload is its ``Changed``.
        failed(str): a write was refused; the message says why.
    """

    rescored = Signal(object)
    written = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        book: BookFile,
        as_of: dt.date | None = None,
        parent: QObject | None = None,
        *,
        loaded: tuple[BookFacts, BookResult] | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.writer = Writer(book)
        self.undo_stack = QUndoStack(self)
        self.as_of = as_of or clock.today()
        self._facts: BookFacts = BookFacts()
        self._accounts: dict[int, AccountFacts] = {}
        self._results: dict[int, AccountResult] = {}
        self._summary: BookResult | None = None
        self._tally: Tally | None = None
        if loaded is None:
            self.reload()
        else:
            self._take(*loaded)

    # -- reading -------------------------------------------------------------------------------

    def reload(self, scored: Mapping[int, Health] | None = None) -> None:
        """Load and score the whole book (``scored``: health an edit already scored)."""
        self._take(*load_scored(self.book, self.as_of, scored=scored))

    def _take(self, facts: BookFacts, result: BookResult) -> None:
        self._facts = facts
        self._accounts = {a.id: a for a in facts.accounts}
        self._summary = result
        self._results = {r.id: r for r in result.accounts}
        self._tally = None  # made from these results when an edit first changes them
        self.rescored.emit(None)

    def set_as_of(self, day: dt.date) -> None:
        """Look at the book as of ``day`` (every account is re-scored)."""
        if day != self.as_of:
            self.as_of = day
            self.reload()

    @property
    def result(self) -> BookResult:
        """The scored book; its totals are brought up to date only when asked for after a
        change, from the changed accounts' old and new values (``Tally``)."""
        if self._summary is None:
            totals = None if self._tally is None else self._tally.totals()
            results = list(self._results.values())
            self._summary = summarise(self._facts, results, self.as_of, totals=totals)
        return self._summary

    @property
    def read_only(self) -> bool:
        """The book can only be looked at: every editor shows its values without changing them."""
        return self.book.read_only

    @property
    def owner(self) -> str:
        return self._facts.owner

    @property
    def currency(self) -> str:
        return self._facts.currency

    def account(self, account_id: int) -> AccountResult | None:
        return self._results.get(account_id)

    def accounts(self, account_ids: frozenset[int]) -> dict[int, AccountResult]:
        """The results of some accounts (an id that is gone is absent)."""
        return {i: self._results[i] for i in account_ids if i in self._results}

    def rescore(
        self, account_ids: frozenset[int], scored: Mapping[int, Health] | None = None
    ) -> None:
        """Reload and re-score only ``account_ids``; the book's totals (``result``) are summed
        again from all accounts' results when next asked for, keeping the other accounts'
        facts as they were. ``scored`` is the health an edit already scored (for its snapshot),
        which is not scored again."""
        if not account_ids:
            return
        with self.book.read() as conn:
            before = counted(conn, account_ids)  # before the facts: see models.results
        fresh = {a.id: a for a in load_book(self.book, account_ids, as_of=self.as_of).accounts}
        settings = self._facts.settings
        known = scored or {}
        if self._tally is None:
            self._tally = Tally(self._results.values(), self.as_of)
        for account_id in account_ids:
            facts = fresh.get(account_id)
            if facts is None:
                self._accounts.pop(account_id, None)
                self._results.pop(account_id, None)
                self._tally.replace(account_id, None)
            else:
                self._accounts[account_id] = facts
                self._results[account_id] = score_account(
                    facts, settings, self.as_of, health=known.get(account_id)
                )
                self._tally.replace(account_id, self._results[account_id])
        self._facts = BookFacts(
            self._facts.owner, self._facts.currency, settings, tuple(self._accounts.values())
        )
        self._summary = None
        keep_results(
            self.book,
            self.as_of,
            before,
            (self._results[i] for i in account_ids if i in self._results),
            account_ids,
        )
        self.rescored.emit(frozenset(account_ids))

    # -- writing -------------------------------------------------------------------------------

    def apply(self, op: Op) -> Changed | None:
        """Run ``op`` now and put it on the undo stack; None (and ``failed``) when refused."""
        try:
            changed = self.writer.run(op)
        except ValidationError as exc:
            self.failed.emit("; ".join(str(p) for p in exc.problems))
            return None
        except (LookupError, ValueError, BookError) as exc:
            self.failed.emit(str(exc))
            return None
        except SQLAlchemyError as exc:
            # Nothing was written (the transaction rolled back); say so in one line.
            reason = describe_failure(exc, self.book.path)
            if reason is None:
                reason = f"{str(exc).splitlines()[0]}; nothing was written"
            self.failed.emit(f"Could not save the change: {reason}")
            return None
        command = OpCommand(self.writer, op, self._after_write, self.failed.emit, applied=True)
        self.undo_stack.push(command)
        self._after_write(changed)
        return changed

    def undo(self) -> bool:
        """Undo the last step: the book first, then the stack. When the book refuses the write
        (a full disk, a file gone read-only) the stack stays where it was, the step can be
        undone later, and ``failed`` says why. True when the stack moved."""
        return self._step(back=True)

    def redo(self) -> bool:
        """Redo the next step, like ``undo``: the stack moves only once the book is written."""
        return self._step(back=False)

    def _step(self, *, back: bool) -> bool:
        stack = self.undo_stack
        if not (stack.canUndo() if back else stack.canRedo()):
            return False
        command = stack.command(stack.index() - 1 if back else stack.index())
        if isinstance(command, OpCommand):
            written = command.write_undo() if back else command.write_redo()
            if not written:
                return False
        if back:
            stack.undo()
        else:
            stack.redo()
        return True

    def _after_write(self, changed: Changed) -> None:
        if changed.book:
            self.reload(changed.scored)
        else:
            self.rescore(changed.account_ids, changed.scored)
        self.written.emit(changed)
