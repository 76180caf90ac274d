"""Value realised, expansion opportunities, and the customer's feedback."""

import datetime as dt

from sqlmodel import SQLModel

from csm_desk.engine.vocab import (
    ExpansionKind,
    ExpansionStage,
    FeedbackStatus,
    Severity,
    ValueCategory,
)
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_I = Audience.INTERNAL


class ValueItem(SQLModel, table=True):
    """A piece of value the customer has realised, quantified where possible."""

    __tablename__ = "value_item"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    date: dt.date | None = column("Date", Kind.DATE)
    category: str = column(
        "Category",
        Kind.CHOICE,
        default=ValueCategory.EFFICIENCY.value,
        vocab=ValueCategory,
        required=True,
    )
    description: str = column("What was achieved", Kind.LONGTEXT, required=True, default="")
    quantified_value: float | None = column("Quantified value", Kind.MONEY, minimum=0)
    customer_validated: bool = column(
        "Customer validated", Kind.BOOL, default=False, help="The customer agrees with the figure."
    )


class Expansion(SQLModel, table=True):
    """An expansion opportunity (internal)."""

    __tablename__ = "expansion"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    kind: str = column(
        "Type",
        Kind.CHOICE,
        default=ExpansionKind.UPSELL.value,
        vocab=ExpansionKind,
        audience=_I,
        required=True,
    )
    description: str = column("Opportunity", required=True, default="", audience=_I)
    readiness_signals: str | None = column("Readiness signals", Kind.LINES, audience=_I)
    stage: str = column(
        "Stage",
        Kind.CHOICE,
        default=ExpansionStage.IDENTIFIED.value,
        vocab=ExpansionStage,
        audience=_I,
        required=True,
    )
    estimated_arr: float | None = column("Estimated ARR", Kind.MONEY, audience=_I, minimum=0)
    expected_close: dt.date | None = column("Expected close", Kind.DATE, audience=_I)


class Feedback(SQLModel, table=True):
    """A request or complaint from the customer, tracked until the loop is closed."""

    __tablename__ = "feedback"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    date: dt.date | None = column("Date", Kind.DATE, audience=_I)
    request: str = column("Request", Kind.LONGTEXT, required=True, default="", audience=_I)
    theme: str | None = column("Theme", audience=_I)
    severity: str | None = column("Severity", Kind.CHOICE, vocab=Severity, audience=_I)
    status: str = column(
        "Status",
        Kind.CHOICE,
        default=FeedbackStatus.OPEN.value,
        vocab=FeedbackStatus,
        audience=_I,
        required=True,
    )
    customer_told_on: dt.date | None = column(
        "Customer told on", Kind.DATE, audience=_I, help="When the loop was closed."
    )
