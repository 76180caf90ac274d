"""Runs ops against a book: one transaction per op, with the bookkeeping every edit needs,
and undo that puts back exactly what the op and its bookkeeping changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from csm_desk.engine.health import Health
from csm_desk.models import clock, edit_journal
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import specs_of
from csm_desk.models.ops import MODELS, Changed, Op, _Touches, stamp_touches
from csm_desk.models.undolog import UndoLog
from csm_desk.models.validation import FieldProblem, ValidationError

# Runs inside the op's transaction after it applied: (connection, changed, as of, undo log).
# A hook notes in the undo log whatever it is about to overwrite, so undo can put it back; a
# hook that scored accounts returns their health by account id (``Changed.scored``).
AfterWrite = Callable[[Connection, Changed, dt.date, UndoLog], Mapping[int, Health] | None]


def standard_hooks() -> list[AfterWrite]:
    """Keep segments in step with ARR, then record the day's health snapshots."""
    from csm_desk.models.history import record_snapshots
    from csm_desk.models.segments import sync_segments

    return [sync_segments, record_snapshots]


class Writer:
    """Applies and reverts ops on one book.

    Attributes:
        book: the open book.
        hooks: run after every op is applied, inside its transaction (see ``standard_hooks``).
    """

    def __init__(
        self,
        book: BookFile,
        *,
        hooks: Sequence[AfterWrite] | None = None,
        now: Callable[[], dt.datetime] = clock.now,
    ) -> None:
        self.book = book
        self.hooks = list(standard_hooks() if hooks is None else hooks)
        self._now = now

    def run(self, op: Op) -> Changed:
        """Apply ``op`` (again, when redoing) in one transaction, stamp what it touched and run
        the hooks; nothing is written if it raises. What the stamps and hooks overwrote is kept
        in ``op.undo_log``; the health the hooks scored is ``Changed.scored``. What the op
        itself changed is recorded in the edit journal in the same transaction, as a redo when
        the op ran before.
        """
        touches = _Touches()
        undo_log = UndoLog()
        moment = self._now()

        redo = op.journal_step is not None

        def apply(conn: Connection) -> Changed:
            edit_journal.start(conn)
            changed = op.apply(conn, touches)
            entries = edit_journal.take(conn)
            stamp_touches(conn, touches, moment, undo_log)
            scored: dict[int, Health] = {}
            for hook in self.hooks:
                scored.update(hook(conn, changed, moment.date(), undo_log) or {})
            edit_journal.discard(conn)
            edit_journal.attribute_artifacts(entries, touches.by_account)
            step = edit_journal.record(
                conn, entries, moment, op.label, via=edit_journal.REDO if redo else ""
            )
            return dataclasses.replace(changed, scored=MappingProxyType(scored), step=step)

        changed = self._in_transaction(apply)
        op.undo_log = undo_log
        op.journal_step = changed.step
        return changed

    def undo(self, op: Op) -> Changed:
        """Revert ``op`` (which was applied last among the ops still applied), leaving the book
        exactly as it was before: the stamps, snapshots and segments its bookkeeping wrote are
        put back from its undo log, then the op reverts its own rows. The edit journal keeps
        the op's entries and gains one saying what the undo changed, naming the step undone.
        Nothing is written if it raises, and the op can then be undone again.
        """
        undo_log = op.undo_log
        if undo_log is None:
            raise ValueError(f"{op.label} has not been applied, so there is nothing to undo")

        def revert(conn: Connection) -> Changed:
            undo_log.restore(conn)
            edit_journal.start(conn)
            changed = op.revert(conn, _Touches())
            entries = edit_journal.take(conn)
            if not entries and op.journal_step is not None:
                entries = edit_journal.entries_of_step(conn, op.journal_step)
            step = edit_journal.record(
                conn,
                entries,
                self._now(),
                op.label,
                via=edit_journal.UNDO,
                undoes=op.journal_step,
            )
            return dataclasses.replace(changed, step=step)

        changed = self._in_transaction(revert)
        op.undo_log = None
        return changed

    def _in_transaction(self, write: Callable[[Connection], Changed]) -> Changed:
        try:
            with self.book.write() as conn:
                return write(conn)
        except IntegrityError as exc:
            raise ValidationError([integrity_problem(exc)]) from None


def integrity_problem(exc: IntegrityError) -> FieldProblem:
    """A database constraint failure in the words of the fields involved."""
    text = str(exc.orig)
    if text.startswith("UNIQUE constraint failed:"):
        columns = [c.strip() for c in text.split(":", 1)[1].split(",")]
        table = columns[0].split(".")[0]
        names = [c.split(".")[1] for c in columns]
        model = MODELS.get(table)
        specs = specs_of(model) if model is not None else {}
        labels = [specs[n].label if n in specs else n.replace("_", " ") for n in names]
        what = table.replace("_", " ")
        return FieldProblem(
            table,
            names[-1],
            labels[-1],
            f"there is already a {what} with the same "
            + (f"{', '.join(labels[:-1])} and {labels[-1]}" if len(labels) > 1 else labels[0]),
        )
    if "FOREIGN KEY" in text:
        return FieldProblem("", "", "Reference", "refers to something that no longer exists")
    return FieldProblem("", "", "Book", text)
