"""The account brief's later sections: risk register, renewal, expansion, open actions,
alerts, artifacts, and the background (handoff, notes, ARR history, value, feedback).
"""

from __future__ import annotations

import datetime as dt

from csm_desk.engine.metrics import weighted_pipeline
from csm_desk.engine.vocab import (
    ActionStatus,
    AlertSeverity,
    ArrEventKind,
    ArtifactStatus,
    ExpansionKind,
    ExpansionStage,
    FeedbackStatus,
    Horizon,
    Level,
    RiskCategory,
    RiskStatus,
    Severity,
    ValueCategory,
)
from csm_desk.export.common import BAD, GOOD, MUTED, WARN, action_status, label_of, owner_cell
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.internal_view import AccountDossier, Row
from csm_desk.export.renewal_strategy import (
    approvers_table,
    checklist_table,
    next_steps_table,
    plan_lists,
    renewal_summary,
)
from csm_desk.export.text import (
    day,
    has_text,
    lines,
    money,
    one_line,
)

SEVERITY_COLOURS = {AlertSeverity.RED: BAD, AlertSeverity.AMBER: WARN, AlertSeverity.DUE: MUTED}
NOTES_WINDOW_DAYS = 365


def risks(doc: Composer, dossier: AccountDossier) -> None:
    """Write the risk register: each open risk with its facts, then the closed ones."""
    register = dossier.table("risk")
    doc.heading("Risk register")
    if not register:
        doc.note("No risks are recorded.")
        return
    open_risks = [r for r in register if r["status"] != RiskStatus.CLOSED.value]
    closed = [r for r in register if r["status"] == RiskStatus.CLOSED.value]
    for number_, r in enumerate(open_risks, start=1):
        doc.heading(f"{number_}. {one_line(r['statement'])}", 3)
        reassess = r.get("reassess_on")
        due: Inline = day(reassess)
        if reassess is not None and reassess < dossier.as_of:
            due = Span(f"{day(reassess)} — overdue", bold=True, colour=BAD)
        short, wide = _risk_facts(r, due, dossier.name)
        doc.facts(short, wide=wide, columns=2)
    if closed:
        doc.heading("Closed risks", 2)
        doc.table(
            (
                Column("Risk", 3.4),
                Column("Category", 1.1),
                Column("Raised", 1.0),
                Column("Evidence and mitigation", 2.7),
            ),
            [
                [
                    one_line(r["statement"]),
                    label_of(RiskCategory, r["category"]),
                    day(r.get("raised_on")),
                    "\n".join(
                        x
                        for x in (
                            one_line(r.get("evidence")),
                            one_line(r.get("mitigation")),
                            one_line(r.get("next_action")),
                        )
                        if x
                    )
                    or "",
                ]
                for r in closed
            ],
        )


def _risk_facts(
    r: Row, due: Inline, customer: str
) -> tuple[list[tuple[str, Inline]], list[tuple[str, Inline]]]:
    shared: Inline = Span("No", colour=MUTED)
    if r.get("shared"):
        shared = [
            Span("Yes, as: ", bold=True),
            Span(one_line(r.get("customer_wording")) or "(no customer wording yet)"),
        ]
    elif has_text(r.get("customer_wording")):
        shared = [
            Span("No. Wording kept for later: ", colour=MUTED),
            Span(one_line(r.get("customer_wording"))),
        ]
    return [
        ("Status", label_of(RiskStatus, r["status"])),
        ("Severity", label_of(Severity, r.get("severity"))),
        ("Category", label_of(RiskCategory, r["category"])),
        (
            "Likelihood / impact",
            f"{label_of(Level, r.get('likelihood'))} / {label_of(Level, r.get('impact'))}",
        ),
        ("Owner", one_line(r.get("owner")) or ""),
        ("Reassess on", due),
        ("Raised on", day(r.get("raised_on"))),
        ("Trigger signal", one_line(r.get("trigger_signal")) or ""),
    ], [
        ("Evidence", one_line(r.get("evidence")) or ""),
        ("Mitigation", one_line(r.get("mitigation")) or ""),
        ("Next action", one_line(r.get("next_action")) or ""),
        (f"Shared with {customer}", shared),
    ]


def renewal(doc: Composer, dossier: AccountDossier) -> None:
    """Write the Renewal section: its summary, approvers, plans, next steps and checklist."""
    doc.heading("Renewal")
    short, wide = renewal_summary(dossier)
    doc.facts(short, wide=wide, columns=2)
    doc.heading("Approvers", 2)
    approvers_table(doc, dossier)
    plan_lists(doc, dossier, level=2)
    doc.heading("Next steps", 2)
    next_steps_table(doc, dossier)
    doc.heading("Checklist", 2)
    checklist_table(doc, dossier)


def expansion(doc: Composer, dossier: AccountDossier) -> None:
    """Write the Expansion section: each opportunity and the weighted pipeline."""
    found = dossier.table("expansion")
    doc.heading("Expansion")
    if not found:
        doc.note("No expansion opportunities are recorded.")
        return
    pipeline = weighted_pipeline([dossier.result.facts])
    doc.table(
        (
            Column("Opportunity", 2.4),
            Column("Type", 0.9),
            Column("Stage", 1.0),
            Column("Est. ARR", 1.0, "right"),
            Column("Close", 1.0),
            Column("Readiness signals", 2.2),
        ),
        [
            [
                Span(one_line(e["description"]), bold=True),
                label_of(ExpansionKind, e["kind"]),
                label_of(ExpansionStage, e["stage"]),
                money(e.get("estimated_arr"), dossier.currency),
                day(e.get("expected_close")),
                "\n".join(lines(e.get("readiness_signals"))) or "",
            ]
            for e in found
        ],
        caption=f"Weighted pipeline: {money(pipeline, dossier.currency)}.",
    )


def open_actions(doc: Composer, dossier: AccountDossier) -> None:
    """Write the account's open action items, with owner, due date and meeting of origin."""
    doc.heading("Open actions")
    meetings = {m["id"]: m for m in dossier.table("meeting")}
    pending = [a for a in dossier.table("action_item") if a["status"] == ActionStatus.OPEN.value]
    if pending:
        doc.table(
            (
                Column("Action", 3.0),
                Column("Owner", 1.7),
                Column("Due", 1.0),
                Column("Status", 0.9),
                Column("From", 1.6),
            ),
            [
                [
                    one_line(a["text"]),
                    owner_cell(a.get("side"), a.get("owner"), dossier.name),
                    day(a.get("due")),
                    action_status(a["status"], a.get("due"), dossier.as_of),
                    _meeting_name(meetings.get(a.get("meeting_id"))),
                ]
                for a in pending
            ],
        )
    else:
        doc.note("No action items are open.")
    plan = dossier.table("plan_item")
    if plan:
        doc.heading("30/60/90-day plan", 2)
        doc.table(
            (
                Column("When", 1.1),
                Column("Action", 3.4),
                Column("Owner", 1.5),
                Column("Due", 1.0),
                Column("Status", 0.9),
            ),
            [
                [
                    label_of(Horizon, p["horizon"]),
                    one_line(p["action"]),
                    one_line(p.get("owner")) or "",
                    day(p.get("due")),
                    action_status(p["status"], p.get("due"), dossier.as_of),
                ]
                for p in plan
            ],
        )


def _meeting_name(meeting: Row | None) -> str:
    if meeting is None:
        return ""
    return f"{one_line(meeting.get('title')) or 'Meeting'}, {day(meeting.get('date'))}"


def alerts(doc: Composer, dossier: AccountDossier) -> None:
    """Write the account's alerts and due playbooks, each with what to do about it."""
    found = [*dossier.result.alerts, *dossier.result.due]
    doc.heading("Alerts and what to do")
    if not found:
        doc.note("Nothing needs attention.")
        return
    doc.table(
        (Column("", 0.8), Column("Alert", 3.6), Column("Playbook", 3.0)),
        [
            [
                Span(a.severity.label, bold=True, colour=SEVERITY_COLOURS[a.severity]),
                one_line(a.message),
                one_line(a.playbook) or "",
            ]
            for a in found
        ],
    )


def artifacts(doc: Composer, dossier: AccountDossier) -> None:
    """Write the Artifacts section: each shown artifact's status and when it was last updated."""
    states = [s for s in dossier.result.artifacts.values() if s.shown]
    doc.heading("Artifacts")
    colours = {
        ArtifactStatus.COMPLETE: GOOD,
        ArtifactStatus.STALE: WARN,
        ArtifactStatus.INCOMPLETE: WARN,
        ArtifactStatus.MISSING: BAD,
    }
    doc.table(
        (Column("Artifact", 1.9), Column("Status", 4.4), Column("Last updated", 1.1)),
        [
            [
                s.artifact.label,
                Span(s.describe(), colour=colours.get(s.status)),
                day(s.last_updated),
            ]
            for s in states
        ],
    )


def background(doc: Composer, dossier: AccountDossier) -> None:
    """Write the Background: sales handoff, meeting and review notes, ARR history, value."""
    doc.heading("Background")
    handoff = dossier.first("handoff")
    if handoff is not None:
        doc.heading("Sales handoff", 2)
        doc.facts(
            [
                ("Handed over", day(handoff.get("handoff_date"))),
                ("Account executive", one_line(handoff.get("sales_owner")) or ""),
                ("Why they bought", one_line(handoff.get("why_bought")) or ""),
                ("Why now", one_line(handoff.get("why_now")) or ""),
                ("Why us", one_line(handoff.get("why_us")) or ""),
                ("Decision criteria", "\n".join(lines(handoff.get("decision_criteria"))) or ""),
                ("Promised outcomes", "\n".join(lines(handoff.get("promised_outcomes"))) or ""),
                ("Risk flags", "\n".join(lines(handoff.get("risk_flags"))) or ""),
                ("Competitors considered", one_line(handoff.get("competitors")) or ""),
                ("Notes", one_line(handoff.get("internal_notes")) or ""),
            ]
        )
    notes = _notes(dossier)
    if notes:
        doc.heading("Notes from meetings and reviews", 2)
        doc.table((Column("Date", 1.0), Column("About", 2.0), Column("Note", 4.4)), notes)
    events = dossier.table("arr_event")
    if events:
        doc.heading("ARR history", 2)
        doc.table(
            (
                Column("Date", 1.0),
                Column("Change", 1.2),
                Column("Amount", 1.2, "right"),
                Column("Note", 4.0),
            ),
            [
                [
                    day(e["date"]),
                    label_of(ArrEventKind, e["kind"]),
                    money(e["amount"], dossier.currency),
                    one_line(e.get("note")) or "",
                ]
                for e in events
            ],
        )
    values = dossier.table("value_item")
    if values:
        doc.heading("Value realised", 2)
        doc.table(
            (
                Column("Date", 1.0),
                Column("Area", 1.1),
                Column("What was achieved", 3.5),
                Column("Value", 1.0, "right"),
                Column("Agreed", 0.8),
            ),
            [
                [
                    day(v.get("date")),
                    label_of(ValueCategory, v["category"]),
                    one_line(v["description"]),
                    money(v.get("quantified_value"), dossier.currency),
                    "Yes" if v.get("customer_validated") else "Not yet",
                ]
                for v in values
            ],
        )
    feedback = dossier.table("feedback")
    if feedback:
        doc.heading("Voice of the customer", 2)
        doc.table(
            (
                Column("Date", 1.0),
                Column("Request", 2.8),
                Column("Theme", 1.4),
                Column("Severity", 0.9),
                Column("Status", 1.3),
            ),
            [
                [
                    day(f.get("date")),
                    one_line(f["request"]),
                    one_line(f.get("theme")) or "",
                    label_of(Severity, f.get("severity")),
                    label_of(FeedbackStatus, f["status"])
                    + (
                        f"\ncustomer told {day(f['customer_told_on'])}"
                        if f.get("customer_told_on")
                        else ""
                    ),
                ]
                for f in feedback
            ],
        )


def _notes(dossier: AccountDossier) -> list[list[Inline]]:
    since = dossier.as_of - dt.timedelta(days=NOTES_WINDOW_DAYS)
    found: list[tuple[dt.date, str, str]] = []
    for m in dossier.table("meeting"):
        if has_text(m.get("internal_notes")) and m.get("date") and since <= m["date"]:
            found.append((m["date"], one_line(m.get("title")) or "Meeting", m["internal_notes"]))
    for r in dossier.table("review"):
        if has_text(r.get("internal_notes")) and r.get("date") and since <= r["date"]:
            label = f"{str(r['kind']).upper()} {one_line(r.get('period'))}".strip()
            found.append((r["date"], label, r["internal_notes"]))
    found.sort(key=lambda n: n[0], reverse=True)
    return [[day(d), about, one_line(text)] for d, about, text in found]
