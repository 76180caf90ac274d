"""Runs ops against a book: one transaction per op, with the bookkeeping every edit needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from csm_desk.models import clock
from csm_desk.models.bookfile import BookFile
from csm_desk.models.fields import specs_of
from csm_desk.models.ops import MODELS, Changed, Op, _Touches, stamp_touches
from csm_desk.models.validation import FieldProblem, ValidationError

# Runs inside the op's transaction after it applied or reverted: (connection, changed, as of).
AfterWrite = Callable[[Connection, Changed, dt.date], None]


def standard_hooks() -> list[AfterWrite]:
    """Keep segments in step with ARR, then record the day's health snapshots."""
    from csm_desk.models.history import record_snapshots
    from csm_desk.models.segments import sync_segments

    return [sync_segments, record_snapshots]


class Writer:
    """Applies and reverts ops on one book.

    Attributes:
        book: the open book.
        hooks: run after every op inside its transaction (see ``standard_hooks``).
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
        """Apply ``op`` in one transaction; nothing is written if it raises."""
        return self._do(op, revert=False)

    def undo(self, op: Op) -> Changed:
        """Revert ``op`` (which was applied last among the ops still applied)."""
        return self._do(op, revert=True)

    def _do(self, op: Op, *, revert: bool) -> Changed:
        touches = _Touches()
        moment = self._now()
        try:
            with self.book.write() as conn:
                changed = op.revert(conn, touches) if revert else op.apply(conn, touches)
                stamp_touches(conn, touches, moment)
                for hook in self.hooks:
                    hook(conn, changed, moment.date())
        except IntegrityError as exc:
            raise ValidationError([integrity_problem(exc)]) from None
        return changed


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
