"""Preparing a meeting: the template a new meeting of each type starts from, and what is
brought forward from the account's previous meeting.

A template holds the agenda, the decisions the meeting should reach and the questions it should
answer. A meeting has no agenda column, so a new meeting carries its agenda in its internal
notes (prep for the CSM, never sent to the customer) and its decisions to reach and questions
in its open items (one a line): they are open until the meeting settles them. Nothing goes into
the meeting's decisions, which record what was decided and count towards a complete recap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from csm_desk.engine.vocab import ActionStatus, MeetingType

AGENDA_HEADING = "Agenda"
DECIDE_PREFIX = "Decide: "


@dataclass(frozen=True)
class MeetingTemplate:
    """What a new meeting of one type starts from; each part holds one item a line.

    Attributes:
        agenda: the topics in the order they are taken.
        decisions: the decisions the meeting should reach.
        questions: the questions it should answer.
    """

    agenda: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.agenda or self.decisions or self.questions)

    def to_json(self) -> dict[str, list[str]]:
        return {
            "agenda": list(self.agenda),
            "decisions": list(self.decisions),
            "questions": list(self.questions),
        }

    @classmethod
    def from_json(cls, data: Any) -> MeetingTemplate:
        """Read ``to_json``'s form; anything that is not a list of texts is left out."""
        if not isinstance(data, Mapping):
            return cls()

        def part(key: str) -> tuple[str, ...]:
            value = data.get(key)
            if not isinstance(value, list):
                return ()
            return clean_lines(str(v) for v in value if isinstance(v, str))

        return cls(part("agenda"), part("decisions"), part("questions"))


def clean_lines(lines: Iterable[str]) -> tuple[str, ...]:
    """Lines with their spaces tidied and blank ones dropped.

    >>> clean_lines(["  Renewal   term ", "", "Price"])
    ('Renewal term', 'Price')
    """
    return tuple(t for t in (" ".join(line.split()) for line in lines) if t)


DEFAULT_MEETING_TEMPLATES: Mapping[str, MeetingTemplate] = MappingProxyType(
    {
        MeetingType.KICKOFF.value: MeetingTemplate(
            agenda=(
                "Introductions and roles on both sides",
                "Goals and what success looks like in the first 90 days",
                "Scope, timeline and the definition of live",
                "Onboarding plan, owners and first-value milestone",
                "Ways of working: cadence, channels and escalation",
            ),
            decisions=(
                "Go-live date and first-value milestone",
                "Owners on both sides for each onboarding milestone",
                "Meeting cadence and main contacts",
            ),
            questions=(
                "Who signs off that the customer is live?",
                "Which systems, data or approvals could hold up onboarding?",
                "How will the customer measure success, and from which data?",
            ),
        ),
        MeetingType.CHECK_IN.value: MeetingTemplate(
            agenda=(
                "Progress on open action items",
                "Adoption and usage since the last meeting",
                "Issues, support tickets and blockers",
                "Next steps and owners",
            ),
            decisions=("Priorities until the next check-in",),
            questions=(
                "What has changed in the customer's team or priorities?",
                "Is anything blocking progress that we can help remove?",
            ),
        ),
        MeetingType.QBR.value: MeetingTemplate(
            agenda=(
                "Goals recap from the success plan",
                "Outcomes delivered this quarter against the KPIs",
                "What changed since the last review",
                "Friction, risks and how we address them",
                "Recommendations and plan for next quarter",
            ),
            decisions=(
                "Objectives and KPI targets for next quarter",
                "Recommendations to adopt, with owners",
            ),
            questions=(
                "Are the objectives in the success plan still the right ones?",
                "Which outcome mattered most to the business this quarter?",
                "Who else should see these results?",
            ),
        ),
        MeetingType.EBR.value: MeetingTemplate(
            agenda=(
                "Business priorities of the executive sponsor",
                "Value delivered to date in business terms",
                "Strategic risks and dependencies",
                "Roadmap alignment and the next stage of the partnership",
            ),
            decisions=(
                "Strategic objectives for the next two quarters",
                "Executive sponsors on both sides and how often they meet",
            ),
            questions=(
                "What are the company's top priorities for the coming year?",
                "How is the partnership judged at executive level?",
                "What would make the customer expand or reduce the relationship?",
            ),
        ),
        MeetingType.RENEWAL.value: MeetingTemplate(
            agenda=(
                "Value delivered this term: proof points and KPIs",
                "Renewal timeline and decision milestones",
                "Proposal: term, scope and any expansion",
                "Open concerns and objections",
                "Approval steps and next steps",
            ),
            decisions=(
                "Renewal term and scope",
                "Timeline to signature and who approves",
            ),
            questions=(
                "Who is involved in approving the renewal, and in what order?",
                "Are there budget or procurement steps we should plan for?",
                "Is anything putting the renewal at risk?",
            ),
        ),
    }
)


def default_template(meeting_type: str) -> MeetingTemplate:
    """The template a meeting type starts with before the CSM changes it (empty for the
    types without one)."""
    return DEFAULT_MEETING_TEMPLATES.get(meeting_type, MeetingTemplate())


def template_values(template: MeetingTemplate) -> dict[str, str | None]:
    """The meeting fields a new meeting takes from ``template``.

    >>> template_values(MeetingTemplate(("Intro", "Plan"), ("Go-live",), ("Who signs?",)))
    {'internal_notes': 'Agenda\\n1. Intro\\n2. Plan',
     'open_items': 'Decide: Go-live\\nWho signs?'}
    >>> template_values(MeetingTemplate())
    {'internal_notes': None, 'open_items': None}
    """
    agenda = (
        "\n".join([AGENDA_HEADING, *(f"{n}. {item}" for n, item in enumerate(template.agenda, 1))])
        if template.agenda
        else None
    )
    items = [f"{DECIDE_PREFIX}{d}" for d in template.decisions] + list(template.questions)
    return {"internal_notes": agenda, "open_items": "\n".join(items) or None}


def retemplated(
    meeting: Mapping[str, Any], old: MeetingTemplate, new: MeetingTemplate
) -> dict[str, str | None]:
    """The fields to change when a meeting's type changes from one with template ``old`` to
    one with template ``new``: the new template's, but only while the meeting still holds
    exactly what the old template gave it (or nothing). A meeting someone has written in keeps
    what they wrote.

    >>> old, new = MeetingTemplate(("A",)), MeetingTemplate(("B",))
    >>> retemplated({"internal_notes": "Agenda\\n1. A", "open_items": None}, old, new)
    {'internal_notes': 'Agenda\\n1. B'}
    >>> retemplated({"internal_notes": "Agenda\\n1. A\\nMy note", "open_items": None}, old, new)
    {}
    """
    given = template_values(old)
    for name in given:
        value = meeting.get(name) or None
        if value is not None and value != given[name]:
            return {}
    wanted = template_values(new)
    return {k: v for k, v in wanted.items() if (meeting.get(k) or None) != v}


class MeetingNotes(NamedTuple):
    """What carry-forward needs of one meeting."""

    id: int
    date: dt.date
    internal_attendees: str | None
    open_items: str | None


class ActionItemState(NamedTuple):
    """What carry-forward needs of one action item."""

    id: int
    meeting_id: int | None
    status: str


@dataclass(frozen=True)
class CarryForward:
    """What a meeting takes from the account's previous meeting.

    Attributes:
        previous: the previous meeting (None when the account has no earlier one).
        attendee_ids: the previous meeting's customer attendees to add (still with the
            customer, not already attending).
        action_item_ids: the previous meeting's open action items, which move to this meeting
            so each is tracked once.
        fields: the meeting's fields that change (our attendees and open items, the previous
            meeting's added after this one's own).
    """

    previous: MeetingNotes | None
    attendee_ids: tuple[int, ...] = ()
    action_item_ids: tuple[int, ...] = ()
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def empty(self) -> bool:
        return not (self.attendee_ids or self.action_item_ids or self.fields)


def _merged(mine: Sequence[str], theirs: Iterable[str]) -> list[str]:
    seen = {m.casefold() for m in mine}
    merged = list(mine)
    for item in theirs:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            merged.append(item)
    return merged


def _names(text: str | None) -> list[str]:
    return [n for n in (" ".join(p.split()) for p in (text or "").split(",")) if n]


def previous_meeting(meetings: Iterable[MeetingNotes], meeting_id: int) -> MeetingNotes | None:
    """The account's meeting just before ``meeting_id`` (by date, then the order entered).

    >>> day = dt.date(2027, 2, 9)
    >>> m = [MeetingNotes(1, day, None, None), MeetingNotes(2, day, None, None)]
    >>> previous_meeting(m, 2).id, previous_meeting(m, 1)
    (1, None)
    """
    ordered = sorted(meetings, key=lambda m: (m.date, m.id))
    ids = [m.id for m in ordered]
    if meeting_id not in ids:
        raise LookupError(f"meeting {meeting_id} no longer exists")
    at = ids.index(meeting_id)
    return ordered[at - 1] if at else None


def carry_forward(
    meetings: Iterable[MeetingNotes],
    meeting_id: int,
    attendees: Iterable[tuple[int, int]],
    action_items: Iterable[ActionItemState],
    departed: Iterable[int] = (),
) -> CarryForward:
    """What ``meeting_id`` brings forward from the account's previous meeting: its customer
    attendees (``attendees`` are (meeting id, stakeholder id) pairs; someone who has since left,
    in ``departed``, is not brought), its open action items, our attendees and its open items
    (questions still open), each once.
    """
    meetings = list(meetings)
    previous = previous_meeting(meetings, meeting_id)
    if previous is None:
        return CarryForward(None)
    this = next(m for m in meetings if m.id == meeting_id)
    pairs = list(attendees)
    gone = set(departed)
    attending = {s for m, s in pairs if m == meeting_id}
    new_attendees = sorted({s for m, s in pairs if m == previous.id} - attending - gone)
    moving = sorted(
        a.id
        for a in action_items
        if a.meeting_id == previous.id and a.status == ActionStatus.OPEN.value
    )
    fields: dict[str, str] = {}
    ours = _names(this.internal_attendees)
    names = _merged(ours, _names(previous.internal_attendees))
    if names != ours:
        fields["internal_attendees"] = ", ".join(names)
    mine = list(clean_lines((this.open_items or "").splitlines()))
    items = _merged(mine, clean_lines((previous.open_items or "").splitlines()))
    if items != mine:
        fields["open_items"] = "\n".join(items)
    return CarryForward(previous, tuple(new_attendees), tuple(moving), MappingProxyType(fields))
