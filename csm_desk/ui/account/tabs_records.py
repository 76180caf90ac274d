"""Workspace tabs kept as lists of records: Risks, QBR/EBR, Expansion, Value, Cadence &
30/60/90, Handoff & feedback."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton

from csm_desk.engine.vocab import Area, Artifact, Horizon
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.tab_base import CUSTOMER, INTERNAL, MIXED, WorkspaceTab
from csm_desk.ui.account.tab_links import RowLinks
from csm_desk.ui.editors.form import editable_fields
from csm_desk.ui.formatting import AREA_TITLES

_HORIZON_ORDER = {h.value: i for i, h in enumerate(Horizon)}


class RisksTab(WorkspaceTab):
    """The risk register: specific, evidenced risks with owners and next actions."""

    area = Area.RISKS
    title = AREA_TITLES[Area.RISKS]
    artifact = Artifact.RISK_REGISTER
    audience = INTERNAL
    document = "account-brief"

    def build(self) -> None:
        from csm_desk.models.tables import Risk

        self.risks = self.row_table(
            "risk",
            ["statement", "category", "severity", "owner", "reassess_on", "status", "shared"],
            title="Risk register",
            detail=editable_fields(Risk),
            visible_rows=7,
        )
        self.risk_links = RowLinks(self, self.risks, "risk_id", "risk")

    def show_account(self, ctx: AccountContext) -> None:
        order = {"open": 0, "mitigating": 1, "closed": 2}
        self.risks.set_rows(
            sorted(ctx.rows_of("risk"), key=lambda r: (order.get(r["status"], 3), r["id"]))
        )
        self.risk_links.show()


class QbrTab(WorkspaceTab):
    """Business reviews: the story of each period, told in outcomes."""

    area = Area.QBR
    title = AREA_TITLES[Area.QBR]
    artifact = Artifact.QBR
    audience = CUSTOMER
    document = "qbr"

    def build(self) -> None:
        from csm_desk.models.tables import Review

        self.reviews = self.row_table(
            "review",
            ["date", "kind", "period", "status"],
            title="Reviews",
            detail=editable_fields(Review),
            visible_rows=5,
        )

    def document_choice(self) -> tuple[str | None, int | None]:
        """The QBR telling the review selected in the list."""
        key = self.reviews.selected_key()
        return self.document, None if key is None else int(key["id"])

    def show_account(self, ctx: AccountContext) -> None:
        self.reviews.set_rows(
            sorted(ctx.rows_of("review"), key=lambda r: (r["date"], r["id"]), reverse=True)
        )


class ExpansionTab(WorkspaceTab):
    """Expansion opportunities (internal)."""

    area = Area.EXPANSION
    title = AREA_TITLES[Area.EXPANSION]
    audience = INTERNAL

    def build(self) -> None:
        self.expansions = self.row_table(
            "expansion",
            [
                "description",
                "kind",
                "stage",
                "estimated_arr",
                "expected_close",
                "readiness_signals",
            ],
            title="Opportunities",
            visible_rows=8,
        )

    def show_account(self, ctx: AccountContext) -> None:
        self.expansions.set_rows(ctx.rows_of("expansion"))


class ValueTab(WorkspaceTab):
    """Value the customer has realised, quantified where possible."""

    area = Area.VALUE
    title = AREA_TITLES[Area.VALUE]
    audience = CUSTOMER

    def build(self) -> None:
        self.value_items = self.row_table(
            "value_item",
            ["date", "category", "description", "quantified_value", "customer_validated"],
            title="Value realised",
            visible_rows=8,
        )

    def show_account(self, ctx: AccountContext) -> None:
        self.value_items.set_rows(
            sorted(
                ctx.rows_of("value_item"),
                key=lambda r: (r["date"] is None, r["date"] or 0, r["id"]),
            )
        )


class CadenceTab(WorkspaceTab):
    """The communication cadence and the CSM's own 30/60/90-day action plan."""

    area = Area.CADENCE
    title = AREA_TITLES[Area.CADENCE]
    audience = MIXED

    def build(self) -> None:
        self.cadence = self.row_table(
            "cadence_item",
            ["touchpoint", "audience_names", "frequency", "channel", "owner", "next_date"],
            title="Communication cadence (customer-facing)",
        )
        self.plan = self.row_table(
            "plan_item",
            ["horizon", "action", "owner", "due", "status"],
            title="30/60/90-day plan (internal)",
            visible_rows=9,
        )

    def show_account(self, ctx: AccountContext) -> None:
        self.cadence.set_rows(ctx.rows_of("cadence_item"))
        self.plan.set_rows(
            sorted(
                ctx.rows_of("plan_item"),
                key=lambda r: (_HORIZON_ORDER.get(r["horizon"], 9), r["id"]),
            )
        )


class HandoffTab(WorkspaceTab):
    """The sales-to-CS handoff record and the customer's feedback, loop by loop."""

    area = Area.HANDOFF
    title = AREA_TITLES[Area.HANDOFF]
    audience = INTERNAL

    def build(self) -> None:
        self.body.addWidget(self.heading("Sales handoff"))
        self.start_handoff = QPushButton("Add the handoff record")
        self.start_handoff.clicked.connect(self._add_handoff)
        self.body.addWidget(self.start_handoff)
        self.write_controls.append(self.start_handoff)
        self.handoff = self.row_form("handoff", self._handoff_key)
        self.body.addWidget(self.handoff)
        self.feedback = self.row_table(
            "feedback",
            ["date", "request", "theme", "severity", "status", "customer_told_on"],
            title="Customer feedback",
            visible_rows=6,
        )

    def _handoff_key(self) -> dict[str, Any] | None:
        row = self.ctx.first("handoff") if self.ctx else None
        return None if row is None else {"id": row["id"]}

    def _add_handoff(self) -> None:
        if self.ctx is not None and self.ctx.first("handoff") is None:
            self.ctx.insert("handoff", {"account_id": self.ctx.account_id}, "Add handoff record")

    def show_account(self, ctx: AccountContext) -> None:
        row = ctx.first("handoff")
        self.start_handoff.setVisible(row is None)
        self.handoff.setVisible(row is not None)
        self.handoff.load(row)
        self.feedback.set_rows(ctx.rows_of("feedback"))
