"""The account: commercial facts, the success story in the customer's words, and the handoff."""

import datetime as dt

from sqlmodel import SQLModel

from csm_desk.engine.vocab import Artifact, LifecycleStage, PlanStatus, ReviewCadence, Segment
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_ONBOARDING = (Artifact.ONBOARDING_PLAN,)
_SUCCESS = (Artifact.SUCCESS_PLAN,)


class Account(SQLModel, table=True):
    """One customer account in the book."""

    __tablename__ = "account"

    id: int | None = primary_key()
    name: str = column("Account name", required=True, default="")
    crm_id: str | None = column("CRM id", audience=Audience.INTERNAL, unique=True)
    arr: float = column("ARR", Kind.MONEY, default=0.0, audience=Audience.INTERNAL, minimum=0)
    segment: str = column(
        "Segment",
        Kind.CHOICE,
        default=Segment.TECH_TOUCH.value,
        audience=Audience.INTERNAL,
        vocab=Segment,
        help="Set from ARR unless pinned.",
    )
    segment_pinned: bool = column(
        "Segment pinned",
        Kind.BOOL,
        default=False,
        audience=Audience.INTERNAL,
        help="Keep this segment whatever the ARR (a strategic designation).",
    )
    product_tier: str | None = column("Product / plan tier")
    industry: str | None = column("Industry", audience=Audience.INTERNAL)
    complexity: int | None = column(
        "Complexity (1–3)", Kind.INT, audience=Audience.INTERNAL, minimum=1, maximum=3
    )
    growth_potential: int | None = column(
        "Growth potential (1–3)", Kind.INT, audience=Audience.INTERNAL, minimum=1, maximum=3
    )
    strategic_value: int | None = column(
        "Strategic value (1–3)", Kind.INT, audience=Audience.INTERNAL, minimum=1, maximum=3
    )
    contract_start: dt.date | None = column("Contract start", Kind.DATE)
    renewal_date: dt.date | None = column("Renewal date", Kind.DATE)
    contract_term_months: int = column(
        "Contract term (months)", Kind.INT, default=12, minimum=1, maximum=120
    )
    lifecycle_stage: str = column(
        "Lifecycle stage",
        Kind.CHOICE,
        default=LifecycleStage.ONBOARDING.value,
        audience=Audience.INTERNAL,
        vocab=LifecycleStage,
    )
    live_definition: str | None = column(
        'What "live" means for this customer',
        Kind.LONGTEXT,
        artifacts=_ONBOARDING,
    )
    go_live_date: dt.date | None = column("Go-live date", Kind.DATE, artifacts=_ONBOARDING)
    success_vision: str | None = column(
        "Success vision",
        Kind.LONGTEXT,
        artifacts=_SUCCESS,
        help="Two or three sentences: what the customer is trying to achieve in their business.",
    )
    success_statement: str | None = column(
        "Success statement (champion's words)",
        Kind.LONGTEXT,
        artifacts=_SUCCESS,
        help="Quote the champion directly.",
    )
    review_cadence: str | None = column(
        "Review cadence", Kind.CHOICE, vocab=ReviewCadence, artifacts=_SUCCESS
    )
    leading_indicators: str | None = column("Leading indicators", Kind.LINES, artifacts=_SUCCESS)
    plan_status: str = column(
        "Plan status",
        Kind.CHOICE,
        default=PlanStatus.ACTIVE.value,
        vocab=PlanStatus,
        artifacts=_SUCCESS,
    )
    escalation_path: str | None = column(
        "Escalation path", Kind.LINES, artifacts=_SUCCESS, help="One step per line."
    )
    internal_notes: str | None = column("Internal notes", Kind.LONGTEXT, audience=Audience.INTERNAL)


class Handoff(SQLModel, table=True):
    """The sales-to-CS handoff record: what was sold, why, and what was promised."""

    __tablename__ = "handoff"

    id: int | None = primary_key()
    account_id: int | None = account_fk(unique=True)
    handoff_date: dt.date | None = column("Handoff date", Kind.DATE, audience=Audience.INTERNAL)
    sales_owner: str | None = column("Account executive", audience=Audience.INTERNAL)
    why_bought: str | None = column("Why they bought", Kind.LONGTEXT, audience=Audience.INTERNAL)
    why_now: str | None = column("Why now", Kind.LONGTEXT, audience=Audience.INTERNAL)
    why_us: str | None = column("Why us", Kind.LONGTEXT, audience=Audience.INTERNAL)
    decision_criteria: str | None = column(
        "Decision criteria", Kind.LINES, audience=Audience.INTERNAL
    )
    promised_outcomes: str | None = column(
        "Promised outcomes", Kind.LINES, audience=Audience.INTERNAL
    )
    risk_flags: str | None = column("Risk flags", Kind.LINES, audience=Audience.INTERNAL)
    competitors: str | None = column("Competitors considered", audience=Audience.INTERNAL)
    internal_notes: str | None = column("Internal notes", Kind.LONGTEXT, audience=Audience.INTERNAL)
