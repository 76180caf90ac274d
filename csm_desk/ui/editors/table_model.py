"""A table model over plain row dicts of one table, with columns from its ``FieldSpec``s.

The model never writes: a valid edit is announced with ``edit_requested`` and the rows come
back through ``set_rows`` once the op has run, so the undo stack sees every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlmodel import SQLModel

from csm_desk.models.fields import FieldSpec, Kind, specs_of
from csm_desk.ui.editors import values
from csm_desk.ui.editors.values import RefOptions

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SPEC_ROLE = Qt.ItemDataRole.UserRole + 2  # the column's FieldSpec (for the delegate)
REFS_ROLE = Qt.ItemDataRole.UserRole + 3  # the REF column's options

Index = QModelIndex | QPersistentModelIndex
_RIGHT = frozenset({Kind.INT, Kind.FLOAT, Kind.MONEY, Kind.PROBABILITY})


class RowTableModel(QAbstractTableModel):
    """Rows of ``model`` restricted to ``columns``.

    Attributes:
        model: the table.
        columns: the column names shown.
        key: the primary-key columns (a row's key is ``{name: value}`` of them).
        read_only: no cell can be edited or ticked (the book is read-only).

    A new row whose required values only the person can give (a risk's statement, a
    reading's value) is first a *draft*: shown as the last row, edited like the others, kept
    here and not written; ``draft_complete`` asks for it to be written once every such value
    is typed, and the written row then takes the draft's place.

    Signals:
        edit_requested(object, str, object): (row key, field, new valid value).
        problem(str): an edit was refused; the reason in words.
        draft_complete(object): the values of the draft row, every required one typed.
    """

    edit_requested = Signal(object, str, object)
    problem = Signal(str)
    draft_complete = Signal(object)

    def __init__(
        self,
        model: type[SQLModel],
        columns: Sequence[str],
        parent: QObject | None = None,
        key: Sequence[str] = ("id",),
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.columns = list(columns)
        specs = specs_of(model)
        self.specs: list[FieldSpec] = [specs[c] for c in self.columns]
        self.key = list(key)
        self.read_only = False
        self._rows: list[dict[str, Any]] = []
        self._refs: dict[str, RefOptions] = {}
        self._draft: dict[str, Any] | None = None
        self._draft_missing: set[str] = set()
        self._draft_given: set[str] = set()  # the fields the new row is written with
        self._draft_writing = False

    # -- a new row not yet written ---------------------------------------------------------------

    def start_draft(self, values: Mapping[str, Any], missing: Sequence[str]) -> int:
        """Show a new row holding ``values`` until the ``missing`` ones are typed; its row."""
        self.cancel_draft()
        draft = {**dict.fromkeys([*self.key, *self.columns]), **dict(values)}
        for name in missing:
            draft[name] = None
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(draft)
        self._draft = draft
        self._draft_missing = set(missing)
        self._draft_given = set(values) | set(missing)
        self.endInsertRows()
        return row

    def cancel_draft(self) -> None:
        """Drop the draft row (the person left it before typing what it needs)."""
        if self._draft is None:
            return
        row = next(n for n, r in enumerate(self._rows) if r is self._draft)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._draft = None
        self.endRemoveRows()

    def is_draft(self, row: int) -> bool:
        return (
            self._draft is not None
            and 0 <= row < len(self._rows)
            and (self._rows[row] is self._draft)
        )

    @property
    def draft_row(self) -> int | None:
        """The row of the draft, if there is one."""
        for number, row in enumerate(self._rows):
            if row is self._draft:
                return number
        return None

    def edit_draft(self, name: str, value: Any) -> None:
        """Keep a value typed into the draft; ask for the row to be written once complete."""
        draft = self._draft
        if draft is None:
            return
        draft[name] = value
        self._draft_given.add(name)
        row = self.draft_row
        if row is not None and name in self.columns:
            column = self.columns.index(name)
            self.dataChanged.emit(self.index(row, column), self.index(row, column))
        if all(draft.get(n) not in (None, "") for n in self._draft_missing):
            values = {k: draft[k] for k in self._draft_given if k not in self.key}
            self._draft_writing = True
            try:
                self.draft_complete.emit(values)
            finally:
                self._draft_writing = False

    # -- filling -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Show ``rows``.

        Rows that come back (by key) stay the same rows to the view even when they moved: the
        model removes the rows that went, appends the new ones and then reorders, so the
        selection, the current cell and an open cell editor follow their row (a person tabbing
        through a row keeps typing into it while each save refreshes the table).
        """
        fresh = [dict(r) for r in rows]
        present = {_frozen(self.key_of_row(r)) for r in self._rows}
        if self._draft is not None:
            written = [r for r in fresh if _frozen(self.key_of_row(r)) not in present]
            if self._draft_writing and len(written) == 1:
                # The draft was written: the new row takes its place.
                self._draft.update(written[0])
                self._draft = None
            else:
                fresh.append(self._draft)
        keys = [_frozen(self.key_of_row(r)) for r in fresh]
        if len(set(keys)) != len(keys) or not self._rows:
            self.beginResetModel()
            self._rows = fresh
            self.endResetModel()
            return
        wanted = set(keys)
        for number in range(len(self._rows) - 1, -1, -1):
            if _frozen(self.key_of_row(self._rows[number])) not in wanted:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self.endRemoveRows()
        present = {_frozen(self.key_of_row(r)) for r in self._rows}
        added = [r for r, k in zip(fresh, keys, strict=True) if k not in present]
        if added:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._rows.extend(added)
            self.endInsertRows()
        if [_frozen(self.key_of_row(r)) for r in self._rows] != keys:
            self.layoutAboutToBeChanged.emit()
            position = {k: n for n, k in enumerate(keys)}
            old_keys = [_frozen(self.key_of_row(r)) for r in self._rows]
            persistent = self.persistentIndexList()
            moved = [
                self.index(position[old_keys[i.row()]], i.column())
                if 0 <= i.row() < len(old_keys)
                else QModelIndex()
                for i in persistent
            ]
            self._rows = fresh
            self.changePersistentIndexList(persistent, moved)
            self.layoutChanged.emit()
        else:
            self._rows = fresh
        if fresh:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(fresh) - 1, len(self.columns) - 1)
            )

    def set_refs(self, refs: Mapping[str, RefOptions]) -> None:
        self._refs = {k: list(v) for k, v in refs.items()}
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )

    def key_of_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {k: row.get(k) for k in self.key}

    def row_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def key_at(self, row: int) -> dict[str, Any]:
        return self.key_of_row(self._rows[row])

    def find(self, key: Mapping[str, Any]) -> int | None:
        for number, row in enumerate(self._rows):
            if self.key_of_row(row) == dict(key):
                return number
        return None

    # -- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only:
            return base
        if self.specs[index.column()].kind is Kind.BOOL:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name = self.columns[index.column()]
        spec = self.specs[index.column()]
        value = self._rows[index.row()].get(name)
        if role == Qt.ItemDataRole.DisplayRole:
            if spec.kind is Kind.BOOL:
                return None
            return values.show(spec, value, self._refs.get(name, ()))
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind is Kind.BOOL:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            return _sort_key(spec, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if spec.kind in (Kind.LONGTEXT, Kind.LINES) and value:
                return str(value)
            return spec.help or None
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SPEC_ROLE:
            return spec
        if role == REFS_ROLE:
            return self._refs.get(name, [])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        spec = self.specs[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.label + (" *" if spec.required else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.help or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.read_only:
            return False
        spec = self.specs[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind is Kind.BOOL:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        name = self.columns[index.column()]
        if isinstance(value, str) and spec.kind not in (Kind.CHOICES,):
            value = value.strip() or None
        reason = values.problem(spec, value)
        if reason:
            self.problem.emit(f"{spec.label} {reason}")
            return False
        row = self._rows[index.row()]
        if row is self._draft:
            self.edit_draft(name, value)
            return True
        if value == row.get(name):
            return False
        self.edit_requested.emit(self.key_of_row(row), name, value)
        return True


def _frozen(key: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(key.items()))


def _sort_key(spec: FieldSpec, value: Any) -> Any:
    """Numbers and dates sort by value, text case-insensitively, blanks first."""
    if value is None:
        textual = spec.kind in (
            Kind.TEXT,
            Kind.LONGTEXT,
            Kind.LINES,
            Kind.LINK,
            Kind.CHOICE,
            Kind.CHOICES,
        )
        return "" if textual else float("-inf")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, str):
        return value.casefold()
    return value
