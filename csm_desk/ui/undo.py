"""The bridge from write operations to Qt's undo stack: one op, one transaction, one step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from csm_desk.models.ops import Changed, Op
from csm_desk.models.writer import Writer

# What a command reports after it ran or was undone.
Report = Callable[[Changed], None]
Failure = Callable[[str], None]


class OpCommand(QUndoCommand):
    """An applied ``Op`` on the window's undo stack.

    The op is run before the command is pushed (so a failed write never reaches the stack);
    the first ``redo()`` Qt makes on push is therefore skipped.

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
        self._skip_redo = applied

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._writer.run)

    def undo(self) -> None:
        self._run(self._writer.undo)

    def _run(self, action: Callable[[Op], Changed]) -> None:
        try:
            changed = action(self.op)
        except (LookupError, ValueError) as exc:
            # The book changed underneath (another program, a restored backup): the step can no
            # longer be replayed, so it leaves the stack rather than corrupting what follows.
            self.setObsolete(True)
            self._failure(f"Could not {self.op.label.lower()}: {exc}")
            return
        self._report(changed)
