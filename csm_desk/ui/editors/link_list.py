"""A tick list of the account's stakeholders that edits a link table: the people who attended a
meeting, the approvers of a renewal plan.

Each tick asks for one row of the link table to be added, each untick for it to be removed; the
list itself writes nothing, ``link_requested`` carries the op to whoever applies it (one undo
step each).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from csm_desk.models.ops import Batch, DeleteRow, InsertRow, Op
from csm_desk.ui.editors.values import RefOptions


@dataclass(frozen=True)
class LinkTable:
    """A table that links one row (a meeting, a renewal plan) to stakeholders.

    Attributes:
        table: the link table (``meeting_attendee``).
        owner_key: its column naming the linked row (``meeting_id``).
        role: what a linked stakeholder is, for the undo step ("attendee").
    """

    table: str
    owner_key: str
    role: str

    def op(self, owner_id: Any, stakeholder_id: Any, name: str, *, linked: bool) -> Op:
        """Link (or unlink) the stakeholder called ``name`` to the row ``owner_id``."""
        row = {self.owner_key: owner_id, "stakeholder_id": stakeholder_id}
        if linked:
            return Batch(f"Add {self.role} {name}", [InsertRow(self.table, row)])
        return Batch(f"Remove {self.role} {name}", [DeleteRow(self.table, row)])


ATTENDEES = LinkTable("meeting_attendee", "meeting_id", "attendee")
APPROVERS = LinkTable("renewal_approver", "renewal_plan_id", "approver")


class LinkList(QListWidget):
    """The stakeholders, each ticked when linked to the row shown.

    Attributes:
        link: the link table edited.
        owner_id: the row the ticks are about (None: no row, nothing can be ticked).

    Signals:
        link_requested(object): the ``Op`` that adds or removes a link the user (un)ticked.
    """

    link_requested = Signal(object)

    def __init__(self, link: LinkTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.link = link
        self.owner_id: Any = None
        self._filling = False
        self.itemChanged.connect(self._changed)

    def fill(self, options: RefOptions, linked: Collection[Any], owner_id: Any) -> None:
        """Show ``options`` (stakeholder id, name), those in ``linked`` ticked, for the row
        ``owner_id``."""
        self._filling = True
        self.owner_id = owner_id
        self.clear()
        for stakeholder_id, label in options:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, stakeholder_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if stakeholder_id in linked else Qt.CheckState.Unchecked
            )
        self._filling = False

    def _changed(self, item: QListWidgetItem) -> None:
        if self._filling or self.owner_id is None:
            return
        linked = item.checkState() == Qt.CheckState.Checked
        stakeholder_id = item.data(Qt.ItemDataRole.UserRole)
        self.link_requested.emit(
            self.link.op(self.owner_id, stakeholder_id, item.text(), linked=linked)
        )
