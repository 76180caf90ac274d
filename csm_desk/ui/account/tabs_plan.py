"""Workspace tabs for the account's facts and plans: Snapshot, Onboarding, Success plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from csm_desk.engine import renewals
from csm_desk.engine.alerts import AREAS
from csm_desk.engine.vocab import AlertSeverity, Area, Artifact, MilestonePhase
from csm_desk.ui import formatting
from csm_desk.ui.account.context import AccountContext
from csm_desk.ui.account.tab_base import CUSTOMER, INTERNAL, WorkspaceTab, status_colour
from csm_desk.ui.account.tab_links import RowLinks
from csm_desk.ui.editors.form import FormEditor
from csm_desk.ui.formatting import AREA_TITLES

ARTIFACT_AREAS = {
    Artifact.ONBOARDING_PLAN: Area.ONBOARDING,
    Artifact.SUCCESS_PLAN: Area.SUCCESS_PLAN,
    Artifact.STAKEHOLDER_MAP: Area.STAKEHOLDERS,
    Artifact.RECAP: Area.MEETINGS,
    Artifact.RISK_REGISTER: Area.RISKS,
    Artifact.QBR: Area.QBR,
    Artifact.RENEWAL_PLAN: Area.RENEWAL,
}
_PHASE_ORDER = {p.value: i for i, p in enumerate(MilestonePhase)}
SEVERITY_COLOURS = {
    AlertSeverity.RED: formatting.RED,
    AlertSeverity.AMBER: formatting.AMBER,
    AlertSeverity.DUE: formatting.GREY,
}


class SnapshotTab(WorkspaceTab):
    """The account at a glance: commercial facts, every artifact's status, open alerts.

    Signals:
        open_area(str): go to another tab (an ``Area`` value).
    """

    area = Area.SNAPSHOT
    title = AREA_TITLES[Area.SNAPSHOT]
    audience = INTERNAL
    open_area = Signal(str)
    document = "account-brief"

    def build(self) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(24)
        left = QVBoxLayout()
        left.addWidget(self.heading("Account"))
        self.form = FormEditor(
            self._account_model(),
            [
                "name",
                "crm_id",
                "arr",
                "segment",
                "segment_pinned",
                "product_tier",
                "industry",
                "complexity",
                "growth_potential",
                "strategic_value",
                "contract_start",
                "renewal_date",
                "contract_term_months",
                "lifecycle_stage",
                "internal_notes",
            ],
        )
        self.form.edit_requested.connect(self._write_account)
        self.forms.append(self.form)
        left.addWidget(self.form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.heading("Artifacts"))
        self.artifacts = QLabel()
        self.artifacts.setObjectName("artifactList")
        self.artifacts.setTextFormat(Qt.TextFormat.RichText)
        self.artifacts.setWordWrap(True)
        self.artifacts.linkActivated.connect(self.open_area)
        right.addWidget(self.artifacts)
        right.addWidget(self.heading("Alerts"))
        self.alerts = QLabel()
        self.alerts.setObjectName("alertList")
        self.alerts.setTextFormat(Qt.TextFormat.RichText)
        self.alerts.setWordWrap(True)
        self.alerts.linkActivated.connect(self.open_area)
        right.addWidget(self.alerts)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        holder = QWidget()
        holder.setLayout(columns)
        self.body.addWidget(holder)

    @staticmethod
    def _account_model() -> Any:
        from csm_desk.models.ops import MODELS

        return MODELS["account"]

    def _show_derived_renewal(self, ctx: AccountContext) -> None:
        """An empty renewal date shows the derived one, grey and italic, saying where from."""
        field = self.form.widgets["renewal_date"]
        assert isinstance(field, QLineEdit)
        if field.property("ownToolTip") is None:
            field.setProperty("ownToolTip", field.toolTip())
        churned = ctx.result is not None and ctx.result.churned
        derived = None if churned else derived_renewal_date(ctx.account)
        font = field.font()
        font.setItalic(derived is not None and not field.text())
        field.setFont(font)
        if derived is not None:
            field.setPlaceholderText(derived.isoformat())
            field.setToolTip(f"{derived.isoformat()}: derived from contract start + term")
        else:
            field.setPlaceholderText("YYYY-MM-DD")
            field.setToolTip(str(field.property("ownToolTip")))

    def show_account(self, ctx: AccountContext) -> None:
        self.form.load(ctx.account)
        self._show_derived_renewal(ctx)
        result = ctx.result
        if result is None:
            self.artifacts.clear()
            self.alerts.clear()
            return
        lines = []
        for artifact in Artifact:
            state = result.artifacts[artifact]
            colour = status_colour(state)
            need = "" if state.mandatory else " <i>(optional)</i>"
            area = ARTIFACT_AREAS[artifact].value
            lines.append(
                f'<p style="margin:2px 0"><span style="color:{colour}">●</span> '
                f'<a href="{area}">{artifact.label}</a>: {state.describe()}{need}</p>'
            )
        score = (
            ""
            if result.discipline is None
            else f"<p><b>Discipline {result.discipline:.0f} %</b></p>"
        )
        self.artifacts.setText(score + "".join(lines))
        items = [*result.alerts, *result.due]
        if not items:
            self.alerts.setText("<p>No alerts. Nothing is overdue.</p>")
            return
        rows = []
        for alert in items:
            colour = SEVERITY_COLOURS[alert.severity]
            area = AREAS[alert.code].value if alert.code else alert.area.value
            playbook = f"<br><small>Playbook: {alert.playbook}</small>" if alert.playbook else ""
            rows.append(
                f'<p style="margin:3px 0"><span style="color:{colour}">●</span> '
                f'<a href="{area}">{alert.message}</a>{playbook}</p>'
            )
        self.alerts.setText("".join(rows))


def derived_renewal_date(account: Mapping[str, Any]) -> dt.date | None:
    """The renewal date an account without one has: contract start + term (DOMAIN §4), the
    same date the engine counts down to (``engine.renewals.derived_renewal_date``)."""
    start = account.get("contract_start")
    if account.get("renewal_date") is not None or not isinstance(start, dt.date):
        return None
    return renewals.derived_renewal_date(start, int(account.get("contract_term_months") or 12))


class OnboardingTab(WorkspaceTab):
    """The onboarding plan: what "live" means, go-live, and onboarding milestones."""

    area = Area.ONBOARDING
    title = AREA_TITLES[Area.ONBOARDING]
    artifact = Artifact.ONBOARDING_PLAN
    audience = CUSTOMER
    document = "onboarding-plan"

    def build(self) -> None:
        self.account_form(["live_definition", "go_live_date"], "Going live")
        self.milestones = self.row_table(
            "milestone",
            [
                "title",
                "owner_side",
                "owner_name",
                "due",
                "status",
                "first_value",
                "go_live",
                "depends_on_id",
                "completed_on",
                "phase",
            ],
            title="Onboarding milestones",
            fixed=lambda: {"phase": MilestonePhase.ONBOARDING.value},
            visible_rows=8,
        )
        self.milestone_links = RowLinks(self, self.milestones, "milestone_id", "milestone")

    def show_account(self, ctx: AccountContext) -> None:
        self.forms[0].load(ctx.account)
        refs = {"depends_on_id": ctx.milestone_options()}
        self.milestones.set_refs(refs)
        self.milestones.set_rows(
            [m for m in ctx.rows_of("milestone") if m["phase"] == MilestonePhase.ONBOARDING.value]
        )
        self.milestone_links.show()


class SuccessPlanTab(WorkspaceTab):
    """The joint success plan, in the customer's words."""

    area = Area.SUCCESS_PLAN
    title = AREA_TITLES[Area.SUCCESS_PLAN]
    artifact = Artifact.SUCCESS_PLAN
    audience = CUSTOMER
    document = "success-plan"

    def build(self) -> None:
        self.account_form(
            [
                "success_vision",
                "success_statement",
                "review_cadence",
                "leading_indicators",
                "plan_status",
                "escalation_path",
            ],
            "Vision and cadence",
        )
        self.objectives = self.row_table(
            "objective", ["position", "text", "primary"], title="Business objectives"
        )
        objective_refs = self._objective_refs
        self.kpis = self.row_table(
            "kpi",
            [
                "name",
                "unit",
                "baseline",
                "current",
                "target",
                "by_when",
                "higher_is_better",
                "data_source",
                "objective_id",
            ],
            title="KPIs",
            refs=objective_refs,
            select_first=True,
        )
        self.readings = self.row_table(
            "kpi_reading",
            ["date", "value", "note"],
            title="Readings of the selected KPI",
            fixed=self._selected_kpi,
            visible_rows=4,
        )
        self.kpis.current_changed.connect(lambda _key: self._show_readings())
        self.use_cases = self.row_table(
            "use_case",
            ["title", "status", "objective_id", "description"],
            title="Use cases",
            refs=objective_refs,
        )
        self.milestones = self.row_table(
            "milestone",
            [
                "phase",
                "title",
                "owner_side",
                "owner_name",
                "due",
                "status",
                "first_value",
                "go_live",
                "depends_on_id",
                "completed_on",
            ],
            title="Milestones by phase",
            refs=lambda: {"depends_on_id": self.ctx.milestone_options() if self.ctx else []},
            visible_rows=8,
        )
        self.milestone_links = RowLinks(self, self.milestones, "milestone_id", "milestone")
        self.commitments = self.row_table(
            "commitment", ["side", "text"], title="Mutual commitments"
        )
        self.cadence = self.row_table(
            "cadence_item",
            ["touchpoint", "audience_names", "frequency", "channel", "owner", "next_date"],
            title="Communication cadence",
        )

    def _objective_refs(self) -> dict[str, list[tuple[int, str]]]:
        return {"objective_id": list(self.ctx.objective_options()) if self.ctx else []}

    def _selected_kpi(self) -> dict[str, Any] | None:
        key = self.kpis.selected_key()
        return None if key is None else {"kpi_id": key["id"]}

    def _show_readings(self) -> None:
        if self.ctx is None:
            return
        key = self.kpis.selected_key()
        kpi_id = None if key is None else key["id"]
        self.readings.set_rows(
            [r for r in self.ctx.rows_of("kpi_reading") if r["kpi_id"] == kpi_id]
        )

    def show_account(self, ctx: AccountContext) -> None:
        self.forms[0].load(ctx.account)
        objective_refs = self._objective_refs()
        self.objectives.set_rows(
            sorted(ctx.rows_of("objective"), key=lambda r: (r["position"], r["id"]))
        )
        self.kpis.set_refs(objective_refs)
        self.kpis.set_rows(ctx.rows_of("kpi"))
        self._show_readings()
        self.use_cases.set_refs(objective_refs)
        self.use_cases.set_rows(ctx.rows_of("use_case"))
        self.milestones.set_refs({"depends_on_id": ctx.milestone_options()})
        self.milestones.set_rows(
            sorted(
                ctx.rows_of("milestone"),
                key=lambda m: (
                    _PHASE_ORDER.get(m["phase"], 9),
                    m["due"] is None,
                    m["due"] or 0,
                    m["id"],
                ),
            )
        )
        self.milestone_links.show()
        self.commitments.set_rows(ctx.rows_of("commitment"))
        self.cadence.set_rows(ctx.rows_of("cadence_item"))
