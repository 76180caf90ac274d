"""The account's timeline: what happened to it, newest first, from its rows and the edit journal.

Each entry has a day, a kind (to filter by), a title and a detail line:

- meetings, on their date;
- health moves: each move of at least ``HEALTH_MOVE_POINTS`` between consecutive snapshots, or
  one that changes the band, with its cause (``engine.history``; past snapshots as shown, with
  today's weights);
- ARR events, and renewals closed with their outcome;
- risks opened (their "raised on" date) and closed (when the journal saw their status set to
  closed);
- artifacts updated: journal steps that refreshed an artifact, one entry per artifact and day;
  an artifact's "last updated" stamp counts where the journal has nothing for it that day
  (books written before the journal, edits made outside the program);
- stakeholders added (journal) and departed (their departure date, else when the journal saw
  them marked departed);
- hand-overs of the book.

Steps that were undone (and not redone) are left out, and so are undo steps themselves.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import nonmember
from types import MappingProxyType
from typing import NamedTuple

from csm_desk.engine.facts import SnapshotFacts
from csm_desk.engine.history import HealthMove, diff, short_day, signed_points
from csm_desk.engine.vocab import (
    ArrEventKind,
    Artifact,
    Band,
    MeetingType,
    RenewalOutcome,
    RiskStatus,
    Vocab,
)

HEALTH_MOVE_POINTS = 5.0  # the smallest move shown, as on the health chart
BRIEF_DAYS = 90  # the span of the timeline the internal account brief carries
_TITLE_CHARS = 90


class TimelineKind(Vocab):
    """What an entry is about (the timeline is filtered by these)."""

    MEETING = "meeting"
    HEALTH = "health"
    ARR = "arr"
    RENEWAL = "renewal"
    RISK = "risk"
    ARTIFACT = "artifact"
    STAKEHOLDER = "stakeholder"
    HANDOVER = "handover"

    _LABELS = nonmember(
        {
            "meeting": "Meetings",
            "health": "Health",
            "arr": "ARR",
            "renewal": "Renewals",
            "risk": "Risks",
            "artifact": "Artifacts",
            "stakeholder": "Stakeholders",
            "handover": "Hand-overs",
        }
    )


class JournalFacts(NamedTuple):
    """One edit journal entry of the account (see ``models.tables.edits``)."""

    step: int
    undoes: int | None
    at: dt.datetime
    table: str
    row_id: int | None
    rows: int
    kind: str  # added, changed, deleted
    fields: tuple[str, ...]
    artifacts: tuple[Artifact, ...]
    via: str  # "", undo, redo
    label: str


class MeetingEvent(NamedTuple):
    """A meeting of the account, as the timeline reads it."""

    id: int
    date: dt.date
    type: str
    title: str | None


class RiskEvent(NamedTuple):
    """A risk of the account: when it was raised and where it stands."""

    id: int
    statement: str
    raised_on: dt.date | None
    status: str


class PersonEvent(NamedTuple):
    """A stakeholder of the account, and whether and when they left."""

    id: int
    name: str
    title: str | None
    departed: bool
    departed_on: dt.date | None


class ArrEvent(NamedTuple):
    """A change of the account's ARR."""

    date: dt.date
    kind: str
    amount: float
    note: str | None


class RenewalEvent(NamedTuple):
    """A renewal of the account and its outcome."""

    renewal_date: dt.date | None
    recorded_on: dt.date | None
    outcome: str
    arr_before: float
    arr_after: float


class HandoverEvent(NamedTuple):
    """A hand-over of the book from one owner to the next."""

    at: dt.datetime
    from_owner: str
    to_owner: str
    note: str | None


@dataclass(frozen=True)
class TimelineFacts:
    """What an account's timeline is made from (rows as stored, the journal in step order)."""

    meetings: tuple[MeetingEvent, ...] = ()
    risks: tuple[RiskEvent, ...] = ()
    people: tuple[PersonEvent, ...] = ()
    arr_events: tuple[ArrEvent, ...] = ()
    renewals: tuple[RenewalEvent, ...] = ()
    handovers: tuple[HandoverEvent, ...] = ()
    snapshots: tuple[SnapshotFacts, ...] = ()  # by date, as shown (today's weights)
    journal: tuple[JournalFacts, ...] = ()
    touched: Mapping[Artifact, dt.datetime] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened.

    Attributes:
        day: when.
        kind: what it is about.
        title: one line.
        detail: more words (a cause, a note, the edits), possibly empty.
        at: the moment, when known (journal entries, hand-overs), to order a day's entries.
    """

    day: dt.date
    kind: TimelineKind
    title: str
    detail: str = ""
    at: dt.datetime | None = None

    def matches(self, text: str) -> bool:
        """Whether ``text`` occurs in the entry's words (case-insensitive)."""
        needle = text.casefold().strip()
        return not needle or needle in f"{self.title}\n{self.detail}".casefold()


def _cut(text: str, limit: int = _TITLE_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _label(vocab: type[Vocab], key: str) -> str:
    try:
        return vocab(key).label
    except ValueError:
        return key.replace("_", " ").capitalize()


def _amount(value: float) -> str:
    return f"{value:,.0f}"


def live_journal(journal: Iterable[JournalFacts]) -> list[JournalFacts]:
    """The entries of steps still in effect: undo steps and the steps they undid left out.

    >>> at = dt.datetime(2026, 11, 20, 9)
    >>> edit = JournalFacts(1, None, at, "risk", 4, 1, "changed", ("status",), (), "", "Edit")
    >>> undo = edit._replace(step=2, undoes=1, via="undo")
    >>> live_journal([edit, undo]), live_journal([edit]) == [edit]
    ([], True)
    """
    entries = list(journal)
    undone = {e.undoes for e in entries if e.via == "undo" and e.undoes is not None}
    return [e for e in entries if e.via != "undo" and e.step not in undone]


def _health_entries(snapshots: Sequence[SnapshotFacts]) -> list[TimelineEntry]:
    scored = [s for s in snapshots if s.score is not None]
    found = []
    for before, after in itertools.pairwise(scored):
        change = diff(before, after)
        delta = change.delta or 0.0
        if abs(delta) < HEALTH_MOVE_POINTS and before.band == after.band:
            continue
        band = _label(Band, after.band).lower()
        if before.band != after.band:
            band = f"{_label(Band, before.band).lower()} → {band}"
        found.append(
            TimelineEntry(
                after.date,
                TimelineKind.HEALTH,
                f"Health {signed_points(delta)} to {after.score:.1f} ({band})",
                f"Since {short_day(before.date, after.date)}: {HealthMove(change).cause}",
            )
        )
    return found


def _artifact_entries(
    journal: Sequence[JournalFacts], touched: Mapping[Artifact, dt.datetime]
) -> list[TimelineEntry]:
    by_day: dict[tuple[dt.date, Artifact], list[JournalFacts]] = {}
    for entry in journal:
        for artifact in entry.artifacts:
            by_day.setdefault((entry.at.date(), artifact), []).append(entry)
    found = []
    for (day, artifact), entries in by_day.items():
        labels = list(dict.fromkeys(e.label for e in entries if e.label))
        steps = len({e.step for e in entries})
        detail = "; ".join(labels[:4]) + (" …" if len(labels) > 4 else "")
        if steps > 1:
            detail = f"{steps} edits: {detail}" if detail else f"{steps} edits"
        found.append(
            TimelineEntry(
                day,
                TimelineKind.ARTIFACT,
                f"{artifact.label} updated",
                detail,
                max(e.at for e in entries),
            )
        )
    for artifact, moment in touched.items():
        if (moment.date(), artifact) not in by_day:
            found.append(
                TimelineEntry(
                    moment.date(), TimelineKind.ARTIFACT, f"{artifact.label} updated", "", moment
                )
            )
    return found


def _status_set(
    journal: Sequence[JournalFacts], table: str, row_id: int, field_name: str
) -> dt.datetime | None:
    """When the journal last saw ``field_name`` of one row written (or the row added)."""
    moments = [
        e.at
        for e in journal
        if e.table == table and e.row_id == row_id and (field_name in e.fields or e.kind == "added")
    ]
    return max(moments) if moments else None


def _risk_entries(
    risks: Sequence[RiskEvent], journal: Sequence[JournalFacts]
) -> list[TimelineEntry]:
    found = []
    for risk in risks:
        statement = _cut(risk.statement, 70)
        # The whole statement goes in the detail when the title had to cut it short.
        whole = " ".join(risk.statement.split())
        detail = whole if statement != whole else ""
        if risk.raised_on is not None:
            found.append(
                TimelineEntry(
                    risk.raised_on, TimelineKind.RISK, f"Risk opened: {statement}", detail
                )
            )
        if risk.status == RiskStatus.CLOSED:
            closed = _status_set(journal, "risk", risk.id, "status")
            if closed is not None:
                found.append(
                    TimelineEntry(
                        closed.date(),
                        TimelineKind.RISK,
                        f"Risk closed: {statement}",
                        detail,
                        at=closed,
                    )
                )
    return found


def _people_entries(
    people: Sequence[PersonEvent], journal: Sequence[JournalFacts]
) -> list[TimelineEntry]:
    names = {p.id: p for p in people}
    found = []
    for entry in journal:
        if entry.table != "stakeholder" or entry.kind != "added":
            continue
        person = names.get(entry.row_id or 0)
        who = _who(person) if person else f"{entry.rows} stakeholders"
        found.append(
            TimelineEntry(
                entry.at.date(),
                TimelineKind.STAKEHOLDER,
                f"Stakeholder added: {who}",
                at=entry.at,
            )
        )
    for person in people:
        if not person.departed:
            continue
        if person.departed_on is not None:
            day, at = person.departed_on, None
        else:
            at = _status_set(journal, "stakeholder", person.id, "departed")
            if at is None:
                continue
            day = at.date()
        found.append(
            TimelineEntry(
                day, TimelineKind.STAKEHOLDER, f"Stakeholder departed: {_who(person)}", at=at
            )
        )
    return found


def _who(person: PersonEvent) -> str:
    return f"{person.name}, {person.title}" if person.title else person.name


def account_timeline(
    facts: TimelineFacts, as_of: dt.date, since: dt.date | None = None
) -> tuple[TimelineEntry, ...]:
    """Everything that happened to the account up to ``as_of`` (from ``since`` on, when
    given), newest first; a day's entries with a known moment newest first, then the rest in
    the order of ``TimelineKind``.
    """
    journal = [e for e in live_journal(facts.journal) if e.at.date() <= as_of]
    found: list[TimelineEntry] = []
    for meeting in facts.meetings:
        kind = _label(MeetingType, meeting.type)
        found.append(TimelineEntry(meeting.date, TimelineKind.MEETING, meeting.title or kind, kind))
    found += _health_entries([s for s in facts.snapshots if s.date <= as_of])
    for event in facts.arr_events:
        sign = -1 if event.kind in (ArrEventKind.CONTRACTION, ArrEventKind.CHURN) else 1
        amount = sign * abs(event.amount)
        found.append(
            TimelineEntry(
                event.date,
                TimelineKind.ARR,
                f"ARR {_label(ArrEventKind, event.kind).lower()}: {amount:+,.0f}",
                event.note or "",
            )
        )
    for renewal in facts.renewals:
        day = renewal.recorded_on or renewal.renewal_date
        if day is None:
            continue
        due = f"Due {short_day(renewal.renewal_date, day)}; " if renewal.renewal_date else ""
        found.append(
            TimelineEntry(
                day,
                TimelineKind.RENEWAL,
                f"Renewal: {_label(RenewalOutcome, renewal.outcome)}",
                f"{due}ARR {_amount(renewal.arr_before)} → {_amount(renewal.arr_after)}",
            )
        )
    found += _risk_entries(facts.risks, journal)
    found += _artifact_entries(journal, facts.touched)
    found += _people_entries(facts.people, journal)
    for handover in facts.handovers:
        found.append(
            TimelineEntry(
                handover.at.date(),
                TimelineKind.HANDOVER,
                f"Book handed over: {handover.from_owner} → {handover.to_owner}",
                _cut(handover.note or "", 200),
                handover.at,
            )
        )
    order = {k: i for i, k in enumerate(TimelineKind)}
    kept = [e for e in found if e.day <= as_of and (since is None or e.day >= since)]
    kept.sort(
        key=lambda e: (
            e.day,
            e.at is not None,
            e.at or dt.datetime.min,
            -order[e.kind],
            e.title,
        ),
        reverse=True,
    )
    return tuple(kept)


def brief_timeline(facts: TimelineFacts, as_of: dt.date) -> tuple[TimelineEntry, ...]:
    """The last ``BRIEF_DAYS`` days of the timeline, as the internal account brief carries it."""
    return account_timeline(facts, as_of, as_of - dt.timedelta(days=BRIEF_DAYS))
