"""Record a renewal's outcome: renewed with new ARR, renewed flat, downgraded or churned. It
closes the renewal cycle: the plan, its next steps and the checklist move to Past renewals."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from csm_desk.engine.renewals import add_months
from csm_desk.engine.vocab import RenewalOutcome
from csm_desk.models.actions import record_outcome
from csm_desk.models.fields import spec_of
from csm_desk.models.tables import Account
from csm_desk.ui import formatting
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.editors.fields import DateField, NumberField
from csm_desk.ui.editors.values import parse_date


class OutcomeDialog(QDialog):
    """Asks for the outcome and writes it as one undoable step.

    Attributes:
        outcome: the outcome chosen; ``new_arr`` the ARR after it (renewed up, downgraded).
        term: the new contract's term in months (the current term to start with); the next
            renewal date is the renewal date plus this term, shown in ``next_renewal``.
    """

    def __init__(self, ctx: AccountContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Record renewal outcome")
        account = ctx.account
        self.outcome = QComboBox()
        for member in RenewalOutcome:
            self.outcome.addItem(member.label, member.value)
        self.outcome.currentIndexChanged.connect(self._update)
        self.new_arr = NumberField(spec_of(Account, "arr"))
        term_spec = spec_of(Account, "contract_term_months")
        self.term = QSpinBox()
        self.term.setObjectName("contractTerm")
        self.term.setRange(int(term_spec.minimum or 1), int(term_spec.maximum or 120))
        self.term.setSuffix(" months")
        self.term.setValue(int(account.get("contract_term_months") or 12))
        self.term.valueChanged.connect(self._update)
        self.next_renewal = QLabel()
        self.next_renewal.setObjectName("nextRenewal")
        self.on = DateField(spec_of(Account, "renewal_date"))
        self.on.write(ctx.as_of)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional: what was agreed")
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Current ARR", QLabel(formatting.money(account.get("arr"), ctx.currency)))
        derived = " (derived from contract start + term)" if ctx.renewal_date_derived else ""
        form.addRow("Renewal date", QLabel(formatting.day(ctx.renewal_date) + derived))
        form.addRow("Outcome", self.outcome)
        form.addRow("New ARR", self.new_arr)
        form.addRow("New contract term", self.term)
        form.addRow("Next renewal", self.next_renewal)
        form.addRow("Recorded on", self.on)
        form.addRow("Note", self.note)
        closes = QLabel(
            "This closes the renewal: its plan, next steps and checklist move to Past renewals "
            "and the next renewal starts with an empty plan."
        )
        closes.setWordWrap(True)
        closes.setStyleSheet(f"color: {formatting.GREY}")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(closes)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._update()

    def choose(self, outcome: RenewalOutcome) -> None:
        self.outcome.setCurrentIndex(self.outcome.findData(outcome.value))

    def _update(self) -> None:
        outcome = RenewalOutcome(self.outcome.currentData())
        self.new_arr.setEnabled(outcome in (RenewalOutcome.RENEWED_UP, RenewalOutcome.DOWNGRADED))
        churned = outcome is RenewalOutcome.CHURNED
        self.term.setEnabled(not churned)
        renewal_date = self.ctx.renewal_date
        if churned:
            self.next_renewal.setText("None: a churned account has no next renewal")
        elif renewal_date is not None:
            self.next_renewal.setText(formatting.day(add_months(renewal_date, self.term.value())))
        else:
            self.next_renewal.setText("—")

    def _fail(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def _record(self) -> None:
        account = self.ctx.account
        outcome = RenewalOutcome(self.outcome.currentData())
        new_arr, problem = self.new_arr.read()
        if problem:
            return self._fail(f"New ARR {problem}")
        on, problem = parse_date(self.on.text())
        if problem or on is None:
            return self._fail(f"Recorded on {problem or 'is required'}")
        renewal_date = self.ctx.renewal_date
        if renewal_date is None:
            return self._fail("The account has no renewal date: set it on the Snapshot tab.")
        try:
            op = record_outcome(
                self.ctx.account_id,
                outcome,
                current_arr=float(account.get("arr") or 0.0),
                renewal_date=renewal_date,
                term_months=self.term.value(),
                on=on,
                new_arr=new_arr if self.new_arr.isEnabled() else None,
                note=self.note.text().strip() or None,
            )
        except ValueError as exc:
            return self._fail(str(exc)[0].upper() + str(exc)[1:] + ".")
        if self.ctx.apply(op):
            self.accept()
        return None
