"""The internal account brief: the whole account on a few pages, for the CSM and their team."""

from __future__ import annotations

from dataclasses import dataclass

from csm_desk.engine.vocab import (
    Band,
    Component,
    LifecycleStage,
    SignalKey,
)
from csm_desk.export.brief_history import links, timeline
from csm_desk.export.brief_sections import (
    alerts,
    artifacts,
    background,
    expansion,
    open_actions,
    renewal,
    risks,
)
from csm_desk.export.common import BAD, GOOD, MUTED, WARN, label_of
from csm_desk.export.compose import Column, Composer, Inline, Span
from csm_desk.export.health_words import health_callout, health_line
from csm_desk.export.internal_view import AccountDossier, Row
from csm_desk.export.renewal_strategy import (
    person_cell,
    roles_text,
    stance_cell,
)
from csm_desk.export.text import (
    date_range,
    day,
    has_text,
    long_day,
    money,
    number,
    one_line,
    percent,
    score,
)

BAND_COLOURS = {
    Band.HEALTHY: GOOD,
    Band.STABLE: GOOD,
    Band.AT_RISK: WARN,
    Band.CRITICAL: BAD,
    Band.EMERGENCY: BAD,
    Band.UNSCORED: MUTED,
}


@dataclass(frozen=True)
class BriefImages:
    """The pictures of the brief, as PNG (each optional)."""

    trend: bytes | None = None
    breakdown: bytes | None = None
    stakeholder_map: bytes | None = None


def _health_line(dossier: AccountDossier) -> Inline:
    return health_line(dossier.result)


def snapshot(doc: Composer, dossier: AccountDossier) -> None:
    """Write the Snapshot: the account's key facts, contract, health and CSM, and internal notes."""
    result = dossier.result
    account = dossier.account
    derived = result.renewal_date_derived
    segment = result.shown_segment.label
    if result.upgraded:
        segment += f" (temporarily, from {result.segment.phrase}: health is red)"
    elif account.get("segment_pinned"):
        segment += " (pinned)"
    doc.heading("Snapshot")
    doc.facts(
        [
            ("ARR", money(result.arr, dossier.currency)),
            ("Segment", segment),
            ("Product / plan tier", one_line(account.get("product_tier")) or ""),
            ("Industry", one_line(account.get("industry")) or ""),
            ("CRM id", one_line(account.get("crm_id")) or ""),
            ("Lifecycle stage", label_of(LifecycleStage, account.get("lifecycle_stage"))),
            ("Go-live", day(account.get("go_live_date"))),
            ("Artifact discipline", percent(result.discipline, digits=0)),
        ],
        wide=[
            (
                "Contract",
                f"{date_range(account.get('contract_start'), result.facts.renewal_date)} "
                f"({account.get('contract_term_months')} months"
                + ("; renewal date derived from contract start + term)" if derived else ")"),
            ),
            ("Health", _health_line(dossier)),
            ("CSM", one_line(dossier.owner) or ""),
        ],
        columns=2,
    )
    if has_text(account.get("internal_notes")):
        doc.heading("Internal notes", 2)
        doc.text(account.get("internal_notes"))


def health(doc: Composer, dossier: AccountDossier, images: BriefImages) -> None:
    """Write the Health section: the score and what moved it, then each component's inputs."""
    result = dossier.result
    found = result.health
    doc.heading("Health")
    doc.callout(health_callout(result))
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
                    "\n".join(inputs) or "",
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
            + (f" No data: {', '.join(c.phrase for c in found.missing)}." if found.missing else ""),
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
                    one_line(r.get("note")) or "",
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
                    one_line(o.get("note")) or "",
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
    """Write the Stakeholders section: the stakeholder map, then a row per person."""
    people = dossier.table("stakeholder")
    doc.heading("Stakeholders")
    if images.stakeholder_map is not None:
        doc.image(
            images.stakeholder_map,
            alt="Map of the customer's stakeholders, their roles and reporting lines",
            caption="Stakeholder map.",
            max_height_share=0.9,
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
                f"{p['influence']}/5" if p.get("influence") else "",
                f"{p['relationship_strength']}/5" if p.get("relationship_strength") else "",
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
                    one_line(p.get("cares_about")) or "",
                    one_line(p.get("preferred_communication")) or "",
                    one_line(p.get("renewal_role")) or "",
                    one_line(p.get("sentiment_notes")) or "",
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


def build_account_brief(doc: Composer, dossier: AccountDossier, images: BriefImages) -> None:
    """Snapshot, the last 90 days of the timeline, health (breakdown and trend), stakeholders
    (map and table), the full risk register, renewal strategy, expansion, open actions,
    alerts, artifacts, background and links.
    """
    result = dossier.result
    renewal_date = result.facts.renewal_date
    doc.title_block(
        "Account brief",
        one_line(dossier.name),
        f"{result.shown_segment.label} · {money(result.arr, dossier.currency)} ARR"
        + (f" · renews {day(renewal_date)}" if renewal_date else "")
        + f" · as of {long_day(dossier.as_of)}",
    )
    snapshot(doc, dossier)
    timeline(doc, dossier)
    health(doc, dossier, images)
    stakeholders(doc, dossier, images)
    risks(doc, dossier)
    renewal(doc, dossier)
    expansion(doc, dossier)
    open_actions(doc, dossier)
    alerts(doc, dossier)
    artifacts(doc, dossier)
    background(doc, dossier)
    links(doc, dossier)
