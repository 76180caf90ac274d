"""The internal account brief: the whole account on a few pages, for the CSM and their team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csm_desk.engine.metrics import weighted_pipeline
from csm_desk.engine.vocab import (
    ActionStatus,
    AlertSeverity,
    ArrEventKind,
    ArtifactStatus,
    Band,
    Component,
    ExpansionKind,
    ExpansionStage,
    FeedbackStatus,
    Horizon,
    Level,
    LifecycleStage,
    RiskCategory,
    RiskStatus,
    Severity,
    SignalKey,
    ValueCategory,
)
from csm_desk.export.common import BAD, GOOD, MUTED, WARN, action_status, label_of, owner_cell
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.internal_view import AccountDossier, Row
from csm_desk.export.renewal_strategy import (
    approvers_table,
    checklist_table,
    next_steps_table,
    person_cell,
    plan_lists,
    renewal_summary,
    roles_text,
    stance_cell,
)
from csm_desk.export.text import (
    day,
    has_text,
    lines,
    long_day,
    money,
    number,
    one_line,
    percent,
    score,
    signed,
)

BAND_COLOURS = {
    Band.HEALTHY: GOOD,
    Band.STABLE: GOOD,
    Band.AT_RISK: WARN,
    Band.CRITICAL: BAD,
    Band.EMERGENCY: BAD,
    Band.UNSCORED: MUTED,
}
SEVERITY_COLOURS = {AlertSeverity.RED: BAD, AlertSeverity.AMBER: WARN, AlertSeverity.DUE: MUTED}
NOTES_WINDOW_DAYS = 365


@dataclass(frozen=True)
class BriefImages:
    """The pictures of the brief, as PNG (each optional)."""

    trend: bytes | None = None
    breakdown: bytes | None = None
    stakeholder_map: bytes | None = None


def _health_line(dossier: AccountDossier) -> Inline:
    health = dossier.result.health
    spans: list[str | Span] = [
        Span(health.shown_score(), bold=True, colour=BAND_COLOURS[health.band]),
        Span(f" {health.band.label.lower()}", colour=BAND_COLOURS[health.band]),
    ]
    if dossier.result.trend_30d is not None:
        spans.append(Span(f" ({signed(dossier.result.trend_30d)} in 30 days)", colour=MUTED))
    return spans


def snapshot(doc: Composer, dossier: AccountDossier) -> None:
    result = dossier.result
    account = dossier.account
    segment = result.shown_segment.label
    if result.upgraded:
        segment += f" (temporarily, from {result.segment.label.lower()}: health is red)"
    elif account.get("segment_pinned"):
        segment += " (pinned)"
    doc.heading("Snapshot")
    doc.facts(
        [
            ("ARR", money(result.arr, dossier.currency)),
            ("Segment", segment),
            ("Product / plan tier", one_line(account.get("product_tier")) or "—"),
            ("Industry", one_line(account.get("industry")) or "—"),
            ("CRM id", one_line(account.get("crm_id")) or "—"),
            ("Lifecycle stage", label_of(LifecycleStage, account.get("lifecycle_stage"))),
            ("Go-live", day(account.get("go_live_date"))),
            ("Artifact discipline", percent(result.discipline, digits=0)),
        ],
        wide=[
            (
                "Contract",
                f"{day(account.get('contract_start'))} → {day(account.get('renewal_date'))} "
                f"({account.get('contract_term_months')} months)",
            ),
            ("Health", _health_line(dossier)),
            ("CSM", one_line(dossier.owner) or "—"),
        ],
        columns=2,
    )
    if has_text(account.get("internal_notes")):
        doc.heading("Internal notes", 2)
        doc.text(account.get("internal_notes"))


def health(doc: Composer, dossier: AccountDossier, images: BriefImages) -> None:
    result = dossier.result
    found = result.health
    doc.heading("Health")
    why = dossier.health_why()
    headline: list[str | Span] = [Span("Health ", bold=True), *_spans(_health_line(dossier))]
    if why is not None:
        headline.append(Span(f"\n{why.summary()} (since {day(why.before.date)}).", colour=None))
    doc.callout(headline)
    if not found.components:
        doc.note("No health inputs are recorded yet, so the account is unscored.")
    else:
        rows: list[list[Inline]] = []
        for component in Component:
            part = found.components.get(component)
            if part is None:
                continue
            inputs = [f"{i.label}: {i.shown} → {i.score:.0f}" for i in part.inputs]
            if part.manual:
                computed = score(part.computed, empty="no data")
                inputs.insert(
                    0,
                    f"Set by hand (inputs say {computed})"
                    + (f": {one_line(part.note)}" if has_text(part.note) else ""),
                )
            rows.append(
                [
                    Span(component.label, bold=True),
                    score(part.score),
                    percent(part.share, digits=0),
                    f"{part.contribution:.1f}",
                    "\n".join(inputs) or "—",
                ]
            )
        doc.table(
            (
                Column("Component", 1.2),
                Column("Score", 0.7, "right"),
                Column("Share", 0.7, "right"),
                Column("Points", 0.7, "right"),
                Column("Inputs (value → sub-score)", 4.2),
            ),
            rows,
            caption="Points are each component's contribution to the score; shares are the "
            "segment's weights over the components that have data."
            + (
                f" No data: {', '.join(c.label.lower() for c in found.missing)}."
                if found.missing
                else ""
            ),
        )
    if images.trend is not None:
        doc.image(
            images.trend,
            alt="Line chart of the health score over time",
            caption="Health over time.",
        )
    if images.breakdown is not None:
        doc.image(
            images.breakdown,
            alt="Bar chart of each health component's contribution",
            caption="What makes up today's score.",
        )
    signals = [r for r in _latest_signals(dossier) if has_text(r.get("note"))]
    if signals:
        doc.heading("Notes on the latest readings", 2)
        doc.table(
            (
                Column("Signal", 2.4),
                Column("Value", 1.0, "right"),
                Column("Date", 1.1),
                Column("Note", 3.0),
            ),
            [
                [
                    label_of(SignalKey, r["key"]),
                    number(r["value"]),
                    day(r["date"]),
                    one_line(r.get("note")) or "—",
                ]
                for r in signals
            ],
        )
    overrides = [o for o in dossier.table("health_override") if o["date"] <= dossier.as_of]
    if overrides:
        doc.heading("Scores set by hand", 2)
        doc.table(
            (
                Column("From", 1.1),
                Column("Component", 1.3),
                Column("Score", 0.8, "right"),
                Column("Why", 4.3),
            ),
            [
                [
                    day(o["date"]),
                    label_of(Component, o["component"]),
                    score(o.get("value"), empty="cleared"),
                    one_line(o.get("note")) or "—",
                ]
                for o in overrides
            ],
        )


def _spans(content: Inline) -> list[str | Span]:
    if isinstance(content, str | Span):
        return [content]
    return list(content)


def _latest_signals(dossier: AccountDossier) -> list[Row]:
    latest: dict[str, Row] = {}
    for row in dossier.table("signal_reading"):
        if row["date"] is not None and row["date"] <= dossier.as_of:
            latest[row["key"]] = row  # rows come by key, then date
    order = {k.value: i for i, k in enumerate(SignalKey)}
    return sorted(latest.values(), key=lambda r: order.get(r["key"], 99))


def stakeholders(doc: Composer, dossier: AccountDossier, images: BriefImages) -> None:
    people = dossier.table("stakeholder")
    doc.heading("Stakeholders")
    if images.stakeholder_map is not None:
        doc.image(
            images.stakeholder_map,
            alt="Map of the customer's stakeholders, their roles and reporting lines",
            caption="Stakeholder map.",
            max_height_share=0.6,
        )
    if not people:
        doc.note("No one is mapped yet.")
        return
    contacts = {p.id: p.last_contact(dossier.as_of) for p in dossier.result.facts.stakeholders}
    rows: list[list[Inline]] = []
    for p in people:
        left = p.get("departed") and (
            p.get("departed_on") is None or p["departed_on"] <= dossier.as_of
        )
        name = person_cell(p)
        if left:
            name = [
                *_spans(name),
                Span(
                    f"\nLeft {day(p.get('departed_on'), empty='')}".rstrip(), bold=True, colour=BAD
                ),
            ]
        rows.append(
            [
                name,
                roles_text(dossier, p),
                f"{p['influence']}/5" if p.get("influence") else "—",
                f"{p['relationship_strength']}/5" if p.get("relationship_strength") else "—",
                stance_cell(p.get("stance")),
                day(contacts.get(p["id"])),
            ]
        )
    doc.table(
        (
            Column("Person", 2.3),
            Column("Roles", 1.9),
            Column("Influence", 0.8, "center"),
            Column("Strength", 0.9, "center"),
            Column("Stance", 0.9),
            Column("Last contact", 1.0),
        ),
        rows,
        caption="Influence and relationship strength on a scale of 1 to 5; last contact "
        "includes meetings attended.",
    )
    detail = [
        p
        for p in people
        if any(
            has_text(p.get(f))
            for f in ("cares_about", "preferred_communication", "renewal_role", "sentiment_notes")
        )
    ]
    if detail:
        doc.heading("What they care about", 2)
        doc.table(
            (
                Column("Person", 1.6),
                Column("Cares about", 2.0),
                Column("Prefers", 1.3),
                Column("In the renewal", 1.3),
                Column("Notes", 2.2),
            ),
            [
                [
                    Span(one_line(p["name"]), bold=True),
                    one_line(p.get("cares_about")) or "—",
                    one_line(p.get("preferred_communication")) or "—",
                    one_line(p.get("renewal_role")) or "—",
                    one_line(p.get("sentiment_notes")) or "—",
                ]
                for p in detail
            ],
        )
    names = {p["id"]: one_line(p["name"]) for p in people}
    links = [
        f"{names.get(link['from_id'], '?')} "
        f"{'reports to' if link['kind'] == 'reports_to' else 'influences'} "
        f"{names.get(link['to_id'], '?')}"
        for link in dossier.table("stakeholder_link")
    ]
    if links:
        doc.heading("Reporting lines and influence", 2)
        doc.bullets(links)


def risks(doc: Composer, dossier: AccountDossier) -> None:
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
                    or "—",
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
        ("Owner", one_line(r.get("owner")) or "—"),
        ("Reassess on", due),
        ("Raised on", day(r.get("raised_on"))),
        ("Trigger signal", one_line(r.get("trigger_signal")) or "—"),
    ], [
        ("Evidence", one_line(r.get("evidence")) or "—"),
        ("Mitigation", one_line(r.get("mitigation")) or "—"),
        ("Next action", one_line(r.get("next_action")) or "—"),
        (f"Shared with {customer}", shared),
    ]


def renewal(doc: Composer, dossier: AccountDossier) -> None:
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
                "\n".join(lines(e.get("readiness_signals"))) or "—",
            ]
            for e in found
        ],
        caption=f"Weighted pipeline: {money(pipeline, dossier.currency)}.",
    )


def open_actions(doc: Composer, dossier: AccountDossier) -> None:
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
                    one_line(p.get("owner")) or "—",
                    day(p.get("due")),
                    action_status(p["status"], p.get("due"), dossier.as_of),
                ]
                for p in plan
            ],
        )


def _meeting_name(meeting: Row | None) -> str:
    if meeting is None:
        return "—"
    return f"{one_line(meeting.get('title')) or 'Meeting'}, {day(meeting.get('date'))}"


def alerts(doc: Composer, dossier: AccountDossier) -> None:
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
                one_line(a.playbook) or "—",
            ]
            for a in found
        ],
    )


def artifacts(doc: Composer, dossier: AccountDossier) -> None:
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
    doc.heading("Background")
    handoff = dossier.first("handoff")
    if handoff is not None:
        doc.heading("Sales handoff", 2)
        doc.facts(
            [
                ("Handed over", day(handoff.get("handoff_date"))),
                ("Account executive", one_line(handoff.get("sales_owner")) or "—"),
                ("Why they bought", one_line(handoff.get("why_bought")) or "—"),
                ("Why now", one_line(handoff.get("why_now")) or "—"),
                ("Why us", one_line(handoff.get("why_us")) or "—"),
                ("Decision criteria", "\n".join(lines(handoff.get("decision_criteria"))) or "—"),
                ("Promised outcomes", "\n".join(lines(handoff.get("promised_outcomes"))) or "—"),
                ("Risk flags", "\n".join(lines(handoff.get("risk_flags"))) or "—"),
                ("Competitors considered", one_line(handoff.get("competitors")) or "—"),
                ("Notes", one_line(handoff.get("internal_notes")) or "—"),
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
                    one_line(e.get("note")) or "—",
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
                    one_line(f.get("theme")) or "—",
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


def build_account_brief(doc: Composer, dossier: AccountDossier, images: BriefImages) -> None:
    """Snapshot, health (breakdown and trend), stakeholders (map and table), the full risk
    register, renewal strategy, expansion, open actions, alerts, artifacts and background."""
    result = dossier.result
    renewal_date = dossier.account.get("renewal_date")
    doc.title_block(
        "Account brief",
        one_line(dossier.name),
        f"{result.shown_segment.label} · {money(result.arr, dossier.currency)} ARR"
        + (f" · renews {day(renewal_date)}" if renewal_date else "")
        + f" · as of {long_day(dossier.as_of)}",
    )
    snapshot(doc, dossier)
    health(doc, dossier, images)
    stakeholders(doc, dossier, images)
    risks(doc, dossier)
    renewal(doc, dossier)
    expansion(doc, dossier)
    open_actions(doc, dossier)
    alerts(doc, dossier)
    artifacts(doc, dossier)
    background(doc, dossier)
