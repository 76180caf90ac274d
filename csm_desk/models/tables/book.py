"""The book itself: its owner and settings, the hand-over log, and artifact freshness stamps."""

import datetime as dt

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from csm_desk.engine.vocab import Artifact
from csm_desk.models.fields import Audience, Kind, column, now, primary_key, timestamp


class Book(SQLModel, table=True):
    """One row: whose book this is and how they run it."""

    __tablename__ = "book"

    id: int | None = primary_key()
    owner: str = column("Owner (CSM)", required=True, default="")
    currency: str = column("Currency", required=True, default="USD")
    created_at: dt.datetime | None = timestamp("Created")
    settings_json: str = column("Settings", Kind.SYSTEM, default="{}", audience=Audience.SYSTEM)
    notes: str | None = column(
        "Owner's notes for a successor",
        Kind.LONGTEXT,
        audience=Audience.INTERNAL,
        help="What the next owner of this book should know first.",
    )


class HandoverLog(SQLModel, table=True):
    """Each time the book changed hands."""

    __tablename__ = "handover_log"

    id: int | None = primary_key()
    from_owner: str = column("From", required=True, default="")
    to_owner: str = column("To", required=True, default="")
    handed_over_at: dt.datetime | None = timestamp("Date")
    note: str | None = column("Note", Kind.LONGTEXT, audience=Audience.INTERNAL)


class ArtifactTouch(SQLModel, table=True):
    """When an account's artifact was last edited: the basis of "stale" (DOMAIN.md §2.1)."""

    __tablename__ = "artifact_touch"

    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE", primary_key=True)
    artifact: str = Field(primary_key=True)
    touched_at: dt.datetime = Field(default_factory=now, sa_type=DateTime)

    @property
    def artifact_key(self) -> Artifact:
        return Artifact(self.artifact)


class BookMeta(SQLModel, table=True):
    """Facts about the file itself, read before anything else (e.g. the version it needs)."""

    __tablename__ = "book_meta"

    key: str = Field(primary_key=True)
    value: str = ""
