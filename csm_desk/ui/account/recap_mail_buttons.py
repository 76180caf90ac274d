"""Send recap… and Copy recap under the meetings: the selected meeting's recap as an e-mail draft
opened in the person's mail client, or as text on the clipboard."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QWidget

from csm_desk import APP_NAME, paths
from csm_desk.engine.recaps import recap_refusal
from csm_desk.models import clock
from csm_desk.recap_mail import Recap, RecapMailError, recap_for, write_draft
from csm_desk.ui.account.context import AccountContext

EML_FILTER = "E-mail draft (*.eml)"
SEND_TIP = (
    "Write the selected meeting's recap as an e-mail draft, the recap document attached, and "
    "open it in your mail program"
)
COPY_TIP = "Put the selected meeting's recap on the clipboard as text"
_UNSAFE = str.maketrans(dict.fromkeys('\\/:*?"<>|', " "))


class RecapMailButtons(QWidget):
    """The two buttons, working on the meeting ``selected_meeting`` names.

    Attributes:
        send_button: writes the draft where the person chooses and opens it.
        copy_button: puts the recap's text on the clipboard.
    """

    def __init__(
        self,
        context: Callable[[], AccountContext | None],
        selected_meeting: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._selected = selected_meeting
        self.send_button = QPushButton("Send recap…")
        self.send_button.clicked.connect(self.send)
        self.copy_button = QPushButton("Copy recap")
        self.copy_button.clicked.connect(self.copy)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.send_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        self.update_state()

    def update_state(self) -> None:
        """Enabled for a meeting a customer recap may be made from; for another meeting the
        buttons are off and their tooltip says why."""
        meeting_id = self._selected()
        refusal = None if meeting_id is None else self._refusal(meeting_id)
        usable = meeting_id is not None and refusal is None
        for button, tip in ((self.send_button, SEND_TIP), (self.copy_button, COPY_TIP)):
            button.setEnabled(usable)
            button.setToolTip(tip if refusal is None else f"No recap can be sent: {refusal}")

    def _refusal(self, meeting_id: int) -> str | None:
        ctx = self._context()
        if ctx is None:
            return None
        meeting = next((m for m in ctx.rows_of("meeting") if m.get("id") == meeting_id), None)
        if meeting is None:
            return None
        attendees = sum(
            1 for a in ctx.rows_of("meeting_attendee") if a.get("meeting_id") == meeting_id
        )
        return recap_refusal(meeting.get("type"), attendees)

    def _recap(self) -> tuple[AccountContext, Recap] | None:
        ctx, meeting_id = self._context(), self._selected()
        if ctx is None or meeting_id is None:
            return None
        try:
            return ctx, recap_for(ctx.session.book, ctx.account_id, ctx.as_of, meeting_id)
        except RecapMailError as exc:
            self._problem(f"No recap can be sent: {exc}")
            return None

    def copy(self) -> None:
        found = self._recap()
        if found is not None:
            QGuiApplication.clipboard().setText(found[1].text)

    def send(self) -> None:
        found = self._recap()
        if found is None:
            return
        ctx, recap = found
        suggested = paths.documents_dir() / (
            f"Recap - {recap.account} - {recap.date or ''}".translate(_UNSAFE).strip() + ".eml"
        )
        with contextlib.suppress(OSError):
            suggested.parent.mkdir(parents=True, exist_ok=True)
        name, _filter = QFileDialog.getSaveFileName(self, "Send recap", str(suggested), EML_FILTER)
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != ".eml":
            out = out.with_name(out.name + ".eml")
        try:
            written, recap = write_draft(
                ctx.session.book,
                ctx.account_id,
                out,
                as_of=ctx.as_of,
                meeting_id=recap.meeting_id,
                now=clock.now(),
            )
        except RecapMailError as exc:
            self._problem(f"The recap draft was not written: {exc}")
            return
        if recap.unaddressed:
            names = ", ".join(recap.unaddressed)
            QMessageBox.information(
                self,
                APP_NAME,
                f"The draft opens in your mail program. Add the addresses of {names} there "
                "to copy them in.",
            )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

    def _problem(self, message: str) -> None:
        QMessageBox.warning(self, APP_NAME, message)
