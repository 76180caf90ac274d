"""Health inputs and history: signal readings, manual overrides, daily snapshots (internal)."""

import datetime as dt

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import SQLModel

from csm_desk.engine.vocab import Band, Component, SignalKey
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_I = Audience.INTERNAL


class SignalReading(SQLModel, table=True):
    """A dated value of one health signal."""

    __tablename__ = "signal_reading"
    __table_args__ = (
        UniqueConstraint("account_id", "key", "date"),
        # Covering index: "latest reading of each signal" without touching the table.
        Index("ix_signal_reading_latest", "account_id", "key", "date", "value"),
        Index("ix_signal_reading_key_date", "key", "date"),
    )

    id: int | None = primary_key()
    account_id: int | None = account_fk(indexed=False)
    date: dt.date | None = column("Date", Kind.DATE, required=True, audience=_I)
    key: str = column(
        "Signal",
        Kind.CHOICE,
        default=SignalKey.ACTIVE_USERS.value,
        vocab=SignalKey,
        audience=_I,
        required=True,
    )
    value: float = column("Value", Kind.FLOAT, default=0.0, audience=_I, required=True)
    note: str | None = column("Note", audience=_I)


class HealthOverride(SQLModel, table=True):
    """The CSM sets a component directly from a date on; an empty value clears the override."""

    __tablename__ = "health_override"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    date: dt.date | None = column("From", Kind.DATE, required=True, audience=_I)
    component: str = column(
        "Component",
        Kind.CHOICE,
        default=Component.USAGE.value,
        vocab=Component,
        audience=_I,
        required=True,
    )
    value: float | None = column(
        "Score (0–100)",
        Kind.FLOAT,
        audience=_I,
        minimum=0,
        maximum=100,
        help="Leave empty to go back to the computed score.",
    )
    note: str | None = column("Why", audience=_I)


class HealthSnapshot(SQLModel, table=True):
    """The account's health on one day: at most one per account per day (the day's last)."""

    __tablename__ = "health_snapshot"
    __table_args__ = (UniqueConstraint("account_id", "date"),)

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    date: dt.date | None = column("Date", Kind.DATE, audience=_I)
    score: float | None = column("Score", Kind.FLOAT, audience=_I)
    band: str = column("Band", Kind.CHOICE, default=Band.UNSCORED.value, vocab=Band, audience=_I)
    components_json: str = column("Components", Kind.SYSTEM, default="{}", audience=Audience.SYSTEM)
    detail_json: str = column("Inputs", Kind.SYSTEM, default="{}", audience=Audience.SYSTEM)
