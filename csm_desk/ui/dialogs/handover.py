"""Hand over book: who takes over, a note for them, and where the copy goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from csm_desk import paths
from csm_desk.ui.session import BookSession

BOOK_FILTER = f"CSM Desk books (*{paths.BOOK_SUFFIX})"


class HandoverDialog(QDialog):
    """Asks for the successor and a note; ``target()`` then asks where to write the copy.

    Attributes:
        successor: their name (required); ``note`` what they should know first.
    """

    def __init__(self, session: BookSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Hand over book")
        explain = QLabel(
            "Writes a complete, verified copy of this book for the person taking over your "
            "accounts. This book stays as it is."
        )
        explain.setWordWrap(True)
        self.successor = QLineEdit()
        self.successor.setPlaceholderText("Their name")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Optional: what they should know first")
        self.note.setFixedHeight(90)
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Successor *", self.successor)
        form.addRow("Note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose where to save…")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if not self.successor.text().strip():
            self.problem.setText("Successor is required")
            self.problem.show()
            return
        self.accept()

    def target(self) -> Path | None:
        """Ask where to write the copy (None when the person cancels)."""
        book = self.session.book
        name = self.successor.text().strip()
        suggested = paths.documents_dir() / f"{book.name} for {name}{paths.BOOK_SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Hand over book", str(suggested), BOOK_FILTER
        )
        if not chosen:
            return None
        out = Path(chosen)
        return out if out.suffix else out.with_suffix(paths.BOOK_SUFFIX)
