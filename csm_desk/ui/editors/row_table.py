"""A list of rows of one table: a table view with Add and Delete, and optionally a form for
every field of the selected row (for tables whose long texts do not fit in a cell)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import SQLModel

from csm_desk.models.fields import Kind
from csm_desk.ui import icons
from csm_desk.ui.editors.delegates import KindDelegate
from csm_desk.ui.editors.form import FormEditor
from csm_desk.ui.editors.table_model import RowTableModel
from csm_desk.ui.editors.values import RefOptions

Key = dict[str, Any]
# Columns that take the spare width; the others fit their contents.
WIDE_KINDS = frozenset({Kind.TEXT, Kind.LONGTEXT, Kind.LINES, Kind.LINK, Kind.REF, Kind.CHOICES})
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


class RowTableEditor(QWidget):
    """Rows of ``model``: ``columns`` in the table, ``detail`` fields in a form below it.

    Attributes:
        rows: the table model (``RowTableModel``).
        view: the table view.
        form: the selected row's form (None without ``detail``).

    Signals:
        edit_requested(object, str, object): (row key, field, value) to write.
        add_requested(): the person asked for a new row.
        delete_requested(object): delete the row with this key.
        current_changed(object): the selected row's key (None when nothing is selected).
    """

    edit_requested = Signal(object, str, object)
    add_requested = Signal()
    delete_requested = Signal(object)
    current_changed = Signal(object)

    def __init__(
        self,
        model: type[SQLModel],
        columns: Sequence[str],
        *,
        title: str = "",
        detail: Sequence[str] | None = None,
        key: Sequence[str] = ("id",),
        visible_rows: int = 6,
        can_add: bool = True,
        select_first: bool = False,
        mark_internal: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"rows_{model.__tablename__}")
        self.rows = RowTableModel(model, columns, self, key)
        self.rows.edit_requested.connect(self.edit_requested)
        self.rows.problem.connect(self._show_problem)
        self.rows.modelReset.connect(self._fit)
        self.visible_rows = visible_rows
        self.select_first = select_first or bool(detail)
        self.view = QTableView()
        self.view.setModel(self.rows)
        self.view.setItemDelegate(KindDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(EDIT_TRIGGERS)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(60)
        for number, spec in enumerate(self.rows.specs):
            wide = spec.kind in WIDE_KINDS
            mode = (
                QHeaderView.ResizeMode.Stretch if wide else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(number, mode)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.title = QLabel(title)
        self.title.setObjectName("sectionHeading")
        self.add_button = QPushButton(icons.icon("add"), "Add")
        self.add_button.setToolTip(f"Add a row to {title.lower() or 'the list'}")
        self.add_button.clicked.connect(self.add_requested)
        self._can_add = can_add
        self.add_button.setVisible(can_add)
        self.delete_button = QPushButton(icons.icon("remove"), "Delete")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete)
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.hide()
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(self.problem)
        self.form: FormEditor | None = None
        if detail:
            self.form = FormEditor(model, detail, mark_internal=mark_internal)
            self.form.edit_requested.connect(self._form_edit)
            layout.addWidget(self.form)
        self._fit()

    # -- showing -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Show ``rows``, keeping the selected row selected when it is still there."""
        kept = self.selected_key()
        self.rows.set_rows(rows)
        if self.view.selectionModel().selectedRows():
            # The selection followed its row through the update; selecting it again would
            # move the current cell to the row's first column.
            pass
        elif kept is not None and self.rows.find(kept) is not None:
            self.select(kept)
        elif self.rows.rowCount() and self.select_first:
            self.select(self.rows.key_at(0))
        elif not self.rows.rowCount():
            self.current_changed.emit(None)
        self._refresh_form()
        self._fit()

    def set_read_only(self, read_only: bool) -> None:
        """Show the rows without letting them be changed, added or deleted (or allow it again)."""
        self.rows.read_only = read_only
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS
        )
        self.add_button.setVisible(self._can_add and not read_only)
        self.delete_button.setVisible(not read_only)
        if self.form is not None:
            self.form.set_read_only(read_only)

    def set_refs(self, refs: Mapping[str, RefOptions]) -> None:
        self.rows.set_refs(refs)
        if self.form is not None:
            self.form.set_refs(refs)

    def selected_key(self) -> Key | None:
        rows = self.view.selectionModel().selectedRows()
        return self.rows.key_at(rows[0].row()) if rows else None

    def select(self, key: Mapping[str, Any]) -> None:
        row = self.rows.find(key)
        if row is not None:
            self.view.selectRow(row)

    def start_draft(self, values: Mapping[str, Any], missing: Sequence[str]) -> None:
        """Show a new row holding ``values`` and start editing the first value it needs."""
        row = self.rows.start_draft(values, missing)
        self._fit()
        self.view.selectRow(row)
        shown = [c for c in self.rows.columns if c in missing]
        column = self.rows.columns.index(shown[0]) if shown else 0
        index = self.rows.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.edit(index)

    def edit_first_text(self, key: Mapping[str, Any]) -> None:
        """Select a (new) row and start editing its first column."""
        row = self.rows.find(key)
        if row is not None:
            self.view.selectRow(row)
            self.view.edit(self.rows.index(row, 0))

    def _fit(self) -> None:
        shown = min(max(self.rows.rowCount(), 2), self.visible_rows)
        height = (
            self.view.horizontalHeader().sizeHint().height()
            + shown * self.view.verticalHeader().defaultSectionSize()
            + 2 * self.view.frameWidth()
            + 2
        )
        self.view.setFixedHeight(height)

    # -- reacting ------------------------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        draft = self.rows.draft_row
        rows = self.view.selectionModel().selectedRows()
        if draft is not None and not (rows and rows[0].row() == draft):
            # Leaving a new row before typing what it needs drops it.
            self.rows.cancel_draft()
            self._fit()
        key = self.selected_key()
        self.delete_button.setEnabled(key is not None)
        self._refresh_form()
        self.current_changed.emit(key)

    def _refresh_form(self) -> None:
        if self.form is None:
            return
        rows = self.view.selectionModel().selectedRows()
        self.form.load(self.rows.row_at(rows[0].row()) if rows else None)

    def _form_edit(self, field: str, value: Any) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows and self.rows.is_draft(rows[0].row()):
            self.rows.edit_draft(field, value)
            return
        key = self.selected_key()
        if key is not None:
            self.edit_requested.emit(key, field, value)

    def _delete(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows and self.rows.is_draft(rows[0].row()):
            self.rows.cancel_draft()
            self._fit()
            return
        key = self.selected_key()
        if key is not None:
            self.delete_requested.emit(key)

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def clear_problem(self) -> None:
        self._show_problem("")
