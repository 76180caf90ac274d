"""The import dialog's column list: one row per column of the file, what it is imported as
(a combo the person can change) and its first values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from csm_desk.csvimport.preview import FilePreview

Index = QModelIndex | QPersistentModelIndex
MAPPING_COLUMN = 1


class ColumnsModel(QAbstractTableModel):
    """The columns of a previewed file: header, what it is imported as, first values.

    Attributes:
        preview: the file's preview (None before a file is read).
        chosen: header → the choice shown for it (the guess until the person changes it).
    """

    def __init__(self) -> None:
        super().__init__()
        self.preview: FilePreview | None = None
        self.chosen: list[str] = []
        self._labels: dict[str, str] = {}

    def show(self, preview: FilePreview | None, chosen: list[str]) -> None:
        self.beginResetModel()
        self.preview = preview
        self.chosen = list(chosen)
        self._labels = dict(preview.choices) if preview else {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.preview is None:
            return 0
        return len(self.preview.headers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.preview is None:
            return 0
        return 2 + len(self.preview.rows)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.preview is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        if section == 0:
            return "Column"
        if section == MAPPING_COLUMN:
            return "Imported as"
        if section - 2 < len(self.preview.rows):
            return f"Row {self.preview.header_row + section - 1}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.preview is None:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row, column = index.row(), index.column()
        if column == 0:
            return self.preview.headers[row]
        if column == MAPPING_COLUMN:
            return self._labels.get(self.chosen[row], self.chosen[row])
        cells = self.preview.rows[column - 2]
        return cells[row] if row < len(cells) else ""
