"""Hand over book: who takes over, a note for them, and where the copy goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
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
from csm_desk.export.errors import ExportError
from csm_desk.models.backups import BEFORE_HANDOVER, take_backup
from csm_desk.ui.crash import could_not_write
from csm_desk.ui.session import BookSession
from csm_desk.ui.worker import Job, Progress

BOOK_FILTER = f"CSM Desk books (*{paths.BOOK_SUFFIX})"


class HandoverDialog(QDialog):
    """Asks for the successor and a note; ``target()`` then asks where to write the copy.

    Attributes:
        successor: their name (required); ``note`` what they should know first.
        brief: also write the book-level hand-over brief next to the copy.
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
        self.brief = QCheckBox("Also write the hand-over brief (a Word document) beside the copy")
        self.brief.setChecked(True)
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Successor *", self.successor)
        form.addRow("Note", self.note)
        form.addRow("", self.brief)
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

    def job(self, out: Path) -> Job:
        """The hand-over as a background job: the verified copy, then the brief if asked. A
        file that cannot be written fails the job with one line saying what was written."""
        book = self.session.book
        as_of = self.session.as_of
        successor = self.successor.text().strip()
        note = self.note.toPlainText().strip() or None
        brief = out.with_suffix(".docx") if self.brief.isChecked() else None

        def run(progress: Progress) -> Path:
            progress(0.02, "Backing up the book…")
            take_backup(book, BEFORE_HANDOVER)
            progress(0.05, "Copying and verifying the book…")
            written = book.handover_copy(out, to_owner=successor, note=note)
            if brief is not None:
                from csm_desk.export import write_handover_brief

                def told(done: int, total: int) -> None:
                    progress(0.3 + 0.7 * done / max(total, 1), f"Writing {brief.name}…")

                try:
                    write_handover_brief(
                        book, brief, as_of, progress=told, successor=successor, note=note
                    )
                except (OSError, ExportError) as exc:
                    why = could_not_write(brief, exc) if isinstance(exc, OSError) else str(exc)
                    raise ExportError(f"The copy was written to {written}. {why}") from exc
            progress(1.0, "Done")
            return written

        return run
