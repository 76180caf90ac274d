"""Export document: pick one of the account's documents, write it off the GUI thread, then
offer to open it."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from csm_desk import paths
from csm_desk.export import DOCUMENTS, ExportError, export_document
from csm_desk.ui.crash import could_not_write
from csm_desk.ui.session import BookSession
from csm_desk.ui.worker import Job, Progress

DOCX_FILTER = "Word documents (*.docx)"
# Documents that show the stakeholder map: they get it exactly as laid out on the canvas.
WITH_MAP = frozenset({"account-brief"})


def safe_file_name(text: str) -> str:
    """``text`` with the characters file systems refuse taken out."""
    return re.sub(r'[\\/:*?"<>|]+', " ", text).strip() or "Document"


class ExportDialog(QDialog):
    """Chooses the document (and the meeting of a recap) for one account.

    Attributes:
        document: the documents, by key; ``meeting`` the meetings of the account.
    """

    def __init__(
        self,
        session: BookSession,
        account_id: int,
        meetings: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.account_id = account_id
        result = session.account(account_id)
        self.account_name = result.name if result else ""
        self.setWindowTitle(f"Export document — {self.account_name}")
        self.document = QComboBox()
        for key, spec in DOCUMENTS.items():
            marker = "customer-facing" if spec.audience == "customer" else "internal, do not share"
            self.document.addItem(f"{spec.title}  ({marker})", key)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.meeting = QComboBox()
        for meeting_id, label in meetings:
            self.meeting.addItem(label, meeting_id)
        self.meeting_label = QLabel("Meeting")
        form = QFormLayout()
        form.addRow("Document", self.document)
        form.addRow("", self.description)
        form.addRow(self.meeting_label, self.meeting)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.document.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        spec = DOCUMENTS[str(self.document.currentData())]
        self.description.setText(spec.description)
        self.meeting.setVisible(spec.needs_meeting)
        self.meeting_label.setVisible(spec.needs_meeting)

    def preselect(self, document: str | None, meeting_id: int | None = None) -> None:
        """Start on ``document`` (and, for a recap, on ``meeting_id``)."""
        if document is not None and (index := self.document.findData(document)) >= 0:
            self.document.setCurrentIndex(index)
        if meeting_id is not None and (index := self.meeting.findData(meeting_id)) >= 0:
            self.meeting.setCurrentIndex(index)

    def choice(self) -> tuple[str, int | None]:
        """The document key and, for a recap, the meeting."""
        key = str(self.document.currentData())
        meeting = self.meeting.currentData() if DOCUMENTS[key].needs_meeting else None
        return key, meeting

    def default_path(self) -> Path:
        title = DOCUMENTS[self.choice()[0]].title
        return paths.documents_dir() / safe_file_name(f"{self.account_name} - {title}.docx")


def export_job(
    session: BookSession,
    account_id: int,
    key: str,
    out: Path,
    meeting_id: int | None,
    map_png: bytes | None = None,
) -> Job:
    """The export as a background job (progress reported as a fraction). ``map_png`` is the
    canvas's rendering of the stakeholder map, made on the GUI thread beforehand. A file that
    cannot be written (a full disk, a read-only folder) fails the job with one line."""
    book = session.book
    as_of: dt.date = session.as_of

    def job(progress: Progress) -> Path:
        def told(done: int, total: int) -> None:
            progress(done / total if total else 0.0, f"Writing {out.name}…")

        try:
            return export_document(
                book,
                account_id,
                key,
                out,
                as_of=as_of,
                meeting_id=meeting_id,
                map_png=map_png,
                progress=told,
            )
        except OSError as exc:
            raise ExportError(could_not_write(out, exc)) from exc

    return job


def offer_to_open(parent: QWidget, out: Path) -> None:
    """Say where the document went and offer to open it."""
    answer = QMessageBox.question(
        parent,
        "Document written",
        f"Saved {out.name} in {out.parent}.\n\nOpen the document now?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
    )
    if answer == QMessageBox.StandardButton.Open:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))


def ask_target(parent: QWidget, suggested: Path) -> Path | None:
    with contextlib.suppress(OSError):  # else the file dialog starts where it can
        suggested.parent.mkdir(parents=True, exist_ok=True)
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Export document", str(suggested), DOCX_FILTER
    )
    if not name:
        return None
    out = Path(name)
    return out if out.suffix.lower() == ".docx" else out.with_suffix(".docx")
