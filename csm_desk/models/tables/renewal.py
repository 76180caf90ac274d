"""The renewal: its plan, approvers, next steps, the phase checklist, the ARR ledger, and the
closed renewals with what they were worked with."""

import datetime as dt

from sqlmodel import Field, SQLModel

from csm_desk.engine.vocab import (
    ArrEventKind,
    Artifact,
    RenewalOutcome,
    RenewalPhase,
    Side,
    StepStatus,
)
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_RENEWAL = (Artifact.RENEWAL_PLAN,)
_I = Audience.INTERNAL


class RenewalPlan(SQLModel, table=True):
    """How this renewal will be won. Mixed: the customer sees proof points and next steps."""

    __tablename__ = "renewal_plan"
    __artifacts__ = _RENEWAL

    id: int | None = primary_key()
    account_id: int | None = account_fk(unique=True)
    started_on: dt.date | None = column("Started on", Kind.DATE, audience=_I)
    decision_milestones: str | None = column(
        "Decision milestones", Kind.LINES, help="Dated steps to signature, one per line."
    )
    value_proof_points: str | None = column("Value proof points", Kind.LINES)
    objections: str | None = column("Risks and objections", Kind.LINES, audience=_I)
    internal_support: str | None = column("Internal support needed", Kind.LINES, audience=_I)
    internal_strategy: str | None = column("Internal strategy", Kind.LONGTEXT, audience=_I)
    probability_override: float | None = column(
        "Renewal probability override", Kind.PROBABILITY, audience=_I, minimum=0, maximum=1
    )
    probability_note: str | None = column("Why this probability", audience=_I)


class RenewalApprover(SQLModel, table=True):
    """A stakeholder whose approval the renewal needs."""

    __tablename__ = "renewal_approver"
    __artifacts__ = _RENEWAL

    renewal_plan_id: int = Field(
        foreign_key="renewal_plan.id", ondelete="CASCADE", primary_key=True
    )
    stakeholder_id: int = Field(
        foreign_key="stakeholder.id", ondelete="CASCADE", primary_key=True, index=True
    )


class RenewalNextStep(SQLModel, table=True):
    """A next step toward signature, with its owner (shown to the customer)."""

    __tablename__ = "renewal_next_step"
    __artifacts__ = _RENEWAL

    id: int | None = primary_key()
    renewal_plan_id: int | None = column(
        "Renewal plan",
        Kind.SYSTEM,
        audience=Audience.SYSTEM,
        foreign_key="renewal_plan.id",
        ondelete="CASCADE",
        index=True,
    )
    action: str = column("Next step", required=True, default="")
    owner: str | None = column("Owner")
    side: str | None = column("Side", Kind.CHOICE, vocab=Side)
    due: dt.date | None = column("Due", Kind.DATE)
    done: bool = column("Done", Kind.BOOL, default=False)


class RenewalStep(SQLModel, table=True):
    """One step of the internal renewal checklist for a phase."""

    __tablename__ = "renewal_step"
    __artifacts__ = _RENEWAL

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    renewal_date: dt.date | None = column(
        "For renewal on", Kind.DATE, audience=_I, help="The renewal this checklist belongs to."
    )
    phase: str = column(
        "Phase",
        Kind.CHOICE,
        default=RenewalPhase.PLANNING.value,
        vocab=RenewalPhase,
        audience=_I,
        required=True,
    )
    action: str = column("Step", required=True, default="", audience=_I)
    owner: str | None = column("Owner", audience=_I)
    due: dt.date | None = column("Due", Kind.DATE, audience=_I)
    status: str = column(
        "Status",
        Kind.CHOICE,
        default=StepStatus.OPEN.value,
        vocab=StepStatus,
        audience=_I,
        required=True,
    )


class ArrEvent(SQLModel, table=True):
    """A change in the account's ARR: the ledger book metrics are computed from (§6)."""

    __tablename__ = "arr_event"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    date: dt.date | None = column("Date", Kind.DATE, required=True, audience=_I)
    kind: str = column(
        "Kind",
        Kind.CHOICE,
        default=ArrEventKind.NEW.value,
        vocab=ArrEventKind,
        audience=_I,
        required=True,
    )
    amount: float = column(
        "Amount",
        Kind.MONEY,
        default=0.0,
        audience=_I,
        help="The size of the change; the kind gives its direction "
        "(a renewal's amount is negative when it went down).",
    )
    note: str | None = column("Note", audience=_I)


class RenewalCycle(SQLModel, table=True):
    """A closed renewal (DOMAIN.md §4): its outcome, ARR before and after, and the plan it was
    worked with, archived when the outcome was recorded. Read-only history, internal."""

    __tablename__ = "renewal_cycle"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    renewal_date: dt.date | None = column(
        "Renewal date", Kind.DATE, required=True, audience=_I, help="The renewal this closed."
    )
    outcome: str = column(
        "Outcome",
        Kind.CHOICE,
        default=RenewalOutcome.RENEWED_FLAT.value,
        vocab=RenewalOutcome,
        audience=_I,
        required=True,
    )
    recorded_on: dt.date | None = column("Recorded on", Kind.DATE, audience=_I)
    arr_before: float = column("ARR before", Kind.MONEY, default=0.0, minimum=0, audience=_I)
    arr_after: float = column("ARR after", Kind.MONEY, default=0.0, minimum=0, audience=_I)
    term_months: int | None = column(
        "New term (months)", Kind.INT, minimum=1, maximum=120, audience=_I
    )
    next_renewal_date: dt.date | None = column("Next renewal", Kind.DATE, audience=_I)
    note: str | None = column("Note", audience=_I)
    had_plan: bool = column("Had a renewal plan", Kind.BOOL, default=False, audience=_I)
    plan_started_on: dt.date | None = column("Plan started on", Kind.DATE, audience=_I)
    decision_milestones: str | None = column("Decision milestones", Kind.LINES, audience=_I)
    value_proof_points: str | None = column("Value proof points", Kind.LINES, audience=_I)
    objections: str | None = column("Risks and objections", Kind.LINES, audience=_I)
    internal_support: str | None = column("Internal support needed", Kind.LINES, audience=_I)
    internal_strategy: str | None = column("Internal strategy", Kind.LONGTEXT, audience=_I)
    probability_override: float | None = column(
        "Renewal probability override", Kind.PROBABILITY, audience=_I, minimum=0, maximum=1
    )
    probability_note: str | None = column("Why this probability", audience=_I)
    approvers: str | None = column(
        "Approvers", Kind.LINES, audience=_I, help="Who had to approve, as named at the time."
    )


class RenewalCycleStep(SQLModel, table=True):
    """A next step or checklist step of a closed renewal, as it stood at the outcome."""

    __tablename__ = "renewal_cycle_step"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    renewal_cycle_id: int | None = column(
        "Renewal",
        Kind.SYSTEM,
        audience=Audience.SYSTEM,
        foreign_key="renewal_cycle.id",
        ondelete="CASCADE",
        index=True,
    )
    next_step: bool = column(
        "Next step", Kind.BOOL, default=False, audience=_I, help="Shown to the customer then."
    )
    phase: str | None = column("Phase", Kind.CHOICE, vocab=RenewalPhase, audience=_I)
    action: str = column("Step", required=True, default="", audience=_I)
    owner: str | None = column("Owner", audience=_I)
    side: str | None = column("Side", Kind.CHOICE, vocab=Side, audience=_I)
    due: dt.date | None = column("Due", Kind.DATE, audience=_I)
    status: str = column(
        "Status",
        Kind.CHOICE,
        default=StepStatus.OPEN.value,
        vocab=StepStatus,
        audience=_I,
        required=True,
    )
