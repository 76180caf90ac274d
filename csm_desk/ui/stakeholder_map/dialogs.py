"""The person dialog of the map: every field of a stakeholder, from its FieldSpecs, in the
window's generic form editor. OK writes what changed as one undoable step."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from csm_desk.models.ops import MODELS
from csm_desk.ui.editors.form import FormEditor, editable_fields

PERSON_FIELDS = editable_fields(MODELS["stakeholder"])


def _same(a: Any, b: Any) -> bool:
    # An empty text and "nothing" are the same to a person.
    return (a if a not in ("", None) else None) == (b if b not in ("", None) else None)


class PersonDialog(QDialog):
    """Add or edit one stakeholder.

    Attributes:
        form: the fields.
        row: the row edited (empty for a new person).
    """

    def __init__(
        self, row: Mapping[str, Any] | None, parent: QWidget | None = None, *, title: str = ""
    ) -> None:
        super().__init__(parent)
        self.row = dict(row or {})
        self.setWindowTitle(title or ("Edit " + self.row["name"] if row else "Add a person"))
        self.setObjectName("personDialog")
        self.form = FormEditor(MODELS["stakeholder"], PERSON_FIELDS)
        self.form.load(self.row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(520)
        scroll.setMinimumHeight(460)
        note = QLabel("Internal: stance, influence and notes never reach customer documents.")
        note.setObjectName("artifactDetail")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._values: dict[str, Any] = {}
        # Typing starts in Name and Tab goes down the fields in the order they are shown.
        widgets = [self.form.widgets[name] for name in self.form.fields]
        for before, after in pairwise(widgets):
            QWidget.setTabOrder(before, after)
        self.form.widgets["name"].setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.widgets["name"].setFocus()

    def _accept(self) -> None:
        found = self.form.read_all()
        if found is None:
            return  # the reasons are shown beside the fields
        self._values = found
        self.accept()

    def new_values(self) -> dict[str, Any]:
        """Every field filled in (for a new person)."""
        return dict(self._values)

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the row's (for an edit); emptied fields are None."""
        changed: dict[str, Any] = {}
        for name in self.form.fields:
            value = self._values.get(name)
            if not _same(value, self.row.get(name)):
                changed[name] = value
        return changed
