"""Restore from backup: a book's automatic backups by date, and the one to put back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csm_desk.backup_cli import accounts_words, size_words
from csm_desk.models.backups import Backup
from csm_desk.ui.worker import Job, Progress

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class BackupTableModel(QAbstractTableModel):
    """The backups of one book, newest first: when, why, how many accounts, how big.

    The backup itself is under ``BACKUP_ROLE``.
    """

    HEADERS = ("Taken", "Reason", "Accounts", "Size")
    BACKUP_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, backups: Sequence[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups = list(backups)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def backup(self, row: int) -> Backup:
        return self._backups[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._backups):
            return None
        backup = self._backups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return backup.when()
            if column == 1:
                return backup.reason.replace("-", " ")
            if column == 2:
                return accounts_words(backup)
            return size_words(backup.size)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path)
        if role == self.BACKUP_ROLE:
            return backup
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class RestoreDialog(QDialog):
    """Lists a book's backups; Restore asks to confirm, then the dialog is accepted and
    ``chosen()`` is the backup to put back.

    Attributes:
        table: the backups, newest first (``model``); ``restore_button`` restores the one
            selected; ``confirmation`` is the question asked before (while it is open).
    """

    def __init__(
        self, book_path: Path, backups: Sequence[Backup], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.book_path = book_path
        self.confirmation: QMessageBox | None = None
        self._chosen: Backup | None = None
        self.setWindowTitle("Restore from backup")
        explain = QLabel(
            f"Backups of {book_path.name}, newest first. Restoring puts the book back as it "
            "was when the backup was taken; the book as it is now is kept as a backup first."
            if backups
            else f"There are no backups of {book_path.name} yet. One is taken the first time "
            "the book is opened each day, and before every import and hand-over."
        )
        explain.setWordWrap(True)
        self.model = BackupTableModel(backups, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.confirm())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 380)

    def _selected(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def chosen(self) -> Backup | None:
        """The backup to restore, once the person confirmed it."""
        return self._chosen

    def confirm(self) -> None:
        """Ask before restoring the selected backup; accept the dialog when the answer is yes."""
        backup = self.selected()
        if backup is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from backup",
            f"Put {self.book_path.name} back as it was on {backup.when()}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmRestore")
        box.setInformativeText(
            f"That is {backup.describe()}. The book is closed here while it is restored, "
            "then opened again. The book as it is now is kept as a backup first, so you can "
            "go back to it the same way."
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Restore")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirmation = box
        try:
            box.exec()
            agreed = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        finally:
            self.confirmation = None
        if agreed:
            self._chosen = backup
            self.accept()


def restore_job(book_path: Path, backup: Path) -> Job:
    """The restore as a background job; its result is where the book as it was is kept."""

    def run(progress: Progress) -> Path | None:
        from csm_desk.models.restore import restore

        progress(0.1, f"Restoring {book_path.name}…")
        kept = restore(book_path, backup, program="the CSM Desk window (restoring a backup)")
        progress(1.0, "Done")
        return kept

    return run
