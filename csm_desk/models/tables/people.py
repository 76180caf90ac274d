"""The stakeholder map: the people who touch the renewal, and the lines between them."""

import datetime as dt

from sqlmodel import SQLModel

from csm_desk.engine.vocab import Artifact, LinkKind, Role, Stance
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_I = Audience.INTERNAL


class Stakeholder(SQLModel, table=True):
    """One person at the customer."""

    __tablename__ = "stakeholder"
    __artifacts__ = (Artifact.STAKEHOLDER_MAP,)

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    name: str = column("Name", required=True, default="")
    title: str | None = column("Title")
    email: str | None = column("Email")
    roles: str = column(
        "Roles", Kind.CHOICES, default="", audience=_I, vocab=Role, help="Several per person."
    )
    influence: int | None = column("Influence (1–5)", Kind.INT, audience=_I, minimum=1, maximum=5)
    relationship_strength: int | None = column(
        "Relationship strength (1–5)", Kind.INT, audience=_I, minimum=1, maximum=5
    )
    stance: str | None = column("Stance", Kind.CHOICE, audience=_I, vocab=Stance)
    cares_about: str | None = column("What they care about", Kind.LONGTEXT, audience=_I)
    preferred_communication: str | None = column("Preferred communication", audience=_I)
    renewal_role: str | None = column("Role in the renewal decision", audience=_I)
    last_contact: dt.date | None = column("Last two-way contact", Kind.DATE, audience=_I)
    departed: bool = column("Departed", Kind.BOOL, default=False, audience=_I)
    departed_on: dt.date | None = column("Departed on", Kind.DATE, audience=_I)
    sentiment_notes: str | None = column("Sentiment notes", Kind.LONGTEXT, audience=_I)
    canvas_x: float | None = column("Map x", Kind.SYSTEM, audience=Audience.SYSTEM)
    canvas_y: float | None = column("Map y", Kind.SYSTEM, audience=Audience.SYSTEM)


class StakeholderLink(SQLModel, table=True):
    """A line on the map: one person reports to, or influences, another."""

    __tablename__ = "stakeholder_link"
    __artifacts__ = (Artifact.STAKEHOLDER_MAP,)

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    from_id: int | None = column(
        "Person",
        Kind.REF,
        audience=_I,
        foreign_key="stakeholder.id",
        ondelete="CASCADE",
        index=True,
        required=True,
    )
    to_id: int | None = column(
        "Reports to / influences",
        Kind.REF,
        audience=_I,
        foreign_key="stakeholder.id",
        ondelete="CASCADE",
        index=True,
        required=True,
    )
    kind: str = column(
        "Link",
        Kind.CHOICE,
        default=LinkKind.REPORTS_TO.value,
        audience=_I,
        vocab=LinkKind,
        required=True,
    )
