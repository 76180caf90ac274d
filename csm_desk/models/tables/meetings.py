"""Meetings and their recaps: decisions, action items with owners, open items."""

import datetime as dt

from sqlmodel import Field, SQLModel

from csm_desk.engine.vocab import ActionStatus, Artifact, MeetingType, Side
from csm_desk.models.fields import Audience, Kind, account_fk, column, primary_key

_RECAP = (Artifact.RECAP,)


class Meeting(SQLModel, table=True):
    """One meeting with the customer and what came out of it."""

    __tablename__ = "meeting"
    __artifacts__ = _RECAP

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    date: dt.date | None = column("Date", Kind.DATE, required=True)
    type: str = column(
        "Type", Kind.CHOICE, default=MeetingType.CHECK_IN.value, vocab=MeetingType, required=True
    )
    title: str | None = column("Title")
    internal_attendees: str | None = column("Our attendees", help="Names, separated by commas.")
    decisions: str | None = column("Decisions", Kind.LINES, help="One decision per line.")
    open_items: str | None = column("Open items", Kind.LINES, help="One item per line.")
    next_meeting: dt.date | None = column("Next meeting", Kind.DATE)
    internal_notes: str | None = column("Internal notes", Kind.LONGTEXT, audience=Audience.INTERNAL)


class MeetingAttendee(SQLModel, table=True):
    """A customer stakeholder who attended a meeting (their contact date comes from it)."""

    __tablename__ = "meeting_attendee"
    __artifacts__ = _RECAP

    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", primary_key=True)
    stakeholder_id: int = Field(
        foreign_key="stakeholder.id", ondelete="CASCADE", primary_key=True, index=True
    )


class ActionItem(SQLModel, table=True):
    """Something someone agreed to do, by when."""

    __tablename__ = "action_item"
    __artifacts__ = _RECAP

    id: int | None = primary_key()
    account_id: int | None = account_fk()
    meeting_id: int | None = column(
        "Meeting", Kind.REF, foreign_key="meeting.id", ondelete="CASCADE", index=True
    )
    text: str = column("Action", required=True, default="")
    owner: str | None = column("Owner")
    side: str | None = column("Side", Kind.CHOICE, vocab=Side)
    due: dt.date | None = column("Due", Kind.DATE)
    status: str = column(
        "Status", Kind.CHOICE, default=ActionStatus.OPEN.value, vocab=ActionStatus, required=True
    )
    completed_on: dt.date | None = column("Completed on", Kind.DATE)
