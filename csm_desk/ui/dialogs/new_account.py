"""New account: the account's commercial facts and the sales handoff, written as one step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from csm_desk.models.actions import new_account
from csm_desk.models.tables import Account, Handoff
from csm_desk.ui.editors.form import FormEditor, editable_fields
from csm_desk.ui.session import BookSession

ACCOUNT_FIELDS = [
    "name",
    "crm_id",
    "arr",
    "contract_start",
    "renewal_date",
    "contract_term_months",
    "product_tier",
    "industry",
    "segment_pinned",
    "segment",
]


class NewAccountDialog(QDialog):
    """Asks for a new account and its handoff record.

    Attributes:
        account_id: the new account's id once it was created.
    """

    def __init__(self, session: BookSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.account_id: int | None = None
        self.setWindowTitle("New account")
        self.account = FormEditor(Account, ACCOUNT_FIELDS)
        self.account.load({"contract_term_months": 12, "contract_start": session.as_of})
        self.handoff = FormEditor(Handoff, editable_fields(Handoff))
        self.handoff.load({"handoff_date": session.as_of})
        left = QVBoxLayout()
        left.addWidget(_heading("Account"))
        left.addWidget(self.account)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(_heading("Sales handoff"))
        right.addWidget(self.handoff)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create account")
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        session.failed.connect(self._failed)

    def create_account(self) -> None:
        """Validate both forms and write the account (stays open with the reasons if invalid)."""
        account = self.account.read_all()
        handoff = self.handoff.read_all()
        if account is None or handoff is None:
            return
        values: dict[str, Any] = {"arr": 0.0, **account}
        filled = {k: v for k, v in handoff.items() if v not in (None, "", False)}
        op = new_account(values, filled or None)
        if self.session.apply(op) is not None:
            self.account_id = op.account_id  # type: ignore[attr-defined]
            self.accept()

    def _failed(self, message: str) -> None:
        if self.isVisible():
            self.problem.setText(message)
            self.problem.show()


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label
