"""Meeting edits the window offers as one step: a meeting's type changed together with the
template it started from, and bringing forward what the account's previous meeting left open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from csm_desk.engine.meetings import (
    ActionItemState,
    CarryForward,
    MeetingNotes,
    MeetingTemplate,
    carry_forward,
    retemplated,
)
from csm_desk.engine.wording import date_words
from csm_desk.models import rowdata
from csm_desk.models.ops import Changed, InsertRow, Op, SetFields, _Touches


def change_meeting_type(
    meeting: dict[str, Any], new_type: str, old: MeetingTemplate, new: MeetingTemplate
) -> SetFields:
    """Set a meeting's type; while the meeting holds only what its old type's template gave it,
    its agenda and open items follow to the new type's template, in the same step."""
    values: dict[str, Any] = {"type": new_type, **retemplated(meeting, old, new)}
    return SetFields("meeting", {"id": meeting["id"]}, values, "Edit Type")


def read_carry_forward(conn: Connection, meeting_id: int) -> CarryForward:
    """What ``meeting_id`` would bring forward from its account's previous meeting, as the
    book holds it now."""
    found = rowdata.get_row(conn, "meeting", {"id": meeting_id})
    if found is None:
        raise LookupError(f"meeting {meeting_id} no longer exists")
    account_id = found["account_id"]
    meeting = rowdata.table("meeting")
    notes = [
        MeetingNotes(r.id, r.date, r.internal_attendees, r.open_items)
        for r in conn.execute(
            select(
                meeting.c.id, meeting.c.date, meeting.c.internal_attendees, meeting.c.open_items
            ).where(meeting.c.account_id == account_id)
        )
    ]
    ids = [n.id for n in notes]
    attendee = rowdata.table("meeting_attendee")
    pairs = [
        (int(r.meeting_id), int(r.stakeholder_id))
        for r in conn.execute(select(attendee).where(attendee.c.meeting_id.in_(ids)))
    ]
    item = rowdata.table("action_item")
    items = [
        ActionItemState(r.id, r.meeting_id, r.status)
        for r in conn.execute(
            select(item.c.id, item.c.meeting_id, item.c.status).where(item.c.meeting_id.in_(ids))
        )
    ]
    person = rowdata.table("stakeholder")
    departed = [
        int(r.id)
        for r in conn.execute(
            select(person.c.id).where(
                person.c.account_id == account_id, person.c.departed.is_(True)
            )
        )
    ]
    return carry_forward(notes, meeting_id, pairs, items, departed)


class _CopyFromLastMeeting(Op):
    """Bring forward into a meeting the customer attendees, our attendees, open questions and
    open action items of the account's previous meeting (``engine.meetings.carry_forward``).

    What to write is read from the book the first time the op runs; redoing writes exactly the
    same rows again, and undoing leaves the book as it was.
    """

    def __init__(self, meeting_id: int) -> None:
        self.label = "Copy from last meeting"
        self.meeting_id = meeting_id
        self.ops: list[Op] | None = None

    def _plan(self, conn: Connection) -> list[Op]:
        plan = read_carry_forward(conn, self.meeting_id)
        if plan.previous is None:
            raise LookupError("This is the account's first meeting: there is no earlier one")
        if plan.empty:
            raise ValueError(
                f"Nothing to bring forward from the meeting of {date_words(plan.previous.date)}"
            )
        ops: list[Op] = [
            InsertRow("meeting_attendee", {"meeting_id": self.meeting_id, "stakeholder_id": s})
            for s in plan.attendee_ids
        ]
        ops += [
            SetFields("action_item", {"id": i}, {"meeting_id": self.meeting_id})
            for i in plan.action_item_ids
        ]
        if plan.fields:
            ops.append(SetFields("meeting", {"id": self.meeting_id}, dict(plan.fields)))
        return ops

    def apply(self, conn: Connection, touches: _Touches) -> Changed:
        if self.ops is None:
            self.ops = self._plan(conn)
        changed = Changed()
        for op in self.ops:
            changed |= op.apply(conn, touches)
        return changed

    def revert(self, conn: Connection, touches: _Touches) -> Changed:
        assert self.ops is not None, "revert before apply"
        changed = Changed()
        for op in reversed(self.ops):
            changed |= op.revert(conn, touches)
        return changed


def copy_from_last_meeting(meeting_id: int) -> Op:
    """One step that brings forward into ``meeting_id`` what the account's previous meeting
    left open: its customer attendees who are still with the customer, our attendees, its open
    items (questions not yet answered) added after the meeting's own, and its open action items,
    which move to this meeting so each is tracked, alerted on and exported once. Applying
    refuses, writing nothing, when there is no earlier meeting or nothing to bring."""
    return _CopyFromLastMeeting(meeting_id)
