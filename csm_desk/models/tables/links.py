"""Links: web addresses and file paths kept with an account, a meeting, a risk or a milestone."""

from sqlmodel import SQLModel

from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_I = Audience.INTERNAL
_SHAREABLE = Audience.SHAREABLE_LINK


def _holder(label: str, table: str) -> object:
    return column(
        label, Kind.REF, foreign_key=f"{table}.id", ondelete="CASCADE", index=True, audience=_I
    )


class Link(SQLModel, table=True):
    """One link of an account, or of one of its meetings, risks or milestones (then that row
    holds it). Internal: only a link marked shareable may reach a customer document."""

    __tablename__ = "link"

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    meeting_id: int | None = _holder("Meeting", "meeting")  # type: ignore[assignment]
    risk_id: int | None = _holder("Risk", "risk")  # type: ignore[assignment]
    milestone_id: int | None = _holder("Milestone", "milestone")  # type: ignore[assignment]
    label: str = column(
        "Label",
        required=True,
        default="",
        audience=_SHAREABLE,
        help="What the link is, in a few words (\u201cQ3 QBR deck\u201d).",
    )
    target: str = column(
        "Link",
        Kind.LINK,
        required=True,
        default="",
        audience=_SHAREABLE,
        help="A web address (https://\u2026) or a file path.",
    )
    shareable: bool = column(
        "Shareable with the customer",
        Kind.BOOL,
        default=False,
        audience=_I,
        help="Only shareable links may appear in documents the customer sees.",
    )
