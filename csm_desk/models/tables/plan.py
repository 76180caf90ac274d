"""The joint success plan's parts: objectives, KPIs and readings, use cases, milestones,
mutual commitments, communication cadence, and the CSM's own 30/60/90-day plan."""

import datetime as dt

from sqlmodel import SQLModel

from csm_desk.engine.vocab import (
    ActionStatus,
    Artifact,
    Horizon,
    MilestonePhase,
    MilestoneStatus,
    Side,
)
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_SUCCESS = (Artifact.SUCCESS_PLAN,)


class Objective(SQLModel, table=True):
    """A business objective in the customer's own words."""

    __tablename__ = "objective"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    position: int = column("Order", Kind.INT, default=0, minimum=0)
    text: str = column("Objective", Kind.LONGTEXT, required=True, default="")
    primary: bool = column("Primary goal", Kind.BOOL, default=False)


class Kpi(SQLModel, table=True):
    """An agreed success metric: baseline → current → target, by when, from where."""

    __tablename__ = "kpi"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    objective_id: int | None = column(
        "Objective", Kind.REF, foreign_key="objective.id", ondelete="SET NULL"
    )
    name: str = column("Metric", required=True, default="")
    unit: str | None = column("Unit")
    baseline: float | None = column("Baseline", Kind.FLOAT)
    current: float | None = column(
        "Current", Kind.FLOAT, help="Taken from the latest reading when there is one."
    )
    target: float | None = column("Target", Kind.FLOAT)
    higher_is_better: bool = column(
        "Higher is better", Kind.BOOL, default=True, help="Untick when the goal is to reduce it."
    )
    by_when: dt.date | None = column("By when", Kind.DATE)
    data_source: str | None = column("Data source")


class KpiReading(SQLModel, table=True):
    """A dated value of a KPI."""

    __tablename__ = "kpi_reading"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    kpi_id: int | None = column(
        "KPI",
        Kind.SYSTEM,
        audience=Audience.SYSTEM,
        foreign_key="kpi.id",
        ondelete="CASCADE",
        index=True,
    )
    date: dt.date | None = column("Date", Kind.DATE, required=True)
    value: float = column("Value", Kind.FLOAT, required=True, default=0.0)
    note: str | None = column("Note")


class UseCase(SQLModel, table=True):
    """A way the customer uses the product, tied to an objective."""

    __tablename__ = "use_case"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    objective_id: int | None = column(
        "Objective", Kind.REF, foreign_key="objective.id", ondelete="SET NULL"
    )
    title: str = column("Use case", required=True, default="")
    description: str | None = column("Description", Kind.LONGTEXT)
    status: str = column(
        "Status", Kind.CHOICE, default=MilestoneStatus.NOT_STARTED.value, vocab=MilestoneStatus
    )


class Milestone(SQLModel, table=True):
    """A dated step with an owner on one side; onboarding milestones make the onboarding plan."""

    __tablename__ = "milestone"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    phase: str = column(
        "Phase",
        Kind.CHOICE,
        default=MilestonePhase.ONBOARDING.value,
        vocab=MilestonePhase,
        required=True,
    )
    title: str = column("Milestone", required=True, default="")
    owner_side: str | None = column("Owner side", Kind.CHOICE, vocab=Side)
    owner_name: str | None = column("Owner")
    due: dt.date | None = column("Due", Kind.DATE)
    status: str = column(
        "Status",
        Kind.CHOICE,
        default=MilestoneStatus.NOT_STARTED.value,
        vocab=MilestoneStatus,
        required=True,
    )
    depends_on_id: int | None = column(
        "Depends on", Kind.REF, foreign_key="milestone.id", ondelete="SET NULL"
    )
    first_value: bool = column(
        "First-value milestone",
        Kind.BOOL,
        default=False,
        help="The first moment of value, specific enough to celebrate.",
    )
    go_live: bool = column("Go-live milestone", Kind.BOOL, default=False)
    completed_on: dt.date | None = column("Completed on", Kind.DATE)


class Commitment(SQLModel, table=True):
    """What one side promises the other."""

    __tablename__ = "commitment"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    side: str = column("Side", Kind.CHOICE, default=Side.VENDOR.value, vocab=Side, required=True)
    text: str = column("Commitment", Kind.LONGTEXT, required=True, default="")


class CadenceItem(SQLModel, table=True):
    """One row of the communication cadence: which touchpoint, with whom, how often."""

    __tablename__ = "cadence_item"
    __artifacts__ = _SUCCESS

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    touchpoint: str = column("Touchpoint", required=True, default="")
    audience_names: str | None = column("With")
    frequency: str | None = column("How often")
    channel: str | None = column("Channel")
    owner: str | None = column("Owner")
    next_date: dt.date | None = column("Next", Kind.DATE)


class PlanItem(SQLModel, table=True):
    """An action in the CSM's 30/60/90-day plan for the account."""

    __tablename__ = "plan_item"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    horizon: str = column(
        "When",
        Kind.CHOICE,
        default=Horizon.DAYS_30.value,
        vocab=Horizon,
        audience=Audience.INTERNAL,
        required=True,
    )
    action: str = column("Action", required=True, default="", audience=Audience.INTERNAL)
    owner: str | None = column("Owner", audience=Audience.INTERNAL)
    due: dt.date | None = column("Due", Kind.DATE, audience=Audience.INTERNAL)
    status: str = column(
        "Status",
        Kind.CHOICE,
        default=ActionStatus.OPEN.value,
        vocab=ActionStatus,
        audience=Audience.INTERNAL,
    )
