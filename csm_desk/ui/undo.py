"""The bridge from write operations to Qt's undo stack: one op, one transaction, one step.

``QUndoStack.undo()`` moves its index whatever the command's ``undo()`` does, and an exception
cannot leave a Qt virtual method. So the book is written first (``write_undo``/``write_redo``,
which ``BookSession.undo``/``redo`` call) and the stack is moved only when that worked: a write
the disk refuses leaves the book, the stack and the menu's Undo exactly where they were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import SQLAlchemyError

from csm_desk.models.bookfile import BookError
from csm_desk.models.ops import Changed, Op
from csm_desk.models.writer import Writer

# What a command reports after it ran or was undone.
Report = Callable[[Changed], None]
Failure = Callable[[str], None]

# A write the book refused as a whole (the disk, the file, SQLite): nothing was changed.
WRITE_FAILURES = (SQLAlchemyError, sqlite3.Error, BookError, OSError)


def failure_reason(exc: BaseException) -> str:
    """The reason a write failed, in one line (SQLite's own words where there are some)."""
    orig = getattr(exc, "orig", None)
    lines = str(orig if orig is not None else exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text.removesuffix("; nothing was changed").removesuffix("; nothing was written")


class OpCommand(QUndoCommand):
    """An applied ``Op`` on the window's undo stack.

    The op is run before the command is pushed (so a failed write never reaches the stack);
    the first ``redo()`` Qt makes on push is therefore skipped. Likewise ``write_undo`` and
    ``write_redo`` write the book before the stack moves, and the ``undo()``/``redo()`` the
    stack then makes does nothing more.

    Attributes:
        op: the write operation.
    """

    def __init__(
        self, writer: Writer, op: Op, report: Report, failure: Failure, *, applied: bool
    ) -> None:
        super().__init__(op.label)
        self.op = op
        self._writer = writer
        self._report = report
        self._failure = failure
        # The book already holds what the stack's next undo()/redo() call would write.
        self._written = applied

    def write_undo(self) -> bool:
        """Undo the op in the book now; True when the stack may take its step back."""
        done = self._write(self._writer.undo, "undo")
        self._written = done
        return done

    def write_redo(self) -> bool:
        """Redo the op in the book now; True when the stack may take its step forward."""
        done = self._write(self._writer.run, "redo")
        self._written = done
        return done

    def redo(self) -> None:
        if self._written:
            self._written = False
        else:
            self._write(self._writer.run, "redo", moving=True)

    def undo(self) -> None:
        if self._written:
            self._written = False
        else:
            self._write(self._writer.undo, "undo", moving=True)

    def _write(self, action: Callable[[Op], Changed], verb: str, *, moving: bool = False) -> bool:
        """Run ``action``; True when the stack may move (the step was written, or can no
        longer be and leaves the stack); False, with the failure reported, when the book
        refused the write and the step stays where it is.

        ``moving``: Qt is already moving the stack (an ``undo()``/``redo()`` not announced
        through ``write_undo``/``write_redo``), so a step whose write failed leaves the stack
        rather than stand where the book does not agree with it.
        """
        what = self.op.label.lower()
        try:
            changed = action(self.op)
        except (LookupError, ValueError) as exc:
            # The book changed underneath (another program, a restored backup): the step can no
            # longer be replayed, so it leaves the stack rather than corrupting what follows.
            self.setObsolete(True)
            self._failure(f"Could not {verb} {what}: {exc}")
            return True
        except WRITE_FAILURES as exc:
            self.setObsolete(moving)
            self._failure(f"Could not {verb} {what}: {failure_reason(exc)}; nothing was changed")
            return moving
        self._report(changed)
        return True
