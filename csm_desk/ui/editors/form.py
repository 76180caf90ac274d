"""A form for one row of one table, built from its columns' ``FieldSpec``s.

Each field is shown with its label (an asterisk when required, the help as a tooltip), an editor
for its kind, and the reason beside it when what was typed cannot be saved. A valid change is
not written here: ``edit_requested`` carries it to whoever turns it into an undoable op.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget
from sqlmodel import SQLModel

from csm_desk.models.fields import Audience, FieldSpec, Kind, specs_of
from csm_desk.ui.editors.fields import ChoiceField, make_field, set_read_only
from csm_desk.ui.editors.values import RefOptions, problem


def editable_fields(model: type[SQLModel]) -> list[str]:
    """Every column of ``model`` a person edits (all but SYSTEM ones), in declaration order."""
    return [name for name, spec in specs_of(model).items() if spec.kind is not Kind.SYSTEM]


class FormEditor(QWidget):
    """Edits ``fields`` of one row of ``model``.

    With ``mark_internal`` (on customer-facing tabs) each internal-only field is labelled so.

    Attributes:
        model: the table.
        fields: the column names shown, in order.
        row: the row shown (a plain dict), or None when there is none.
        read_only: values are shown but cannot be changed (the book is read-only).

    Signals:
        edit_requested(str, object): a field's new, valid value.
    """

    edit_requested = Signal(str, object)

    def __init__(
        self,
        model: type[SQLModel],
        fields: Sequence[str] | None = None,
        *,
        refs: Mapping[str, RefOptions] | None = None,
        mark_internal: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        specs = specs_of(model)
        self.fields = list(fields) if fields is not None else editable_fields(model)
        self.specs: dict[str, FieldSpec] = {name: specs[name] for name in self.fields}
        self.row: dict[str, Any] | None = None
        self.read_only = False
        self.widgets: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.setHorizontalSpacing(14)
        layout.setVerticalSpacing(8)
        for name in self.fields:
            spec = self.specs[name]
            widget = make_field(spec, (refs or {}).get(name, ()))
            widget.setObjectName(f"field_{name}")
            widget.committed.connect(lambda n=name: self._commit(n))  # type: ignore[attr-defined]
            text = spec.label + (" *" if spec.required else "")
            if mark_internal and spec.audience is Audience.INTERNAL:
                text += '<br><span style="font-size:8pt; color:#6e7781">internal</span>'
            label = QLabel(text)
            label.setToolTip(self._tooltip(spec))
            label.setBuddy(widget)
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(widget)
            reason = QLabel()
            reason.setObjectName("fieldProblem")
            reason.setWordWrap(True)
            reason.hide()
            cell_layout.addWidget(reason)
            layout.addRow(label, cell)
            self.widgets[name] = widget
            self.problems[name] = reason
        self.setEnabled(False)

    @staticmethod
    def _tooltip(spec: FieldSpec) -> str:
        parts = [spec.help] if spec.help else []
        if spec.audience is Audience.INTERNAL:
            parts.append("Internal: never shown in customer documents.")
        return "\n".join(parts)

    def set_read_only(self, read_only: bool) -> None:
        """Show the values without letting them be changed (or let them be changed again)."""
        self.read_only = read_only
        for widget in self.widgets.values():
            set_read_only(widget, read_only)

    def set_refs(self, refs: Mapping[str, RefOptions]) -> None:
        """Refresh the choices of REF fields (the rows they may point at)."""
        for name, options in refs.items():
            widget = self.widgets.get(name)
            if isinstance(widget, ChoiceField):
                widget.set_options(options)

    def load(self, row: Mapping[str, Any] | None) -> None:
        """Show ``row`` (None empties and disables the form)."""
        self.row = dict(row) if row is not None else None
        self.setEnabled(row is not None)
        for name, widget in self.widgets.items():
            widget.write(None if row is None else row.get(name))  # type: ignore[attr-defined]
            if row is not None or not self.problems[name].isHidden():
                self.show_problem(name, None)

    def show_problem(self, name: str, message: str | None) -> None:
        """Show (or clear) the reason a field's value cannot be saved."""
        label = self.problems[name]
        if message:
            label.setText(f"{self.specs[name].label} {message}")
            label.show()
        else:
            label.clear()
            label.hide()

    def read_all(self) -> dict[str, Any] | None:
        """Every field's value, or None (with the reasons shown) when any cannot be saved."""
        found: dict[str, Any] = {}
        ok = True
        for name, widget in self.widgets.items():
            value, reason = widget.read()  # type: ignore[attr-defined]
            reason = reason or problem(self.specs[name], value)
            self.show_problem(name, reason)
            if reason:
                ok = False
            elif value is not None:
                found[name] = value
        return found if ok else None

    def _commit(self, name: str) -> None:
        if self.row is None or self.read_only:
            return
        value, reason = self.widgets[name].read()  # type: ignore[attr-defined]
        reason = reason or problem(self.specs[name], value)
        if reason:
            self.show_problem(name, reason)
            return
        self.show_problem(name, None)
        if value != self.row.get(name):
            self.edit_requested.emit(name, value)
