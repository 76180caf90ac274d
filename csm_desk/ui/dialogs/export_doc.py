"""Export document: pick one of the account's documents, write it off the GUI thread, then
offer to open it."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
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
from csm_desk.engine.recaps import recap_refusal
from csm_desk.engine.vocab import ReviewKind, ReviewStatus
from csm_desk.export import DOCUMENTS, ExportError, export_document
from csm_desk.export.documents import narrative_warnings
from csm_desk.export.readiness import document_gaps
from csm_desk.ui import formatting
from csm_desk.ui.crash import could_not_write
from csm_desk.ui.session import BookSession
from csm_desk.ui.worker import Job, Progress

DOCX_FILTER = "Word documents (*.docx)"


def safe_file_name(text: str) -> str:
    """``text`` with the characters file systems refuse taken out."""
    return re.sub(r'[\\/:*?"<>|]+', " ", text).strip() or "Document"


class ExportDialog(QDialog):
    """Chooses the document for one account, with the meeting of a recap or the review of a QBR.

    Only the meetings a customer recap may be made from are offered (``engine.recaps``): one
    the customer attended, of a type that is not internal.

    Attributes:
        document: the documents, by key; ``meeting`` the meetings that can be recapped (the
            latest first); ``review`` the account's business reviews (the latest first).
        notice: why a recap or QBR cannot be exported, or why the meeting asked for is not
            offered.
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
        choices = read_choices(session, account_id)
        self._refusals = choices.refusals
        self.document = QComboBox()
        for key, spec in DOCUMENTS.items():
            marker = "customer-facing" if spec.audience == "customer" else "internal, do not share"
            self.document.addItem(f"{spec.title}  ({marker})", key)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.meeting = QComboBox()
        for meeting_id, label in meetings:
            if meeting_id not in choices.refusals:
                self.meeting.addItem(label, meeting_id)
        self.meeting_label = QLabel("Meeting")
        self.review = QComboBox()
        for review_id, label in choices.reviews:
            self.review.addItem(label, review_id)
        if choices.default_review is not None:
            self.review.setCurrentIndex(self.review.findData(choices.default_review))
        self.review_label = QLabel("Review")
        self.notice = QLabel()
        self.notice.setObjectName("fieldProblem")
        self.notice.setWordWrap(True)
        self._asked_meeting: int | None = None
        form = QFormLayout()
        form.addRow("Document", self.document)
        form.addRow("", self.description)
        form.addRow(self.meeting_label, self.meeting)
        form.addRow(self.review_label, self.review)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self.document.currentIndexChanged.connect(self._update)
        self.meeting.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        spec = DOCUMENTS[str(self.document.currentData())]
        self.description.setText(spec.description)
        self.meeting.setVisible(spec.needs_meeting)
        self.meeting_label.setVisible(spec.needs_meeting)
        self.review.setVisible(spec.picks_review)
        self.review_label.setVisible(spec.picks_review)
        notice = ""
        if spec.needs_meeting and self.meeting.count() == 0:
            notice = (
                "No meeting can be recapped for the customer yet: a recap needs a meeting "
                "the customer attended that is not internal."
            )
        elif spec.needs_meeting and self._asked_meeting in self._refusals:
            if self.meeting.currentData() != self._asked_meeting:
                notice = (
                    f"The selected meeting is not offered: {self._refusals[self._asked_meeting]}."
                )
        elif spec.picks_review and self.review.count() == 0:
            notice = "The account has no business review yet: write one on the QBR / EBR tab."
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        blocked = (spec.needs_meeting and self.meeting.count() == 0) or (
            spec.picks_review and self.review.count() == 0
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not blocked)

    def preselect(self, document: str | None, chosen_id: int | None = None) -> None:
        """Start on ``document`` and on the row it is about: for a recap the meeting
        ``chosen_id``, for a QBR the review ``chosen_id``."""
        if document is not None and (index := self.document.findData(document)) >= 0:
            self.document.setCurrentIndex(index)
        spec = DOCUMENTS[str(self.document.currentData())]
        if chosen_id is not None and spec.needs_meeting:
            self._asked_meeting = chosen_id
            if (index := self.meeting.findData(chosen_id)) >= 0:
                self.meeting.setCurrentIndex(index)
        elif (
            chosen_id is not None
            and spec.picks_review
            and (index := self.review.findData(chosen_id)) >= 0
        ):
            self.review.setCurrentIndex(index)
        self._update()

    def choice(self) -> tuple[str, int | None]:
        """The document key and the row it is about: the meeting of a recap, the review of a
        QBR (None for the other documents)."""
        key = str(self.document.currentData())
        spec = DOCUMENTS[key]
        if spec.needs_meeting:
            return key, self.meeting.currentData()
        if spec.picks_review:
            return key, self.review.currentData()
        return key, None

    def default_path(self) -> Path:
        title = DOCUMENTS[self.choice()[0]].title
        return paths.documents_dir() / safe_file_name(f"{self.account_name} - {title}.docx")


@dataclass(frozen=True)
class ExportChoices:
    """What the dialog offers for one account.

    Attributes:
        reviews: (review id, label) of every business review, the latest first.
        default_review: the review a QBR tells unless another is chosen (the latest on or
            before the as-of date).
        refusals: meeting id → why no customer recap can be made from it.
    """

    reviews: list[tuple[int, str]]
    default_review: int | None
    refusals: dict[int, str]


def read_choices(session: BookSession, account_id: int) -> ExportChoices:
    """The account's reviews and the meetings that cannot be recapped, read in one go."""
    with session.book.engine.connect() as conn:
        reviews = conn.exec_driver_sql(
            "SELECT id, date, kind, period, status FROM review WHERE account_id = ? "
            "ORDER BY date DESC, id DESC",
            (account_id,),
        ).fetchall()
        meetings = conn.exec_driver_sql(
            "SELECT m.id, m.type, count(a.stakeholder_id) FROM meeting m "
            "LEFT JOIN meeting_attendee a ON a.meeting_id = m.id "
            "WHERE m.account_id = ? GROUP BY m.id",
            (account_id,),
        ).fetchall()
    as_of = session.as_of.isoformat()
    labels = []
    default = None
    for review_id, date, kind, period, status in reviews:
        held = date is not None and str(date) <= as_of
        if default is None and held:
            default = int(review_id)
        parts = [formatting.day(dt.date.fromisoformat(str(date))) if date else "No date"]
        parts.append(ReviewKind(kind).label if kind in ReviewKind.choices() else str(kind))
        if period:
            parts.append(" ".join(str(period).split()))
        if status == ReviewStatus.DRAFT.value:
            parts.append("draft")
        labels.append((int(review_id), " · ".join(parts)))
    refusals = {
        int(meeting_id): reason
        for meeting_id, kind, attendees in meetings
        if (reason := recap_refusal(kind, int(attendees))) is not None
    }
    return ExportChoices(labels, default, refusals)


def export_job(
    session: BookSession,
    account_id: int,
    key: str,
    out: Path,
    chosen_id: int | None,
    map_png: bytes | None = None,
    replace: bool = False,
    allow_incomplete: bool = False,
) -> Job:
    """The export as a background job (progress reported as a fraction). ``chosen_id`` is the
    row the document is about (``ExportDialog.choice``): the meeting of a recap, the review of
    a QBR. ``map_png`` is the
    canvas's rendering of the stakeholder map, made on the GUI thread beforehand. An existing
    ``out`` is replaced only with ``replace``, and an incomplete plan exported only with
    ``allow_incomplete`` (the person said so each time). A file that cannot be
    written (a full disk, a read-only folder) fails the job with one line."""
    book = session.book
    as_of: dt.date = session.as_of
    spec = DOCUMENTS[key]
    meeting_id = chosen_id if spec.needs_meeting else None
    review_id = chosen_id if spec.picks_review else None

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
                review_id=review_id,
                map_png=map_png,
                progress=told,
                replace=replace,
                allow_incomplete=allow_incomplete,
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
    # The file dialog does not ask about an existing file: ``confirm_replace`` does, once the
    # name has its .docx ending.
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        "Export document",
        str(suggested),
        DOCX_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    out = Path(name)
    return out if out.suffix.lower() == ".docx" else out.with_suffix(".docx")


def confirm_incomplete(parent: QWidget, session: BookSession, account_id: int, key: str) -> bool:
    """Whether to go on with a document whose plan is missing or incomplete: yes when it is
    ready, else the person's answer once told every unmet criterion (No is the default)."""
    gaps = document_gaps(session.book, account_id, key, session.as_of)
    if gaps is None:
        return True
    title = DOCUMENTS[key].title
    listed = "\n".join(f"• {reason}" for reason in gaps.unmet)
    status = gaps.status.phrase
    answer = QMessageBox.question(
        parent,
        "Export anyway?",
        f"The {gaps.artifact.phrase} of {gaps.account} is {status}"
        + (f":\n\n{listed}" if listed else ".")
        + f"\n\nExport the {title.lower()} anyway? Its empty parts are listed under "
        "“To agree together”.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm_figures(
    parent: QWidget, session: BookSession, account_id: int, key: str, chosen_id: int | None
) -> bool:
    """Whether to go on when the narrative the document repeats quotes a success metric at a
    value the book does not hold on the document's date, or credits its success statement to
    someone who has left the customer: yes when they agree, else the person's answer once told
    each difference (No is the default, to correct the text)."""
    review_id = chosen_id if DOCUMENTS[key].picks_review else None
    found = narrative_warnings(
        session.book, account_id, key, as_of=session.as_of, review_id=review_id
    )
    if not found:
        return True
    listed = "\n".join(f"• {line}" for line in found)
    figures_only = all(" is given as " in line for line in found)
    answer = QMessageBox.question(
        parent,
        "Figures differ" if figures_only else "The text differs from the book",
        "The text of this document says things the book holds differently:\n\n"
        f"{listed}\n\nThe document's tables show the book's figures. Export anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm_replace(parent: QWidget, out: Path) -> bool:
    """Whether ``out`` may be written: yes when it does not exist, else the person's answer to
    "Replace?" (No is the default)."""
    if not out.exists():
        return True
    if out.is_dir():
        QMessageBox.warning(
            parent, "Export document", f"{out.name} is a folder in {out.parent}; choose a file."
        )
        return False
    answer = QMessageBox.question(
        parent,
        "Replace?",
        f"{out.name} already exists in {out.parent}.\n\nReplace it with the new document?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
