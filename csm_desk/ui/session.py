"""The open book as the window sees it: its accounts' scored summaries, the writer and the undo
stack.

``BookSession`` is the one place the window writes through. Each edit is an ``Op`` run at once
in its own transaction, pushed on the undo stack, and followed by a re-score of only the
accounts it changed, so the portfolio, the health view and the alerts are current after every
keystroke that commits.

The session keeps each account's summary (what the portfolio and the book's totals show), not
its facts: an account's facts are read, and it is scored in full, only when it is opened
(``account``), and the few opened last are kept. A big book is scored in slices, so memory
grows with the book's summaries, never with all its rows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from csm_desk.engine.book import AccountResult, score_account
from csm_desk.engine.health import Health
from csm_desk.engine.settings import BookSettings
from csm_desk.engine.summary import AccountSummary, BookSummary, summary_of
from csm_desk.engine.totals import Tally
from csm_desk.models import clock
from csm_desk.models.bookfile import BookError, BookFile, describe_failure
from csm_desk.models.load import load_book
from csm_desk.models.ops import Changed, Op
from csm_desk.models.results import counted
from csm_desk.models.scored import Loaded, keep_summaries, load_scored
from csm_desk.models.validation import ValidationError
from csm_desk.models.writer import Writer
from csm_desk.ui.undo import OpCommand

KEPT = 8  # accounts kept scored in full (the ones opened last)


class BookSession(QObject):
    """One open book, scored as of a date.

    Attributes:
        book: the open book file.
        writer: runs every write.
        undo_stack: the window's single undo stack.
        as_of: the date the book is looked at (today unless the person chose another day).

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
        loaded: Loaded | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.writer = Writer(book)
        self.undo_stack = QUndoStack(self)
        self.as_of = as_of or clock.today()
        self._settings = BookSettings()
        self._owner = ""
        self._currency = "USD"
        self._summaries: dict[int, AccountSummary] = {}
        self._full: dict[int, AccountResult] = {}  # the accounts opened last, oldest first
        self._summary: BookSummary | None = None
        self._tally = Tally((), self.as_of)
        if loaded is None:
            self.reload()
        else:
            self._take(loaded)

    # -- reading -------------------------------------------------------------------------------

    def reload(self, scored: Mapping[int, Health] | None = None) -> None:
        """Read and score the whole book (``scored``: health an edit already scored)."""
        self._take(load_scored(self.book, self.as_of, scored=scored, keep=True))

    def _take(self, loaded: Loaded) -> None:
        book = loaded.book
        self._settings = loaded.settings
        self._owner = book.owner
        self._currency = book.currency
        self._summaries = {a.id: a for a in book.accounts}
        self._full.clear()
        self._summary = book
        self._tally = loaded.tally
        self.rescored.emit(None)

    def set_as_of(self, day: dt.date) -> None:
        """Look at the book as of ``day`` (every account is re-scored)."""
        if day != self.as_of:
            self.as_of = day
            self.reload()

    @property
    def result(self) -> BookSummary:
        """The scored book; its totals are brought up to date only when asked for after a
        change, from the changed accounts' old and new values (``Tally``)."""
        if self._summary is None:
            accounts = tuple(self._summaries.values())
            totals = self._tally.totals()
            self._summary = BookSummary(self.as_of, self._owner, self._currency, accounts, totals)
        return self._summary

    @property
    def read_only(self) -> bool:
        """The book can only be looked at: every editor shows its values without changing them."""
        return self.book.read_only

    @property
    def settings(self) -> BookSettings:
        """The book's settings, as scoring reads them."""
        return self._settings

    @property
    def owner(self) -> str:
        return self._owner

    @property
    def currency(self) -> str:
        return self._currency

    def summary(self, account_id: int) -> AccountSummary | None:
        """One account as the portfolio shows it; None when it is not in the book."""
        return self._summaries.get(account_id)

    def summaries(self, account_ids: frozenset[int]) -> dict[int, AccountSummary]:
        """The summaries of some accounts (an id that is gone is absent)."""
        return {i: self._summaries[i] for i in account_ids if i in self._summaries}

    def account(self, account_id: int) -> AccountResult | None:
        """One account scored in full (its facts read now unless it was opened lately);
        None when it is not in the book."""
        full = self._full.pop(account_id, None)
        if full is None:
            if account_id not in self._summaries:
                return None
            found = load_book(self.book, [account_id], as_of=self.as_of).accounts
            if not found:
                return None
            full = score_account(found[0], self._settings, self.as_of)
        self._keep(full)
        return full

    def _keep(self, result: AccountResult) -> None:
        self._full.pop(result.id, None)
        self._full[result.id] = result
        while len(self._full) > KEPT:
            del self._full[next(iter(self._full))]

    def rescore(
        self, account_ids: frozenset[int], scored: Mapping[int, Health] | None = None
    ) -> None:
        """Read and re-score only ``account_ids``; the book's totals (``result``) follow from
        their old and new values. ``scored`` is the health an edit already scored (for its
        snapshot), which is not scored again."""
        if not account_ids:
            return
        with self.book.read() as conn:
            before = counted(conn, account_ids)  # before the facts: see models.results
        fresh = {a.id: a for a in load_book(self.book, account_ids, as_of=self.as_of).accounts}
        known = scored or {}
        kept: dict[int, AccountSummary | None] = {}
        for account_id in account_ids:
            facts = fresh.get(account_id)
            if facts is None:
                self._summaries.pop(account_id, None)
                self._full.pop(account_id, None)
                self._tally.replace(account_id, None)
                kept[account_id] = None
                continue
            result = score_account(facts, self._settings, self.as_of, health=known.get(account_id))
            summary = kept[account_id] = self._summaries[account_id] = summary_of(result)
            if account_id in self._full:
                self._keep(result)
            self._tally.replace(account_id, summary)
        self._summary = None
        keep_summaries(self.book, self.as_of, before, kept)
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
