"""Runs ops against a book: one transaction per op, with the bookkeeping every edit needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Connection

from csm_desk.models import clock
from csm_desk.models.bookfile import BookFile
from csm_desk.models.ops import Changed, Op, _Touches, stamp_touches

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
        with self.book.engine.begin() as conn:
            changed = op.revert(conn, touches) if revert else op.apply(conn, touches)
            stamp_touches(conn, touches, moment)
            for hook in self.hooks:
                hook(conn, changed, moment.date())
        return changed
