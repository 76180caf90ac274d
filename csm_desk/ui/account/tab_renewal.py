"""The Renewal tab: the plan, its approvers and next steps, the phase checklist, the outcome that
closes the cycle, the past renewals and the ARR ledger."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from csm_desk.engine.renewals import PHASE_GUIDANCE, PHASE_ORDER
from csm_desk.engine.vocab import Area, ArrEventKind, Artifact
from csm_desk.models.actions import start_renewal_plan
from csm_desk.models.ops import Op
from csm_desk.ui import formatting
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.past_renewals import PastRenewalsView
from csm_desk.ui.account.tab_base import MIXED, WorkspaceTab
from csm_desk.ui.editors.link_list import APPROVERS, LinkList
from csm_desk.ui.formatting import AREA_TITLES

_PHASE_INDEX = {p.value: i for i, p in enumerate(PHASE_ORDER)}


class RenewalTab(WorkspaceTab):
    """How this renewal will be won, and what happened at the past ones.

    Attributes:
        past: the closed renewals, each with the plan it was worked with.
    """

    area = Area.RENEWAL
    title = AREA_TITLES[Area.RENEWAL]
    artifact = Artifact.RENEWAL_PLAN
    audience = MIXED
    document = "renewal-plan"

    def build(self) -> None:
        self.situation = QLabel()
        self.situation.setObjectName("renewalSituation")
        self.situation.setWordWrap(True)
        self.situation.setTextFormat(Qt.TextFormat.RichText)
        self.start_button = QPushButton("Start renewal plan")
        self.start_button.setToolTip("Create the plan and the default checklist for every phase")
        self.start_button.clicked.connect(self._start_plan)
        self.outcome_button = QPushButton("Record outcome…")
        self.outcome_button.setToolTip("Renewed, renewed flat, downgraded or churned")
        self.outcome_button.clicked.connect(self._record_outcome)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.outcome_button)
        buttons.addStretch(1)
        holder = QWidget()
        holder.setLayout(buttons)
        self.body.addWidget(self.situation)
        self.body.addWidget(holder)

        self.plan_heading = self.heading("Renewal plan")
        self.body.addWidget(self.plan_heading)
        self.plan = self.row_form("renewal_plan", self._plan_key)
        self.body.addWidget(self.plan)
        self.approvers_heading = self.heading("Approvers")
        self.body.addWidget(self.approvers_heading)
        self.approvers = LinkList(APPROVERS)
        self.approvers.setObjectName("approvers")
        self.approvers.setMaximumHeight(130)
        self.approvers.link_requested.connect(self._apply)
        self.body.addWidget(self.approvers)
        self.write_controls += [self.start_button, self.outcome_button, self.approvers]
        self.next_steps = self.row_table(
            "renewal_next_step",
            ["action", "owner", "side", "due", "done"],
            title="Next steps (shown to the customer)",
            fixed=self._next_step_fixed,
        )
        self.checklist = self.row_table(
            "renewal_step",
            ["phase", "action", "owner", "due", "status", "renewal_date"],
            title="Checklist by phase (internal)",
            visible_rows=8,
        )
        self.past = PastRenewalsView()
        self.body.addWidget(self.past)
        self.ledger = self.row_table(
            "arr_event", ["date", "kind", "amount", "note"], title="ARR history", visible_rows=5
        )

    def _plan_key(self) -> dict[str, Any] | None:
        row = self.ctx.first("renewal_plan") if self.ctx else None
        return None if row is None else {"id": row["id"]}

    def _next_step_fixed(self) -> dict[str, Any] | None:
        key = self._plan_key()
        return None if key is None else {"renewal_plan_id": key["id"]}

    def show_account(self, ctx: AccountContext) -> None:
        result = ctx.result
        churned = result is not None and result.churned
        plan = None if churned else ctx.first("renewal_plan")
        lines = []
        if churned:
            lines.append(self._churn_text(ctx))
        elif result is not None and result.renewal_phase is not None:
            # The date the countdown runs to (as of the day the book is looked at).
            derived = " (derived from contract start + term)" if result.renewal_date_derived else ""
            lines.append(
                f"<b>{formatting.day(result.facts.renewal_date)}</b>{derived} · "
                f"{formatting.countdown(result.days_to_renewal, result.renewal_phase)} · "
                f"probability {result.renewal_probability:.0%} ({result.probability_source}) · "
                f"forecast {formatting.money(result.forecast_arr, ctx.currency)}"
            )
            lines.append(PHASE_GUIDANCE[result.renewal_phase])
        else:
            lines.append("No renewal date set: add it on the Snapshot tab.")
        self.situation.setText("<br>".join(lines))
        self.start_button.setVisible(not churned and plan is None)
        self.start_button.setToolTip(
            "Create the plan; the checklist below is kept as it is"
            if ctx.rows_of("renewal_step")
            else "Create the plan and the default checklist for every phase"
        )
        self.outcome_button.setVisible(not churned)
        self.outcome_button.setEnabled(ctx.renewal_date is not None)
        self.checklist.setVisible(not churned)
        for widget in (
            self.plan_heading,
            self.plan,
            self.approvers_heading,
            self.approvers,
            self.next_steps,
        ):
            widget.setVisible(plan is not None)
        self.plan.load(plan)
        self._fill_approvers(ctx, plan)
        self.next_steps.set_rows(
            [
                s
                for s in ctx.rows_of("renewal_next_step")
                if plan and s["renewal_plan_id"] == plan["id"]
            ]
        )
        self.checklist.set_rows(
            sorted(
                ctx.rows_of("renewal_step"),
                key=lambda s: (
                    _PHASE_INDEX.get(s["phase"], 9),
                    s["due"] is None,
                    s["due"] or 0,
                    s["id"],
                ),
            )
        )
        self.past.show_cycles(
            ctx.rows_of("renewal_cycle"), ctx.rows_of("renewal_cycle_step"), ctx.currency
        )
        self.ledger.set_rows(
            sorted(ctx.rows_of("arr_event"), key=lambda e: (e["date"], e["id"]), reverse=True)
        )

    @staticmethod
    def _churn_text(ctx: AccountContext) -> str:
        churns = [e for e in ctx.rows_of("arr_event") if e["kind"] == ArrEventKind.CHURN.value]
        latest = max(churns, key=lambda e: (e["date"], e["id"]), default=None)
        when = f" on {formatting.day(latest['date'])}" if latest else ""
        lost = (
            f" · {formatting.money(latest['amount'], ctx.currency)} ARR lost"
            if latest and latest["amount"]
            else ""
        )
        return (
            f"<b>Churned{when}</b>{lost}<br>A churned account has no renewal cycle: there is no "
            "plan to start and no outcome to record. Its past renewals are kept below."
        )

    def _fill_approvers(self, ctx: AccountContext, plan: dict[str, Any] | None) -> None:
        if plan is None:
            self.approvers.fill((), (), None)
            return
        chosen = {r["stakeholder_id"] for r in ctx.rows_of("renewal_approver")}
        self.approvers.fill(ctx.stakeholder_options(), chosen, plan["id"])

    def _apply(self, op: Op) -> None:
        if self.ctx is not None:
            self.ctx.apply(op)

    def _start_plan(self) -> None:
        """Start the plan, or open the one the account already has (never a second one, and
        a checklist already there is kept, not added again)."""
        if self.ctx is None:
            return
        if self.ctx.first("renewal_plan") is None:
            op = start_renewal_plan(self.ctx.account_id, self.ctx.renewal_date, self.ctx.as_of)
            if not self.ctx.apply(op):
                return
        self.open_plan()

    def open_plan(self) -> None:
        """Bring the renewal plan into view."""
        if self.plan.isVisibleTo(self):
            self.scroll_area.ensureWidgetVisible(self.plan_heading)
            self.plan.setFocus()

    def _record_outcome(self) -> None:
        if self.ctx is None:
            return
        from csm_desk.ui.dialogs.outcome import OutcomeDialog

        dialog = OutcomeDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
