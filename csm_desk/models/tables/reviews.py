"""QBR and EBR narratives."""

import datetime as dt

from sqlmodel import SQLModel

from csm_desk.engine.vocab import Artifact, ReviewKind, ReviewStatus
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key


class Review(SQLModel, table=True):
    """A business review: the story of the period, told in outcomes."""

    __tablename__ = "review"
    __artifacts__ = (Artifact.QBR,)

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    kind: str = column(
        "Kind", Kind.CHOICE, default=ReviewKind.QBR.value, vocab=ReviewKind, required=True
    )
    date: dt.date | None = column("Date", Kind.DATE, required=True)
    period: str | None = column("Period", help='For example "Q3 2026".')
    goals_recap: str | None = column("Goals recap", Kind.LONGTEXT)
    what_changed: str | None = column("What changed", Kind.LONGTEXT)
    outcomes: str | None = column("Outcomes", Kind.LONGTEXT, help="Business outcomes, not usage.")
    friction: str | None = column("Friction and risks", Kind.LONGTEXT)
    recommendations: str | None = column("Recommendations", Kind.LINES)
    decisions_needed: str | None = column("Decisions needed", Kind.LINES)
    agenda: str | None = column("Agenda", Kind.LINES)
    next_steps: str | None = column("Next steps", Kind.LINES)
    status: str = column(
        "Status", Kind.CHOICE, default=ReviewStatus.DRAFT.value, vocab=ReviewStatus, required=True
    )
    internal_notes: str | None = column("Internal notes", Kind.LONGTEXT, audience=Audience.INTERNAL)
