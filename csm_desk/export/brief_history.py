"""Sections of the account brief about what happened and where things are: the last 90 days
of the account's timeline, and the account's links (internal: every one of them).
"""

from __future__ import annotations

from csm_desk.engine.timeline import BRIEF_DAYS, TimelineKind
from csm_desk.export.compose import Column, Composer
from csm_desk.export.internal_view import AccountDossier, Row
from csm_desk.export.text import day, one_line


def timeline(doc: Composer, dossier: AccountDossier) -> None:
    """The last 90 days of the account's timeline, newest first (``engine.timeline``)."""
    doc.heading(f"The last {BRIEF_DAYS} days")
    if not dossier.timeline:
        doc.note(f"Nothing recorded in the last {BRIEF_DAYS} days.")
        return
    doc.table(
        (Column("Date", 1.0), Column("Kind", 1.1), Column("What happened", 3.0),
         Column("Detail", 2.4)),
        [
            [day(e.day), _TIMELINE_KINDS[e.kind], one_line(e.title), one_line(e.detail)]
            for e in dossier.timeline
        ],
    )  # fmt: skip


_TIMELINE_KINDS = {
    TimelineKind.MEETING: "Meeting",
    TimelineKind.HEALTH: "Health",
    TimelineKind.ARR: "ARR",
    TimelineKind.RENEWAL: "Renewal",
    TimelineKind.RISK: "Risk",
    TimelineKind.ARTIFACT: "Artifact",
    TimelineKind.STAKEHOLDER: "Stakeholder",
    TimelineKind.HANDOVER: "Hand-over",
}


def links(doc: Composer, dossier: AccountDossier) -> None:
    """Every link of the account, and what it belongs to (internal: all of them)."""
    rows = dossier.table("link")
    if not rows:
        return
    meetings = {m["id"]: m for m in dossier.table("meeting")}
    risks = {r["id"]: r for r in dossier.table("risk")}
    milestones = {m["id"]: m for m in dossier.table("milestone")}

    def holder(link: Row) -> str:
        if link.get("meeting_id") in meetings:
            meeting = meetings[link["meeting_id"]]
            return f"Meeting {day(meeting.get('date'))}: {one_line(meeting.get('title'))}"
        if link.get("risk_id") in risks:
            return f"Risk: {one_line(risks[link['risk_id']]['statement'])[:60]}"
        if link.get("milestone_id") in milestones:
            return f"Milestone: {one_line(milestones[link['milestone_id']]['title'])}"
        return "Account"

    doc.heading("Links", 2)
    doc.table(
        (Column("Link", 1.6), Column("Where", 2.8), Column("For", 2.2), Column("Shareable", 0.9)),
        [
            [
                one_line(link["label"]),
                one_line(link["target"]),
                holder(link),
                "Yes" if link.get("shareable") else "No",
            ]
            for link in rows
        ],
    )
